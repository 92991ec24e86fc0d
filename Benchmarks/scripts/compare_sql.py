"""Outflow's SQL engine beside DuckDB, PostgreSQL 15 and SQLite on the same demo rows, in one run (issue 13).

Usage:
    swift build -c release --product outflow
    .venv/bin/python Benchmarks/scripts/compare_sql.py [--events 10000000] [--repeat 3] [--only Q1,Q6]

Generates (or reuses) the demo lake under the ignored `bench-data/demo-<events>` with `outflow demo`, then:
  - Outflow: `outflow query --format csv` over the lake (one process per query, so its time includes start-up
    and opening the catalog, a few tens of milliseconds);
  - DuckDB (pip) over the lake's Parquet files with `read_parquet`, `threads` 1 and 2 (the same SQL as Outflow);
  - PostgreSQL 15 (`IntegrationTests/peers/postgres.py`, `max_parallel_workers_per_gather = 2`, `work_mem` 256MB)
    and SQLite (Python's sqlite3) over flat tables loaded with the same rows: PostgreSQL has no struct columns
    like the lake's, so nested fields become columns and `productListItems` a table of its own. Loading is not
    timed; the loaded cluster and database are kept under `bench-data/` and reused.
Every engine's result is compared with DuckDB's (2 threads) before its time counts; a query an engine refuses
or answers differently is reported as such, not timed. Prints a Markdown table of best-of-N seconds and the
ratios the issue sets targets for: Outflow vs PostgreSQL (target >= 10x faster) and vs DuckDB at the same
thread count (target within 1.5x).
"""
import argparse
import csv
import io
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "IntegrationTests"))

from peers.postgres import PostgresPeer  # noqa: E402

DATASETS = ("web_events", "product_catalog")

# name -> (what, lake SQL for Outflow and DuckDB, flat SQL for PostgreSQL, flat SQL for SQLite).
# {lo} and {hi} are the middle third of the events' time range, filled in at run time.
QUERIES = {
    "Q1": (
        "count with a filter",
        "SELECT count(*) FROM web_events WHERE (placeContext).geo.countryCode = 'US' AND (device).type = 'Mobile'",
        "SELECT count(*) FROM events WHERE country_code = 'US' AND device_type = 'Mobile'",
        "SELECT count(*) FROM events WHERE country_code = 'US' AND device_type = 'Mobile'",
    ),
    "Q2": (
        "sum over a filtered time range",
        "SELECT sum((commerce).\"order\".priceTotal) FROM web_events "
        "WHERE timestamp >= TIMESTAMPTZ '{lo}' AND timestamp < TIMESTAMPTZ '{hi}'",
        "SELECT sum(order_total) FROM events WHERE ts >= TIMESTAMPTZ '{lo}' AND ts < TIMESTAMPTZ '{hi}'",
        "SELECT printf('%.2f', sum(order_total_cents) / 100.0) FROM events WHERE ts >= {lo_us} AND ts < {hi_us}",
    ),
    "Q3": (
        "high-cardinality GROUP BY with count(DISTINCT)",
        "SELECT ecid, count(*), count(DISTINCT (web).webPageDetails.name) AS pages FROM web_events "
        "GROUP BY ecid ORDER BY pages DESC, ecid LIMIT 10",
        "SELECT ecid, count(*), count(DISTINCT page_name) AS pages FROM events "
        "GROUP BY ecid ORDER BY pages DESC, ecid LIMIT 10",
        "SELECT ecid, count(*), count(DISTINCT page_name) AS pages FROM events "
        "GROUP BY ecid ORDER BY pages DESC, ecid LIMIT 10",
    ),
    "Q4": (
        "join with the product catalog",
        "SELECT p.category, count(*), sum(i.quantity) FROM web_events e, unnest(e.productListItems) AS i "
        "JOIN product_catalog p ON p.SKU = i.SKU GROUP BY p.category ORDER BY p.category",
        "SELECT p.category, count(*), sum(i.quantity) FROM items i JOIN products p ON p.sku = i.sku "
        "GROUP BY p.category ORDER BY p.category",
        "SELECT p.category, count(*), sum(i.quantity) FROM items i JOIN products p ON p.sku = i.sku "
        "GROUP BY p.category ORDER BY p.category",
    ),
    "Q5": (
        "top-N",
        "SELECT _id, (commerce).\"order\".priceTotal AS total FROM web_events "
        "WHERE (commerce).\"order\".priceTotal IS NOT NULL ORDER BY total DESC, _id LIMIT 10",
        "SELECT id, order_total FROM events WHERE order_total IS NOT NULL ORDER BY order_total DESC, id LIMIT 10",
        "SELECT id, printf('%.2f', order_total_cents / 100.0) FROM events WHERE order_total_cents IS NOT NULL "
        "ORDER BY order_total_cents DESC, id LIMIT 10",
    ),
    "Q6": (
        "sessionization (30 minutes of inactivity per device, window functions)",
        "WITH marked AS (SELECT ecid, timestamp, CASE WHEN timestamp - lag(timestamp) OVER "
        "(PARTITION BY ecid ORDER BY timestamp) <= INTERVAL '30 minutes' THEN 0 ELSE 1 END AS new_session "
        "FROM web_events), numbered AS (SELECT ecid, sum(new_session) OVER (PARTITION BY ecid ORDER BY timestamp "
        "ROWS UNBOUNDED PRECEDING) AS session FROM marked) "
        "SELECT count(*) AS sessions, max(events) AS longest FROM "
        "(SELECT ecid, session, count(*) AS events FROM numbered GROUP BY ecid, session) s",
        "WITH marked AS (SELECT ecid, ts, CASE WHEN ts - lag(ts) OVER (PARTITION BY ecid ORDER BY ts) "
        "<= INTERVAL '30 minutes' THEN 0 ELSE 1 END AS new_session FROM events), "
        "numbered AS (SELECT ecid, sum(new_session) OVER (PARTITION BY ecid ORDER BY ts "
        "ROWS UNBOUNDED PRECEDING) AS session FROM marked) "
        "SELECT count(*) AS sessions, max(events) AS longest FROM "
        "(SELECT ecid, session, count(*) AS events FROM numbered GROUP BY ecid, session) s",
        "WITH marked AS (SELECT ecid, ts, CASE WHEN ts - lag(ts) OVER (PARTITION BY ecid ORDER BY ts) "
        "<= 1800000000 THEN 0 ELSE 1 END AS new_session FROM events), "
        "numbered AS (SELECT ecid, sum(new_session) OVER (PARTITION BY ecid ORDER BY ts "
        "ROWS UNBOUNDED PRECEDING) AS session FROM marked) "
        "SELECT count(*) AS sessions, max(events) AS longest FROM "
        "(SELECT ecid, session, count(*) AS events FROM numbered GROUP BY ecid, session) s",
    ),
}

# The flat tables for PostgreSQL and SQLite, as DuckDB selects them from the lake.
FLAT_EVENTS = """
SELECT _id AS id, timestamp AS ts, ecid, crmId AS crm_id, web.webPageDetails.name AS page_name,
       marketing.channel AS channel, placeContext.geo.countryCode AS country_code, device.type AS device_type,
       commerce."order".priceTotal AS order_total FROM web_events"""
FLAT_ITEMS = """
SELECT _id AS event_id, i.SKU AS sku, i.quantity AS quantity, i.priceTotal AS price_total
FROM (SELECT _id, unnest(productListItems) AS i FROM web_events)"""
FLAT_PRODUCTS = "SELECT SKU AS sku, name, category, price FROM product_catalog"

PG_DDL = [
    "CREATE TABLE events (id text, ts timestamptz, ecid text, crm_id text, page_name text, channel text, "
    "country_code text, device_type text, order_total numeric(18,2))",
    "CREATE TABLE items (event_id text, sku text, quantity integer, price_total numeric(18,2))",
    "CREATE TABLE products (sku text, name text, category text, price numeric(18,2))",
]
SQLITE_DDL = [
    "CREATE TABLE events (id TEXT, ts INTEGER, ecid TEXT, crm_id TEXT, page_name TEXT, channel TEXT, "
    "country_code TEXT, device_type TEXT, order_total_cents INTEGER)",
    "CREATE TABLE items (event_id TEXT, sku TEXT, quantity INTEGER, price_total_cents INTEGER)",
    "CREATE TABLE products (sku TEXT, name TEXT, category TEXT, price_cents INTEGER)",
]


def outflow(binary, data, *args, timeout=None):
    env = dict(os.environ, OUTFLOW_DATA_DIR=str(data))
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout)


def lake_files(binary, data):
    files = {}
    for name in DATASETS:
        shown = outflow(binary, data, "dataset", "show", name)
        if shown.returncode != 0:
            sys.exit(f"outflow dataset show {name}: {shown.stderr}")
        ds_id = json.loads(shown.stdout)["id"]
        files[name] = sorted(str(p) for p in data.glob(f"lake/*/{ds_id}/batch=*/*.parquet"))
    return files


def duckdb_connection(files, threads):
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET TimeZone = 'UTC'")
    for name, paths in files.items():
        listed = ", ".join(repr(p) for p in paths)
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}], hive_partitioning = false)")
    return con


def normalise(rows):
    """Rows as comparable tuples: numbers as rounded floats, everything else as text."""
    out = []
    for row in rows:
        values = []
        for v in row:
            if v is None or v == "":
                values.append(None)
                continue
            try:
                f = float(v)
                values.append(round(f, 6) if math.isfinite(f) else str(f))
            except (TypeError, ValueError):
                values.append(str(v))
        out.append(tuple(values))
    return out


def timed(run, repeat):
    """(best seconds, rows) of `run()` over `repeat` runs."""
    best, rows = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        best = min(best, time.perf_counter() - start)
    return best, rows


def export_flat(con, work):
    """The flat tables as CSV files (DuckDB writes them once)."""
    paths = {}
    for table, sql in (("events", FLAT_EVENTS), ("items", FLAT_ITEMS), ("products", FLAT_PRODUCTS)):
        path = work / f"{table}.csv"
        if not path.exists():
            tmp = work / f"{table}.csv.tmp"
            con.execute(f"COPY ({sql}) TO '{tmp}' (FORMAT csv, HEADER false)")
            tmp.rename(path)
        paths[table] = path
    return paths


def load_postgres(peer, csvs):
    conn = peer.connect()
    loaded = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'bench_loaded'").fetchone()[0]
    if loaded:
        return conn
    for table in ("events", "items", "products", "bench_loaded"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for ddl in PG_DDL:
        conn.execute(ddl)
    for table, path in csvs.items():
        with conn.cursor().copy(f"COPY {table} FROM STDIN (FORMAT csv)") as copy, open(path, "rb") as f:
            while block := f.read(1 << 20):
                copy.write(block)
        conn.execute(f"ANALYZE {table}")
    conn.execute("CREATE TABLE bench_loaded (at timestamptz DEFAULT now())")
    return conn


def _micros(text):
    if not text:
        return None
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1_000_000)


def _cents(text):
    return None if text == "" else int(Decimal(text) * 100)


def load_sqlite(path, csvs):
    db = sqlite3.connect(path)
    if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bench_loaded'").fetchone()[0]:
        return db
    for ddl in SQLITE_DDL:
        db.execute(ddl)
    convert = {
        "events": lambda r: (*[v or None for v in r[:1]], _micros(r[1]), *[v or None for v in r[2:8]], _cents(r[8])),
        "items": lambda r: (r[0], r[1] or None, int(r[2]) if r[2] else None, _cents(r[3])),
        "products": lambda r: (r[0] or None, r[1] or None, r[2] or None, _cents(r[3])),
    }
    for table, path_csv in csvs.items():
        with open(path_csv, newline="") as f:
            rows = (convert[table](r) for r in csv.reader(f))
            marks = ", ".join("?" * {"events": 9, "items": 4, "products": 4}[table])
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    db.execute("CREATE TABLE bench_loaded (x)")
    db.commit()
    return db


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--outflow", default=str(ROOT / ".build" / "release" / "outflow"))
    ap.add_argument("--data", default=None, help="demo data dir (default bench-data/demo-<events>)")
    ap.add_argument("--repeat", type=int, default=3, help="best of N")
    ap.add_argument("--only", default="", help="comma-separated query names")
    ap.add_argument("--engines", default="outflow,duckdb1,duckdb2,postgres,sqlite")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per Outflow query")
    args = ap.parse_args()
    engines = set(args.engines.split(","))
    names = [n for n in QUERIES if not args.only or n in args.only.split(",")]

    data = Path(args.data or ROOT / "bench-data" / f"demo-{args.events}").resolve()
    if not (data / "catalog.sqlite").exists():
        start = time.perf_counter()
        made = outflow(args.outflow, data, "demo", "--events", args.events, "--data-dir", data)
        if made.returncode != 0:
            sys.exit(made.stderr)
        print(f"outflow demo --events {args.events}: {time.perf_counter() - start:.1f} s")
    files = lake_files(args.outflow, data)
    reference = duckdb_connection(files, 2)
    lo, hi = reference.execute(
        "SELECT min(timestamp) + (max(timestamp) - min(timestamp)) / 3, "
        "min(timestamp) + 2 * (max(timestamp) - min(timestamp)) / 3 FROM web_events").fetchone()
    params = {"lo": lo.isoformat(), "hi": hi.isoformat(), "lo_us": int(lo.timestamp() * 1e6),
              "hi_us": int(hi.timestamp() * 1e6)}
    rows = reference.execute("SELECT count(*) FROM web_events").fetchone()[0]
    print(f"web_events: {rows:,} rows in {len(files['web_events'])} lake files; machine load "
          f"{os.getloadavg()[0]:.1f}; best of {args.repeat}")

    work = data.parent / f"sql-{data.name}"
    work.mkdir(parents=True, exist_ok=True)
    csvs = export_flat(reference, work) if engines & {"postgres", "sqlite"} else {}
    peer = pg = lite = None
    if "postgres" in engines:
        peer = PostgresPeer(work / "pg").start()
        pg = load_postgres(peer, csvs)
        for setting in ("max_parallel_workers_per_gather = 2", "work_mem = '256MB'", "statement_timeout = 0",
                        "TimeZone = 'UTC'", "jit = off"):
            pg.execute(f"SET {setting}")
    if "sqlite" in engines:
        lite = load_sqlite(work / "bench.sqlite", csvs)

    results = {}  # (query, engine) -> seconds or a reason
    try:
        for name in names:
            what, lake_sql, pg_sql, lite_sql = QUERIES[name]
            lake_sql, pg_sql, lite_sql = (s.format(**params) for s in (lake_sql, pg_sql, lite_sql))
            expected = normalise(reference.execute(lake_sql).fetchall())
            runs = {}
            if "duckdb1" in engines:
                con1 = duckdb_connection(files, 1)
                runs["DuckDB 1 thread"] = lambda: con1.execute(lake_sql).fetchall()
            if "duckdb2" in engines:
                runs["DuckDB 2 threads"] = lambda: reference.execute(lake_sql).fetchall()
            if pg is not None:
                runs["PostgreSQL 15"] = lambda: pg.execute(pg_sql).fetchall()
            if lite is not None:
                runs["SQLite"] = lambda: lite.execute(lite_sql).fetchall()
            if "outflow" in engines:
                def run_outflow():
                    done = outflow(args.outflow, data, "query", "--format", "csv", lake_sql, timeout=args.timeout)
                    if done.returncode != 0:
                        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else
                                           f"exit {done.returncode}")
                    return list(csv.reader(io.StringIO(done.stdout)))[1:]
                runs["Outflow"] = run_outflow
            for engine, run in runs.items():
                try:
                    seconds, got = timed(run, args.repeat)
                except Exception as error:  # an engine that refuses the query is reported, not timed
                    results[name, engine] = f"failed: {str(error)[:120]}"
                    continue
                results[name, engine] = seconds if normalise(got) == expected else "wrong result"
            print(f"{name} {what}: " + ", ".join(
                f"{e} {v:.3f} s" if isinstance(v, float) else f"{e} {v}"
                for (q, e), v in results.items() if q == name), flush=True)
    finally:
        if peer is not None:
            pg.close()
            peer.stop()

    engines_order = ["Outflow", "DuckDB 1 thread", "DuckDB 2 threads", "PostgreSQL 15", "SQLite"]
    shown = [e for e in engines_order if any(k[1] == e for k in results)]
    print()
    print("| query | " + " | ".join(shown) + " | PostgreSQL / Outflow | DuckDB 2 / Outflow |")
    print("|---|" + "---|" * (len(shown) + 2))
    for name in names:
        cells = []
        for e in shown:
            v = results.get((name, e))
            cells.append(f"{v:.3f}" if isinstance(v, float) else (v or ""))
        ours = results.get((name, "Outflow"))

        def ratio(peer_name):
            v = results.get((name, peer_name))
            return f"{v / ours:.2f}" if isinstance(v, float) and isinstance(ours, float) else ""
        print(f"| {name} {QUERIES[name][0]} | " + " | ".join(cells) +
              f" | {ratio('PostgreSQL 15')} | {ratio('DuckDB 2 threads')} |")


if __name__ == "__main__":
    main()
