"""Writes Parquet files with pyarrow and DuckDB into a directory (argv[1]) and prints, as one JSON
object, {file: rows} where rows are what pyarrow reads back, in the canonical form of canon.py."""
import datetime
import decimal
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from canon import canon_table  # noqa: E402

UTC = datetime.timezone.utc
N = 300


def flat_table():
    rows = range(N)
    def maybe(i, v):
        return None if i % 7 == 3 else v
    return pa.table({
        "i8": pa.array([maybe(i, (i % 200) - 100) for i in rows], pa.int8()),
        "i16": pa.array([maybe(i, i * 37 - 5000) for i in rows], pa.int16()),
        "i32": pa.array([maybe(i, i * 1_000_003 - 7) for i in rows], pa.int32()),
        "i64": pa.array([maybe(i, i * 10**12 - 3) for i in rows], pa.int64()),
        "u8": pa.array([maybe(i, i % 250) for i in rows], pa.uint8()),
        "u16": pa.array([maybe(i, i * 200) for i in rows], pa.uint16()),
        "u32": pa.array([maybe(i, 4_000_000_000 - i) for i in rows], pa.uint32()),
        "f32": pa.array([maybe(i, i * 0.5 - 3.25) for i in rows], pa.float32()),
        "f64": pa.array([maybe(i, i / 3.0) for i in rows], pa.float64()),
        "flag": pa.array([maybe(i, i % 3 == 0) for i in rows], pa.bool_()),
        "name": pa.array([maybe(i, f"name-{i % 17}") for i in rows], pa.string()),
        "blob": pa.array([maybe(i, bytes([i % 256, 7])) for i in rows], pa.binary()),
        "day": pa.array([maybe(i, datetime.date(2020, 1, 1) + datetime.timedelta(days=i)) for i in rows], pa.date32()),
        "ts": pa.array([maybe(i, datetime.datetime(2024, 5, 1, tzinfo=UTC) + datetime.timedelta(seconds=i * 3601, microseconds=i)) for i in rows], pa.timestamp("us", tz="UTC")),
        "ts_ms": pa.array([maybe(i, datetime.datetime(2001, 1, 1) + datetime.timedelta(milliseconds=i * 1234567)) for i in rows], pa.timestamp("ms")),
        "ts_ns": pa.array([maybe(i, datetime.datetime(1969, 12, 31) + datetime.timedelta(microseconds=i * 999)) for i in rows], pa.timestamp("ns")),
        "d5": pa.array([maybe(i, decimal.Decimal(i * 13 - 900).scaleb(-2)) for i in rows], pa.decimal128(5, 2)),
        "d18": pa.array([maybe(i, decimal.Decimal(i * 10**14 + 7).scaleb(-3)) for i in rows], pa.decimal128(18, 3)),
        "d30": pa.array([maybe(i, decimal.Decimal(-(i * 10**25) - 1).scaleb(-4)) for i in rows], pa.decimal128(30, 4)),
    })


def nested_table():
    rows = range(N)
    def maybe(i, v):
        return None if i % 5 == 2 else v
    point = pa.struct([("x", pa.int32()), ("tags", pa.list_(pa.string()))])
    return pa.table({
        "s": pa.array([maybe(i, {"x": i, "tags": [f"t{i % 3}"] * (i % 3)}) for i in rows], point),
        "l": pa.array([maybe(i, [i, None, i * 2][: i % 4]) for i in rows], pa.list_(pa.int64())),
        "ls": pa.array([maybe(i, [{"x": i, "tags": None}, None][: i % 3]) for i in rows], pa.list_(point)),
        "m": pa.array([maybe(i, [(f"k{j}", [j, i]) for j in range(i % 3)]) for i in rows], pa.map_(pa.string(), pa.list_(pa.int32()))),
        "ll": pa.array([maybe(i, [[f"a{i}"], [], None][: i % 4]) for i in rows], pa.list_(pa.list_(pa.string()))),
    })


def write_pyarrow(directory, out):
    flat = flat_table()
    nested = nested_table()
    for codec in ["none", "snappy", "gzip", "zstd"]:
        for version in ["1.0", "2.0"]:
            for dictionary in [True, False]:
                name = f"pa_flat_{codec}_v{version[0]}_{'dict' if dictionary else 'plain'}.parquet"
                pq.write_table(flat, os.path.join(directory, name), compression=codec,
                               data_page_version=version, use_dictionary=dictionary, data_page_size=2048)
    for version in ["1.0", "2.0"]:
        pq.write_table(nested, os.path.join(directory, f"pa_nested_v{version[0]}.parquet"),
                       data_page_version=version, compression="zstd")
    pq.write_table(nested, os.path.join(directory, "pa_nested_legacy_names.parquet"),
                   use_compliant_nested_type=False, compression="snappy")
    pq.write_table(flat.select(["ts", "ts_ms", "i32"]), os.path.join(directory, "pa_int96.parquet"),
                   use_deprecated_int96_timestamps=True)
    pq.write_table(flat.select(["i32", "i64", "name", "blob"]), os.path.join(directory, "pa_delta.parquet"),
                   use_dictionary=False, column_encoding={"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED",
                                                         "name": "DELTA_BYTE_ARRAY", "blob": "DELTA_LENGTH_BYTE_ARRAY"},
                   data_page_version="2.0")
    pq.write_table(flat.select(["f32", "f64", "i32"]), os.path.join(directory, "pa_byte_stream_split.parquet"),
                   use_dictionary=False, column_encoding={"f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT"})
    pq.write_table(flat.slice(0, 0), os.path.join(directory, "pa_empty.parquet"))
    pq.write_table(flat, os.path.join(directory, "pa_many_row_groups.parquet"), row_group_size=64)


def write_duckdb(directory, out):
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    query = """
        SELECT i::INTEGER AS i, (i * 100000007)::BIGINT AS big, i::SMALLINT AS small, (i % 100)::TINYINT AS tiny,
               i::UINTEGER AS ui, (i / 7)::DOUBLE AS dbl, (i / 4)::FLOAT AS flt,
               CASE WHEN i % 4 = 0 THEN NULL ELSE 'v' || (i % 9) END AS txt,
               (DATE '2021-03-04' + i::INTEGER) AS day,
               (TIMESTAMP '2022-01-01 00:00:00' + INTERVAL (i) MINUTE) AS ts,
               (TIMESTAMPTZ '2022-01-01 00:00:00+00' + INTERVAL (i) SECOND) AS tstz,
               (i * 3 - 100)::DECIMAL(9, 2) AS dec9, (i * 1000000)::DECIMAL(18, 4) AS dec18,
               (i * 123456789)::DECIMAL(38, 10) AS dec38, i % 2 = 0 AS even,
               {'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE [i, i + 1] END} AS st,
               CASE WHEN i % 5 = 0 THEN NULL ELSE [i, NULL, i * 2] END AS lst,
               MAP {'k' || (i % 3): i} AS mp,
               [{'x': i, 'y': 'y' || i}] AS lst_struct
        FROM range(0, 250) t(i)
    """
    for codec in ["uncompressed", "snappy", "gzip", "zstd"]:
        path = os.path.join(directory, f"duckdb_{codec}.parquet")
        con.execute(f"COPY ({query}) TO '{path}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 100)")
    path = os.path.join(directory, "duckdb_v2.parquet")
    con.execute(f"COPY ({query}) TO '{path}' (FORMAT parquet, PARQUET_VERSION V2)")


def main():
    warnings.simplefilter("ignore")
    directory = sys.argv[1]
    out = {}
    write_pyarrow(directory, out)
    try:
        write_duckdb(directory, out)
    except Exception as e:  # an unsupported option in this DuckDB: note it, keep the others
        print(f"duckdb fixture skipped: {e}", file=sys.stderr)
    for name in sorted(os.listdir(directory)):
        if name.endswith(".parquet"):
            out[name] = canon_table(pq.read_table(os.path.join(directory, name)))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
