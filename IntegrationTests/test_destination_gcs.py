"""Google Cloud Storage destination end to end: `outflow serve`, the Flow Service calls of the AEP tutorial over
REST, gcp-storage-emulator as the bucket, google-cloud-storage (anonymous) as the independent reader, pyarrow to
decode what landed. Also: the service-account JWT exchange against a local token endpoint (and the bearer token
seen on the wire), a resumable upload interrupted mid-way by the fault proxy that resumes without a new
attempt, and a missing bucket. (The JSON API on the emulator and HMAC keys on SeaweedFS run the full tutorial
scenario and the fault matrix with every other destination: `test_export_e2e.py`, `test_destination_faults.py`.)
Here the HMAC path (XML interop API, AWS4-HMAC-SHA256 signatures) also meets SeaweedFS's signature and permission
checks, and listings of more than 1000 objects page (fake-gcs-server for the JSON API's `pageToken`, SeaweedFS for
continuation tokens)."""
import json
import random
import time

import pytest

from conftest import start_server, stop_server
from export_checks import check_export
from flow_service import start_run, wait_run
from peers.s3 import ADMIN, READER  # the peers themselves are session fixtures from conftest
from peers.google_token import BearerRecorder, GoogleTokenEndpoint
from schemas import event

GCS_SPEC = "c5d93acb-ea8b-4b14-8f53-02138444ae99"
DATASET_SOURCE_SPEC = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"
BASE = "/data/foundation/flowservice"
HEADERS = {"Content-Type": "application/json", "x-sandbox-name": "prod"}


# -- Flow Service over REST ----------------------------------------------------------------------------------
from flow_service import dataset_with as create_dataset, post  # noqa: E402


def create_base(server, auth_params):
    return post(server, "/connections", {
        "name": "gcs", "connectionSpec": {"id": GCS_SPEC, "version": "1.0"},
        "auth": {"specName": "Google Cloud Storage authentication credentials", "params": auth_params}})["id"]


def create_flow(server, dataset_id, base, target_params):
    source = post(server, "/sourceConnections", {
        "name": "source", "connectionSpec": {"id": DATASET_SOURCE_SPEC, "version": "1.0"},
        "params": {"datasets": [{"id": dataset_id}]}})["id"]
    target = post(server, "/targetConnections", {
        "name": "target", "baseConnectionId": base, "connectionSpec": {"id": GCS_SPEC, "version": "1.0"},
        "params": target_params})["id"]
    r = server.get(BASE + "/flowSpecs", headers=HEADERS)
    assert r.status_code == 200, r.text
    flow_spec = next(s["id"] for s in r.json()["items"] if GCS_SPEC in s["targetConnectionSpecIds"])
    return post(server, "/flows", {
        "name": "gcs export", "flowSpec": {"id": flow_spec, "version": "1.0"},
        "sourceConnectionIds": [source], "targetConnectionIds": [target],
        "scheduleParams": {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1,
                           "startTime": int(time.time()) + 86_400}})["id"]


def run_flow(server, flow_id, timeout=300.0):
    return wait_run(server, start_run(server, flow_id), timeout=timeout)


# -- verification ----------------------------------------------------------------------------------------------
def check_delivery(objects: dict[str, bytes], dataset_id: str, records: list[dict], prefix: str, suffix: str):
    """The shared checker (layout, manifest sizes and SHA-256 against the bytes read back, records compared row by
    row with pyarrow/DuckDB), plus the file suffix of this format."""
    assert objects, "nothing was delivered"
    parts = [p for p in objects if p.rsplit("/", 1)[-1].startswith("part-")]
    assert parts and all(p.endswith(suffix) for p in parts), sorted(objects)
    summary = check_export(objects, dataset_id, records, prefix=prefix, compare_rows=True,
                           decimal_fields=("revenue", "products.price"))
    assert summary.row_count == len(records)


@pytest.fixture
def outflow_server(tmp_path):
    from conftest import Outflow
    server = start_server(Outflow(tmp_path / "data"))
    yield server
    stop_server(server)


# -- tests -----------------------------------------------------------------------------------------------------
def test_missing_bucket_is_a_clear_error_from_test_and_run_with_nothing_left(outflow_server, gcs_emulator):
    server = outflow_server
    records = [event(i, random.Random(1)) for i in range(50)]
    dataset_id = create_dataset(server, records)
    base = create_base(server, {"endpoint": gcs_emulator.url})
    report = server.post(f"{BASE}/connections/{base}/test", json={"params": {"bucketName": "no-such-bucket"}},
                         headers=HEADERS).json()
    assert report["failedStep"] == "write" and report["passed"] == ["connect"], report
    assert report["error"]["code"] == "notFound", report
    assert "bucket 'no-such-bucket' does not exist" in report["error"]["message"], report

    flow = create_flow(server, dataset_id, base, {"bucketName": "no-such-bucket", "path": "x",
                                                   "datasetFileType": "JSON"})
    run = run_flow(server, flow)
    assert run["status"] == "failed", run
    errors = json.dumps(run["metrics"]["statusSummary"]["errors"])
    assert "no-such-bucket" in errors and "does not exist" in errors, errors
    client = gcs_emulator.client()
    assert [b.name for b in client.list_buckets()] == [gcs_emulator.bucket]
    assert not gcs_emulator.objects("x/")
    stop_server(server)
    log = server.log_path.read_text()
    # The executor logs failed deliveries: the resume test relies on this line being absent there.
    assert "failed (attempt 1)" in log and "does not exist" in log, log[-2000:]


def test_service_account_token_is_exchanged_and_sent_as_bearer(tmp_path, gcs_emulator):
    from conftest import Outflow
    with GoogleTokenEndpoint() as tokens, BearerRecorder(int(gcs_emulator.url.rsplit(":", 1)[1])) as recorder:
        server = start_server(Outflow(tmp_path / "data"))
        key_text = json.dumps(tokens.key_file(token_uri="https://oauth2.googleapis.com/token"))
        try:
            records = [event(i, random.Random(3)) for i in range(300)]
            dataset_id = create_dataset(server, records)
            base = create_base(server, {"serviceAccountKey": key_text, "tokenUri": tokens.url,
                                        "endpoint": f"http://127.0.0.1:{recorder.port}"})
            r = server.get(f"{BASE}/connections/{base}", headers=HEADERS)
            assert "PRIVATE KEY" not in r.text and "serviceAccountKey\": \"{" not in r.text, r.text
            flow = create_flow(server, dataset_id, base, {"bucketName": gcs_emulator.bucket, "path": "sa",
                                                           "datasetFileType": "PARQUET"})
            run = run_flow(server, flow)
            assert run["status"] == "success", run
            check_delivery(gcs_emulator.objects("sa/"), dataset_id, records, "sa/", ".parquet")

            assert tokens.rejections == [] and len(tokens.issued) == 1, (tokens.rejections, tokens.issued)
            claims = tokens.claims[0]
            assert claims["iss"] == tokens.email and claims["aud"] == tokens.url
            assert claims["scope"] == "https://www.googleapis.com/auth/devstorage.read_write"
            assert recorder.authorizations, "no request reached the emulator through the recorder"
            assert set(recorder.authorizations) == {f"Bearer {tokens.issued[0]}"}, recorder.authorizations

            # A key the endpoint does not know: the test names the auth failure, without any secret.
            stranger = GoogleTokenEndpoint()
            wrong = dict(stranger.key_file(token_uri=tokens.url), client_email=tokens.email)
            bad = create_base(server, {"serviceAccountKey": json.dumps(wrong),
                                       "endpoint": f"http://127.0.0.1:{recorder.port}"})
            report = server.post(f"{BASE}/connections/{bad}/test",
                                 json={"params": {"bucketName": gcs_emulator.bucket}}, headers=HEADERS).json()
            assert report["failedStep"] == "write" and report["error"]["code"] == "auth", report
            assert "invalid_grant" in report["error"]["message"], report
            assert tokens.rejections == ["bad signature"], tokens.rejections
        finally:
            stop_server(server)
        log = server.log_path.read_text()
        for secret in [tokens.private_key_pem().splitlines()[1], *tokens.issued]:
            assert secret not in log, "a credential reached the server log"


def test_resumable_upload_interrupted_mid_way_resumes_and_is_byte_identical(tmp_path, gcs_emulator):
    from conftest import Outflow, wait_until
    from faultproxy import FaultProxy  # the shared fault proxy (IntegrationTests/faultproxy.py)
    rng = random.Random(9)
    records = [event(i, rng) for i in range(60_000)]
    with FaultProxy(int(gcs_emulator.url.rsplit(":", 1)[1])) as proxy:
        server = start_server(Outflow(tmp_path / "data"))
        try:
            dataset_id = create_dataset(server, records)
            base = create_base(server, {"endpoint": f"http://127.0.0.1:{proxy.port}"})
            flow = create_flow(server, dataset_id, base, {"bucketName": gcs_emulator.bucket, "path": "resume",
                                                           "datasetFileType": "JSON"})
            # Slow the first 8 MiB chunk down, then reset the next connection (the final chunk) after 1 MiB.
            proxy.set_mode("bandwidth", bytes_per_s=4_000_000)
            run_id = start_run(server, flow)
            assert wait_until(lambda: proxy.stats["bytes_up"] > 2_000_000, timeout=120), proxy.stats
            proxy.set_mode("reset", after_bytes=1 << 20, times=1)
            assert wait_until(lambda: proxy.stats["resets"] >= 1, timeout=120), proxy.stats
            proxy.set_mode("pass")

            def finished():
                run = server.get(f"{BASE}/runs/{run_id}", headers=HEADERS).json()["items"][0]
                return run if run["status"] in ("success", "failed") else None
            assert wait_until(finished, timeout=300)
            run = finished()
            assert run["status"] == "success", run
        finally:
            stop_server(server)
        log = server.log_path.read_text()
        assert "failed (attempt" not in log, f"the destination did not resume by itself:\n{log[-2000:]}"
    objects = gcs_emulator.objects("resume/")
    part = next(d for p, d in objects.items() if p.rsplit("/", 1)[-1].startswith("part-"))
    assert len(part) > (8 << 20) + (1 << 20), f"the part is too small ({len(part)}) to be interrupted mid-way"
    check_delivery(objects, dataset_id, records, "resume/", ".json")


@pytest.fixture
def moto_s3():
    """moto's S3 server on a free port: an XML-API peer for the HMAC path (it accepts any signature, so this
    proves the XML calls and their shapes; SigV4 itself is checked against botocore in the Swift tests)."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    import requests
    from conftest import free_port, wait_until
    port = free_port()
    binary = Path(sys.executable).parent / "moto_server"
    assert binary.exists(), "moto[server] is not installed (scripts/requirements-dev.txt)"
    process = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return requests.get(url + "/moto-api/", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False
    try:
        assert wait_until(up, timeout=60), "moto_server did not start"
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_hmac_keys_deliver_through_the_xml_api(outflow_server, moto_s3):
    import boto3
    server = outflow_server
    s3 = boto3.client("s3", endpoint_url=moto_s3, region_name="us-east-1", aws_access_key_id="GOOG1TESTKEY",
                      aws_secret_access_key="hmac-secret-xyz")
    s3.create_bucket(Bucket="hmac-bucket")
    records = [event(i, random.Random(7)) for i in range(500)]
    dataset_id = create_dataset(server, records)
    base = create_base(server, {"accessKeyId": "GOOG1TESTKEY", "secretAccessKey": "hmac-secret-xyz",
                                "endpoint": moto_s3})
    report = server.post(f"{BASE}/connections/{base}/test", json={"params": {"bucketName": "hmac-bucket"}},
                         headers=HEADERS).json()
    assert report["passed"] == ["connect", "write", "list", "delete"], report
    flow = create_flow(server, dataset_id, base, {"bucketName": "hmac-bucket", "path": "xml",
                                                   "datasetFileType": "JSON", "compression": "GZIP"})
    run = run_flow(server, flow)
    assert run["status"] == "success", run
    listed = s3.list_objects_v2(Bucket="hmac-bucket").get("Contents", [])
    objects = {o["Key"]: s3.get_object(Bucket="hmac-bucket", Key=o["Key"])["Body"].read() for o in listed}
    check_delivery(objects, dataset_id, records, "xml/", ".json.gz")
    assert "hmac-secret-xyz" not in json.dumps(run) and "hmac-secret-xyz" not in server.get(
        f"{BASE}/connections/{base}", headers=HEADERS).text
    stop_server(server)
    assert "hmac-secret-xyz" not in server.log_path.read_text()


# -- HMAC keys against a server that checks signatures ---------------------------------------------------------
def hmac_auth(peer, keys=None):
    keys = keys or ADMIN
    return {"accessKeyId": keys["accessKey"], "secretAccessKey": keys["secretKey"], "endpoint": peer.endpoint}


def test_hmac_keys_sign_requests_seaweedfs_accepts_and_boto3_reads_back(outflow_server, seaweedfs):
    """The XML path signs with AWS4-HMAC-SHA256 (GCS accepts it beside GOOG4; SeaweedFS checks it)."""
    server = outflow_server
    bucket = seaweedfs.make_bucket("gcs-hmac")
    records = [event(i, random.Random(17)) for i in range(800)]
    dataset_id = create_dataset(server, records)
    base = create_base(server, hmac_auth(seaweedfs))
    report = server.post(f"{BASE}/connections/{base}/test", json={"params": {"bucketName": bucket}},
                         headers=HEADERS).json()
    assert report["passed"] == ["connect", "write", "list", "delete"], report
    flow = create_flow(server, dataset_id, base, {"bucketName": bucket, "path": "hmac",
                                                   "datasetFileType": "PARQUET", "compression": "ZSTD"})
    run = run_flow(server, flow)
    assert run["status"] == "success", run
    check_delivery(seaweedfs.objects(bucket, "hmac/"), dataset_id, records, "hmac/", ".parquet")
    assert seaweedfs.objects(bucket, ".outflow-probe/") == {}


HMAC_CASES = {
    "wrong secret": (lambda: {"accessKey": ADMIN["accessKey"], "secretKey": "wrong-hmac-secret-42"}, "ok", "auth",
                     ["GCS refused the HMAC signature", "SignatureDoesNotMatch"]),
    "read-only key": (lambda: READER, "ok", "permission", ["no permission to write objects in bucket"]),
    "missing bucket": (lambda: ADMIN, "missing", "notFound",
                       ["the bucket 'no-such-hmac-bucket' does not exist (NoSuchBucket)"]),
}


@pytest.mark.parametrize("case", list(HMAC_CASES))
def test_hmac_problems_give_specific_errors_from_test_and_run_and_leave_nothing(tmp_path, seaweedfs, case):
    from conftest import Outflow
    keys_of, bucket_kind, code, expected = HMAC_CASES[case]
    keys = keys_of()
    bucket = seaweedfs.make_bucket("gcs-" + case.replace(" ", "-")) if bucket_kind == "ok" \
        else "no-such-hmac-bucket"
    server = start_server(Outflow(tmp_path / "data"))
    try:
        base = create_base(server, hmac_auth(seaweedfs, keys))
        report = server.post(f"{BASE}/connections/{base}/test", json={"params": {"bucketName": bucket}},
                             headers=HEADERS).json()
        assert report["failedStep"] == "write" and report["passed"] == ["connect"], report
        assert report["error"]["code"] == code, report
        for text in expected:
            assert text in report["error"]["message"], report
        dataset_id = create_dataset(server, [event(i, random.Random(2)) for i in range(100)])
        flow = create_flow(server, dataset_id, base, {"bucketName": bucket, "path": "out", "datasetFileType": "JSON"})
        run = run_flow(server, flow)
        assert run["status"] == "failed", run
        errors = json.dumps(run["metrics"]["statusSummary"]["errors"])
        for text in expected:
            assert text in errors, errors
        assert keys["secretKey"] not in json.dumps(report) + json.dumps(run)
    finally:
        stop_server(server)
    assert keys["secretKey"] not in server.log_path.read_text()
    buckets = [b["Name"] for b in seaweedfs.client().list_buckets()["Buckets"]]
    if bucket_kind == "ok":
        assert seaweedfs.objects(bucket) == {} and seaweedfs.pending_uploads(bucket) == []
    else:
        assert bucket not in buckets, "the upload created the missing bucket"


# -- listings of more than one page --------------------------------------------------------------------------
def leftover_probes(count):
    """Names that sort before any probe the test writes (`probe-<digits>.txt`), so its own probe is on page 2."""
    return [f".outflow-probe/probe-0-leftover-{i:05d}.txt" for i in range(count)]


def test_json_api_listing_follows_page_tokens_past_1000_objects(outflow_server, fake_gcs):
    fake_gcs.put_many(leftover_probes(1_100))
    base = create_base(outflow_server, {"endpoint": fake_gcs.url})
    report = outflow_server.post(f"{BASE}/connections/{base}/test",
                                 json={"params": {"bucketName": fake_gcs.bucket}}, headers=HEADERS).json()
    # `list` only passes when the probe, sorted after 1100 leftovers, was found on the second page.
    assert report["passed"] == ["connect", "write", "list", "delete"], report
    assert len(fake_gcs.names(".outflow-probe/")) == 1_100


def test_xml_api_listing_follows_continuation_tokens_past_1000_objects(outflow_server, seaweedfs):
    bucket = seaweedfs.make_bucket("gcs-paging")
    seaweedfs.put_many(bucket, leftover_probes(1_100))
    base = create_base(outflow_server, hmac_auth(seaweedfs))
    report = outflow_server.post(f"{BASE}/connections/{base}/test", json={"params": {"bucketName": bucket}},
                                 headers=HEADERS).json()
    assert report["passed"] == ["connect", "write", "list", "delete"], report
    assert len(seaweedfs.key_names(bucket, ".outflow-probe/")) == 1_100
