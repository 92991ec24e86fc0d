"""Outflow vs DuckDB, pyarrow and polars writing the same demo rows, in one run.

Usage: .venv/bin/python Benchmarks/scripts/compare_writers.py [--events 1000000] [--outflow .build/release/outflow]
Generates the demo dataset with `outflow demo`, loads its web_events lake files, and times each writer
on the same rows: Parquet ZSTD/SNAPPY/none and NDJSON plain/gzip, first single-threaded, then with two
threads. Also times reading a three-column and a wide projection with 1 and 2 threads. Prints a table of rows/s and Outflow's ratio.
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
import pyarrow as pa
import pyarrow.parquet as pq

try:
    import polars as pl
except ImportError:  # polars is optional
    pl = None

ROOT = Path(__file__).resolve().parents[2]


def outflow(binary, *args, env=None):
    return subprocess.run([binary, *map(str, args)], check=True, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}).stdout


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--outflow", default=str(ROOT / ".build" / "release" / "outflow"))
    ap.add_argument("--repeat", type=int, default=2, help="best of N")
    ap.add_argument("--cases", default="parquet zstd,parquet snappy,parquet none,ndjson none,ndjson gzip",
                    help="comma-separated write cases to time (the read cases always run)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="outflow-bench-"))
    data = work / "data"
    t = timed(lambda: outflow(args.outflow, "demo", "--events", args.events, "--data-dir", data))
    print(f"outflow demo --events {args.events}: {t:.2f} s ({args.events / t:,.0f} events/s)")
    ds = json.loads(outflow(args.outflow, "dataset", "show", "web_events", "--data-dir", data))
    files = sorted(str(p) for p in data.glob(f"lake/*/{ds['id']}/batch=*/*.parquet"))
    table = pa.concat_tables([pq.read_table(f) for f in files]).combine_chunks()
    rows = table.num_rows
    out = work / "out"
    out.mkdir()

    results = []  # (case, tool, threads, seconds)

    def best(fn):
        return min(timed(fn) for _ in range(args.repeat))

    cases = [tuple(c.split()) for c in args.cases.split(",") if c.strip()]
    for threads in (1, 2):
        pa.set_cpu_count(threads)
        pa.set_io_thread_count(threads)
        con = duckdb.connect()
        con.execute(f"SET threads={threads}")
        file_list = ", ".join(f"'{f}'" for f in files)
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_parquet([{file_list}])")
        for fmt, codec in cases:
            case = f"{fmt} {codec}"

            def run_outflow():
                r = json.loads(outflow(args.outflow, "bench", "write", "--format", fmt, "--codec", codec,
                                       "--threads", threads, *files))
                return r["seconds"]
            results.append((case, "outflow", threads, min(run_outflow() for _ in range(args.repeat))))

            target = out / f"duck.{fmt}"
            if fmt == "parquet":
                sql = f"COPY t TO '{target}' (FORMAT parquet, COMPRESSION {'uncompressed' if codec == 'none' else codec})"
            else:
                sql = f"COPY t TO '{target}' (FORMAT json{', COMPRESSION gzip' if codec == 'gzip' else ''})"
            results.append((case, "duckdb", threads, best(lambda: con.execute(sql))))

            if fmt == "parquet":
                results.append((case, "pyarrow", threads,
                                best(lambda: pq.write_table(table, out / "pa.parquet", compression=codec))))
            if pl is not None and threads == 2:
                frame = pl.from_arrow(table)
                if fmt == "parquet":
                    results.append((case, "polars", threads, best(lambda: frame.write_parquet(
                        out / "pl.parquet", compression="uncompressed" if codec == "none" else codec))))
                elif codec == "none":
                    results.append((case, "polars", threads, best(lambda: frame.write_ndjson(out / "pl.json"))))
        con.close()

    # Reading projections: three columns (a timestamp and two structs of strings, doubles and a decimal), and a
    # wider one with unique and dictionary strings, decimals, a list of structs and more nested structs. One thread:
    # pyarrow with use_threads=False; two threads: pyarrow with 2 CPU threads (columns in parallel) and Outflow
    # reading files on two tasks.
    projections = {
        "read projection": ["timestamp", "web", "commerce"],
        "read wide": ["_id", "timestamp", "ecid", "web", "marketing", "productListItems", "commerce", "placeContext"],
    }
    for threads in (1, 2):
        pa.set_cpu_count(threads)
        pa.set_io_thread_count(threads)
        for case, projection in projections.items():
            results.append((case, "outflow", threads, min(
                json.loads(outflow(args.outflow, "bench", "read", "--threads", threads,
                                   "--columns", ",".join(projection), *files))["seconds"]
                for _ in range(args.repeat))))
            results.append((case, "pyarrow", threads, best(
                lambda: [pq.read_table(f, columns=projection, use_threads=threads > 1) for f in files])))

    print(f"\n{rows:,} rows; rows/s (higher is better) and Outflow's speed ratio to each peer; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'case':18} {'thr':>3} {'tool':8} {'seconds':>8} {'rows/s':>12} {'outflow x':>9}")
    for case, tool, threads, seconds in results:
        ours = next(s for c, tl, th, s in results if c == case and tl == "outflow" and th == threads) \
            if any(c == case and tl == "outflow" and th == threads for c, tl, th, _ in results) else None
        ratio = f"{seconds / ours:.2f}" if ours else ""
        print(f"{case:18} {threads:>3} {tool:8} {seconds:8.2f} {rows / seconds:12,.0f} {ratio:>9}")


if __name__ == "__main__":
    sys.exit(main())
