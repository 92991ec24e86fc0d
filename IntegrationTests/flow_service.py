"""The AEP tutorial's Flow Service calls over REST, shared by the export tests (no CLI, no internals)."""
import json
import time

BASE = "/data/foundation/flowservice"
DATA_LAKE_SPEC = "23598e46-f560-407b-88d5-ea6207e49db0"        # AEP's data lake (configs of exportable datasets)
DATASET_SOURCE_SPEC = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"   # AEP's dataset source connection spec
LOCAL_FOLDER_SPEC = "7c1b7e0a-5d1e-4f51-9a0e-0f1ea7f10c41"     # Outflow's "Local folder"
DLZ_SPEC = "10440537-2a7b-4583-ac39-ed38d4b848e8"              # AEP's Data Landing Zone
HEADERS = {"Content-Type": "application/json", "x-sandbox-name": "prod"}


def create_dataset(server, name, schema) -> str:
    r = server.post("/data/foundation/catalog/dataSets", json={"name": name, "schema": schema}, headers=HEADERS)
    assert r.status_code == 201, r.text
    return r.json()[0].split("/")[-1]


def ingest(server, dataset_id, records, name="part.json") -> dict:
    """One batch through the AEP batch ingestion API; returns the committed batch."""
    r = server.post("/data/foundation/import/batches", headers=HEADERS,
                    json={"datasetId": dataset_id, "inputFormat": {"format": "json"}})
    assert r.status_code == 201, r.text
    batch_id = r.json()["id"]
    body = "".join(json.dumps(rec) + "\n" for rec in records)
    r = server.put(f"/data/foundation/import/batches/{batch_id}/datasets/{dataset_id}/files/{name}", data=body)
    assert r.status_code in (200, 201, 204), r.text
    r = server.post(f"/data/foundation/import/batches/{batch_id}?action=COMPLETE")
    assert r.status_code == 200, r.text
    batch = server.get(f"/data/foundation/catalog/batches/{batch_id}").json()
    batch = batch.get(batch_id, batch)
    assert batch["status"] == "success", batch
    return batch


def dataset_with(server, records, name="events", schema=None) -> str:
    """A new dataset (the test events schema by default) holding `records` in one committed batch."""
    if schema is None:
        from schemas import EVENTS_SCHEMA
        schema = EVENTS_SCHEMA
    dataset_id = create_dataset(server, name, schema)
    ingest(server, dataset_id, records)
    return dataset_id


def exportable_dataset_ids(server) -> list[str]:
    """GET .../connectionSpecs/{dataLake}/configs?outputType=activationDatasets&outputField=datasets, every page."""
    ids, path = [], (f"{BASE}/connectionSpecs/{DATA_LAKE_SPEC}/configs"
                     "?outputType=activationDatasets&outputField=datasets&limit=5")
    while path:
        r = server.get(path, headers=HEADERS)
        assert r.status_code == 200, r.text
        body = r.json()
        ids += [item["id"] for item in body["items"]]
        path = (body.get("_links") or {}).get("next", {}).get("href")
    return ids


def post(server, path, body) -> dict:
    r = server.post(BASE + path, json=body, headers=HEADERS)
    assert r.status_code in (200, 201), f"POST {path}: {r.status_code} {r.text}"
    return r.json()


def create_export_flow(server, dataset_id, *, spec, params, schedule, name="export", auth_spec="None",
                       auth=None, encryption=None) -> dict:
    """Source, base and target connections and the flow, as the tutorial creates them; returns their ids.
    `auth_spec` and `auth` are the base connection's auth spec name and params (none for local destinations);
    `encryption` its optional AEP `encryption` block (PGP public key)."""
    source = post(server, "/sourceConnections", {
        "name": f"{name} source", "connectionSpec": {"id": DATASET_SOURCE_SPEC, "version": "1.0"},
        "params": {"datasets": [{"id": dataset_id}]}})["id"]
    base_body = {"name": f"{name} base", "connectionSpec": {"id": spec, "version": "1.0"},
                 "auth": {"specName": auth_spec, "params": auth or {}}}
    if encryption is not None:
        base_body["encryption"] = encryption
    base = post(server, "/connections", base_body)["id"]
    target = post(server, "/targetConnections", {
        "name": f"{name} target", "baseConnectionId": base, "connectionSpec": {"id": spec, "version": "1.0"},
        "params": params})["id"]
    r = server.get(BASE + "/flowSpecs", headers=HEADERS)
    assert r.status_code == 200, r.text
    flow_specs = [s for s in r.json()["items"] if spec in s["targetConnectionSpecIds"]
                  and DATASET_SOURCE_SPEC in s["sourceConnectionSpecIds"]]
    assert flow_specs, f"no flow spec exports to {spec}"
    flow = post(server, "/flows", {
        "name": name, "flowSpec": {"id": flow_specs[0]["id"], "version": "1.0"},
        "sourceConnectionIds": [source], "targetConnectionIds": [target], "scheduleParams": schedule})
    return {"source": source, "base": base, "target": target, "flow": flow["id"]}


def hourly_incremental(start_in_seconds=86_400) -> dict:
    """FIRST_FULL_THEN_INCREMENTAL every 3 hours, starting in the future (so no scheduler run interferes)."""
    return {"exportMode": "FIRST_FULL_THEN_INCREMENTAL", "timeUnit": "hour", "interval": 3,
            "startTime": int(time.time()) + start_in_seconds}


def start_run(server, flow_id) -> str:
    r = server.post(f"{BASE}/flows/{flow_id}/runs", json={}, headers=HEADERS)
    assert r.status_code in (200, 201, 202), r.text
    return r.json()["items"][0]["id"]


def get_run(server, run_id) -> dict:
    r = server.get(f"{BASE}/runs/{run_id}", headers=HEADERS)
    assert r.status_code == 200, r.text
    return r.json()["items"][0]


def wait_run(server, run_id, timeout=120.0) -> dict:
    """Polls GET /runs/{id} until the run is success or failed (deadline, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = get_run(server, run_id)
        if run["status"] in ("success", "failed"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish in {timeout}s: {run}")


def runs_of(server, flow_id) -> list[dict]:
    r = server.get(f"{BASE}/runs?property=flowId=={flow_id}", headers=HEADERS)
    assert r.status_code == 200, r.text
    return r.json()["items"]
