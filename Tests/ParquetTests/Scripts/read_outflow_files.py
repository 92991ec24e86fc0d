"""Reads every *.parquet file in a directory with pyarrow and with DuckDB and prints, as one JSON
object, {file: {"pyarrow": rows | {"error": msg}, "duckdb": rows | {"error": msg}}}."""
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from canon import canon_table  # noqa: E402


def main():
    warnings.simplefilter("ignore")
    directory = sys.argv[1]
    out = {}
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".parquet"):
            continue
        path = os.path.join(directory, name)
        result = {}
        try:
            result["pyarrow"] = canon_table(pq.read_table(path))
        except Exception as e:  # report, do not stop: the Swift test shows the message
            result["pyarrow"] = {"error": f"{type(e).__name__}: {e}"}
        try:
            result["duckdb"] = canon_table(con.execute("SELECT * FROM read_parquet(?)", [path]).to_arrow_table())
        except Exception as e:
            result["duckdb"] = {"error": f"{type(e).__name__}: {e}"}
        try:
            md = pq.ParquetFile(path).metadata
            column = md.row_group(0).column(0) if md.num_row_groups > 0 else None
            result["page_index"] = bool(column is not None and column.has_offset_index and column.has_column_index)
        except Exception as e:
            result["page_index"] = {"error": f"{type(e).__name__}: {e}"}
        out[name] = result
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
