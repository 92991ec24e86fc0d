"""`CREATE TABLE AS` (a derived dataset written to the lake) beside DuckDB `COPY ... TO` and polars, in one run (issue 13).

Usage:
    swift build -c release --product outflow
    .venv/bin/pip install -r Benchmarks/requirements.txt      # polars
    .venv/bin/python Benchmarks/scripts/compare_ctas.py [--events 10000000] [--repeat 2]

Reuses (or generates) the demo lake under `bench-data/demo-<events>` like `compare_sql.py`, then for each case times
  - Outflow: `outflow query "CREATE TABLE bench_ctas AS <select>"` (one process: plan, scan, write Parquet ZSTD
    into a new lake batch, commit it to the catalog), after `DROP TABLE IF EXISTS bench_ctas` (not timed);
  - DuckDB `COPY (<select>) TO 'out.parquet' (FORMAT parquet, COMPRESSION zstd)` with 1 and 2 threads;
  - polars (2 threads): the same select as a lazy frame over the lake files, `sink_parquet(..., compression="zstd")`.
Every engine's row count is checked against DuckDB's. Prints best-of-N seconds, rows/s and each peer's time
divided by Outflow's (above 1.00 Outflow is faster).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

# polars sizes its thread pool when imported: two threads, like the rest of this comparison.
os.environ.setdefault("POLARS_MAX_THREADS", "2")
try:
    import polars as pl
except ImportError:  # polars is optional
    pl = None

ROOT = Path(__file__).resolve().parents[2]


def polars_copy(files):
    return pl.scan_parquet(files).select(COPY_COLUMNS)


def polars_derived(files):
    us = pl.col("placeContext").struct.field("geo").struct.field("countryCode") == "US"
    return pl.scan_parquet(files).filter(us).select(
        pl.col("ecid"),
        pl.col("timestamp"),
        pl.col("web").struct.field("webPageDetails").struct.field("name").alias("page"),
        pl.col("commerce").struct.field("order").struct.field("priceTotal").alias("total"),
    )


# Every column but `_id`, which a derived dataset generates itself (selecting it is 42701).
COPY_COLUMNS = ["timestamp", "identityMap", "ecid", "crmId", "web", "marketing", "productListItems", "commerce",
                "placeContext", "environment", "device"]

# name -> (what, SELECT over the lake for Outflow and DuckDB, polars lazy frame builder)
CASES = {
    "copy": (
        "every column of web_events but _id",
        "SELECT " + ", ".join(COPY_COLUMNS) + " FROM web_events",
        polars_copy,
    ),
    "derived": (
        "4 columns (2 nested) of the US events",
        "SELECT ecid, timestamp, (web).webPageDetails.name AS page, (commerce).\"order\".priceTotal AS total "
        "FROM web_events WHERE (placeContext).geo.countryCode = 'US'",
        polars_derived,
    ),
}


def outflow(binary, data, *args):
    env = dict(os.environ, OUTFLOW_DATA_DIR=str(data))
    done = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-300:] or f"exit {done.returncode}")
    return done.stdout


def lake_files(binary, data):
    shown = json.loads(outflow(binary, data, "dataset", "show", "web_events"))
    return sorted(str(p) for p in data.glob(f"lake/*/{shown['id']}/batch=*/*.parquet"))


def best(run, repeat):
    seconds, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        seconds = min(seconds, time.perf_counter() - start)
    return seconds, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--outflow", default=str(ROOT / ".build" / "release" / "outflow"))
    ap.add_argument("--data", default=None, help="demo data dir (default bench-data/demo-<events>)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated case names")
    args = ap.parse_args()
    data = Path(args.data or ROOT / "bench-data" / f"demo-{args.events}").resolve()
    if not (data / "catalog.sqlite").exists():
        outflow(args.outflow, data, "demo", "--events", args.events, "--data-dir", data)
    files = lake_files(args.outflow, data)
    listed = ", ".join(repr(p) for p in files)
    print(f"web_events: {len(files)} lake files; machine load {os.getloadavg()[0]:.1f}; best of {args.repeat}")

    rows = []
    with tempfile.TemporaryDirectory(dir=data.parent) as work:
        out = Path(work) / "out.parquet"
        for name, (what, select, polars_frame) in CASES.items():
            if args.only and name not in args.only.split(","):
                continue
            con = duckdb.connect()
            con.execute("SET TimeZone = 'UTC'")
            con.execute(f"CREATE VIEW web_events AS SELECT * FROM read_parquet([{listed}], hive_partitioning = false)")
            expected = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
            times = {}

            def run_outflow():
                outflow(args.outflow, data, "query", "DROP TABLE IF EXISTS bench_ctas")
                start = time.perf_counter()
                outflow(args.outflow, data, "query", f"CREATE TABLE bench_ctas AS {select}")
                elapsed = time.perf_counter() - start
                counted = outflow(args.outflow, data, "query", "--format", "csv", "SELECT count(*) FROM bench_ctas")
                return elapsed, int(counted.split()[-1])

            elapsed = []
            for _ in range(args.repeat):
                seconds, count = run_outflow()
                elapsed.append(seconds)
            outflow(args.outflow, data, "query", "DROP TABLE IF EXISTS bench_ctas")
            times["Outflow"] = min(elapsed) if count == expected else f"wrong count {count}"

            for threads in (1, 2):
                con.execute(f"SET threads = {threads}")

                def run_duckdb():
                    con.execute(f"COPY ({select}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)")
                    return con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]

                seconds, count = best(run_duckdb, args.repeat)
                times[f"DuckDB {threads}T"] = seconds if count == expected else f"wrong count {count}"
            if pl is not None:

                def run_polars():
                    polars_frame(files).sink_parquet(out, compression="zstd")
                    return pl.scan_parquet(out).select(pl.len()).collect().item()

                seconds, count = best(run_polars, args.repeat)
                times["polars 2T"] = seconds if count == expected else f"wrong count {count}"
            line = ", ".join(f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}" for k, v in times.items())
            print(f"{name} ({what}, {expected:,} rows): {line}", flush=True)
            rows.append((name, what, expected, times))

    peers = ["DuckDB 1T", "DuckDB 2T", "polars 2T"]
    print()
    print("| case | rows | Outflow s | " + " | ".join(f"{p} s" for p in peers) + " | "
          + " | ".join(f"{p} / Outflow" for p in peers) + " |")
    print("|---|---|---|" + "---|" * (2 * len(peers)))
    for name, what, expected, times in rows:
        ours = times.get("Outflow")
        cells = [f"{times[p]:.2f}" if isinstance(times.get(p), float) else str(times.get(p, "")) for p in peers]
        ratios = [f"{times[p] / ours:.2f}" if isinstance(times.get(p), float) and isinstance(ours, float) else ""
                  for p in peers]
        shown = f"{ours:.2f}" if isinstance(ours, float) else str(ours)
        print(f"| {name}: {what} | {expected:,} | {shown} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    sys.exit(main())
