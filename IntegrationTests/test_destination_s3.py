"""Amazon S3 specifics: `outflow serve`, the Flow Service calls of the AEP tutorial over REST, SeaweedFS (real
SigV4 checks) and moto (multipart minimums, STS) as buckets, boto3 as the independent reader, pyarrow to decode
what landed: multipart uploads with the configured part size, STS AssumeRole, specific errors from
`POST /connections/{id}/test` and from runs (wrong secret, unknown key, missing bucket, no write permission) with
nothing left behind, and the fault proxy resetting multipart uploads (parts in flight go up again; a failed
upload is aborted). The plain export (full + incremental) and the reset / stall / slow-link matrix run for S3
like for every destination in `test_export_e2e.py` and `test_destination_faults.py`."""
import gzip
import hashlib
import io
import json
import random
import string
import time

import pyarrow.parquet as pq
import pytest

from conftest import Outflow, start_server, stop_server
from faultproxy import FaultProxy
from peers.s3 import ADMIN, READER  # the peers themselves are session fixtures from conftest
from schemas import event

S3_SPEC = "4fce964d-3f37-408f-9778-e597338a21ee"
DATASET_SOURCE_SPEC = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"
BASE = "/data/foundation/flowservice"
HEADERS = {"Content-Type": "application/json", "x-sandbox-name": "prod"}


# -- Flow Service over REST ----------------------------------------------------------------------------------
from flow_service import dataset_with as create_dataset, post  # noqa: E402


def s3_auth(peer, keys=None, **extra):
    keys = keys or peer.keys
    return {"s3AccessKey": keys["accessKey"], "s3SecretKey": keys["secretKey"], "endpoint": peer.endpoint,
            "region": peer.region, "forcePathStyle": True, **extra}


def create_base(server, auth_params):
    return post(server, "/connections", {
        "name": "s3", "connectionSpec": {"id": S3_SPEC, "version": "1.0"},
        "auth": {"specName": "Access Key", "params": auth_params}})["id"]


def create_flow(server, dataset_id, base, target_params):
    source = post(server, "/sourceConnections", {
        "name": "source", "connectionSpec": {"id": DATASET_SOURCE_SPEC, "version": "1.0"},
        "params": {"datasets": [{"id": dataset_id}]}})["id"]
    target = post(server, "/targetConnections", {
        "name": "target", "baseConnectionId": base, "connectionSpec": {"id": S3_SPEC, "version": "1.0"},
        "params": target_params})["id"]
    r = server.get(BASE + "/flowSpecs", headers=HEADERS)
    assert r.status_code == 200, r.text
    flow_spec = next(s["id"] for s in r.json()["items"] if S3_SPEC in s["targetConnectionSpecIds"])
    return post(server, "/flows", {
        "name": "s3 export", "flowSpec": {"id": flow_spec, "version": "1.0"},
        "sourceConnectionIds": [source], "targetConnectionIds": [target],
        "scheduleParams": {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1,
                           "startTime": int(time.time()) + 86_400}})["id"]


def run_flow(server, flow_id, timeout=600.0):
    r = server.post(f"{BASE}/flows/{flow_id}/runs", json={}, headers=HEADERS)
    assert r.status_code in (200, 201, 202), r.text
    run_id = r.json()["items"][0]["id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = server.get(f"{BASE}/runs/{run_id}", headers=HEADERS).json()["items"][0]
        if run["status"] in ("success", "failed"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def connection_test(server, base, params):
    r = server.post(f"{BASE}/connections/{base}/test", json={"params": params}, headers=HEADERS)
    assert r.status_code == 200, r.text
    return r.json()


def run_errors(run):
    return json.dumps(run["metrics"]["statusSummary"].get("errors", []))


# -- verification ----------------------------------------------------------------------------------------------
def decode(name, data):
    if name.endswith(".parquet"):
        return pq.read_table(io.BytesIO(data)).to_pylist()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def check_delivery(objects, dataset_id, records, prefix, suffix):
    """Every object sits under <prefix><datasetId>/exportTime=.../, the manifest lists every part with its size
    and SHA-256 as read back with boto3, and the parts' records are the dataset's."""
    assert objects, "nothing was delivered"
    manifests = {p: json.loads(d) for p, d in objects.items() if p.rsplit("/", 1)[-1].startswith("manifest-")}
    parts = {p: d for p, d in objects.items() if p not in manifests}
    assert len(manifests) == 1, sorted(objects)
    for path in objects:
        assert path.startswith(f"{prefix}{dataset_id}/exportTime="), path
    manifest_path, manifest = next(iter(manifests.items()))
    folder = manifest_path.rsplit("/", 1)[0]
    listed = {folder + "/" + f["name"]: f for f in manifest["files"]}
    assert set(listed) == set(parts), (sorted(listed), sorted(parts))
    exported = []
    for path, data in parts.items():
        assert path.endswith(suffix), path
        assert listed[path]["size"] == len(data)
        assert listed[path]["sha256"] == hashlib.sha256(data).hexdigest(), f"{path} is not byte-identical"
        rows = decode(path, data)
        assert listed[path]["rowCount"] == len(rows)
        exported += rows
    by_id = {r["_id"]: r for r in exported}
    assert len(by_id) == len(exported) == len(records)
    for rec in records:
        got = by_id[rec["_id"]]
        assert got["ecid"] == rec["ecid"] and int(got["big"]) == rec["big"], (got, rec)
        assert got["web"]["pageName"] == rec["web"]["pageName"]
        assert got.get("email") == rec.get("email")
    return parts


def big_records(count, size=2_000, seed=7):
    """Records with an incompressible `email` of `size` characters, so a few thousand make a multipart file."""
    rng = random.Random(seed)
    records = [event(i, rng) for i in range(count)]
    for rec in records:
        rec["email"] = "".join(rng.choices(string.ascii_letters + string.digits, k=size))
    return records


@pytest.fixture
def outflow_server(tmp_path):
    server = start_server(Outflow(tmp_path / "data"))
    yield server
    stop_server(server)


def server_log(server):
    """What the server printed (its log file, read after it stopped)."""
    return server.log_path.read_text() if server.log_path else ""


# -- tests -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("peer_name", ["seaweedfs", "moto_s3"])
def test_large_files_go_up_as_multipart_uploads_with_parts_of_the_configured_size(request, outflow_server,
                                                                                  peer_name):
    peer = request.getfixturevalue(peer_name)
    server = outflow_server
    records = big_records(6_000)  # ~13 MB of JSON: three 5 MiB parts
    dataset_id = create_dataset(server, records)
    bucket = peer.make_bucket("multipart")
    base = create_base(server, s3_auth(peer))
    flow = create_flow(server, dataset_id, base, {
        "bucketName": bucket, "path": "big", "datasetFileType": "JSON", "compression": "NONE",
        "partSizeMiB": "5"})
    run = run_flow(server, flow)
    assert run["status"] == "success", run
    parts = check_delivery(peer.objects(bucket, "big/"), dataset_id, records, "big/", ".json")
    client = peer.client()
    for key, data in parts.items():
        head = client.head_object(Bucket=bucket, Key=key)
        if len(data) > 5 << 20:
            # a multipart object's ETag is "<md5 of the part md5s>-<part count>"
            assert head["ETag"].strip('"').endswith(f"-{-(-len(data) // (5 << 20))}"), head["ETag"]
    assert peer.pending_uploads(bucket) == []


def test_assume_role_through_sts_with_an_external_id(outflow_server, moto_s3):
    server = outflow_server
    records = [event(i, random.Random(i)) for i in range(500)]
    dataset_id = create_dataset(server, records)
    bucket = moto_s3.make_bucket("assumed")
    base = create_base(server, s3_auth(
        moto_s3, roleArn="arn:aws:iam::123456789012:role/outflow-export", externalId="outflow-ext-1",
        stsEndpoint=moto_s3.endpoint))
    flow = create_flow(server, dataset_id, base, {"bucketName": bucket, "path": "", "datasetFileType": "PARQUET"})
    run = run_flow(server, flow)
    assert run["status"] == "success", run
    check_delivery(moto_s3.objects(bucket), dataset_id, records, "", ".parquet")


CASES = {
    "wrong secret": (lambda: {"accessKey": ADMIN["accessKey"], "secretKey": "not-the-secret-1234"}, "ok",
                     "the secret access key is wrong (SignatureDoesNotMatch)"),
    "unknown key": (lambda: {"accessKey": "AKIAUNKNOWNKEY000001", "secretKey": "not-the-secret-1234"}, "ok",
                    "the access key id is not known to the server (InvalidAccessKeyId)"),
    "missing bucket": (lambda: ADMIN, "missing", "the bucket 'no-such-bucket-here' does not exist (NoSuchBucket)"),
    "no write permission": (lambda: READER, "ok", "(AccessDenied)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_credential_and_bucket_problems_give_specific_errors_and_leave_nothing(tmp_path, seaweedfs, case):
    keys_of, bucket_kind, expected = CASES[case]
    keys = keys_of()
    bucket = seaweedfs.make_bucket("errors-" + case.replace(" ", "-")) if bucket_kind == "ok" \
        else "no-such-bucket-here"
    server = start_server(Outflow(tmp_path / "data"))
    try:
        base = create_base(server, s3_auth(seaweedfs, keys=keys))
        report = connection_test(server, base, {"bucketName": bucket, "path": "out"})
        assert report["failedStep"] == "write", report
        assert expected in report["error"]["message"], report
        records = [event(i, random.Random(i)) for i in range(100)]
        dataset_id = create_dataset(server, records)
        flow = create_flow(server, dataset_id, base, {"bucketName": bucket, "path": "out", "datasetFileType": "JSON"})
        run = run_flow(server, flow)
        assert run["status"] == "failed", run
        assert expected in run_errors(run), run_errors(run)
        assert keys["secretKey"] not in json.dumps(report) + json.dumps(run)
    finally:
        stop_server(server)
    assert keys["secretKey"] not in server_log(server)
    if bucket_kind == "ok":
        assert seaweedfs.objects(bucket) == {}
        assert seaweedfs.pending_uploads(bucket) == []


def test_resets_mid_multipart_upload_are_retried_and_the_result_is_byte_identical(outflow_server, seaweedfs):
    server = outflow_server
    records = big_records(5_000, seed=11)
    dataset_id = create_dataset(server, records)
    bucket = seaweedfs.make_bucket("resets")
    with FaultProxy(int(seaweedfs.endpoint.rsplit(":", 1)[1])) as proxy:
        proxy.set_mode("reset", after_bytes=3_000_000, times=3)
        base = create_base(server, s3_auth(seaweedfs, endpoint=f"http://127.0.0.1:{proxy.port}"))
        flow = create_flow(server, dataset_id, base, {
            "bucketName": bucket, "path": "r", "datasetFileType": "JSON", "compression": "NONE",
            "partSizeMiB": "5"})
        run = run_flow(server, flow)
        assert run["status"] == "success", run
        assert proxy.stats["resets"] >= 2  # parts in flight on reset connections went up again
    check_delivery(seaweedfs.objects(bucket, "r/"), dataset_id, records, "r/", ".json")
    assert seaweedfs.pending_uploads(bucket) == []


def first_failure(server, flow_id, timeout=300.0):
    """Starts a run and returns it as soon as its first attempt has failed (the runner retries whole runs only
    after 30 s, so the state between attempts is what a failed attempt left behind)."""
    r = server.post(f"{BASE}/flows/{flow_id}/runs", json={}, headers=HEADERS)
    assert r.status_code in (200, 201, 202), r.text
    run_id = r.json()["items"][0]["id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = server.get(f"{BASE}/runs/{run_id}", headers=HEADERS).json()["items"][0]
        if run["status"] == "failed" or run["metrics"]["statusSummary"].get("errors"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not fail: {run}")


def test_a_multipart_upload_that_keeps_failing_is_aborted_and_nothing_is_visible(outflow_server, seaweedfs):
    server = outflow_server
    records = big_records(4_000, seed=13)
    dataset_id = create_dataset(server, records)
    bucket = seaweedfs.make_bucket("aborted")
    with FaultProxy(int(seaweedfs.endpoint.rsplit(":", 1)[1])) as proxy:
        proxy.set_mode("reset", after_bytes=300_000)  # every connection: parts never get through
        base = create_base(server, s3_auth(seaweedfs, endpoint=f"http://127.0.0.1:{proxy.port}"))
        flow = create_flow(server, dataset_id, base, {
            "bucketName": bucket, "path": "a", "datasetFileType": "JSON", "compression": "NONE",
            "partSizeMiB": "5"})
        run = first_failure(server, flow)
        errors = run_errors(run)
        assert "UploadPart" in errors and "the connection to 127.0.0.1" in errors, errors
        assert proxy.stats["resets"] >= 5
        assert seaweedfs.objects(bucket) == {}
        assert seaweedfs.pending_uploads(bucket) == []


SSE_CASES = {
    "AES256": ({"serverSideEncryption": "AES256"}, "AES256", None),
    "aws:kms with a key id": ({"serverSideEncryption": "aws:kms", "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:"
                               "key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}, "aws:kms",
                              "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
}


@pytest.mark.parametrize("case", list(SSE_CASES))
def test_server_side_encryption_is_asked_for_on_single_and_multipart_uploads(outflow_server, moto_s3, case):
    """`serverSideEncryption` (+ `kmsKeyId`) goes on PutObject and on CreateMultipartUpload: moto records it per
    object and `head_object` shows it, for the multipart data file as well as the small manifest."""
    params, algorithm, key_id = SSE_CASES[case]
    server = outflow_server
    records = big_records(3_000, seed=21)  # ~6.5 MB of JSON: a two-part multipart upload at 5 MiB parts
    dataset_id = create_dataset(server, records)
    bucket = moto_s3.make_bucket("sse-" + algorithm.replace(":", "-").lower())
    base = create_base(server, s3_auth(moto_s3))
    flow = create_flow(server, dataset_id, base, {
        "bucketName": bucket, "path": "sse", "datasetFileType": "JSON", "compression": "NONE", "partSizeMiB": "5",
        **params})
    run = run_flow(server, flow)
    assert run["status"] == "success", run
    parts = check_delivery(moto_s3.objects(bucket, "sse/"), dataset_id, records, "sse/", ".json")
    client = moto_s3.client()
    keys = moto_s3.key_names(bucket, "sse/")
    assert any(len(data) > 5 << 20 for data in parts.values()), "no file was big enough for a multipart upload"
    for key in keys:
        head = client.head_object(Bucket=bucket, Key=key)
        assert head.get("ServerSideEncryption") == algorithm, (key, head)
        assert head.get("SSEKMSKeyId") == key_id, (key, head)


@pytest.mark.parametrize("peer_name", ["seaweedfs", "moto_s3"])
def test_listing_follows_continuation_tokens_past_1000_objects(request, outflow_server, peer_name):
    """The connection test lists its probe folder: with 1100 leftovers sorting before the probe, `list` passes only
    when ListObjectsV2 is followed to its second page."""
    peer = request.getfixturevalue(peer_name)
    bucket = peer.make_bucket("paging")
    peer.put_many(bucket, [f"out/.outflow-probe/probe-0-leftover-{i:05d}.txt" for i in range(1_100)])
    base = create_base(outflow_server, s3_auth(peer))
    report = connection_test(outflow_server, base, {"bucketName": bucket, "path": "out"})
    assert report["passed"] == ["connect", "write", "list", "delete"], report
    assert len(peer.key_names(bucket, "out/.outflow-probe/")) == 1_100
