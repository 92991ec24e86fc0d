"""Real PostgreSQL clients against a PostgreSQL wire endpoint (issue 14): psql, psycopg 3 (text, binary,
server-side cursors, parameters, COPY), pg8000, PgJDBC (`prepareThreshold=1` and `preferQueryMode=simple`,
DatabaseMetaData, a ResultSet of every type) and psqlODBC through pyodbc each run a sample of the engine's
differential corpus (pgclients/corpus_sample.py) and must get the corpus's expected values.

The server is a parameter (`target`): `postgres` is a real PostgreSQL 15 loaded with the demo datasets in database
`prod`, schema `public`: the harness's own check, and the reference. `outflow` is `outflow serve --pg-port` over
the same demo data; it is skipped while `outflow serve --help` has no `--pg-port`. `external` is a server already
running, named by `PGCLIENTS_TARGET` (skipped when unset). Expectations that only
PostgreSQL meets (catalog details such as composite type names) are marked `POSTGRES_ONLY`. See
pgclients/README.md."""
import datetime
import os
import re
import shutil
import socket
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import Outflow, free_port, outflow_bin, wait_until
from pgclients import clients, corpus_sample, odbc_probe
from pgclients.target import Target, load_postgres_target
from sqllogic import demo_data, runner
from sqllogic.backends import Error
from sqllogic.slt import Query, Statement

SAMPLE = corpus_sample.sample()
# One column of every supported type, and a row of NULLs: the JDBC ResultSet of every type, run by every client.
TYPED_SQL = (
    "SELECT * FROM (VALUES (true, 1::int2, 2::int4, 3::int8, 1.5::float4, 0.1::float8, 1.50::numeric(5,2), "
    "'text'::text, 'vc'::varchar(10), '\\x0102'::bytea, DATE '2024-02-29', TIME '10:00:00.25', "
    "TIMESTAMP '2024-01-31 10:00:00.5', TIMESTAMPTZ '2024-01-31 10:00:00.000001+00', "
    "INTERVAL '1 year 2 mons 3 days 04:05:06.5', ARRAY[1, NULL, 3]::int4[], ARRAY['a b', NULL]::text[]), "
    "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) "
    "AS t(b, i2, i4, i8, f4, f8, n, t, v, by, d, tm, ts, tstz, iv, ai, at) ORDER BY b")
TYPED_CASE = corpus_sample.Case(
    "typed", 1, TYPED_SQL, "BIIIRRNTTTTTTTTTT", "nosort",
    (("t", "1", "2", "3", "1.5", "0.1", "1.50", "text", "vc", "\\x0102", "2024-02-29", "10:00:00.25",
      "2024-01-31 10:00:00.5", "2024-01-31 10:00:00.000001+00", "1 year 2 mons 3 days 04:05:06.5", "{1,NULL,3}",
      '{"a b",NULL}'), (None,) * 17))
TYPED_JDBC_TYPES = ["bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text", "varchar", "bytea", "date",
                    "time", "timestamp", "timestamptz", "interval", "_int4", "_text"]
CASES = [*SAMPLE, TYPED_CASE]
CLIENTS = ["psql", "psycopg-text", "psycopg-binary", "psycopg-named", "pg8000", "jdbc", "jdbc-simple", "odbc"]
DEMO_TABLES = {"web_events", "customer_profiles", "product_catalog"}
# What only PostgreSQL's catalog says (Outflow's nested columns need not be composite types of these names).
POSTGRES_ONLY = {
    "web_events columns": [
        ["web_events", "_id", "text", 12], ["web_events", "timestamp", "timestamptz", 93],
        ["web_events", "ecid", "text", 12], ["web_events", "crmid", "text", 12],
        ["web_events", "web", "web_events_web_t", 2002], ["web_events", "marketing", "web_events_marketing_t", 2002],
        ["web_events", "productlistitems", "_web_events_productlistitems_t", 2003],
        ["web_events", "commerce", "web_events_commerce_t", 2002],
        ["web_events", "placecontext", "web_events_placecontext_t", 2002],
        ["web_events", "environment", "web_events_environment_t", 2002],
        ["web_events", "device", "web_events_device_t", 2002]],
}
# What every server must say: the scalar columns of web_events (name, type name, java.sql.Types code).
WEB_EVENTS_SCALARS = [("_id", "text", 12), ("timestamp", "timestamptz", 93), ("ecid", "text", 12),
                      ("crmid", "text", 12)]

# Gaps of Outflow's endpoint that the tests know about: name -> (what, regex of the failure text that shows it).
# All three below are closed (OUTFLOW_EXPECTED is empty); they stay as the mechanism's examples for the next gap.
# On the `outflow` target a test listed in OUTFLOW_EXPECTED whose every failure shows one of its gaps is an expected
# failure naming them (xfail); any other failure fails; a listed test that passes fails too (remove its entry), as
# `# engine todo` marks do in the corpus.
OUTFLOW_GAPS = {
    "regproc": ("casts to regproc: PgJDBC's pg_type lookup of a column type outside its static table (interval, "
                "arrays) and getColumns send `typinput = 'array_in'::regproc`",
                r"type regproc of a name is not supported"),
    "copy-out": ("COPY (query) TO STDOUT is answered with rows instead of CopyOutResponse + CopyData (psql's \\copy "
                 "then writes nothing and exits 0)", r"got TUPLES_OK|answered COPY without CopyOut"),
    "binary-numeric-parameter": ("numeric parameters in binary format",
                                 r"binary format for parameters of type 1700 is not supported"),
}
# (test name, client parameter or "") -> the gaps it shows on Outflow today.
OUTFLOW_EXPECTED = {
}


# -- the servers ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_dir():
    if not Path(outflow_bin()).exists():
        pytest.skip(f"no outflow binary at {outflow_bin()} for the demo datasets")
    work = Path(tempfile.mkdtemp(prefix="outflow-pgclients-"))
    files = demo_data.generate(outflow_bin(), work / "data")
    yield work / "data", files
    shutil.rmtree(work, ignore_errors=True)


def _serves_postgres_wire() -> bool:
    proc = subprocess.run([outflow_bin(), "serve", "--help"], capture_output=True, text=True, timeout=60)
    return "--pg-port" in proc.stdout + proc.stderr


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def external_target():
    """The server named by `PGCLIENTS_TARGET` (libpq keywords: `host=127.0.0.1 port=5433 user=u password=k
    dbname=prod name=outflow`; `name` picks the expectations, postgres or outflow), or None. It must serve the demo
    datasets of `outflow demo --events 20000 --seed 42`."""
    spec = os.environ.get("PGCLIENTS_TARGET", "")
    if not spec:
        return None
    fields = dict(item.split("=", 1) for item in spec.split())
    return Target(fields.get("name", "outflow"), fields.get("host", "127.0.0.1"), int(fields["port"]),
                  fields.get("user", "outflow"), fields.get("password", ""), fields.get("dbname", "prod"))


@pytest.fixture(scope="module", params=["postgres", "outflow", "external"])
def target(request):
    if request.param == "external":
        found = external_target()
        if found is None:
            pytest.skip("PGCLIENTS_TARGET is not set (a running server to test, see external_target)")
        yield found
        return
    data_dir, files = request.getfixturevalue("demo_dir")
    if request.param == "postgres":
        yield load_postgres_target(request.getfixturevalue("postgres_peer"), files)
        return
    if not _serves_postgres_wire():
        pytest.skip("`outflow serve` has no --pg-port yet (issue 14)")
    api_key, pg_port = "pgclients-key", free_port()
    log = data_dir.parent / "serve.log"
    with open(log, "w") as err:
        proc = Outflow(data_dir).spawn("serve", "--host", "127.0.0.1", "--port", free_port(), "--pg-port", pg_port,
                                       env={"OUTFLOW_API_KEY": api_key}, stdout=subprocess.DEVNULL, stderr=err)
    try:
        assert wait_until(lambda: proc.poll() is not None or _accepts(pg_port), timeout=60)
        assert proc.poll() is None, f"outflow serve exited: {log.read_text()[-2000:]}"
        yield Target("outflow", "127.0.0.1", pg_port, "any-user", api_key)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def jdbc_classes(tmp_path_factory):
    return clients.compile_jdbc_probe(tmp_path_factory.mktemp("jdbc-probe"))


class KnownGaps:
    """The OUTFLOW_EXPECTED gaps of one test on one target (none but on Outflow). As a context manager it turns a
    failure that shows one of them into an xfail, and a pass into a failure (a stale entry)."""

    def __init__(self, keys):
        self.keys = keys

    def shown_by(self, text: str) -> list:
        return [k for k in self.keys if re.search(OUTFLOW_GAPS[k][1], text)]

    def settle(self, failures: list):
        """For a test that collects failures: every failure must show a known gap (then xfail), none is a pass."""
        unknown = [f for f in failures if not self.shown_by(f)]
        assert not unknown, "\n".join(unknown)
        if failures:
            pytest.xfail("known gaps of Outflow's endpoint: " + "; ".join(
                OUTFLOW_GAPS[k][0] for k in sorted({k for f in failures for k in self.shown_by(f)})))
        if self.keys:
            pytest.fail(f"listed in OUTFLOW_EXPECTED with {self.keys} but passes: remove the entry")

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if error is None:
            self.settle([])
            return False
        if isinstance(error, Exception) and self.shown_by(str(error)):
            self.settle([str(error)])
        return False


@pytest.fixture
def gaps(request, target) -> KnownGaps:
    if target.name != "outflow":
        return KnownGaps([])
    callspec = getattr(request.node, "callspec", None)
    client = callspec.params.get("client", "") if callspec else ""
    return KnownGaps(OUTFLOW_EXPECTED.get((request.node.originalname, client), []))


# -- the corpus sample through every client --------------------------------------------------------------------
def _run(client: str, target, jdbc_classes, cases) -> list:
    statements = [c.sql for c in cases]
    if client == "psql":
        return clients.run_psql(target, statements)
    if client.startswith("psycopg-"):
        return clients.run_psycopg(target, statements, client.split("-", 1)[1])
    if client == "pg8000":
        return clients.run_pg8000(target, statements)
    if client.startswith("jdbc"):
        outcomes, lines = clients.run_jdbc(jdbc_classes, target, statements, simple=client == "jdbc-simple")
        unstable = [c.id for c, line in zip(cases, lines) if line.get("same_as_first") is False]
        assert not unstable, f"{client}: the second (server-prepared) execution differs from the first: {unstable}"
        return outcomes
    if client == "odbc":
        return clients.run_odbc(target, statements, [(c.types, c.expected) for c in cases])
    raise ValueError(client)


def check(case, outcome):
    """None when `outcome` is what the case expects, else the problem."""
    if isinstance(outcome, clients.Skipped):
        return None
    if case.is_error:
        return runner.check_error(Statement(case.line, case.sql, expect_error=True, error_pattern=case.error),
                                  outcome, strict_state=True)
    if isinstance(outcome, Error):
        return f"failed: {outcome.sqlstate} {outcome.message}"
    query = Query(case.line, case.sql, types=case.types, sort_mode=case.sort_mode,
                  expected=[list(r) for r in case.expected])
    return runner.compare(query, outcome.rows)


def test_the_sample_is_modest_deterministic_and_spans_the_corpus():
    assert 40 <= len(SAMPLE) <= 70, len(SAMPLE)
    assert [c.id for c in corpus_sample.sample()] == [c.id for c in SAMPLE]
    assert len({c.file for c in SAMPLE}) >= 10
    assert any(c.is_error for c in SAMPLE) and any("web_events" in c.sql for c in SAMPLE)


@pytest.mark.parametrize("client", CLIENTS)
def test_corpus_sample_through_client(client, target, jdbc_classes, gaps):
    outcomes = _run(client, target, jdbc_classes, CASES)
    assert len(outcomes) == len(CASES)
    failures = [f"{case.id} [{client}] {problem}\n  SQL: {case.sql}"
                for case, outcome in zip(CASES, outcomes) if (problem := check(case, outcome))]
    skipped = [(c.id, o.reason) for c, o in zip(CASES, outcomes) if isinstance(o, clients.Skipped)]
    # Only psycopg's binary decoding of reg* types may be left out (values.REG_OIDS says why).
    assert all("arrives in binary as an OID" in reason for _, reason in skipped), skipped
    assert len(skipped) <= 2, skipped
    gaps.settle(failures)


def test_known_gaps_excuse_only_the_failures_they_name_and_go_stale_when_fixed():
    regproc = KnownGaps(["regproc"])
    with pytest.raises(pytest.xfail.Exception):
        regproc.settle(["x.slt:1 [jdbc] failed: 0A000 ERROR: type regproc of a name is not supported"])
    with pytest.raises(AssertionError):
        regproc.settle(["x.slt:1 [jdbc] failed: 0A000 ERROR: type regproc of a name is not supported",
                        "x.slt:2 [jdbc] expected `3`  got `2`"])
    with pytest.raises(pytest.fail.Exception, match="remove the entry"):
        regproc.settle([])
    with pytest.raises(AssertionError, match="got `2`"):
        with KnownGaps(["copy-out"]):
            raise AssertionError("expected `3`  got `2`")
    KnownGaps([]).settle([])
    assert {k for keys in OUTFLOW_EXPECTED.values() for k in keys} <= set(OUTFLOW_GAPS)


def test_a_corpus_mismatch_fails_with_the_client_named(target, jdbc_classes):
    """The harness itself: a wrong expectation is reported per client, not swallowed."""
    wrong = corpus_sample.Case("made-up", 1, "SELECT 1 + 1", "I", "nosort", (("3",),))
    for client in ("psycopg-binary", "jdbc", "odbc"):
        (outcome,) = _run(client, target, jdbc_classes, [wrong])
        assert "expected `3`  got `2`" in check(wrong, outcome)


# -- JDBC specifics -------------------------------------------------------------------------------------------
def test_jdbc_result_set_of_every_type(target, jdbc_classes, gaps):
    with gaps:
        prepared = "SELECT count(*) FROM pg_prepared_statements"
        outcomes, lines = clients.run_jdbc(jdbc_classes, target, [TYPED_SQL, prepared])
        assert "columns" in lines[0], lines[0]
        assert [c["type"] for c in lines[0]["columns"]] == TYPED_JDBC_TYPES
        assert lines[0]["same_as_first"] is True
        assert check(TYPED_CASE, outcomes[0]) is None
        if target.name == "postgres":  # POSTGRES_ONLY: prepareThreshold=1 really made server-prepared statements
            assert int(outcomes[1].rows[0][0]) >= 1, outcomes[1]


def test_jdbc_database_metadata(target, jdbc_classes, gaps):
    with gaps:
        meta = clients.jdbc_metadata(jdbc_classes, target)
        tables = {(schema, name.lower(), kind) for schema, name, kind in meta["tables"]}
        assert {("public", t, "TABLE") for t in DEMO_TABLES} <= tables
        columns = meta["columns"]
        by_name = {name.lower(): (type_name, code) for _, name, type_name, code in columns}
        for name, type_name, code in WEB_EVENTS_SCALARS:
            assert by_name.get(name) == (type_name, code), (name, by_name.get(name))
        assert {c[0] for c in columns} == {"web_events"}
        if target.name == "postgres":  # POSTGRES_ONLY: nested fields as the loader's composite types
            assert columns == POSTGRES_ONLY["web_events columns"]


# -- psql, psycopg and pg8000 specifics -----------------------------------------------------------------------
def _psql(target, *args) -> str:
    proc = subprocess.run(["psql", "-X", *args], capture_output=True, text=True, env=clients.env_for(target),
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_psql_meta_commands_and_copy(target, tmp_path, gaps):
    with gaps:
        listed = _psql(target, "-c", "\\dt")
        for table in DEMO_TABLES:
            assert f"| {table} " in listed, listed
        described = _psql(target, "-c", "\\d web_events")
        for name, type_name, _ in WEB_EVENTS_SCALARS:
            assert any(line.split("|")[0].strip().lower() == name and type_name_matches(line, type_name)
                       for line in described.splitlines() if "|" in line), described
        out = tmp_path / "rows.tsv"
        sql = "SELECT _id, ecid, timestamp FROM web_events ORDER BY _id LIMIT 50"
        _psql(target, "-c", f"\\copy ({sql}) to '{out}'")
        copied = [line.split("\t") for line in out.read_text().splitlines()]
        assert copied, "psql's \\copy wrote no rows: the server answered COPY without CopyOut?"
        (selected,) = clients.run_psycopg(target, [sql], "text")
        assert copied == selected.rows and len(copied) == 50


def type_name_matches(line: str, type_name: str) -> bool:
    shown = line.split("|")[1].strip()
    return shown == {"timestamptz": "timestamp with time zone"}.get(type_name, type_name)


def test_psycopg_parameters_text_and_binary(target, gaps):
    with gaps:
        conn = clients.psycopg_connect(target)
        try:
            params = (41, "a b", Decimal("1.5"), datetime.date(2024, 2, 29),
                      datetime.datetime(2024, 1, 31, 10, 0, 0, 500000, tzinfo=datetime.timezone.utc))
            want = (42, "a b", Decimal("1.50"), *params[3:])
            for placeholder in ("%s", "%t", "%b"):
                sql = ("SELECT {0}::int + 1, {0}::text, {0}::numeric(5,2), {0}::date, {0}::timestamptz"
                       .format(placeholder))
                for binary in (False, True):
                    assert conn.cursor(binary=binary).execute(sql, params).fetchone() == want, (placeholder, binary)
            ecid = conn.execute("SELECT ecid FROM web_events WHERE ecid IS NOT NULL ORDER BY _id LIMIT 1").fetchone()
            literal = conn.execute(f"SELECT count(*) FROM web_events WHERE ecid = '{ecid[0]}'").fetchone()
            assert conn.execute("SELECT count(*) FROM web_events WHERE ecid = %s", ecid).fetchone() == literal
            assert literal[0] > 0
        finally:
            conn.close()


def test_psycopg_copy_to_stdout_text_csv_and_binary(target, gaps):
    with gaps:
        sql = "SELECT _id, ecid, timestamp FROM web_events ORDER BY _id LIMIT 200"
        (selected,) = clients.run_psycopg(target, [sql], "text")
        conn = clients.psycopg_connect(target)
        try:
            cur = conn.cursor()
            with cur.copy(f"COPY ({sql}) TO STDOUT") as copy:
                text_rows = [list(r) for r in copy.rows()]
            with cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
                csv_text = b"".join(bytes(block) for block in copy).decode()
            with cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)") as copy:
                copy.set_types(["text", "text", "timestamptz"])
                binary_rows = list(copy.rows())
        finally:
            conn.close()
        assert text_rows == selected.rows
        assert [line.split(",") for line in csv_text.splitlines()] == [
            [v if v is not None else "" for v in r] for r in selected.rows]
        assert [[a, b, clients.values.text(c)] for a, b, c in binary_rows] == selected.rows


def test_pg8000_parameters(target):
    import pg8000.native
    conn = pg8000.native.Connection(target.user, host=target.host, port=target.port, database=target.database,
                                    password=target.password, timeout=60)
    try:
        assert conn.run("SELECT :x::int + 1, :s::text", x=41, s="a b") == [[42, "a b"]]
        count = conn.run("SELECT count(*) FROM web_events WHERE _id >= :lo", lo="")[0][0]
        assert count == conn.run("SELECT count(*) FROM web_events")[0][0] > 0
    finally:
        conn.close()


def test_clients_refuse_non_loopback_targets():
    with pytest.raises(ValueError):
        Target("postgres", "10.0.0.1", 5432, "u", "p")
    with pytest.raises(ValueError):
        odbc_probe.connection_string("192.0.2.1", 5432, "prod", "u", "p")
