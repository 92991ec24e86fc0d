"""pgbench and COPY streaming against PostgreSQL 15 and Outflow's PostgreSQL endpoint, same data, one run (issue 14).

Usage:
    .venv/bin/python Benchmarks/scripts/compare_pgbench.py [--events 10000000] [--duration 30]
        [--outflow-port PORT [--outflow-user U] [--outflow-password KEY] [--outflow-database prod]]

Data: the demo lake `bench-data/demo-<events>` (made with `outflow demo` when missing, as compare_sql.py does) and
compare_sql.py's PostgreSQL cluster over the same rows (`bench-data/sql-demo-<events>/pg`, loaded once and kept:
flat `events`, `items`, `products`), plus a `product_catalog` table there with the lake's product columns, so that
the pgbench scripts send the same SQL to both servers. Outflow is not started here: pass the port of an
`outflow serve --pg-port PORT` over the same data directory (the password is its API key, default
`$OUTFLOW_API_KEY`); without `--outflow-port` only PostgreSQL runs. Every address is 127.0.0.1.

Runs, for each server:
  - `pgbench -n -M extended -c 16 -j 2 -T <duration>` with each script below (a point lookup by key, a small
    aggregate), after checking once that both servers answer the script's query alike;
  - `psql -c "\\copy (SELECT ...) to /dev/null"` of the whole events table (10M rows at the default size): PostgreSQL
    copies its flat `events`, Outflow the same columns selected from the nested `web_events`.
Prints a Markdown table of transactions per second, failed transactions and aborted clients, and the COPY seconds.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Benchmarks" / "scripts"))
sys.path.insert(0, str(ROOT / "IntegrationTests"))

import compare_sql  # noqa: E402
from peers.postgres import PostgresPeer  # noqa: E402

# name -> (what, pgbench script): the same text for both servers (`:id` and `:p` travel as parameters with -M
# extended). SKUs run from SKU-010000 to SKU-010999 in the demo's product catalog.
SCRIPTS = {
    "point": ("point lookup by key (product_catalog)",
              "\\set id random(10000, 10999)\n"
              "SELECT name, category, price FROM product_catalog WHERE SKU = 'SKU-0' || :id;\n"),
    "aggregate": ("small aggregate (product_catalog GROUP BY)",
                  "\\set p random(1, 500)\n"
                  "SELECT category, count(*), sum(price) FROM product_catalog WHERE price >= :p "
                  "GROUP BY category ORDER BY category;\n"),
}
# The whole events table, flat: PostgreSQL's loaded table, and the same columns from Outflow's lake.
COPY_SQL = {
    "PostgreSQL 15": "SELECT * FROM events",
    "Outflow": "SELECT _id AS id, timestamp AS ts, ecid, crmId AS crm_id, (web).webPageDetails.name AS page_name, "
               "(marketing).channel AS channel, (placeContext).geo.countryCode AS country_code, "
               "(device).type AS device_type, (commerce).\"order\".priceTotal AS order_total FROM web_events",
}
LOOPBACK = "127.0.0.1"


class Server:
    def __init__(self, name, port, user, password, database):
        self.name, self.port, self.user, self.password, self.database = name, port, user, password, database

    def env(self):
        return dict(os.environ, PGHOST=LOOPBACK, PGPORT=str(self.port), PGUSER=self.user, PGPASSWORD=self.password,
                    PGDATABASE=self.database, PGCONNECT_TIMEOUT="10", PGTZ="UTC")


def psql(server, *args, timeout=3600, quiet=True):
    return subprocess.run(["psql", "-X", *(["-q"] if quiet else []), "-v", "ON_ERROR_STOP=1", *args],
                          capture_output=True, text=True, env=server.env(), timeout=timeout)


def script_sample(script: str) -> str:
    """The script's query with its variables at fixed values, for the answer check."""
    return script.split("\n", 1)[1].replace(":id", "10042").replace(":p", "100").strip()


def run_pgbench(server, script_path: Path, args) -> dict:
    proc = subprocess.run(["pgbench", "-n", "-M", "extended", "-c", str(args.clients), "-j", str(args.threads),
                           "-T", str(args.duration), "-f", str(script_path)], capture_output=True, text=True,
                          env=server.env(), timeout=args.duration * 4 + 120)
    out = proc.stdout + proc.stderr
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    done = re.search(r"number of transactions actually processed: (\d+)", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    return {"tps": float(tps.group(1)) if tps else None, "transactions": int(done.group(1)) if done else 0,
            "failed": int(failed.group(1)) if failed else None, "aborted": len(re.findall(r"aborted", proc.stderr)),
            "exit": proc.returncode, "log": out.strip().splitlines()[-3:] if proc.returncode else []}


def time_copy(server, sql: str):
    """(seconds, rows) of `\\copy (sql) to /dev/null` through psql, or (None, error text)."""
    start = time.perf_counter()
    proc = psql(server, "-c", f"\\copy ({sql}) to /dev/null", quiet=False)  # not quiet: psql prints COPY n
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return None, proc.stderr.strip()[-200:]
    rows = re.search(r"^COPY (\d+)$", proc.stdout, re.M)
    if not rows:  # e.g. rows answered instead of CopyOut: psql then prints them and no COPY tag
        return None, "no `COPY n` from psql: the server did not stream the result with CopyOut"
    return seconds, int(rows.group(1))


def prepare_postgres(args, data: Path) -> tuple:
    """compare_sql.py's cluster over the demo's rows (loaded once), plus `product_catalog` with the lake's
    columns. Returns (peer, Server)."""
    files = compare_sql.lake_files(args.outflow, data)
    work = data.parent / f"sql-{data.name}"
    work.mkdir(parents=True, exist_ok=True)
    csvs = compare_sql.export_flat(compare_sql.duckdb_connection(files, 2), work)
    peer = PostgresPeer(work / "pg").start()
    conn = compare_sql.load_postgres(peer, csvs)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS product_catalog AS SELECT sku, name, category, price FROM products")
        conn.execute("ANALYZE product_catalog")
    finally:
        conn.close()
    return peer, Server("PostgreSQL 15", peer.port, "outflow", peer.password, "postgres")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--data", default=None, help="demo data dir (default bench-data/demo-<events>)")
    ap.add_argument("--outflow", default=str(ROOT / ".build" / "release" / "outflow"),
                    help="the outflow binary (makes the demo when missing, lists the lake's files)")
    ap.add_argument("--duration", type=int, default=30, help="seconds per pgbench run (-T)")
    ap.add_argument("--clients", type=int, default=16, help="pgbench -c")
    ap.add_argument("--threads", type=int, default=2, help="pgbench -j")
    ap.add_argument("--only", default="", help="comma-separated script names (point, aggregate)")
    ap.add_argument("--skip-copy", action="store_true", help="no COPY streaming timing")
    ap.add_argument("--outflow-port", type=int, default=0, help="port of `outflow serve --pg-port` (127.0.0.1)")
    ap.add_argument("--outflow-user", default="outflow")
    ap.add_argument("--outflow-password", default=os.environ.get("OUTFLOW_API_KEY", ""),
                    help="the API key (default $OUTFLOW_API_KEY)")
    ap.add_argument("--outflow-database", default="prod")
    args = ap.parse_args(argv)
    names = [n for n in SCRIPTS if not args.only or n in args.only.split(",")]

    data = Path(args.data or ROOT / "bench-data" / f"demo-{args.events}").resolve()
    if not (data / "catalog.sqlite").exists():
        made = compare_sql.outflow(args.outflow, data, "demo", "--events", args.events, "--data-dir", data)
        if made.returncode != 0:
            sys.exit(made.stderr)
    peer, postgres = prepare_postgres(args, data)
    servers = [postgres]
    if args.outflow_port:
        servers.append(Server("Outflow", args.outflow_port, args.outflow_user, args.outflow_password,
                              args.outflow_database))
    print(f"{args.events:,} events; pgbench -n -M extended -c {args.clients} -j {args.threads} -T {args.duration}; "
          f"machine load {os.getloadavg()[0]:.1f}", flush=True)

    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="pgbench-") as tmp:
            for name in names:
                what, script = SCRIPTS[name]
                path = Path(tmp) / f"{name}.sql"
                path.write_text(script)
                answers = {}
                for server in servers:
                    check = psql(server, "--csv", "-c", script_sample(script))
                    answers[server.name] = check.stdout if check.returncode == 0 else None
                    if answers[server.name] is None:
                        results[name, server.name] = {"error": check.stderr.strip()[-200:]}
                        continue
                    if answers[server.name] != answers[postgres.name]:
                        results[name, server.name] = {"error": "answers differently from PostgreSQL"}
                        continue
                    results[name, server.name] = run_pgbench(server, path, args)
                    print(f"{name} on {server.name}: {results[name, server.name]}", flush=True)
            if not args.skip_copy:
                for server in servers:
                    results["copy", server.name] = time_copy(server, COPY_SQL[server.name])
                    print(f"COPY on {server.name}: {results['copy', server.name]}", flush=True)
    finally:
        peer.stop()
    print()
    print(report(results, servers, names, args))


def report(results, servers, names, args) -> str:
    shown = [s.name for s in servers]
    lines = ["| workload | " + " | ".join(f"{s} tps | {s} failed / aborted clients" for s in shown) + " |",
             "|---|" + "---|---|" * len(shown)]
    for name in names:
        cells = []
        for s in shown:
            r = results.get((name, s), {})
            if "error" in r:
                cells += [f"error: {r['error']}", ""]
            else:
                tps = f"{r['tps']:.0f}" if r.get("tps") is not None else f"none (exit {r.get('exit')})"
                cells += [tps, f"{r.get('failed')} / {r.get('aborted')}"]
        lines.append(f"| {name}: {SCRIPTS[name][0]} | " + " | ".join(cells) + " |")
    if not args.skip_copy:
        cells = []
        for s in shown:
            seconds, rows = results.get(("copy", s), (None, "not run"))
            cells += [f"{seconds:.2f} s ({rows:,} rows)" if seconds is not None else f"error: {rows}", ""]
        lines.append("| `\\copy (SELECT ...) to /dev/null`, whole events table | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
