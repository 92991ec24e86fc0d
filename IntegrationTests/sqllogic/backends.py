"""The engines a file runs on: PostgreSQL 15 (the reference), DuckDB, and Outflow's engine under test.

Each backend runs one file in a fresh namespace and answers `execute(sql)` with a `Result` (column texts in
PostgreSQL's text form) or an `Error` (SQLSTATE when the engine gives one, and the message).
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqllogic.pgtext import engine_text, to_text


@dataclass
class Result:
    rows: list          # rows of str | None


@dataclass
class Error:
    sqlstate: str
    message: str


# Session settings every file starts with, on every engine (files may change them with SET).
PG_SESSION = ["SET TimeZone = 'UTC'", "SET statement_timeout = '20s'"]
# DuckDB's knobs that make it answer as PostgreSQL where it has one (README: "DuckDB as an oracle").
DUCKDB_SESSION = ["SET TimeZone = 'UTC'", "SET integer_division = true",
                  "SET default_null_order = 'nulls_last_on_asc_first_on_desc'", "SET threads = 1"]


class PostgresBackend:
    name = "postgres"

    def __init__(self, peer, file_id: str, search_path_extra=()):
        self.conn = peer.connect()
        self.schema = f"slt_{file_id}"
        self._execute_raw(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        self._execute_raw(f"CREATE SCHEMA {self.schema}")
        path = ", ".join([self.schema, *search_path_extra])
        self._execute_raw(f"SET search_path TO {path}")
        for stmt in PG_SESSION:
            self._execute_raw(stmt)

    def _execute_raw(self, sql):
        self.conn.execute(sql)

    def execute(self, sql: str):
        import psycopg
        try:
            cur = self.conn.execute(sql)
        except psycopg.Error as e:
            diag = getattr(e, "diag", None)
            return Error(getattr(e, "sqlstate", None) or "", (diag.message_primary if diag else "") or str(e))
        if cur.description is None:
            return Result([])
        res = cur.pgresult
        rows = []
        for r in range(res.ntuples):
            rows.append([None if (v := res.get_value(r, c)) is None else bytes(v).decode()
                         for c in range(res.nfields)])
        return Result(rows)

    def close(self):
        try:
            self.conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        finally:
            self.conn.close()


class DuckDBBackend:
    name = "duckdb"

    def __init__(self, setup=()):
        import duckdb
        self.duckdb = duckdb
        self.conn = duckdb.connect()
        for stmt in [*DUCKDB_SESSION, *setup]:
            self.conn.execute(stmt)

    def execute(self, sql: str):
        try:
            cur = self.conn.execute(sql)
            if cur.description is None:
                return Result([])
            types = [str(d[1]) for d in cur.description]
            rows = cur.fetchall()
        except self.duckdb.Error as e:
            return Error("", str(e))
        if any(t == "INTERVAL" for t in types):
            # Python's timedelta loses months and days; Arrow's MonthDayNano keeps them.
            table = self.conn.sql(sql).to_arrow_table()
            for i, t in enumerate(types):
                if t == "INTERVAL":
                    col = table.column(i).to_pylist()
                    rows = [r[:i] + (col[k],) + r[i + 1:] for k, r in enumerate(rows)]
        return Result([[to_text(v) for v in r] for r in rows])

    def close(self):
        self.conn.close()


def engine_command() -> list:
    from conftest import outflow_bin
    return [outflow_bin(), "query"]


def engine_available() -> bool:
    """Whether the engine under test runs: `OUTFLOW_SQL_ENGINE=on|off` decides; `auto` (the default) asks
    whether `outflow query --help` is the query command's help (an unknown subcommand prints the top-level
    help, so the exit code alone does not tell)."""
    mode = os.environ.get("OUTFLOW_SQL_ENGINE", "auto").lower()
    if mode in ("on", "1", "true"):
        return True
    if mode in ("off", "0", "false"):
        return False
    try:
        proc = subprocess.run([*engine_command(), "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and "USAGE: outflow query" in proc.stdout


class _Pairs(list):
    """A JSON object's (key, value) pairs in order (a row may repeat a column name)."""


def _plain(value):
    if isinstance(value, _Pairs):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


SQLSTATE = re.compile(r"SQLSTATE[:= ]+\"?([0-9A-Z]{5})")


class EngineBackend:
    """`outflow query --format ndjson "SQL"` against a data directory. Tables from `# tables:` blocks become
    derived datasets (`CREATE TABLE ... AS SELECT ... FROM (VALUES ...)`); `SET` statements that succeeded are
    remembered (the latest per setting) and sent before each later statement in the same invocation (the engine runs a script's statements in order
    and prints the last one's result). Errors: a non-zero exit with `SQLSTATE XXXXX` in stderr."""
    name = "engine"

    def __init__(self, data_dir: Path = None):
        self.own_dir = data_dir is None
        self.data_dir = Path(tempfile.mkdtemp(prefix="outflow-slt-")) / "data" if data_dir is None else data_dir
        self.session = {}               # setting name -> the latest SET statement that succeeded

    def create_table(self, table):
        cols = ", ".join(f"CAST(c{i} AS {t}) AS {name}" for i, (name, t) in enumerate(table.columns))
        aliases = ", ".join(f"c{i}" for i in range(len(table.columns)))
        if table.rows:
            values = ", ".join("(" + ", ".join(r) + ")" for r in table.rows)
            source = f"(VALUES {values}) AS v({aliases})"
        else:
            source = "(SELECT " + ", ".join(f"NULL AS c{i}" for i in range(len(table.columns))) + ") AS v WHERE false"
        return self.execute(f"CREATE TABLE {table.name} AS SELECT {cols} FROM {source}")

    SET_NAME = re.compile(r"(?is)^\s*set\s+(?:session\s+|local\s+)?(time\s+zone|[\w.]+)")

    def execute(self, sql: str):
        statement = sql.strip().rstrip(";")
        setting = self.SET_NAME.match(statement)
        script = "; ".join([*self.session.values(), statement])
        env = dict(os.environ, OUTFLOW_DATA_DIR=str(self.data_dir))
        try:
            proc = subprocess.run([*engine_command(), "--format", "ndjson", script], capture_output=True,
                                  text=True, env=env, timeout=120)
        except subprocess.TimeoutExpired:
            return Error("57014", "timed out after 120 s")
        if proc.returncode != 0:
            m = SQLSTATE.search(proc.stderr)
            return Error(m.group(1) if m else "", proc.stderr.strip()[-500:])
        if setting:
            # Only a SET that succeeded is replayed, and only the latest one per setting (as a session keeps it).
            name = re.sub(r"\s+", "", setting.group(1).lower())
            self.session.pop(name, None)
            self.session[name] = statement
        rows = []
        for line in proc.stdout.splitlines():
            if line.strip():
                pairs = json.loads(line, object_pairs_hook=_Pairs, parse_float=Decimal)
                rows.append([engine_text(_plain(v)) for _, v in pairs])
        return Result(rows)

    def close(self):
        if self.own_dir:
            shutil.rmtree(self.data_dir.parent, ignore_errors=True)
