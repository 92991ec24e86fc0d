"""The HTTP API over a real socket: auth, catalog endpoints, AEP-style batch ingestion."""
import json
import random

from conftest import Outflow, start_server, stop_server
from schemas import EVENTS_SCHEMA, event


def test_api_key_is_required_when_configured(tmp_path):
    outflow = Outflow(tmp_path / "data")
    server = start_server(outflow, env={"OUTFLOW_API_KEY": "s3cret"})
    try:
        assert server.get("/healthz").status_code == 200
        r = server.get("/data/foundation/catalog/dataSets")
        assert r.status_code == 401
        assert r.headers["content-type"].startswith("application/problem+json")
        r = server.get("/data/foundation/catalog/dataSets", headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401
        r = server.get("/data/foundation/catalog/dataSets", headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200
    finally:
        stop_server(server)


def test_batch_ingestion_api_end_to_end(server):
    r = server.post("/data/foundation/catalog/dataSets", json={"name": "events", "schema": EVENTS_SCHEMA})
    assert r.status_code == 201, r.text
    dataset_id = r.json()[0].split("/")[-1]
    r = server.post("/data/foundation/import/batches",
                    json={"datasetId": dataset_id, "inputFormat": {"format": "json"}})
    assert r.status_code == 201, r.text
    batch_id = r.json()["id"]
    rng = random.Random(2)
    body = "".join(json.dumps(event(i, rng)) + "\n" for i in range(120))
    r = server.put(f"/data/foundation/import/batches/{batch_id}/datasets/{dataset_id}/files/part1.json", data=body)
    assert r.status_code in (200, 201, 204), r.text
    r = server.post(f"/data/foundation/import/batches/{batch_id}?action=COMPLETE")
    assert r.status_code == 200, r.text
    batch = server.get(f"/data/foundation/catalog/batches/{batch_id}").json()
    batch = batch.get(batch_id, batch)
    assert batch["status"] == "success"
    ds = server.get(f"/data/foundation/catalog/dataSets/{dataset_id}").json()[dataset_id]
    assert ds["rowCount"] == 120


def test_bad_requests_get_problem_json(server):
    r = server.get("/data/foundation/catalog/dataSets/000000000000000000000000")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"]
    r = server.post("/data/foundation/catalog/dataSets", json={"name": "x", "schema": {"fields": [{"name": "a", "type": "nope"}]}})
    assert r.status_code == 400
    problem = r.json()
    assert problem["status"] == 400 and "type" in problem["detail"] + json.dumps(problem)
