"""5M-row files: aggregates of a file as pyarrow and DuckDB see them, or a file written by pyarrow.

  large_file.py aggregate FILE   -> {"pyarrow": {...}, "duckdb": {...}} of the same aggregates
  large_file.py write FILE ROWS  -> writes ROWS rows with pyarrow (zstd, 2 row groups) and prints aggregates
"""
import json
import sys

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def pyarrow_aggregates(table):
    return {
        "rows": table.num_rows,
        "sum_id": pc.sum(table["id"]).as_py(),
        "sum_amount_cents": int(pc.sum(table["amount"]).as_py() * 100),
        "null_names": table["name"].null_count,
        "name_bytes": pc.sum(pc.binary_length(table["name"])).as_py(),
        "min_ts": pc.min(table["ts"]).cast(pa.int64()).as_py(),
        "max_ts": pc.max(table["ts"]).cast(pa.int64()).as_py(),
        "flags": pc.sum(pc.cast(table["flag"], pa.int64())).as_py(),
    }


def duckdb_aggregates(path):
    row = duckdb.execute(f"""
        select count(*), sum(id)::hugeint, (sum(amount) * 100)::hugeint, count(*) - count(name),
               sum(octet_length(encode(name))), epoch_us(min(ts)), epoch_us(max(ts)), sum(flag::int)
        from read_parquet('{path}')""").fetchall()[0]
    keys = ["rows", "sum_id", "sum_amount_cents", "null_names", "name_bytes", "min_ts", "max_ts", "flags"]
    return {k: int(v) for k, v in zip(keys, row)}


def main():
    if sys.argv[1] == "aggregate":
        path = sys.argv[2]
        print(json.dumps({"pyarrow": pyarrow_aggregates(pq.read_table(path)), "duckdb": duckdb_aggregates(path)}))
    else:
        path, rows = sys.argv[2], int(sys.argv[3])
        ids = pa.array(range(rows), pa.int64())
        names = pa.array([None if i % 7 == 0 else f"name-{i % 1000}" for i in range(rows)], pa.string())
        table = pa.table({
            "id": ids,
            "ts": pc.add(pc.multiply(ids, 1_000), 1_700_000_000_000_000).cast(pa.timestamp("us", tz="UTC")),
            "name": names,
            "amount": pa.array([(i % 10_000) for i in range(rows)], pa.int32()).cast(pa.decimal128(12, 2))
            .cast(pa.decimal128(18, 2)),
            "flag": pa.array([i % 3 == 0 for i in range(rows)]),
        })
        pq.write_table(table, path, compression="zstd", row_group_size=rows // 2 + 1)
        print(json.dumps(pyarrow_aggregates(table)))


if __name__ == "__main__":
    main()
