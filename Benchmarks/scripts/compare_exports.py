"""Outflow's export path vs DuckDB `COPY ... TO` on the same lake files, in one run (issue #4).

Usage: .venv/bin/python Benchmarks/scripts/compare_exports.py [--events 10000000] [--outflow .build/release/outflow]

Generates (or reuses) the demo lake under the ignored `bench-data/` folder with `outflow demo`, then for
Parquet ZSTD and NDJSON gzip times
  - `outflow bench export`: the real ExportExecutor doing a full export of `web_events` to a local folder
    (streaming delivery, SHA-256, manifest), in one process;
  - DuckDB `COPY (SELECT * FROM read_parquet([...lake files])) TO ...` with 1 and with 2 threads;
  - for Parquet, polars (2 threads) `read_parquet(files).write_parquet(..., compression="zstd")`.
Prints rows/s, MB/s (lake bytes read and output bytes written per second) and DuckDB's time / Outflow's
time (above 1.00 Outflow is faster). `--verify` also checks Outflow's output with gzip -t and DuckDB.
"""
import argparse
import json
import os
import shutil
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


def outflow(binary, *args):
    return subprocess.run([binary, *map(str, args)], check=True, capture_output=True, text=True).stdout


def folder_bytes(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--outflow", default=str(ROOT / ".build" / "release" / "outflow"))
    ap.add_argument("--data", default=None, help="demo data dir (default bench-data/demo-<events>)")
    ap.add_argument("--repeat", type=int, default=1, help="best of N")
    ap.add_argument("--duckdb-threads", default="1,2")
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--formats", default="parquet,json", help="cases to run: parquet, json or both")
    args = ap.parse_args()

    data = Path(args.data or ROOT / "bench-data" / f"demo-{args.events}")
    if not (data / "catalog.sqlite").exists():
        start = time.perf_counter()
        outflow(args.outflow, "demo", "--events", args.events, "--data-dir", data)
        t = time.perf_counter() - start
        print(f"outflow demo --events {args.events}: {t:.1f} s ({args.events / t:,.0f} events/s)")
    ds = json.loads(outflow(args.outflow, "dataset", "show", "web_events", "--data-dir", data))
    files = sorted(str(p) for p in data.glob(f"lake/*/{ds['id']}/batch=*/*.parquet"))
    lake_bytes = sum(os.path.getsize(f) for f in files)
    rows = duckdb.connect().execute(
        f"SELECT count(*) FROM read_parquet([{', '.join(repr(f) for f in files)}])").fetchone()[0]
    print(f"web_events: {rows:,} rows in {len(files)} lake files, {lake_bytes / 1e6:,.0f} MB")

    work = Path(tempfile.mkdtemp(prefix="outflow-export-bench-", dir=data.parent))
    results = []  # (case, tool, seconds, output bytes)
    cases = [c for c in [("PARQUET", "ZSTD"), ("JSON", "GZIP")] if c[0].lower() in args.formats.split(",")]
    try:
        for fmt, codec in cases:
            case = f"{fmt.lower()} {codec.lower()}"
            best = None
            for _ in range(args.repeat):
                out = work / "outflow"
                shutil.rmtree(out, ignore_errors=True)
                r = json.loads(outflow(args.outflow, "bench", "export", "--data-dir", data, "--dataset", "web_events",
                                       "--format", fmt, "--compression", codec, "--out-dir", out))
                assert r["rows"] == rows, f"outflow exported {r['rows']} rows, expected {rows}"
                if best is None or r["seconds"] < best["seconds"]:
                    best = r
                if args.verify:
                    verify(out, fmt, rows)
            results.append((case, "outflow", best["seconds"], best["bytes"]))

            file_list = ", ".join(f"'{f}'" for f in files)
            for threads in [int(t) for t in args.duckdb_threads.split(",") if t]:
                con = duckdb.connect()
                con.execute(f"SET threads={threads}")
                target = work / ("duck.parquet" if fmt == "PARQUET" else "duck.json.gz")
                options = "FORMAT parquet, COMPRESSION zstd" if fmt == "PARQUET" else "FORMAT json, COMPRESSION gzip"
                sql = f"COPY (SELECT * FROM read_parquet([{file_list}])) TO '{target}' ({options})"
                seconds = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    con.execute(sql)
                    seconds.append(time.perf_counter() - start)
                results.append((case, f"duckdb {threads}T", min(seconds), target.stat().st_size))
                target.unlink()
                con.close()
            if pl is not None and fmt == "PARQUET":
                # polars (2 threads): read every lake file, then write one ZSTD Parquet file.
                target = work / "polars.parquet"
                seconds = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    pl.read_parquet(files).write_parquet(target, compression="zstd")
                    seconds.append(time.perf_counter() - start)
                results.append((case, "polars 2T", min(seconds), target.stat().st_size))
                target.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n{rows:,} rows, lake {lake_bytes / 1e6:,.0f} MB; Outflow ran the full export path (2 cores); "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'case':13} {'tool':10} {'seconds':>8} {'rows/s':>11} {'lake MB/s':>9} {'out MB':>7} {'out MB/s':>8}"
          f" {'peer/outflow':>12}")
    for case, tool, seconds, out_bytes in results:
        ours = next(s for c, t, s, _ in results if c == case and t == "outflow")
        print(f"{case:13} {tool:10} {seconds:8.2f} {rows / seconds:11,.0f} {lake_bytes / 1e6 / seconds:9.1f}"
              f" {out_bytes / 1e6:7.0f} {out_bytes / 1e6 / seconds:8.1f} {seconds / ours:12.2f}")


def verify(out, fmt, rows):
    """gzip -t every NDJSON part, then count Outflow's rows with DuckDB."""
    parts = sorted(str(p) for p in Path(out).rglob("part-*"))
    if fmt == "JSON":
        for p in parts:
            subprocess.run(["gzip", "-t", p], check=True)
        n = duckdb.connect().execute(f"SELECT count(*) FROM read_json([{', '.join(repr(p) for p in parts)}], "
                       "format='newline_delimited', compression='gzip')").fetchone()[0]
    else:
        n = duckdb.connect().execute(
            f"SELECT count(*) FROM read_parquet([{', '.join(repr(p) for p in parts)}])").fetchone()[0]
    assert n == rows, f"{fmt}: DuckDB counts {n} rows in Outflow's output, expected {rows}"
    print(f"verified {fmt}: {len(parts)} part(s), {n:,} rows")


if __name__ == "__main__":
    sys.exit(main())
