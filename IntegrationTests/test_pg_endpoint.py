"""The Query Service's PostgreSQL endpoint (`outflow serve --pg-port`) on the demo lake, driven by real clients on
127.0.0.1: psql, psycopg 3 (text and binary results, parameters, server-side cursors, COPY), pg8000; logins,
sandboxes, errors with SQLSTATE and position, cancel, statement timeout, concurrent sessions. Values are compared
with what the engine itself returns through `outflow query --format ndjson`."""
import datetime
import json
import os
import subprocess
import threading
import time
from decimal import Decimal

import pg8000.native
import psycopg
import pytest

from conftest import Outflow, free_port, start_server, stop_server, wait_until

KEY = "pg-endpoint-test-key"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    outflow = Outflow(tmp_path_factory.mktemp("pgendpoint") / "data")
    outflow.run("demo", "--events", "2000", "--seed", "7")
    port = free_port()
    server = start_server(outflow, env={"OUTFLOW_API_KEY": KEY, "OUTFLOW_PG_PORT": str(port)})
    server.pg_port = port
    server.outflow = outflow
    yield server
    stop_server(server)


def dsn(server, **extra):
    parts = {"host": "127.0.0.1", "port": server.pg_port, "user": "analyst", "password": KEY, "dbname": "prod"}
    parts.update(extra)
    return " ".join(f"{k}={v}" for k, v in parts.items())


def psql(server, *args, database="prod", password=KEY, check=True):
    env = dict(os.environ, PGPASSWORD=password, PGCONNECT_TIMEOUT="10")
    proc = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(server.pg_port), "-U", "analyst", "-d", database,
                           "-v", "ON_ERROR_STOP=1", *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def engine_rows(server, sql):
    out = server.outflow.run("query", "--format", "ndjson", sql, env={"OUTFLOW_API_KEY": KEY}).stdout
    return [list(json.loads(line, parse_float=Decimal).values()) for line in out.splitlines() if line]


def test_psql_lists_and_describes_the_sandbox(endpoint):
    tables = psql(endpoint, "-c", r"\dt").stdout
    for name in ("web_events", "customer_profiles", "product_catalog"):
        assert name in tables
    described = psql(endpoint, "-c", r"\d web_events").stdout
    assert 'Table "public.web_events"' in described and "timestamp with time zone" in described
    databases = psql(endpoint, "-c", r"\l").stdout
    assert "prod" in databases


def test_psql_runs_queries_with_the_values_the_engine_returns(endpoint):
    sql = ("SELECT ecid, timestamp, commerce.order.priceTotal AS total FROM web_events "
           "WHERE commerce.order.priceTotal IS NOT NULL ORDER BY timestamp, ecid LIMIT 20")
    out = psql(endpoint, "-A", "-t", "-F", "|", "-c", sql).stdout.splitlines()
    expected = engine_rows(endpoint, sql)
    assert len(out) == len(expected) > 0
    for line, row in zip(out, expected):
        ecid, ts, total = line.split("|")
        assert ecid == row[0]
        assert Decimal(total) == Decimal(str(row[2]))


def test_psycopg_text_and_binary_results_match_the_engine(endpoint):
    sql = ("SELECT count(*) AS n, count(DISTINCT ecid) AS people, min(timestamp) AS first, "
           "max(timestamp) AS last FROM web_events")
    expected = engine_rows(endpoint, sql)[0]
    for binary in (False, True):
        with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
            row = conn.cursor(binary=binary).execute(sql).fetchone()
            assert row[0] == expected[0] and row[1] == expected[1]
            assert isinstance(row[2], datetime.datetime) and row[2].tzinfo is not None
            assert row[2].isoformat().replace("+00:00", "Z").startswith(expected[2][:19])


def test_psycopg_types_round_trip_in_both_formats(endpoint):
    sql = ("SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 3.25::numeric(6,2), 'x'::text, true, "
           "date '2024-01-02', timestamp '2024-01-02 03:04:05.5', timestamptz '2024-01-02 03:04:05+00', "
           "interval '1 day 02:00:00', ARRAY[1, NULL, 3], '\\x0102'::bytea, time '12:34:56', NULL::text")
    expected = (1, 2, 3, 1.5, 2.5, Decimal("3.25"), "x", True, datetime.date(2024, 1, 2),
                datetime.datetime(2024, 1, 2, 3, 4, 5, 500000),
                datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
                datetime.timedelta(days=1, hours=2), [1, None, 3], b"\x01\x02", datetime.time(12, 34, 56), None)
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        for binary in (False, True):
            assert conn.cursor(binary=binary).execute(sql).fetchone() == expected


def test_psycopg_parameters_take_their_types_from_the_query(endpoint):
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        since = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
        n = conn.execute("SELECT count(*) FROM web_events WHERE timestamp > %s AND ecid <> %s",
                         (since, "nobody")).fetchone()[0]
        assert n == 2000
        assert conn.execute("SELECT %s::int + %s, %s || 'x'", (40, 2, "it's ")).fetchone() == (42, "it's x")
        # Prepared on the server after the first executions (prepare_threshold), same answers.
        for _ in range(4):
            assert conn.execute("SELECT %s * 2", (21,), prepare=True).fetchone() == (42,)


def test_psycopg_server_side_cursor_streams_in_pages(endpoint):
    with psycopg.connect(dsn(endpoint)) as conn:
        with conn.cursor(name="events") as cursor:
            cursor.itersize = 150
            cursor.execute("SELECT ecid, timestamp FROM web_events WHERE ecid <> %s ORDER BY timestamp", ("x",))
            first = cursor.fetchmany(10)
            assert len(first) == 10
            cursor.scroll(5)
            rest = cursor.fetchall()
            assert len(first) + 5 + len(rest) == 2000


def test_set_reports_parameter_status_and_changes_the_session(endpoint):
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        conn.execute("SET TimeZone = 'America/New_York'")
        assert conn.info.parameter_status("TimeZone") == "America/New_York"
        value = conn.execute("SELECT timestamptz '2024-07-01 12:00:00+00'::text").fetchone()[0]
        assert value == "2024-07-01 08:00:00-04"
        assert conn.execute("SHOW TimeZone").fetchone()[0] == "America/New_York"
        # Binary results carry the instant; the client shows it in the session zone.
        got = conn.cursor(binary=True).execute("SELECT timestamptz '2024-07-01 12:00:00+00'").fetchone()[0]
        assert got == datetime.datetime(2024, 7, 1, 12, tzinfo=datetime.timezone.utc)


def test_pg8000_native_and_dbapi(endpoint):
    conn = pg8000.native.Connection("analyst", host="127.0.0.1", port=endpoint.pg_port, database="prod", password=KEY)
    try:
        assert conn.run("SELECT count(*) FROM web_events WHERE ecid <> :e", e="none") == [[2000]]
        assert conn.run("SELECT :a::numeric * 2", a=Decimal("1.25")) == [[Decimal("2.50")]]
        assert conn.run("SELECT :d::date + 1", d=datetime.date(2024, 2, 28)) == [[datetime.date(2024, 2, 29)]]
    finally:
        conn.close()


def test_errors_carry_sqlstate_message_and_position(endpoint):
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.UndefinedTable) as info:
            conn.execute("SELECT * FROM no_such_table")
        assert info.value.diag.sqlstate == "42P01" and info.value.diag.statement_position == "15"
        with pytest.raises(psycopg.errors.SyntaxError):
            conn.execute("SELEC 1")
        with pytest.raises(psycopg.errors.DivisionByZero):
            conn.execute("SELECT 1 / 0")
        # The session goes on.
        assert conn.execute("SELECT 1").fetchone() == (1,)
    proc = psql(endpoint, "-c", "SELECT 1/0", check=False)
    assert proc.returncode != 0 and "division by zero" in proc.stderr


def test_logins_need_the_api_key_and_an_existing_sandbox(endpoint):
    with pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(dsn(endpoint, password="wrong"))
    assert "password authentication failed" in str(info.value)
    with pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(dsn(endpoint, dbname="nosuchsandbox"))
    assert "does not exist" in str(info.value)
    with pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(dsn(endpoint, dbname="prod:cja"))
    assert "not available" in str(info.value)
    with psycopg.connect(dsn(endpoint, dbname="prod:all"), autocommit=True) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("prod",)
    log = endpoint.log_path.read_text()
    assert "postgres login failed" in log


def test_cancel_stops_a_running_query(endpoint):
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        timer = threading.Timer(1.0, conn.cancel)
        timer.start()
        started = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("SELECT count(*) FROM generate_series(1, 2000000000)")
        timer.cancel()
        assert time.monotonic() - started < 60
        assert conn.execute("SELECT 2").fetchone() == (2,)


def test_statement_timeout_from_the_startup_options(endpoint):
    with psycopg.connect(dsn(endpoint, options="'-c statement_timeout=300'"), autocommit=True) as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == ("300ms",)
        with pytest.raises(psycopg.errors.QueryCanceled) as info:
            conn.execute("SELECT count(*) FROM generate_series(1, 2000000000)")
        assert "statement timeout" in str(info.value)


def test_sixteen_sessions_at_once(endpoint):
    errors = []

    def work(i):
        try:
            with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
                for _ in range(5):
                    n = conn.execute("SELECT count(*) FROM web_events WHERE ecid <> %s", (str(i),)).fetchone()[0]
                    assert n == 2000
        except Exception as e:  # noqa: BLE001 - collected and reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []


def test_derived_datasets_from_the_endpoint_appear_as_tables(endpoint):
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        cur = conn.execute("CREATE TABLE pg_made AS SELECT ecid, count(*) AS n FROM web_events GROUP BY ecid")
        assert cur.statusmessage.startswith("SELECT ")
        made = int(cur.statusmessage.split()[1])
        assert conn.execute("SELECT count(*) FROM pg_made").fetchone() == (made,)
        cur = conn.execute("INSERT INTO pg_made VALUES (%s, %s)", ("someone", 3))
        assert cur.statusmessage == "INSERT 0 1"
        conn.execute("DROP TABLE pg_made")


def test_psql_copy_writes_the_query_result_as_csv(endpoint, tmp_path):
    target = tmp_path / "events.csv"
    sql = "SELECT ecid, timestamp FROM web_events ORDER BY timestamp, ecid"
    proc = psql(endpoint, "-c", f"\\copy ({sql}) to '{target}' with csv header")
    assert "COPY 2000" in proc.stdout
    lines = target.read_text().splitlines()
    assert lines[0] == "ecid,timestamp" and len(lines) == 2001
    assert lines[1].split(",")[0] == engine_rows(endpoint, sql + " LIMIT 1")[0][0]


def test_psycopg_copy_to_stdout_in_every_format(endpoint):
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        cur = conn.cursor()
        with cur.copy("COPY (SELECT ecid, timestamp FROM web_events ORDER BY timestamp, ecid LIMIT 5) "
                      "TO STDOUT (FORMAT binary)") as copy:
            copy.set_types(["text", "timestamptz"])
            rows = list(copy.rows())
        assert len(rows) == 5 and all(isinstance(r[1], datetime.datetime) for r in rows)
        with cur.copy("COPY web_events (ecid) TO STDOUT WITH CSV") as copy:
            data = b"".join(bytes(chunk) for chunk in copy)
        assert len(data.splitlines()) == 2000
        assert cur.rowcount == 2000
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            cur.execute("COPY web_events FROM STDIN")
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            cur.execute("COPY web_events TO STDOUT (FORMAT xml)")


def test_npgsql_style_type_loading_finds_base_and_array_types(endpoint):
    """Npgsql (Power BI's driver, not installable here) loads types at connect with one simple-query batch: version(),
    pg_type joined to pg_proc on typreceive (arrays are the types received by array_recv) and to pg_range, composite
    fields from pg_attribute, enum labels from pg_enum. The same shape of batch must answer every part."""
    batch = """SELECT version();
SELECT ns.nspname, t.oid, t.typname, t.typtype, t.elemtypoid
FROM (
    SELECT typ.oid, typ.typnamespace, typ.typname,
           CASE WHEN proc.proname = 'array_recv' THEN 'a' ELSE typ.typtype END AS typtype,
           CASE WHEN proc.proname = 'array_recv' THEN typ.typelem
                WHEN typ.typtype = 'r' THEN rngsubtype
                WHEN typ.typtype = 'm' THEN (SELECT rngtypid FROM pg_range WHERE rngmultitypid = typ.oid)
                WHEN typ.typtype = 'd' THEN typ.typbasetype END AS elemtypoid
    FROM pg_type AS typ
    LEFT JOIN pg_class AS cls ON cls.oid = typ.typrelid
    LEFT JOIN pg_proc AS proc ON proc.oid = typ.typreceive
    LEFT JOIN pg_range ON pg_range.rngtypid = typ.oid
) AS t
JOIN pg_namespace AS ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('b', 'a', 'r', 'm', 'e', 'd')
ORDER BY CASE WHEN t.typtype = 'b' THEN 0 ELSE 1 END, t.oid;
SELECT typ.oid, att.attname, att.atttypid FROM pg_type AS typ
JOIN pg_class AS cls ON cls.oid = typ.typrelid JOIN pg_attribute AS att ON att.attrelid = typ.typrelid
WHERE typ.typtype = 'c' AND cls.relkind = 'c' AND attnum > 0 AND NOT attisdropped ORDER BY typ.oid, att.attnum;
SELECT pg_type.oid, enumlabel FROM pg_enum JOIN pg_type ON pg_type.oid = enumtypid ORDER BY oid, enumsortorder;"""
    out = psql(endpoint, "-A", "-t", "-F", "|", "-c", batch).stdout.splitlines()
    assert out[0].startswith("PostgreSQL 15")
    types = {line.split("|")[2]: line.split("|") for line in out[1:] if line.count("|") == 4}
    assert types["int4"][3] == "b" and types["int4"][4] == ""
    assert types["_int4"][3] == "a" and types["_int4"][4] == "23"
    assert types["_timestamptz"][4] == "1184" and types["numeric"][3] == "b"
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        assert conn.execute("SELECT typinput, typreceive::oid FROM pg_type WHERE typname = '_text'").fetchone() == (
            "array_in", 2400)


def test_nested_columns_in_binary_are_records_and_arrays_of_records(endpoint):
    sql = "SELECT web, productListItems FROM web_events WHERE productListItems IS NOT NULL ORDER BY timestamp LIMIT 3"
    with psycopg.connect(dsn(endpoint), autocommit=True) as conn:
        text_rows = conn.cursor().execute(sql).fetchall()
        binary_rows = conn.cursor(binary=True).execute(sql).fetchall()
    assert len(binary_rows) == len(text_rows) == 3
    for (web, items), (_, text_items) in zip(binary_rows, text_rows):
        assert isinstance(web, tuple) and isinstance(items, list) and isinstance(items[0], tuple)
        # The array of records reads alike in both formats (fields as text in the text format).
        assert [tuple(str(v) for v in item) for item in items] == [tuple(str(v) for v in item) for item in text_items]
