"""Reads every *.parquet file in a directory with pyarrow and with DuckDB and prints, as one JSON
object, {file: {"pyarrow": rows | {"error": msg}, "duckdb": rows | {"error": msg}}}."""
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from canon import canon, canon_table  # noqa: E402


def chunk_statistics(parquet_file):
    """{column: [min, max, null_count]} of row group 0 for top-level primitive columns."""
    md = parquet_file.metadata
    out = {}
    if md.num_row_groups == 0:
        return out
    arrow_schema = parquet_file.schema_arrow
    group = md.row_group(0)
    for i in range(group.num_columns):
        column = group.column(i)
        path = column.path_in_schema
        if "." in path:
            continue
        stats = column.statistics
        if stats is None:
            continue
        typ = arrow_schema.field(path).type
        if stats.has_min_max:
            out[path] = [canon(stats.min, typ), canon(stats.max, typ), stats.null_count]
        else:
            out[path] = [None, None, stats.null_count]
    return out


def filter_checks(con, path, table):
    """For each top-level primitive column: DuckDB's count of rows >= a literal from the data (with
    row-group pruning by our statistics) next to the count pyarrow computes without statistics."""
    import pyarrow as pa
    import pyarrow.compute as pc
    out = {}
    for field in table.schema:
        t = field.type
        if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_string(t)
                or pa.types.is_date(t) or pa.types.is_decimal(t) or pa.types.is_timestamp(t)):
            continue
        column = table.column(field.name).drop_null()
        if len(column) == 0:
            continue
        if pa.types.is_floating(t):
            column = column.filter(pc.invert(pc.is_nan(column)))
            if len(column) == 0:
                continue
        ordered = pc.sort_indices(column)
        pivot = column[ordered[len(column) // 3].as_py()]
        expected = pc.sum(pc.greater_equal(column, pivot)).as_py() or 0
        sql = f'SELECT count(*) FROM read_parquet(?) WHERE "{field.name}" >= ?'
        got = con.execute(sql, [path, pivot.as_py()]).fetchall()[0][0]
        out[field.name] = [got, expected]
    return out


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
            result["stats"] = chunk_statistics(pq.ParquetFile(path))
            if name.startswith("many_row_groups"):
                result["filters"] = filter_checks(con, path, pq.read_table(path))
        except Exception as e:
            result["page_index"] = {"error": f"{type(e).__name__}: {e}"}
        out[name] = result
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
