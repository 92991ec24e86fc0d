"""Differential SQL tests: every `sqllogic/cases/*.slt` file against PostgreSQL 15 (its expected results are
PostgreSQL's), DuckDB (except queries marked `# duckdb differs`), and Outflow's engine once `outflow query`
exists (OUTFLOW_SQL_ENGINE=auto|on|off). See sqllogic/README.md."""
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import outflow_bin
from sqllogic import runner
from sqllogic.backends import engine_available
from sqllogic.slt import parse

FILES = sorted(runner.CASES.glob("*.slt"))


@pytest.fixture(scope="module")
def demo(postgres_peer):
    """`outflow demo` into a temporary folder, loaded into PostgreSQL (DuckDB reads the Parquet files)."""
    if not Path(outflow_bin()).exists():
        pytest.skip(f"no outflow binary at {outflow_bin()} for the demo datasets")
    work = Path(tempfile.mkdtemp(prefix="outflow-slt-demo-"))
    yield runner.setup_demo(outflow_bin(), work, postgres_peer)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def use_engine():
    return engine_available()


def test_corpus_is_large_enough():
    assert sum(isinstance(r, runner.Query) for f in FILES for r in parse(f).records) >= 400


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_slt_file(path, postgres_peer, use_engine, request):
    demo = request.getfixturevalue("demo") if parse(path).datasets else None
    report = runner.run_file(path, postgres_peer, demo, use_duckdb=True, use_engine=use_engine)
    assert report.passed, runner.format_report([report], verbose=True)
    assert report.queries + report.statements > 0


# -- the runner itself: a wrong expectation must fail, with a readable diff ---------------------------------
def _run_text(tmp_path, text, postgres_peer, use_duckdb=True):
    path = tmp_path / "case.slt"
    path.write_text(text)
    return runner.run_file(path, postgres_peer, None, use_duckdb=use_duckdb, use_engine=False)


def test_runner_fails_on_a_wrong_value_and_shows_the_diff(tmp_path, postgres_peer):
    report = _run_text(tmp_path, "query I\nSELECT 1 + 1\n----\n3\n", postgres_peer)
    assert not report.passed
    assert "expected `3`  got `2`" in report.failures[0] and "[postgres]" in report.failures[0]


def test_runner_orders_rows_only_for_order_by_and_compares_floats_with_tolerance(tmp_path, postgres_peer):
    text = ("query I\nSELECT x FROM (VALUES (2), (1)) t(x)\n----\n1\n2\n\n"            # rowsort by default
            "query R\nSELECT 0.1::float8 + 0.2::float8\n----\n0.3\n\n"
            "query I\nSELECT x FROM (VALUES (2), (1)) t(x) ORDER BY x DESC\n----\n1\n2\n")  # nosort: wrong order
    report = _run_text(tmp_path, text, postgres_peer)
    assert len(report.failures) == 2 and all("case.slt:12 " in f for f in report.failures), report.failures


def test_runner_checks_sqlstate_on_postgres_and_honours_duckdb_marks(tmp_path, postgres_peer):
    text = ("statement error 22012\nSELECT 1 / 0\n\n"
            "statement error 22003\nSELECT 1 / 0\n\n"
            "# duckdb differs: DuckDB has no initcap\n"
            "query T\nSELECT initcap('ab cd')\n----\nAb Cd\n\n"
            "# duckdb differs: not really\n"
            "query T\nSELECT true::text\n----\ntrue\n")
    report = _run_text(tmp_path, text, postgres_peer)
    assert [f.split("]")[0] for f in report.failures] == ["case.slt:4 [postgres"]
    assert report.duckdb_differs == [(8, "DuckDB has no initcap"), (14, "not really")]
    assert report.stale_marks == [14]  # reported: DuckDB agrees with a query marked as differing


def test_runner_record_mode_writes_postgres_results(tmp_path, postgres_peer):
    path = tmp_path / "rec.slt"
    path.write_text("# tables: t\nCREATE TABLE t (a INTEGER, s TEXT);\nINSERT INTO t VALUES (1, ''), (2, NULL), "
                    "(3, 'NULL'), (4, 'a\tb')\n\nquery IT\nSELECT a, s FROM t ORDER BY a\n\n"
                    "statement error\nSELECT 'x'::int\n")
    report = runner.run_file(path, postgres_peer, None, use_duckdb=True, use_engine=False, record=True)
    assert report.passed, report.failures
    assert path.read_text().endswith("----\n1\t(empty)\n2\tNULL\n3\t\\NULL\n4\ta\\tb\n\nstatement error 22P02\n"
                                     "SELECT 'x'::int\n")
    assert runner.run_file(path, postgres_peer, None, use_duckdb=True, use_engine=False).passed


def test_engine_adapter_contract_with_duckdb_standing_in(tmp_path, postgres_peer, monkeypatch):
    """The engine adapter end to end (tables block -> CTAS, SET carried into later statements, NDJSON rows,
    SQLSTATE from stderr) against a stand-in `outflow query` with DuckDB behind it."""
    stand_in = tmp_path / "outflow"
    stand_in.write_text(f"#!/bin/sh\nexec {sys.executable} {runner.CASES.parent / 'duckdb_as_engine.py'} \"$@\"\n")
    stand_in.chmod(0o755)
    monkeypatch.setenv("OUTFLOW_BIN", str(stand_in))
    monkeypatch.setenv("OUTFLOW_SQL_ENGINE", "auto")
    assert engine_available()
    path = tmp_path / "tz.slt"
    path.write_text("# tables: t\nCREATE TABLE t (id INTEGER, s TEXT, n NUMERIC(5,2), d DATE);\n"
                    "INSERT INTO t VALUES (1, 'a', 1.50, '2024-02-29'), (2, NULL, NULL, NULL)\n\n"
                    "query ITNT\nSELECT id, s, n, d FROM t ORDER BY id\n----\n1\ta\t1.50\t2024-02-29\n"
                    "2\tNULL\tNULL\tNULL\n\n"
                    "statement ok\nSET TimeZone = 'America/New_York'\n\n"
                    "query T\nSELECT TIMESTAMPTZ '2024-03-10 07:30:00+00'\n----\n2024-03-10 03:30:00-04\n\n"
                    "statement error 22012\nSELECT 1 / 0\n")
    report = runner.run_file(path, postgres_peer, None, use_duckdb=False, use_engine=True)
    # The stand-in's errors all say SQLSTATE XX000: the engine must give PostgreSQL's code, so this one fails.
    assert report.engine == "run" and report.queries == 2
    assert len(report.failures) == 1 and report.failures[0].startswith("tz.slt:19 [engine] expected SQLSTATE 22012, "
                                                                         "got XX000"), report.failures


def test_engine_is_off_when_outflow_has_no_query_command(monkeypatch):
    monkeypatch.setenv("OUTFLOW_SQL_ENGINE", "auto")
    monkeypatch.setenv("OUTFLOW_BIN", "/bin/false")
    assert not engine_available()
    monkeypatch.setenv("OUTFLOW_SQL_ENGINE", "on")
    assert engine_available()


def test_engine_todo_marks_are_counted_and_stale_ones_noted(tmp_path, postgres_peer, monkeypatch):
    """`# engine todo: REASON`: the engine's result for that record does not count; the report counts the marks
    by reason, and a marked record that the engine passes is a note (the mark is stale)."""
    stand_in = tmp_path / "outflow"
    stand_in.write_text(f"#!/bin/sh\nexec {sys.executable} {runner.CASES.parent / 'duckdb_as_engine.py'} \"$@\"\n")
    stand_in.chmod(0o755)
    monkeypatch.setenv("OUTFLOW_BIN", str(stand_in))
    path = tmp_path / "todo.slt"
    path.write_text("# engine todo: the stand-in says XX000\nstatement error 22012\nSELECT 1 / 0\n\n"
                    "# engine todo: not really\nquery I\nSELECT 1\n----\n1\n\n"
                    "query I\nSELECT 2\n----\n2\n")
    report = runner.run_file(path, postgres_peer, None, use_duckdb=False, use_engine=True)
    assert report.passed, report.failures
    assert report.engine_todo == [(2, "the stand-in says XX000"), (6, "not really")]
    assert report.engine_stale == [6]
    assert (report.engine_run, report.engine_passed) == (1, 1)
    assert runner.engine_todo_reasons([report]) == {"not really": 1, "the stand-in says XX000": 1}
    text = runner.format_report([report], verbose=True)
    assert "engine todo (line 2): the stand-in says XX000" in text
    assert "note: line 6 is marked `engine todo` but the engine passes it" in text
