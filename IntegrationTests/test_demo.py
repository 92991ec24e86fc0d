"""`outflow demo` then `outflow serve`: README command 1 in small, and independent readers of the lake."""
import json
import random
from decimal import Decimal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import Outflow, start_server, stop_server

EVENTS = 30_000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    outflow = Outflow(tmp_path_factory.mktemp("demo") / "data")
    proc = outflow.run("demo", "--events", EVENTS, "--seed", 7)
    return outflow, proc.stdout


def web_event_files(outflow):
    ds = outflow.json("dataset", "show", "web_events")
    files = sorted((outflow.data_dir / "lake").glob(f"*/{ds['id']}/batch=*/*.parquet"))
    return ds, files


def test_demo_prints_summary_and_creates_three_datasets(demo):
    outflow, stdout = demo
    for name in ("web_events", "customer_profiles", "product_catalog"):
        assert name in stdout
    assert str(EVENTS) in stdout.replace(",", "")
    assert outflow.json("dataset", "show", "web_events")["rowCount"] == EVENTS


def test_server_lists_demo_datasets(demo):
    outflow, _ = demo
    server = start_server(outflow)
    try:
        assert server.get("/healthz").status_code == 200
        body = server.get("/data/foundation/catalog/dataSets").json()
        names = {d["name"] for d in body.values()}
        assert {"web_events", "customer_profiles", "product_catalog"} <= names
    finally:
        stop_server(server)


def test_pyarrow_and_duckdb_read_every_lake_file(demo):
    outflow, _ = demo
    ds, files = web_event_files(outflow)
    assert files
    total = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    assert total == ds["rowCount"] == EVENTS
    assert sum(pq.read_table(f).num_rows for f in files) == EVENTS
    glob = str(files[0].parent.parent / "batch=*" / "*.parquet")
    assert duckdb.execute(f"select count(*) from read_parquet('{glob}')").fetchall()[0][0] == EVENTS
    for f in files:
        assert duckdb.execute(f"select count(*) from read_parquet('{f}')").fetchall()[0][0] == pq.ParquetFile(f).metadata.num_rows


def normalize(value):
    """pyarrow's Python values in the shape of Outflow's NDJSON (nulls omitted, maps as objects)."""
    import datetime
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        if value and all(isinstance(x, tuple) and len(x) == 2 for x in value):
            return {k: normalize(v) for k, v in value}
        return [normalize(v) for v in value]
    if isinstance(value, datetime.datetime):
        s = value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.microsecond:
            s += f".{value.microsecond:06d}"
        return s + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def test_sampled_records_match_outflows_reader(demo):
    outflow, _ = demo
    _, files = web_event_files(outflow)
    rng = random.Random(1)
    sampled = 0
    for f in files:
        rows = pq.read_table(f).to_pylist()
        ours = [json.loads(line, parse_float=Decimal) for line in outflow.run("parquet", "cat", f).stdout.splitlines()]
        assert len(ours) == len(rows)
        for i in rng.sample(range(len(rows)), min(len(rows), 100 // len(files) + 1)):
            expected = normalize(rows[i])
            assert ours[i] == expected, f"row {i} of {f}"
            sampled += 1
    assert sampled >= 100


def test_demo_is_deterministic_for_a_seed(tmp_path):
    tables = []
    for run in ("a", "b"):
        outflow = Outflow(tmp_path / run)
        outflow.run("demo", "--events", 5000, "--seed", 3)
        _, files = web_event_files(outflow)
        table = pa.concat_tables([pq.read_table(f) for f in files]).sort_by("_id")
        tables.append(table)
    assert tables[0].equals(tables[1])
