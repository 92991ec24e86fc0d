"""Runs `.slt` files against PostgreSQL 15 (the reference), DuckDB and, when it exists, Outflow's engine.

    python IntegrationTests/sqllogic/runner.py [FILES...]            # check (default: every cases/*.slt)
    python IntegrationTests/sqllogic/runner.py --record FILES...     # write PostgreSQL's results into the files
    options: --no-duckdb, --engine auto|on|off, -v (list DuckDB's marked differences)

It starts its own PostgreSQL peer (IntegrationTests/peers/postgres.py) and, for files with `# dataset: demo`,
runs `outflow demo` (OUTFLOW_BIN) into a temporary folder. Exit code 1 when a file fails. See README.md.
"""
import argparse
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqllogic import demo_data  # noqa: E402
from sqllogic.backends import DuckDBBackend, EngineBackend, Error, PostgresBackend, engine_available  # noqa: E402
from sqllogic.pgtext import equal, sort_key  # noqa: E402
from sqllogic.slt import Query, Statement, TablesBlock, encode_row, parse, rewrite  # noqa: E402

CASES = Path(__file__).resolve().parent / "cases"
SQLSTATE_PATTERN = re.compile(r"^[0-9A-Z]{5}$")
MAX_DIFF_ROWS = 12


@dataclass
class Demo:
    files: dict            # dataset name -> Parquet files
    data_dir: Path
    pg_schema: str = demo_data.SCHEMA


@dataclass
class FileReport:
    path: Path
    queries: int = 0
    statements: int = 0
    failures: list = field(default_factory=list)        # messages
    duckdb_differs: list = field(default_factory=list)  # (line, reason)
    stale_marks: list = field(default_factory=list)     # lines marked `duckdb differs` where DuckDB agrees
    engine_todo: list = field(default_factory=list)     # (line, reason) of records marked `engine todo`
    engine_stale: list = field(default_factory=list)    # lines marked `engine todo` that the engine passes
    engine_run: int = 0                                 # unmarked records checked on the engine
    engine_passed: int = 0
    engine: str = "skipped"
    skipped: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failures


def _sorted_rows(rows, types, mode):
    if mode == "rowsort":
        return sorted(rows, key=lambda r: [sort_key(t, v) for t, v in zip(types, r)])
    if mode == "valuesort":
        return sorted(([v] for r in rows for v in r), key=lambda r: sort_key(types[0], r[0]))
    return rows


def compare(query: Query, actual_rows: list):
    """None when `actual_rows` match the query's expected rows, else a readable diff."""
    types, mode = query.types, query.effective_sort_mode()
    if any(len(r) != len(types) for r in actual_rows):
        return f"expected {len(types)} columns ({types}), got {len(actual_rows[0])}"
    exp = _sorted_rows(query.expected, types, mode)
    act = _sorted_rows(actual_rows, types, mode)
    row_types = types if mode != "valuesort" else types[0]
    if len(exp) == len(act) and all(all(equal(t, e, a) for t, e, a in zip(row_types, er, ar))
                                    for er, ar in zip(exp, act)):
        return None
    lines = [f"expected {len(exp)} rows, got {len(act)} ({mode}):"]
    for k in range(max(len(exp), len(act))):
        er = encode_row(exp[k]) if k < len(exp) else "<none>"
        ar = encode_row(act[k]) if k < len(act) else "<none>"
        if er != ar and k < len(exp) and k < len(act) and all(
                equal(t, e, a) for t, e, a in zip(row_types, exp[k], act[k])):
            continue
        if er != ar:
            lines.append(f"  row {k + 1}: expected `{er}`  got `{ar}`")
        if len(lines) > MAX_DIFF_ROWS:
            lines.append("  ...")
            break
    return "\n".join(lines)


def check_error(stmt: Statement, result, strict_state: bool):
    if not isinstance(result, Error):
        return "expected an error, statement succeeded"
    pattern = stmt.error_pattern
    if not pattern:
        return None
    if SQLSTATE_PATTERN.match(pattern):
        if strict_state and result.sqlstate != pattern:
            return f"expected SQLSTATE {pattern}, got {result.sqlstate or 'none'}: {result.message}"
        return None
    if strict_state and pattern.lower() not in result.message.lower():
        return f"expected an error containing `{pattern}`, got: {result.message}"
    return None


def run_file(path: Path, pg_peer, demo: Demo = None, use_duckdb=True, use_engine=False, record=False) -> FileReport:
    started = time.monotonic()
    slt = parse(path)
    report = FileReport(Path(path))
    if slt.datasets and (demo is None or any(d != "demo" for d in slt.datasets)):
        report.skipped = f"needs dataset(s) {slt.datasets}, not available"
        return report
    file_id = re.sub(r"\W", "_", Path(path).stem)
    pg = PostgresBackend(pg_peer, file_id, [demo.pg_schema] if slt.datasets else [])
    backends = [pg]
    if use_duckdb:
        backends.append(DuckDBBackend(demo_data.duckdb_setup(demo.files) if slt.datasets else []))
    if use_engine:
        backends.append(EngineBackend(demo.data_dir if slt.datasets else None))
        report.engine = "run"
    results, errors = {}, {}
    try:
        for index, rec in enumerate(slt.records):
            where = f"{Path(path).name}:{rec.line}"
            for be in backends:
                # A marked record still runs (so a stale mark is noticed); its failure does not count.
                skip_duck = be.name == "duckdb" and rec.duckdb_differs
                skip_engine = be.name == "engine" and rec.engine_todo
                if isinstance(rec, TablesBlock):
                    outs = ([be.create_table(t) for t in rec.tables] if be.name == "engine"
                            else [be.execute(s) for s in rec.statements])
                    failed = [out for out in outs if isinstance(out, Error)]
                    if be.name == "engine":
                        _count_engine(report, rec, not failed)
                    if skip_engine:
                        continue
                    for out in failed:
                        if not skip_duck:
                            report.failures.append(f"{where} [{be.name}] tables block failed: {out.message}")
                    continue
                out = be.execute(rec.sql)
                if isinstance(rec, Statement):
                    if be.name == "postgres":
                        report.statements += 1
                    if rec.expect_error:
                        problem = check_error(rec, out, strict_state=be.name != "duckdb")
                        if record and be.name == "postgres" and not rec.error_pattern and isinstance(out, Error):
                            errors[index] = out.sqlstate
                    else:
                        problem = f"failed: {out.sqlstate} {out.message}" if isinstance(out, Error) else None
                else:
                    if be.name == "postgres":
                        report.queries += 1
                    if isinstance(out, Error):
                        problem = f"failed: {out.sqlstate} {out.message}"
                    else:
                        if record and be.name == "postgres":
                            rec.expected = [list(r) for r in out.rows]
                            if out.rows and len(out.rows[0]) != len(rec.types):
                                problem = f"{len(out.rows[0])} columns, the header says {len(rec.types)}"
                                report.failures.append(f"{where} [postgres] {problem}\n  SQL: {rec.sql}")
                                continue
                            results[index] = rec.expected
                        problem = compare(rec, out.rows)
                if skip_duck:
                    if problem is None:
                        report.stale_marks.append(rec.line)
                    continue
                if be.name == "engine":
                    _count_engine(report, rec, problem is None)
                    if skip_engine:
                        continue
                if problem:
                    report.failures.append(f"{where} [{be.name}] {problem}\n  SQL: {rec.sql}")
            if rec.duckdb_differs and use_duckdb:
                report.duckdb_differs.append((rec.line, rec.duckdb_differs))
            if rec.engine_todo and use_engine:
                report.engine_todo.append((rec.line, rec.engine_todo))
    finally:
        for be in backends:
            be.close()
    if record and (results or errors):
        Path(path).write_text(rewrite(slt, results, errors))
    report.seconds = time.monotonic() - started
    return report


def _count_engine(report: FileReport, rec, passed: bool):
    if rec.engine_todo:
        if passed:
            report.engine_stale.append(rec.line)
        return
    report.engine_run += 1
    report.engine_passed += passed


def engine_todo_reasons(reports: list) -> dict:
    """{reason: number of records marked `engine todo` with it} over the reports."""
    counts = {}
    for r in reports:
        for _, reason in r.engine_todo:
            counts[reason] = counts.get(reason, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def format_report(reports: list, verbose=False) -> str:
    out = []
    for r in reports:
        if r.skipped:
            out.append(f"SKIP {r.path.name}: {r.skipped}")
            continue
        status = "PASS" if r.passed else "FAIL"
        out.append(f"{status} {r.path.name}: {r.queries} queries, {r.statements} statements, "
                   f"{len(r.duckdb_differs)} marked DuckDB differences, engine {r.engine}"
                   + (f" ({r.engine_passed}/{r.engine_run} passed, {len(r.engine_todo)} marked engine todo)"
                      if r.engine == "run" else "") + f", {r.seconds:.2f} s")
        for f in r.failures:
            out.append("  " + f.replace("\n", "\n  "))
        if verbose:
            for line, reason in r.duckdb_differs:
                out.append(f"  duckdb differs (line {line}): {reason}")
        for line in r.stale_marks:
            out.append(f"  note: line {line} is marked `duckdb differs` but DuckDB agrees")
        if verbose:
            for line, reason in r.engine_todo:
                out.append(f"  engine todo (line {line}): {reason}")
        for line in r.engine_stale:
            out.append(f"  note: line {line} is marked `engine todo` but the engine passes it")
    ran = [r for r in reports if not r.skipped]
    out.append(f"{len(ran)} files ({sum(not r.passed for r in ran)} failed, {len(reports) - len(ran)} skipped), "
               f"{sum(r.queries for r in ran)} queries, {sum(r.statements for r in ran)} statements, "
               f"{sum(len(r.duckdb_differs) for r in ran)} marked DuckDB differences")
    if any(r.engine == "run" for r in ran):
        out.append(f"engine: {sum(r.engine_passed for r in ran)}/{sum(r.engine_run for r in ran)} records passed, "
                   f"{sum(len(r.engine_todo) for r in ran)} marked engine todo")
        for reason, count in engine_todo_reasons(ran).items():
            out.append(f"  engine todo x{count}: {reason}")
    return "\n".join(out)


def setup_demo(outflow_bin: str, work: Path, pg_peer) -> Demo:
    data_dir = work / "data"
    files = demo_data.generate(outflow_bin, data_dir)
    conn = pg_peer.connect()
    try:
        demo_data.load_postgres(conn, files)
    finally:
        conn.close()
    return Demo(files, data_dir)


def main(argv=None) -> int:
    from conftest import outflow_bin
    from peers.postgres import PostgresPeer
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--record", action="store_true", help="write PostgreSQL's results into the files")
    ap.add_argument("--no-duckdb", action="store_true")
    ap.add_argument("--engine", choices=("auto", "on", "off"), default="auto")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    paths = []
    for p in args.paths or [CASES]:
        paths.extend(sorted(p.glob("*.slt")) if p.is_dir() else [p])
    import os
    if args.engine != "auto":
        os.environ["OUTFLOW_SQL_ENGINE"] = args.engine
    use_engine = engine_available()
    work = Path(tempfile.mkdtemp(prefix="outflow-slt-run-"))
    work.chmod(0o755)  # the server's user must reach its folder inside
    peer = PostgresPeer(work / "pg")
    try:
        peer.start()
        demo = None
        if any(parse(p).datasets for p in paths) and Path(outflow_bin()).exists():
            demo = setup_demo(outflow_bin(), work / "demo", peer)
        reports = [run_file(p, peer, demo, not args.no_duckdb, use_engine, args.record) for p in paths]
    finally:
        peer.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(format_report(reports, args.verbose))
    return 0 if all(r.passed for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
