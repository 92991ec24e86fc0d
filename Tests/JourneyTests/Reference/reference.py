"""Runs the reference queries of Tests/JourneyTests/Reference with DuckDB over a lake's Parquet files.

Reads JSON on stdin: {"dataDirectory", "datasetId", "views": {name: {params}}, "queries": [{"view", "file", "params"}]}
and prints a JSON list with, per query, {item: value}. Each view is `events.sql` with its parameters; each query
file is run over its view with its own parameters substituted (`{name}` placeholders).
"""
import glob
import json
import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent


def fill(text, params):
    # Twice: a parameter's value may name another (the time-decay weight names {half_life_us}).
    for _ in range(2):
        for key, value in params.items():
            text = text.replace("{" + key + "}", str(value))
    return text


def main():
    request = json.load(sys.stdin)
    files = sorted(glob.glob(f"{request['dataDirectory']}/**/{request['datasetId']}/**/*.parquet", recursive=True))
    if not files:
        sys.exit("no Parquet files for the dataset")
    connection = duckdb.connect()
    connection.execute("SET threads = 2")
    file_list = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    for name, params in request["views"].items():
        sql = fill((HERE / "events.sql").read_text(), {"files": file_list, **params})
        connection.execute(sql.replace("CREATE VIEW events", f"CREATE VIEW {name}", 1))
    results = []
    for query in request["queries"]:
        sql = fill((HERE / query["file"]).read_text(), query["params"]).replace("FROM events", f"FROM {query['view']}")
        rows = connection.execute(sql).fetchall()
        results.append({str(item): float(value) for item, value in rows if value is not None})
    json.dump(results, sys.stdout)


main()
