#!/usr/bin/env python3
"""A stand-in for `outflow query` that speaks the engine adapter's contract (README "The engine adapter") with
DuckDB behind it, so the adapter is tested before Outflow's engine exists:

    duckdb_as_engine.py query --help
    duckdb_as_engine.py query --format ndjson "SQL; SQL; ..."   # tables in $OUTFLOW_DATA_DIR/stand-in.duckdb

It runs the statements in order and prints the last one's rows as NDJSON; on an error it exits 1 with
`SQLSTATE XX000` and the message on stderr.
"""
import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqllogic.backends import DUCKDB_SESSION  # noqa: E402
from sqllogic.slt import split_statements  # noqa: E402


def _encode(value) -> str:
    """JSON text of a value; decimals as JSON numbers with their scale (`1.50`), as the contract asks."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(str(k)) + ":" + _encode(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    return json.dumps(value, default=_json)


def _json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z").replace(" ", "T")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(type(value))


def main(argv):
    if argv[:1] != ["query"]:
        sys.exit("usage: duckdb_as_engine.py query --format ndjson SQL")
    if "--help" in argv:
        print("USAGE: outflow query [--format ndjson] SQL")
        return 0
    import duckdb
    data = Path(os.environ["OUTFLOW_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(data / "stand-in.duckdb"))
    try:
        for stmt in DUCKDB_SESSION:
            conn.execute(stmt)
        cur = None
        for stmt in split_statements(argv[-1]):
            cur = conn.execute(stmt)
        if cur is not None and cur.description is not None:
            names = [d[0] for d in cur.description]
            for row in cur.fetchall():
                print("{" + ",".join(json.dumps(n) + ":" + _encode(v) for n, v in zip(names, row)) + "}")
    except duckdb.Error as e:
        print(f"error: SQLSTATE XX000: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
