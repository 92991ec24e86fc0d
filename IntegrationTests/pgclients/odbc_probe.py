"""A psqlODBC client (unixODBC driver `PostgreSQL Unicode`, through pyodbc) for the PostgreSQL wire endpoint's
tests, printing what JdbcProbe.java prints (README.md beside this file).

    PROBE_PASSWORD=... python odbc_probe.py HOST PORT DATABASE USER < statements

Statements are separated by the record separator character (U+001E); each runs once through a DSN-less
connection in autocommit mode; one JSON line per statement: {"i", "columns": [{"label", "type"}], "rows"} or
{"i", "update_count"} or {"i", "error": {"sqlstate", "message"}}, going on after an error. ODBC gives a column's
Python type, not its PostgreSQL type: "type" is that Python type's name.

Values: null, booleans, integers and floats as JSON, Decimal as {"numeric": text}, bytes as "\\x..." text,
date/time/datetime in PostgreSQL's ISO text (psqlODBC hands timestamptz over as the session zone's wall clock
without an offset, booleans as the characters 1/0), everything else (intervals, arrays: psqlODBC hands over
their text) as text.
"""
import datetime
import decimal
import json
import os
import re
import subprocess
import sys

DRIVER = "PostgreSQL Unicode"


def registered_drivers() -> list:
    """The ODBC drivers unixODBC knows (`odbcinst -q -d`), e.g. ['PostgreSQL ANSI', 'PostgreSQL Unicode']."""
    out = subprocess.run(["odbcinst", "-q", "-d"], capture_output=True, text=True, check=True).stdout
    return re.findall(r"^\[(.+)\]$", out, re.M)


def connection_string(host: str, port: int, database: str, user: str, password: str) -> str:
    if not host.startswith("127."):
        raise ValueError(f"the ODBC probe talks to 127.0.0.0/8 only, not {host}")
    # Braces quote a value (a password may hold `;`); a `}` inside is doubled.
    return (f"DRIVER={{{DRIVER}}};SERVER={host};PORT={port};DATABASE={database};UID={user};"
            f"PWD={{{password.replace('}', '}}')}}};")


def encode(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, decimal.Decimal):
        return {"numeric": "NaN" if value.is_nan() else format(value, "f")}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") + _fraction(value.microsecond)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S") + _fraction(value.microsecond)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _fraction(micros: int) -> str:
    """Seconds' fraction as PostgreSQL prints it: trailing zeros dropped, nothing for whole seconds."""
    return ("." + f"{micros:06d}").rstrip("0") if micros else ""


def run(conn, index: int, sql: str) -> dict:
    import pyodbc
    try:
        cur = conn.cursor()
        cur.execute(sql)
        if cur.description is None:
            return {"i": index, "update_count": cur.rowcount}
        columns = [{"label": d[0], "type": d[1].__name__ if d[1] is not None else None} for d in cur.description]
        rows = [[encode(v) for v in row] for row in cur.fetchall()]
        cur.close()
        return {"i": index, "columns": columns, "rows": rows}
    except pyodbc.Error as e:
        state = e.args[0] if e.args else ""
        message = e.args[1] if len(e.args) > 1 else str(e)
        return {"i": index, "error": {"sqlstate": state, "message": message}}


def main(argv) -> int:
    if len(argv) != 5:
        print("usage: odbc_probe.py HOST PORT DATABASE USER (password in PROBE_PASSWORD)", file=sys.stderr)
        return 2
    import pyodbc
    host, port, database, user = argv[1], int(argv[2]), argv[3], argv[4]
    if DRIVER not in registered_drivers():
        print(f"the ODBC driver `{DRIVER}` is not registered (odbcinst -q -d): apt-get install odbc-postgresql",
              file=sys.stderr)
        return 3
    conn = pyodbc.connect(connection_string(host, port, database, user, os.environ.get("PROBE_PASSWORD", "")),
                          autocommit=True, timeout=10)
    try:
        for index, sql in enumerate(s.strip() for s in sys.stdin.read().split("\x1e") if s.strip()):
            print(json.dumps(run(conn, index, sql)), flush=True)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
