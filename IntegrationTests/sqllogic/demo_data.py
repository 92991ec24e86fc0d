"""The demo datasets (`outflow demo`) as tables of the oracles: DuckDB reads the lake's Parquet files, PostgreSQL
gets the same rows loaded with COPY.

PostgreSQL has no struct or list-of-struct columns as the lake has, so nested fields become composite types
(lower-case field names, so that unquoted camelCase names in queries fold to them) and lists become arrays:
`(web).webPageDetails.name` reads the same in both. Rows go in as JSON (one `jsonb` per row, keys lower-cased)
and come out with `jsonb_populate_record` into a row type built from the Parquet schema. Map columns
(`identityMap`) have no PostgreSQL counterpart and are not loaded: queries over them cannot be in the corpus.
"""
import datetime
import glob
import json
import subprocess
from decimal import Decimal
from pathlib import Path

DATASETS = ("web_events", "customer_profiles", "product_catalog")
EVENTS = 20_000
SEED = 42
SCHEMA = "demo"


def generate(outflow_bin: str, data_dir: Path) -> dict:
    """Runs `outflow demo` into `data_dir`; returns {dataset name: [Parquet files]}."""
    env = {"OUTFLOW_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    subprocess.run([outflow_bin, "demo", "--events", str(EVENTS), "--seed", str(SEED)], check=True,
                   capture_output=True, text=True, env=env, timeout=600)
    files = {}
    for name in DATASETS:
        show = subprocess.run([outflow_bin, "dataset", "show", name], check=True, capture_output=True, text=True,
                              env=env, timeout=120)
        ds_id = json.loads(show.stdout)["id"]
        files[name] = sorted(glob.glob(str(Path(data_dir) / "lake" / "*" / ds_id / "batch=*" / "*.parquet")))
        if not files[name]:
            raise RuntimeError(f"no Parquet files for demo dataset {name}")
    return files


def duckdb_setup(files: dict) -> list:
    """Views named as the datasets over their Parquet files (no Hive partition column)."""
    out = []
    for name, paths in files.items():
        listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
        out.append(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}], hive_partitioning = false)")
    return out


def _pg_type(arrow_type, type_name: str, ddl: list):
    import pyarrow as pa
    t = arrow_type
    if pa.types.is_map(t):
        return None
    if pa.types.is_struct(t):
        fields = []
        for f in t:
            sub = _pg_type(f.type, f"{type_name}_{f.name.lower()}", ddl)
            if sub is not None:
                fields.append(f'"{f.name.lower()}" {sub}')
        ddl.append(f"CREATE TYPE {type_name}_t AS ({', '.join(fields)})")
        return f"{type_name}_t"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        sub = _pg_type(t.value_type, type_name, ddl)
        return None if sub is None else sub + "[]"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_int8(t) or pa.types.is_int16(t):
        return "smallint"
    if pa.types.is_int32(t):
        return "integer"
    if pa.types.is_integer(t):
        return "bigint"
    if pa.types.is_float32(t):
        return "real"
    if pa.types.is_floating(t):
        return "double precision"
    if pa.types.is_decimal(t):
        return f"numeric({t.precision},{t.scale})"
    if pa.types.is_timestamp(t):
        return "timestamptz" if t.tz else "timestamp"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_binary(t):
        return "bytea"
    raise ValueError(f"no PostgreSQL type for {t}")


def _lower(value):
    if isinstance(value, dict):
        return {k.lower(): _lower(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower(v) for v in value]
    return value


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    raise TypeError(type(value))


def load_postgres(conn, files: dict, schema: str = SCHEMA):
    """(Re)creates `schema` with one table per dataset holding the Parquet files' rows."""
    import pyarrow.parquet as pq
    conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(f"SET search_path TO {schema}")
    for name, paths in files.items():
        arrow_schema = pq.read_schema(paths[0])
        ddl, columns = [], []
        for f in arrow_schema:
            sub = _pg_type(f.type, f"{name}_{f.name.lower()}", ddl)
            if sub is not None:
                columns.append((f.name.lower(), sub))
        ddl.append(f"CREATE TYPE {name}_row_t AS ({', '.join(f'{chr(34)}{c}{chr(34)} {t}' for c, t in columns)})")
        for stmt in ddl:
            conn.execute(stmt)
        conn.execute(f"CREATE TABLE {name}_json (doc jsonb)")
        keep = {c for c, _ in columns}
        with conn.cursor().copy(f"COPY {name}_json (doc) FROM STDIN") as copy:
            for path in paths:
                for row in pq.read_table(path).to_pylist():
                    doc = {k: v for k, v in _lower(row).items() if k in keep}
                    copy.write_row((json.dumps(doc, default=_json_default),))
        conn.execute(f"CREATE TABLE {name} AS SELECT (jsonb_populate_record(NULL::{name}_row_t, doc)).* "
                     f"FROM {name}_json")
        conn.execute(f"DROP TABLE {name}_json")
        conn.execute(f"ANALYZE {name}")
