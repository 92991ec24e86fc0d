"""`outflow query`: SQL over the lake from the command line (Sources/QueryService/README.md), its three output
formats, errors with SQLSTATEs, derived datasets (CREATE TABLE AS) exported like any dataset and read back with
pyarrow."""
import json
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq

from export_cli import export_run


def query(outflow, sql, fmt="ndjson", check=True):
    return outflow.run("query", "--format", fmt, sql, check=check)


def ndjson(outflow, sql):
    return [json.loads(line, parse_float=Decimal) for line in query(outflow, sql).stdout.splitlines() if line]


def test_help_prints_the_query_usage(outflow):
    proc = outflow.run("query", "--help")
    assert "USAGE: outflow query" in proc.stdout


def test_ndjson_rows_keep_column_order_exact_numbers_and_rfc3339_timestamps(outflow):
    rows = query(outflow, "SELECT 2 AS b, 1 AS a, CAST(2.5 AS numeric(4,2)) AS n, "
                          "CAST('2024-01-31 10:00:00.5+00' AS timestamptz) AS ts, 'x\"y' AS s, NULL AS z").stdout
    assert rows == '{"b":2,"a":1,"n":2.50,"ts":"2024-01-31T10:00:00.5Z","s":"x\\"y","z":null}\n'
    parsed = json.loads(rows, parse_float=Decimal)
    assert list(parsed) == ["b", "a", "n", "ts", "s", "z"] and str(parsed["n"]) == "2.50"


def test_table_and_csv_formats(outflow):
    table = query(outflow, "SELECT x AS id, 'v' || x AS name FROM (VALUES (1), (10)) t(x) ORDER BY x", "table")
    assert table.stdout == " id | name\n----+------\n  1 | v1\n 10 | v10\n(2 rows)\n\n"
    csv = query(outflow, "SELECT 'a,b' AS s, '' AS e, NULL AS n", "csv")
    assert csv.stdout == 's,e,n\n"a,b","",\n'


def test_timestamptz_prints_in_the_session_time_zone(outflow):
    sql = ("SET TIME ZONE 'America/New_York'; SELECT TIMESTAMPTZ '2024-03-10 07:30:00+00' AS ts, "
           "TIMESTAMP '2024-03-10 02:30' AT TIME ZONE 'America/New_York' AS gap")
    assert query(outflow, sql, "csv").stdout == "ts,gap\n2024-03-10 03:30:00-04,2024-03-10 03:30:00-04\n"
    assert ndjson(outflow, sql) == [{"ts": "2024-03-10T03:30:00-04:00", "gap": "2024-03-10T03:30:00-04:00"}]
    table = query(outflow, "SET TIME ZONE 'Asia/Kolkata'; SELECT TIMESTAMPTZ '2024-01-31 10:00:00+00' AS ts", "table")
    assert "2024-01-31 15:30:00+05:30" in table.stdout


def test_errors_exit_non_zero_with_the_sqlstate_on_stderr(outflow):
    for sql, state in [("SELECT 1 / 0", "22012"), ("SELECT * FROM nowhere", "42P01"), ("SELEC 1", "42601"),
                       ("SET TIME ZONE 'Mars/Olympus'", "22023"),
                       ("CREATE TABLE spans AS SELECT INTERVAL '1 day' AS i", "0A000")]:
        proc = query(outflow, sql, check=False)
        assert proc.returncode != 0 and f"SQLSTATE {state}" in proc.stderr, (sql, proc.stderr)
        assert proc.stdout == ""
    bad = outflow.run("query", "--format", "xml", "SELECT 1", check=False)
    assert bad.returncode == 2


def test_a_script_runs_in_order_and_prints_the_last_result(outflow):
    rows = ndjson(outflow, "SET TimeZone = 'UTC'; CREATE TABLE t AS SELECT 1 AS a; INSERT INTO t VALUES (2); "
                           "SELECT sum(a) AS total FROM t")
    assert rows == [{"total": 3}]
    assert query(outflow, "INSERT INTO t SELECT a + 10 FROM t", "table").stdout == "INSERT 0 2\n"
    assert ndjson(outflow, "SELECT count(*) AS c FROM t") == [{"c": 4}]


def test_a_derived_dataset_exports_like_any_other(outflow, tmp_path):
    outflow.run("demo", "--events", "2000", "--seed", "3")
    query(outflow, "CREATE TABLE daily AS SELECT CAST(timestamp AS date) AS day, count(*) AS events "
                   "FROM web_events GROUP BY 1")
    expected = ndjson(outflow, "SELECT day, events FROM daily ORDER BY day")
    assert sum(r["events"] for r in expected) == 2000
    target = tmp_path / "out" / "daily"
    proc, summary = export_run(outflow, "--dataset", "daily", "--to", str(target))
    assert summary["status"] == "success", proc.stderr
    files = sorted(Path(target).rglob("*.parquet"))
    assert files
    table = pq.read_table(files[0]) if len(files) == 1 else None
    rows = [r for f in files for r in pq.read_table(f).to_pylist()]
    got = sorted((r["day"].isoformat(), r["events"]) for r in rows)
    assert got == [(r["day"], r["events"]) for r in expected]
    assert table is None or set(table.column_names) >= {"_id", "day", "events"}
    # Only derived datasets can be dropped.
    refused = query(outflow, "DROP TABLE web_events", check=False)
    assert refused.returncode != 0 and "SQLSTATE 42501" in refused.stderr


def test_a_memory_limit_far_below_the_data_spills_and_leaves_no_files(outflow):
    outflow.run("demo", "--events", "5000", "--seed", "5")
    sql = ("SELECT ecid, count(*) AS n, count(DISTINCT (web).webPageDetails.name) AS pages FROM web_events "
           "GROUP BY ecid ORDER BY n DESC, ecid")
    unlimited = query(outflow, sql).stdout
    # Without spilling, 64 kB would be 53200 (out of memory): the same rows prove the operators spilled.
    limited = outflow.run("query", "--memory-limit", "64kB", "--format", "ndjson", sql).stdout
    assert limited == unlimited and len(unlimited.splitlines()) > 100
    scratch = Path(outflow.data_dir) / "tmp" / "sql"
    assert scratch.is_dir() and list(scratch.iterdir()) == []
    for bad in ("0", "-5", "12 parsecs"):
        proc = outflow.run("query", f"--memory-limit={bad}", "SELECT 1", check=False)
        assert proc.returncode == 2 and "--memory-limit" in proc.stderr, (bad, proc.stderr)


def test_arrays_and_rows_print_with_their_element_types(outflow):
    rows = ndjson(outflow, "SELECT ARRAY[1.5, 2.25] AS a, ARRAY[INTERVAL '1 day', NULL] AS b, "
                           "ROW(1, TIME '10:00') AS r, ARRAY[true] AS c, '{1,2}'::int[] AS d")
    assert rows == [{"a": [Decimal("1.5"), Decimal("2.25")], "b": ["1 day", None], "r": {"f1": 1, "f2": "10:00:00"},
                     "c": [True], "d": [1, 2]}]
    table = query(outflow, "SELECT ARRAY['a b', NULL] AS a, x FROM unnest(ARRAY[3, 4]) AS u(x)", fmt="csv").stdout
    assert table.splitlines() == ["a,x", '"{""a b"",NULL}",3', '"{""a b"",NULL}",4']
