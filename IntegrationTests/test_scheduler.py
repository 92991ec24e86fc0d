"""The export service runs due slots by itself, and a restarted server neither misses nor doubles a slot."""
import json
import random
import time
from collections import Counter

from conftest import Outflow, start_server, stop_server, wait_until
from schemas import EVENTS_SCHEMA, event

FS = "/data/foundation/flowservice"
LOCAL_FOLDER_SPEC = "7c1b7e0a-5d1e-4f51-9a0e-0f1ea7f10c41"


def ingest(server, dataset_id, rows, seed):
    r = server.post("/data/foundation/import/batches",
                    json={"datasetId": dataset_id, "inputFormat": {"format": "json"}})
    assert r.status_code == 201, r.text
    batch_id = r.json()["id"]
    rng = random.Random(seed)
    body = "".join(json.dumps(event(i, rng)) + "\n" for i in range(rows))
    r = server.put(f"/data/foundation/import/batches/{batch_id}/datasets/{dataset_id}/files/part.json", data=body)
    assert r.status_code in (200, 201, 204), r.text
    r = server.post(f"/data/foundation/import/batches/{batch_id}?action=COMPLETE")
    assert r.status_code == 200, r.text


def create_flow(server, dataset_id, folder, start_time):
    r = server.post(f"{FS}/sourceConnections", json={
        "name": "src", "connectionSpec": {"id": "8a9c3494-9708-43d7-ae3f-cda01e5030e1"},
        "params": {"datasets": [{"id": dataset_id}]}})
    assert r.status_code == 201, r.text
    source = r.json()["id"]
    r = server.post(f"{FS}/connections", json={
        "name": "local", "connectionSpec": {"id": LOCAL_FOLDER_SPEC, "version": "1.0"},
        "auth": {"specName": "None", "params": {}}})
    assert r.status_code == 201, r.text
    base = r.json()["id"]
    r = server.post(f"{FS}/targetConnections", json={
        "name": "dst", "baseConnectionId": base, "connectionSpec": {"id": LOCAL_FOLDER_SPEC},
        "params": {"path": str(folder), "datasetFileType": "JSON", "compression": "GZIP"}})
    assert r.status_code == 201, r.text
    target = r.json()["id"]
    r = server.post(f"{FS}/flows", json={
        "name": "hourly", "flowSpec": {"id": "b3f0d3c2-8e0a-4c52-9d43-6a1f0c5e2d17"},
        "sourceConnectionIds": [source], "targetConnectionIds": [target],
        "scheduleParams": {"exportMode": "FIRST_FULL_THEN_INCREMENTAL", "timeUnit": "hour", "interval": 3,
                           "startTime": start_time}})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def runs(server, flow_id):
    r = server.get(f"{FS}/runs", params={"property": f"flowId=={flow_id}"})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_the_service_runs_a_due_slot_once_across_a_restart(tmp_path):
    outflow = Outflow(tmp_path / "data")
    folder = tmp_path / "out"
    folder.mkdir()
    start_time = int(time.time()) - 3600  # the first slot is an hour old: due at once
    server = start_server(outflow)
    try:
        r = server.post("/data/foundation/catalog/dataSets", json={"name": "events", "schema": EVENTS_SCHEMA})
        assert r.status_code == 201, r.text
        dataset_id = r.json()[0].split("/")[-1]
        ingest(server, dataset_id, 150, seed=1)
        flow_id = create_flow(server, dataset_id, folder, start_time)

        def slot_done():
            return any(run["kind"] == "scheduled" and run["status"] == "success" for run in runs(server, flow_id))

        assert wait_until(slot_done, timeout=120), runs(server, flow_id)
        scheduled = [run for run in runs(server, flow_id) if run["kind"] == "scheduled"]
        assert [run["scheduledTime"] for run in scheduled] == [start_time]
        assert scheduled[0]["metrics"]["recordSummary"]["outputRecordCount"] == 150
    finally:
        stop_server(server)

    server = start_server(outflow)
    try:
        # An ad-hoc run that finishes proves the restarted service has made scheduling passes since it started.
        r = server.post(f"{FS}/flows/{flow_id}/runs", json={})
        assert r.status_code == 202, r.text
        adhoc = r.json()["items"][0]["id"]

        def adhoc_done():
            return any(run["id"] == adhoc and run["status"] in ("success", "failed") for run in runs(server, flow_id))

        assert wait_until(adhoc_done, timeout=120), runs(server, flow_id)
        history = runs(server, flow_id)
        assert history[0]["id"] == adhoc and history[0]["status"] == "success", history
        slots = Counter(run["scheduledTime"] for run in history if run["kind"] == "scheduled")
        assert slots == Counter({start_time: 1}), history
        manifests = sorted(p.name for p in folder.rglob("manifest-*.json"))
        assert len(manifests) == 2, manifests
    finally:
        stop_server(server)

    # The CLI refuses to delete the dataset while the enabled flow exports it, naming the flow.
    result = outflow.run("dataset", "delete", dataset_id, check=False)
    assert result.returncode == 3, result.stderr
    assert flow_id in result.stderr
