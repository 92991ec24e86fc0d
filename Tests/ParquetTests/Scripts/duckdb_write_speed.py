"""Times DuckDB (one thread) writing the rows of a Parquet file back out with ZSTD; prints seconds."""
import os
import sys
import time

import duckdb

source, target = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET threads=1")
con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [source])
start = time.perf_counter()
con.execute(f"COPY t TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
elapsed = time.perf_counter() - start
print(f'{{"write": {elapsed}, "bytes": {os.path.getsize(target)}}}')
