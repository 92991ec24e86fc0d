"""Batch ingestion through the CLI: validation, error reports, thresholds, formats, idempotency."""
import json
import random

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import EVENTS_SCHEMA, FLAT_SCHEMA, event, write_ndjson


def create_dataset(outflow, tmp_path, name, schema):
    schema_file = tmp_path / f"{name}.schema.json"
    schema_file.write_text(json.dumps(schema))
    outflow.run("dataset", "create", "--name", name, "--schema", schema_file)
    return outflow.json("dataset", "show", name)


def thousand_with_three_bad(tmp_path):
    rng = random.Random(3)
    records = [event(i, rng) for i in range(1000)]
    records[16]["web"]["views"] = "many"          # line 17: wrong type
    del records[499]["ecid"]                       # line 500: required field missing
    records[899]["products"] = [{"price": "1.00"}]  # line 900: required sku missing in a list element
    path = tmp_path / "events.ndjson"
    write_ndjson(path, records)
    return path


def test_bad_records_fail_batch_at_default_threshold(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "events", EVENTS_SCHEMA)
    path = thousand_with_three_bad(tmp_path)
    proc = outflow.run("ingest", "--dataset", "events", "--json", path, check=False)
    assert proc.returncode == 3, proc.stderr
    batch = json.loads(proc.stdout)
    assert batch["status"] == "failed"
    found = {(e["line"], e["fieldPath"]) for e in batch["errors"]}
    assert found == {(17, "web.views"), (500, "ecid"), (900, "products[0].sku")}
    assert outflow.json("dataset", "show", "events")["rowCount"] == 0


def test_bad_records_within_threshold_commit_the_rest(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "events", EVENTS_SCHEMA)
    path = thousand_with_three_bad(tmp_path)
    batch = outflow.json("ingest", "--dataset", "events", "--max-error-percent", "1", "--json", path)
    assert batch["status"] == "success"
    assert batch["rowCount"] == 997
    assert len(batch["errors"]) == 3
    assert outflow.json("dataset", "show", "events")["rowCount"] == 997


def test_ingested_values_are_exact_in_lake_files(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "events", EVENTS_SCHEMA)
    rng = random.Random(5)
    records = [event(i, rng) for i in range(300)]
    path = tmp_path / "ok.ndjson"
    write_ndjson(path, records)
    outflow.json("ingest", "--dataset", "events", "--json", path)
    files = list((outflow.data_dir / "lake").rglob("*.parquet"))
    table = pa.concat_tables([pq.read_table(f) for f in files])
    assert table.num_rows == 300
    got = sorted(table.to_pylist(), key=lambda r: r["_id"])
    assert [r["big"] for r in got] == [r["big"] for r in records]
    assert str(got[10]["revenue"]) == "12.34"
    assert got[10]["products"][0]["sku"] == "SKU-1"


def test_csv_with_dotted_headers(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "people", FLAT_SCHEMA)
    path = tmp_path / "people.csv"
    path.write_text('_id,name,age,joined,web.pageName\n'
                    'p1,"Smith, Ann",41,2020-02-29,home\n'
                    'p2,,,,\n'
                    'p3,Bob,notanumber,2021-01-01,x\n')
    proc = outflow.run("ingest", "--dataset", "people", "--json", "--max-error-percent", "50", path)
    batch = json.loads(proc.stdout)
    assert batch["rowCount"] == 2
    assert [(e["line"], e["fieldPath"]) for e in batch["errors"]] == [(4, "age")]


def test_parquet_written_by_pyarrow_is_ingested(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "people", FLAT_SCHEMA)
    table = pa.table({
        "_id": pa.array(["a", "b"], pa.string()),
        "name": pa.array(["Ann", None], pa.string()),
        "age": pa.array([30, 40], pa.int32()),
        "joined": pa.array([18000, 18001], pa.date32()),
        "web": pa.array([{"pageName": "home"}, None], pa.struct([("pageName", pa.string())])),
    })
    path = tmp_path / "people.parquet"
    pq.write_table(table, path, compression="snappy")
    batch = outflow.json("ingest", "--dataset", "people", "--json", path)
    assert batch["status"] == "success" and batch["rowCount"] == 2


def test_truncated_parquet_is_rejected_clearly(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "people", FLAT_SCHEMA)
    path = tmp_path / "people.parquet"
    pq.write_table(pa.table({"_id": ["a", "b"]}), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    proc = outflow.run("ingest", "--dataset", "people", path, check=False)
    assert proc.returncode in (1, 3)
    assert "people.parquet" in (proc.stderr + proc.stdout)
    assert outflow.json("dataset", "show", "people")["rowCount"] == 0


def test_client_batch_key_makes_retry_idempotent(outflow, tmp_path):
    create_dataset(outflow, tmp_path, "events", EVENTS_SCHEMA)
    rng = random.Random(1)
    path = tmp_path / "ok.ndjson"
    write_ndjson(path, [event(i, rng) for i in range(50)])
    first = outflow.json("ingest", "--dataset", "events", "--client-batch-key", "k1", "--json", path)
    second = outflow.json("ingest", "--dataset", "events", "--client-batch-key", "k1", "--json", path)
    assert first["id"] == second["id"]
    assert outflow.json("dataset", "show", "events")["rowCount"] == 50


def test_unknown_dataset_exits_not_found(outflow, tmp_path):
    path = tmp_path / "x.ndjson"
    path.write_text("{}\n")
    proc = outflow.run("ingest", "--dataset", "nope", path, check=False)
    assert proc.returncode == 4
    assert "nope" in proc.stderr
