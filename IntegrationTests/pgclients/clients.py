"""Runs SQL statements through each real client against a Target and hands back, per statement, a
`sqllogic.backends.Result` (rows of PostgreSQL text values) or `Error` (SQLSTATE, message), or a `Skipped`
(the client cannot hand that result over comparably, values.NotComparable says why).

Clients: psql (`--csv`, one process per statement), psycopg 3 (text: the server's text as sent; binary:
`cursor(binary=True)`; named: a server-side cursor `conn.cursor(name=...)` fetched `itersize` rows at a time),
pg8000 (native API, extended protocol), PgJDBC (JdbcProbe.java with `prepareThreshold=1`, or
`preferQueryMode=simple`) and psqlODBC through pyodbc (odbc_probe.py). Every connection runs with
`TimeZone = 'UTC'`, as the corpus expects."""
import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqllogic.backends import Error, Result

from pgclients import values

HERE = Path(__file__).resolve().parent
PGJDBC_JAR = "/usr/share/java/postgresql.jar"
RECORD_SEPARATOR = "\x1e"
NULL_MARKER = "<<null:7f3a>>"   # psql prints NULL as this (an empty string stays empty)
ITERSIZE = 3                     # rows per FETCH of the server-side cursor: most results need several
TIMEOUT = 300


@dataclass
class Skipped:
    reason: str


def env_for(target, **extra) -> dict:
    env = dict(os.environ, PGHOST=target.host, PGPORT=str(target.port), PGUSER=target.user,
               PGPASSWORD=target.password, PGDATABASE=target.database, PGCONNECT_TIMEOUT="10",
               PROBE_PASSWORD=target.password, PGTZ="UTC")  # libpq sends PGTZ as the TimeZone start-up parameter
    env.update(extra)
    return env


# -- psql ---------------------------------------------------------------------------------------------------
def run_psql(target, statements: list) -> list:
    out = []
    for sql in statements:
        proc = subprocess.run(["psql", "-X", "-q", "--csv", "-t", "-P", f"null={NULL_MARKER}", "-v", "ON_ERROR_STOP=1",
                               "-v", "VERBOSITY=verbose", "-c", sql], capture_output=True, text=True,
                              env=env_for(target), timeout=TIMEOUT)
        if proc.returncode != 0:
            m = re.search(r"ERROR:\s+([0-9A-Z]{5}): (.*)", proc.stderr)
            out.append(Error(m.group(1), m.group(2)) if m else Error("", proc.stderr.strip()))
            continue
        rows = [[None if v == NULL_MARKER else v for v in row] for row in csv.reader(io.StringIO(proc.stdout))]
        out.append(Result(rows))
    return out


# -- psycopg 3 ----------------------------------------------------------------------------------------------
def psycopg_connect(target, autocommit=True):
    import psycopg
    from psycopg.adapt import Loader

    class IntervalText(Loader):
        def load(self, data):
            return bytes(data).decode()  # the server's own text (psycopg's timedelta would fold months into days)

    class IntervalBinary(Loader):
        format = psycopg.pq.Format.BINARY

        def load(self, data):
            micros, days, months = struct.unpack("!qii", bytes(data))
            return values.IntervalFields(months, days, micros)

    conn = psycopg.connect(target.libpq_dsn(), autocommit=autocommit)
    conn.adapters.register_loader("interval", IntervalText)
    conn.adapters.register_loader("interval", IntervalBinary)
    return conn


def _psycopg_error(e) -> Error:
    diag = getattr(e, "diag", None)
    return Error(getattr(e, "sqlstate", None) or "", (diag.message_primary if diag else "") or str(e))


def _typed_rows(rows, oids) -> list:
    return [[values.text(v, oid) for v, oid in zip(row, oids)] for row in rows]


def run_psycopg(target, statements: list, mode: str) -> list:
    """mode: `text` (the text the server sent, unparsed), `binary` (cursor(binary=True), decoded by psycopg)
    or `named` (a server-side cursor per statement, in its own transaction, ITERSIZE rows per fetch)."""
    import psycopg
    conn = psycopg_connect(target, autocommit=mode != "named")
    out = []
    try:
        for index, sql in enumerate(statements):
            try:
                if mode == "text":
                    cur = conn.execute(sql)
                    res = cur.pgresult
                    out.append(Result([] if cur.description is None else [
                        [None if (v := res.get_value(r, c)) is None else bytes(v).decode()
                         for c in range(res.nfields)] for r in range(res.ntuples)]))
                elif mode == "binary":
                    cur = conn.cursor(binary=True)
                    cur.execute(sql)
                    oids = [d.type_code for d in cur.description or []]
                    out.append(Result(_typed_rows(cur.fetchall(), oids) if cur.description else []))
                else:
                    with conn.transaction():
                        with conn.cursor(name=f"probe_{index}") as cur:
                            cur.itersize = ITERSIZE
                            cur.execute(sql)
                            rows = list(cur)
                            oids = [d.type_code for d in cur.description or []]
                            out.append(Result(_typed_rows(rows, oids)))
            except values.NotComparable as e:
                out.append(Skipped(str(e)))
            except psycopg.Error as e:
                out.append(_psycopg_error(e))
    finally:
        conn.close()
    return out


# -- pg8000 -------------------------------------------------------------------------------------------------
def run_pg8000(target, statements: list) -> list:
    import pg8000.native
    from pg8000.exceptions import DatabaseError
    conn = pg8000.native.Connection(target.user, host=target.host, port=target.port, database=target.database,
                                    password=target.password, timeout=TIMEOUT)
    out = []
    try:
        conn.run("SET TimeZone = 'UTC'")
        for sql in statements:
            try:
                rows = conn.run(sql)
                oids = [c["type_oid"] for c in conn.columns or []]
                out.append(Result(_typed_rows(rows or [], oids) if conn.columns else []))
            except values.NotComparable as e:
                out.append(Skipped(str(e)))
            except DatabaseError as e:
                fields = e.args[0] if e.args and isinstance(e.args[0], dict) else {}
                out.append(Error(fields.get("C", ""), fields.get("M", str(e))))
    finally:
        conn.close()
    return out


# -- PgJDBC -------------------------------------------------------------------------------------------------
def compile_jdbc_probe(into: Path) -> Path:
    """Compiles JdbcProbe.java into `into` (javac, classpath PgJDBC); returns the folder."""
    if not shutil.which("javac") or not Path(PGJDBC_JAR).exists():
        raise RuntimeError(f"javac or {PGJDBC_JAR} missing: run scripts/bootstrap (libpostgresql-jdbc-java, JDK)")
    subprocess.run(["javac", "-Xlint:all", "-Werror", "-d", str(into), "-cp", PGJDBC_JAR,
                    str(HERE / "JdbcProbe.java")], check=True, capture_output=True, text=True, timeout=TIMEOUT)
    return into


def _probe_lines(proc) -> list:
    if proc.returncode != 0:
        raise RuntimeError(f"{proc.args[0]} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _jdbc(classes: Path, target, mode: str, stdin: str = "", **url_options):
    url = target.jdbc_url(**url_options)
    proc = subprocess.run(["java", "-Duser.timezone=UTC", "-cp", f"{classes}:{PGJDBC_JAR}", "JdbcProbe", mode, url,
                           target.user], input=stdin, capture_output=True, text=True, env=env_for(target),
                          timeout=TIMEOUT)
    return _probe_lines(proc)


def _probe_outcomes(lines: list, count: int) -> list:
    out = []
    for line in lines:
        if "error" in line:
            out.append(Error(line["error"]["sqlstate"] or "", line["error"]["message"] or ""))
        elif "rows" in line:
            try:
                out.append(Result([[values.text(values.from_probe(v)) for v in row] for row in line["rows"]]))
            except values.NotComparable as e:
                out.append(Skipped(str(e)))
        else:
            out.append(Result([]))
    if len(out) != count:
        raise RuntimeError(f"the probe answered {len(out)} of {count} statements")
    return out


def run_jdbc(classes: Path, target, statements: list, simple=False) -> list:
    """PgJDBC with prepareThreshold=1 (extended protocol, server-prepared statements, binary results from the
    second execution), or preferQueryMode=simple. Also returns the probe's raw lines for column type checks."""
    options = {"preferQueryMode": "simple"} if simple else {"prepareThreshold": "1"}
    lines = _jdbc(classes, target, "query", RECORD_SEPARATOR.join(statements), **options)
    return _probe_outcomes(lines, len(statements)), lines


def jdbc_metadata(classes: Path, target) -> dict:
    lines = _jdbc(classes, target, "metadata", prepareThreshold="1")
    return {k: v for line in lines for k, v in line.items()}


# -- psqlODBC -----------------------------------------------------------------------------------------------
def run_odbc(target, statements: list, hints: list) -> list:
    """psqlODBC through pyodbc. `hints[k]` is (type letters, expected rows) of statement k, or None: the
    expected values undo psqlODBC's lossy mappings (values.odbc_text), column by column."""
    proc = subprocess.run([sys.executable, str(HERE / "odbc_probe.py"), target.host, str(target.port),
                           target.database, target.user], input=RECORD_SEPARATOR.join(statements),
                          capture_output=True, text=True, env=env_for(target), timeout=TIMEOUT)
    lines = _probe_lines(proc)
    if len(lines) != len(statements):
        raise RuntimeError(f"the ODBC probe answered {len(lines)} of {len(statements)} statements")
    out = []
    for line, hint in zip(lines, hints):
        if "error" in line:
            out.append(Error(line["error"]["sqlstate"] or "", line["error"]["message"] or ""))
            continue
        rows = [[values.from_probe(v) for v in row] for row in line.get("rows", [])]
        letters, expected = hint or ("", [])
        samples = [next((r[c] for r in expected if c < len(r) and r[c] is not None), None)
                   for c in range(len(letters))]
        out.append(Result([[values.odbc_text(v, letters[c] if c < len(letters) else "",
                                             samples[c] if c < len(samples) else None)
                            for c, v in enumerate(row)] for row in rows]))
    return out
