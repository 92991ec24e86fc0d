"""A journey report beside DuckDB's reference SQL, in one run (issue 15).

Usage:
    swift build -c release --product outflow
    .venv/bin/python Benchmarks/scripts/compare_journey.py [--events 10000000] [--repeat 2]

Reuses (or generates) the demo lake under `bench-data/demo-<events>` like `compare_sql.py` (`outflow demo` also
creates the `demo` connection and data view), then times the report "revenue by last-touch marketing channel
(30-day lookback) with sessions and people":
  - Outflow: `outflow report --data-view demo --dimension marketing_channel --metric revenue --metric sessions
    --metric people --format ndjson` (one process: load the events through the Query Service, stitch, order each
    person's events, sessionize, attribute);
  - DuckDB with 1 and 2 threads: the same definitions in SQL over the lake's Parquet files. Stitching and
    sessions are `Tests/JourneyTests/Reference/events.sql` (window functions, materialized once); last-touch
    attribution is an ASOF join of each order to the person's latest event with a channel at or before it,
    credited when at most 30 days old. This is the fastest formulation we know; the reference tests use a
    general one that covers every attribution model.
Every item's revenue, sessions and people are checked against DuckDB's. Prints best-of-N seconds and DuckDB's time
divided by Outflow's (above 1.00 Outflow is faster).
"""
import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

# The demo lake's helpers (run `outflow`, list the lake files, best of N) are compare_ctas.py's.
from compare_ctas import best, lake_files, outflow

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "Tests" / "JourneyTests" / "Reference" / "events.sql"

REPORT = """
WITH ev AS MATERIALIZED ({events}),
orders AS (SELECT person, ts, revenue FROM ev WHERE revenue IS NOT NULL),
touches AS (SELECT person, ts, channel FROM ev WHERE channel IS NOT NULL),
revenue AS (
    SELECT coalesce(CASE WHEN o.ts - t.ts <= 30 * 86400000000 THEN t.channel END, 'Unspecified') AS item,
           sum(o.revenue) AS revenue
    FROM orders o ASOF LEFT JOIN touches t ON o.person = t.person AND o.ts >= t.ts
    GROUP BY 1
),
counts AS (
    SELECT coalesce(channel, 'Unspecified') AS item, count(DISTINCT (person, session_no)) AS sessions,
           count(DISTINCT person) AS people
    FROM ev GROUP BY 1
)
SELECT item, coalesce(revenue, 0), coalesce(sessions, 0), coalesce(people, 0)
FROM counts FULL JOIN revenue USING (item)
"""


def outflow_report(binary, data):
    text = outflow(binary, data, "report", "--data-view", "demo", "--dimension", "marketing_channel",
                   "--metric", "revenue", "--metric", "sessions", "--metric", "people", "--limit", "1000",
                   "--format", "ndjson")
    rows = {}
    for line in text.splitlines():
        if line.strip():
            row = json.loads(line)
            rows[str(row["marketing_channel"])] = (float(row["revenue"]), int(row["sessions"]), int(row["people"]))
    return rows


def duckdb_report(files, threads, replay_days):
    listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    events = REFERENCE.read_text().split("CREATE VIEW events AS", 1)[1]
    for key, value in {"files": listed, "replay_days": replay_days, "person": "stitched_id",
                       "timeout_minutes": 30}.items():
        events = events.replace("{" + key + "}", str(value))
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET TimeZone = 'UTC'")
    rows = con.execute(REPORT.format(events=events)).fetchall()
    return {str(item): (float(rev), int(ses), int(ppl)) for item, rev, ses, ppl in rows}


def differences(ours, theirs):
    found = []
    for item in sorted(set(ours) | set(theirs)):
        a, b = ours.get(item), theirs.get(item)
        if a is None or b is None or abs(a[0] - b[0]) > 1e-6 * max(1.0, abs(b[0])) or a[1:] != b[1:]:
            found.append(f"{item}: Outflow {a}, DuckDB {b}")
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--outflow", default=str(ROOT / ".build" / "release" / "outflow"))
    ap.add_argument("--data", default=None, help="demo data dir (default bench-data/demo-<events>)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--replay-days", type=int, default=7, help="the demo connection's replay lookback")
    args = ap.parse_args()
    data = Path(args.data or ROOT / "bench-data" / f"demo-{args.events}").resolve()
    if not (data / "catalog.sqlite").exists():
        outflow(args.outflow, data, "demo", "--events", args.events, "--data-dir", data)
    files = lake_files(args.outflow, data)
    print(f"web_events: {len(files)} lake files; machine load {os.getloadavg()[0]:.1f}; best of {args.repeat}")

    times = {}
    seconds, ours = best(lambda: outflow_report(args.outflow, data), args.repeat)
    times["Outflow"] = seconds
    for threads in (1, 2):
        seconds, theirs = best(lambda: duckdb_report(files, threads, args.replay_days), args.repeat)
        times[f"DuckDB {threads}T"] = seconds
    wrong = differences(ours, theirs)
    print(f"{len(theirs)} channels; " + ("results agree" if not wrong else f"{len(wrong)} items differ:"))
    for line in wrong[:20]:
        print("  " + line)
    print()
    print("| report | Outflow s | DuckDB 1T s | DuckDB 2T s | DuckDB 1T / Outflow | DuckDB 2T / Outflow |")
    print("|---|---|---|---|---|---|")
    ours_s = times["Outflow"]
    print(f"| revenue by last-touch channel (30 days), sessions, people | {ours_s:.2f} | "
          f"{times['DuckDB 1T']:.2f} | {times['DuckDB 2T']:.2f} | {times['DuckDB 1T'] / ours_s:.2f} | "
          f"{times['DuckDB 2T'] / ours_s:.2f} |")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
