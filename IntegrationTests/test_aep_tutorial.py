"""AEP's "Export datasets by using the Flow Service API" tutorial, replayed against `outflow serve` with the
request bodies as the tutorial prints them (`fixtures/aep_tutorial/`, inline comments removed), substituting only
ids, hosts and secrets: the connection spec and eligible-dataset look-ups, the source connection (`dataSetId` +
`name`), the base connection per destination with the tutorial's `specName` and params (S3 `Access Key`, Azure Blob
`ConnectionString`, ADLS Gen2 `Azure Service Principal Auth`, Google Cloud Storage HMAC keys, `SFTP with Password` and
`SFTP with SSH Key`; the Data Landing Zone's `name`-only body), the target connection (`mode`, `compression`,
`datasetFileType`), the dataflow (`scheduleParams` with a past `startTime`, so the scheduler runs it at once) and
`GET /runs?property=flowId==...`, ending with the files and the manifest at the destination, read back by an
independent client: the local Data Landing Zone (pathlib), S3 and GCS's XML API on SeaweedFS (boto3), Azure Blob and
ADLS Gen2 on a second Outflow's landing zone (azure-storage-blob, azure-storage-file-datalake), SFTP on OpenSSH
(paramiko). Where the tutorial has no field for the host (a cloud's public endpoint is implied), the test adds
the local peer's (`endpoint`, `authorityHost`, `port`): hosts are what a replay may substitute."""
import hashlib
import json
import random
import time
from pathlib import Path

import pytest

from conftest import Outflow, start_server, stop_server
from destinations import ADLSAdapter, AzureBlobAdapter, GCSHMACAdapter, SFTPAdapter
from flow_service import BASE, HEADERS, dataset_with
from schemas import event

FIXTURES = Path(__file__).parent / "fixtures" / "aep_tutorial"
DATA_LAKE_SPEC = "23598e46-f560-407b-88d5-ea6207e49db0"
SAMPLE_DATASET_ID = "5ef3e3259ad2a1191ab7dd7d"


def tutorial_body(name, **substitutions):
    """A fixture body with placeholders replaced (text substitution, so everything else stays as printed)."""
    text = (FIXTURES / name).read_text()
    for placeholder, value in substitutions.items():
        assert placeholder in text, f"{placeholder} not in {name}"
        text = text.replace(placeholder, value)
    return json.loads(text)


def tutorial_post(server, path, body):
    r = server.post(BASE + path, json=body, headers=HEADERS)
    assert r.status_code == 201, f"POST {path}: {r.status_code} {r.text}"
    return r.json()["id"]


def look_ups(server, spec_id, dataset_id):
    """The tutorial's connection spec GET and its eligible-datasets GET (with its `properties` parameter)."""
    r = server.get(f"{BASE}/connectionSpecs/{spec_id}", headers=HEADERS)
    assert r.status_code == 200, r.text
    spec = r.json()["items"][0]
    assert spec["id"] == spec_id
    r = server.get(f"{BASE}/connectionSpecs/{DATA_LAKE_SPEC}/configs?outputType=activationDatasets"
                   "&outputField=datasets&start=0&limit=20&properties=name,state", headers=HEADERS)
    assert r.status_code == 200, r.text
    assert dataset_id in [item["id"] for item in r.json()["items"]]
    return spec


def check_against_spec(spec, base_body, target_body):
    """The tutorial's step 3 and 4 read the connection spec's `authSpec` and `targetSpec` (JSON schemas, AEP's
    shape): the body's `specName` names a variant and carries every parameter the variant requires; the target
    carries every required target parameter."""
    variants = {v["name"]: v["spec"] for v in spec["authSpec"]}
    if "auth" in base_body:
        name = base_body["auth"]["specName"]
        assert name in variants, (name, list(variants))
        assert variants[name]["$schema"].startswith("http://json-schema.org/draft-07"), variants[name]
        missing = set(variants[name]["required"]) - set(base_body["auth"]["params"])
        assert not missing, (name, missing)
    else:
        assert variants == {}, variants  # the Data Landing Zone needs no auth spec
    target_spec = spec["targetSpec"]
    assert (target_spec["name"], target_spec["type"]) == ("User based target", "UserNamespace"), target_spec
    missing = set(target_spec["spec"]["required"]) - set(target_body["params"])
    assert not missing, missing


def wait_for_flow_run(server, flow_id, timeout=300.0):
    """Polls the tutorial's `GET /runs?property=flowId==<id>` until the scheduler's run is final."""
    deadline = time.monotonic() + timeout
    runs = []
    while time.monotonic() < deadline:
        r = server.get(f"{BASE}/runs?property=flowId=={flow_id}", headers=HEADERS)
        assert r.status_code == 200, r.text
        runs = r.json()["items"]
        final = [run for run in runs if run["status"] in ("success", "failed")]
        if final:
            return final[0]
        time.sleep(0.2)
    raise AssertionError(f"flow {flow_id} has no finished run after {timeout}s: {runs}")


def check_files(objects, records, prefix):
    """Under `prefix`: one manifest listing every part with its size and SHA-256, and the parts' NDJSON rows are
    exactly the dataset's records."""
    manifests = {k: json.loads(v) for k, v in objects.items() if k.rsplit("/", 1)[-1].startswith("manifest-")}
    parts = {k: v for k, v in objects.items() if k not in manifests}
    assert len(manifests) == 1, sorted(objects)
    assert all(k.startswith(prefix) for k in objects), sorted(objects)
    manifest_key, manifest = next(iter(manifests.items()))
    folder = manifest_key.rsplit("/", 1)[0]
    listed = {folder + "/" + f["name"]: f for f in manifest["files"]}
    assert set(listed) == set(parts), (sorted(listed), sorted(parts))
    rows = []
    for key, data in parts.items():
        assert key.endswith(".json"), key
        assert listed[key]["size"] == len(data)
        assert listed[key]["sha256"] == hashlib.sha256(data).hexdigest()
        rows += [json.loads(line) for line in data.decode().splitlines() if line.strip()]
    assert sorted(r["_id"] for r in rows) == sorted(r["_id"] for r in records)


@pytest.fixture
def tutorial_server(tmp_path):
    outflow = Outflow(tmp_path / "data")
    server = start_server(outflow)
    server.data_dir = outflow.data_dir
    yield server
    stop_server(server)


def records(count=40, seed=12):
    rng = random.Random(seed)
    return [event(i, rng) for i in range(count)]


def test_the_tutorial_exports_to_the_data_landing_zone(tutorial_server):
    server, rows = tutorial_server, records()
    dataset_id = dataset_with(server, rows, name="AAM Devices Data")
    spec = look_ups(server, "10440537-2a7b-4583-ac39-ed38d4b848e8", dataset_id)
    source = tutorial_post(server, "/sourceConnections",
                           tutorial_body("source_connection.json", **{SAMPLE_DATASET_ID: dataset_id}))
    base = tutorial_post(server, "/connections", tutorial_body("base_connection_dlz.json"))
    target_body = tutorial_body("target_connection_dlz.json", **{"<FROM_STEP_CREATE_TARGET_BASE_CONNECTION>": base})
    check_against_spec(spec, tutorial_body("base_connection_dlz.json"), target_body)
    target = tutorial_post(server, "/targetConnections", target_body)
    flow = tutorial_post(server, "/flows", tutorial_body(
        "flow_dlz.json", **{"<FROM_STEP_CREATE_SOURCE_CONNECTION>": source,
                            "<FROM_STEP_CREATE_TARGET_CONNECTION>": target}))
    run = wait_for_flow_run(server, flow)
    assert run["status"] == "success", run
    root = Path(server.data_dir) / "landing-zone" / "dlz-destination"
    objects = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    check_files(objects, rows, f"folder/subfolder/{dataset_id}/exportTime=")


def test_the_tutorial_exports_to_s3_with_its_current_schedule_params(tutorial_server, seaweedfs):
    server, rows = tutorial_server, records()
    bucket = seaweedfs.make_bucket("your-bucket-name")
    empty(seaweedfs, bucket, "folder/subfolder/")
    dataset_id = dataset_with(server, rows, name="AAM Devices Data")
    spec = look_ups(server, "4fce964d-3f37-408f-9778-e597338a21ee", dataset_id)
    source = tutorial_post(server, "/sourceConnections",
                           tutorial_body("source_connection.json", **{SAMPLE_DATASET_ID: dataset_id}))
    base_body = tutorial_body("base_connection_s3.json", **{
        "<Add secret key>": seaweedfs.keys["secretKey"], "<Add access key>": seaweedfs.keys["accessKey"]})
    base_body["auth"]["params"]["endpoint"] = seaweedfs.endpoint  # the host: SeaweedFS on 127.0.0.1, not AWS
    base = tutorial_post(server, "/connections", base_body)
    target_body = tutorial_body("target_connection_s3.json", **{"<FROM_STEP_CREATE_TARGET_BASE_CONNECTION>": base})
    check_against_spec(spec, base_body, target_body)
    target = tutorial_post(server, "/targetConnections", target_body)
    flow = tutorial_post(server, "/flows", tutorial_body(
        "flow_current_schedule.json", **{"<FROM_STEP_CREATE_SOURCE_CONNECTION>": source,
                                         "<FROM_STEP_CREATE_TARGET_CONNECTION>": target}))
    run = wait_for_flow_run(server, flow)
    assert run["status"] == "success", run
    # foldernameTemplate %DESTINATION%_%DATASET_ID%_%DATETIME(YYYYMMdd_HHmmss)%, under the target's path.
    objects = seaweedfs.objects(bucket, "folder/subfolder/")
    check_files(objects, rows, "folder/subfolder/")
    folders = {key.split("/")[2] for key in objects}
    assert len(folders) == 1 and f"_{dataset_id}_" in next(iter(folders)), folders


def test_the_tutorial_s3_dataflow_without_export_mode_is_incremental(tutorial_server):
    server = tutorial_server
    dataset_id = dataset_with(server, records(2), name="AAM Devices Data")
    source = tutorial_post(server, "/sourceConnections",
                           tutorial_body("source_connection.json", **{SAMPLE_DATASET_ID: dataset_id}))
    base_body = tutorial_body("base_connection_s3.json", **{
        "<Add secret key>": "never-used-secret", "<Add access key>": "AKIANEVERUSED0000001"})
    base_body["auth"]["params"]["endpoint"] = "http://127.0.0.1:9"  # whatever runs stays on loopback
    base = tutorial_post(server, "/connections", base_body)
    target = tutorial_post(server, "/targetConnections", tutorial_body(
        "target_connection_s3.json", **{"<FROM_STEP_CREATE_TARGET_BASE_CONNECTION>": base}))
    flow = tutorial_post(server, "/flows", tutorial_body(
        "flow_s3.json", **{"<FROM_STEP_CREATE_SOURCE_CONNECTION>": source,
                           "<FROM_STEP_CREATE_TARGET_CONNECTION>": target}))
    r = server.get(f"{BASE}/flows/{flow}", headers=HEADERS)
    schedule = r.json()["items"][0]["scheduleParams"]
    assert schedule["exportMode"] == "FIRST_FULL_THEN_INCREMENTAL", schedule
    assert (schedule["timeUnit"], schedule["interval"], schedule["startTime"]) == ("hour", 3, 1675901210)


def replay(server, rows, spec_id, destination, substitutions):
    """The tutorial's steps 1-6 for `destination` (the fixtures' suffix), with `substitutions[name]` the placeholders
    of fixture `name` (a function of the body may add host parameters); returns the final run."""
    dataset_id = dataset_with(server, rows, name="AAM Devices Data")
    spec = look_ups(server, spec_id, dataset_id)
    source = tutorial_post(server, "/sourceConnections",
                           tutorial_body("source_connection.json", **{SAMPLE_DATASET_ID: dataset_id}))
    base_body = tutorial_body(f"base_connection_{destination}.json", **substitutions.get("base", {}))
    substitutions.get("add_hosts", lambda params: None)(base_body["auth"]["params"])
    base = tutorial_post(server, "/connections", base_body)
    target_name = destination.removeprefix("sftp_password").removeprefix("sftp_ssh_key") or "sftp"
    target_body = tutorial_body(f"target_connection_{target_name}.json",
                                **{"<FROM_STEP_CREATE_TARGET_BASE_CONNECTION>": base})
    check_against_spec(spec, base_body, target_body)
    target = tutorial_post(server, "/targetConnections", target_body)
    flow = tutorial_post(server, "/flows", tutorial_body(
        f"flow_{target_name}.json", **{"<FROM_STEP_CREATE_SOURCE_CONNECTION>": source,
                                       "<FROM_STEP_CREATE_TARGET_CONNECTION>": target}))
    run = wait_for_flow_run(server, flow)
    assert run["status"] == "success", run
    return dataset_id


def test_the_tutorial_exports_to_google_cloud_storage_with_hmac_keys(tutorial_server, seaweedfs):
    server, rows = tutorial_server, records(seed=21)
    adapter = GCSHMACAdapter("gcs-hmac", seaweedfs, "your-bucket-name")
    empty(seaweedfs, adapter.bucket, "folder/subfolder/")  # the S3 replay shares the bucket
    dataset_id = replay(server, rows, "c5d93acb-ea8b-4b14-8f53-02138444ae99", "gcs", {
        "base": {"<Add accessKeyId>": seaweedfs.keys["accessKey"],
                 "<Add secret Access Key>": seaweedfs.keys["secretKey"]},
        "add_hosts": lambda params: params.update(endpoint=seaweedfs.endpoint)})
    check_files(adapter.read_objects("folder/subfolder"), rows, f"folder/subfolder/{dataset_id}/exportTime=")


def test_the_tutorial_exports_to_azure_blob_storage(tutorial_server, azure_peer):
    server, rows = tutorial_server, records(seed=22)
    adapter = AzureBlobAdapter(azure_peer, container="your-container-name")
    dataset_id = replay(server, rows, "6d6b59bf-fb58-4107-9064-4d246c0e5bb2", "azure_blob", {
        "base": {"<Add Azure Blob connection string>": azure_peer.zone.connection_string}})
    check_files(adapter.read_objects("folder/subfolder"), rows, f"folder/subfolder/{dataset_id}/exportTime=")


def test_the_tutorial_exports_to_adls_gen2_with_a_service_principal(tutorial_server, azure_peer):
    server, rows = tutorial_server, records(seed=23)
    adapter = ADLSAdapter(azure_peer, file_system="your-file-system")
    dataset_id = replay(server, rows, "be2c3209-53bc-47e7-ab25-145db8b873e1", "adls", {
        "base": {"<Add servicePrincipalKey>": azure_peer.client_secret,
                 "<Add url>": f"{azure_peer.zone.endpoint}/{adapter.file_system}",
                 "<Add tenant": azure_peer.tenant, "<Add servicePrincipalId>": azure_peer.client_id},
        "add_hosts": lambda params: params.update(authorityHost=azure_peer.oauth.authority_host)})
    check_files(adapter.read_objects("folder/subfolder"), rows, f"folder/subfolder/{dataset_id}/exportTime=")


@pytest.mark.parametrize("login", ["sftp_password", "sftp_ssh_key"])
def test_the_tutorial_exports_to_sftp(tutorial_server, sftp_peer, login):
    """Both of the tutorial's SFTP base connections; no host key pin (the tutorial has none): the first contact's
    key is remembered (accept-new)."""
    server, rows = tutorial_server, records(seed=24 if login == "sftp_password" else 25)
    adapter = SFTPAdapter(sftp_peer)
    adapter.remote = "folder"
    secret = ({"<Add password>": sftp_peer.password} if login == "sftp_password"
              else {"<Add SSH key>": sftp_peer.private_key_b64})
    dataset_id = replay(server, rows, "36965a81-b1c6-401b-99f8-22508f1e6a26", login, {
        "base": {"<Add domain>": "127.0.0.1", "<Add username>": sftp_peer.user, **secret},
        "add_hosts": lambda params: params.update(port=str(sftp_peer.port))})
    objects = {k: v for k, v in adapter.read_objects("subfolder").items() if f"/{dataset_id}/" in k}
    check_files(objects, rows, f"subfolder/{dataset_id}/exportTime=")


def empty(peer, bucket, prefix):
    for key in peer.key_names(bucket, prefix):
        peer.client().delete_object(Bucket=bucket, Key=key)

