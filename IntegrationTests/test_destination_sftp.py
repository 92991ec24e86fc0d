"""SFTP destination end to end: `outflow serve`, the AEP Flow Service calls over REST, a real OpenSSH server
(peers/sftp.py), and paramiko + pyarrow as the independent reader. Failures (wrong password, wrong host key,
unwritable folder, connection resets) must give a clear error from `test` and from a run, leave nothing
partial behind, and never show the secret. (Password login runs the full tutorial scenario and the reset / stall /
slow-link matrix with every other destination: `test_export_e2e.py`, `test_destination_faults.py`.)"""
import base64
import hashlib
import io
import json
import os
import random
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import requests

from conftest import Outflow, Server, free_port, outflow_bin, stop_server, wait_until
from export_checks import check_export
from faultproxy import FaultProxy
from peers.sftp import SFTPPeer
from schemas import EVENTS_SCHEMA, event

FS = "/data/foundation/flowservice"
SFTP_SPEC = "36965a81-b1c6-401b-99f8-22508f1e6a26"
DATA_LAKE_SPEC = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"


def _post(server, path, body, expect=(200, 201, 202)):
    r = server.post(FS + path, json=body)
    assert r.status_code in expect, r.text
    return r.json()


def make_dataset(server, rows):
    r = server.post("/data/foundation/catalog/dataSets", json={"name": f"events{rows}", "schema": EVENTS_SCHEMA})
    assert r.status_code == 201, r.text
    dataset_id = r.json()[0].split("/")[-1]
    batch = server.post("/data/foundation/import/batches",
                        json={"datasetId": dataset_id, "inputFormat": {"format": "json"}}).json()["id"]
    rng = random.Random(5)
    records = [event(i, rng) for i in range(rows)]
    body = "".join(json.dumps(r) + "\n" for r in records)
    r = server.put(f"/data/foundation/import/batches/{batch}/datasets/{dataset_id}/files/part1.json", data=body)
    assert r.status_code in (200, 201, 204), r.text
    assert server.post(f"/data/foundation/import/batches/{batch}?action=COMPLETE").status_code == 200
    return dataset_id, records


def base_connection(server, peer, *, key=False, password=None, fingerprint=None, port=None, key_b64=None,
                    passphrase=None):
    params = {"domain": "127.0.0.1", "port": str(port or peer.port), "username": peer.user,
              "hostKeyFingerprint": peer.fingerprint if fingerprint is None else fingerprint}
    if key:
        params["sshKey"] = key_b64 or (peer.client_keys[key] if isinstance(key, str) else peer.private_key_b64)
        if passphrase is not None:
            params["sshKeyPassphrase"] = passphrase
    else:
        params["password"] = password or peer.password
    body = {"name": "sftp", "connectionSpec": {"id": SFTP_SPEC, "version": "1.0"},
            "auth": {"specName": "SFTP with SSH Key" if key else "SFTP with Password", "params": params}}
    return _post(server, "/connections", body)["id"]


def connection_test(server, base_id, remote_path):
    return _post(server, f"/connections/{base_id}/test", {"params": {"remotePath": remote_path}}, expect=(200,))


def first_attempt_over(run):
    """A run whose errors are all retryable goes back to the queue (run-level retries, minutes apart): its
    first attempt is over once the history shows it."""
    return run["status"] in ("success", "failed") or (run["status"] == "queued" and run.get("history"))


def export(server, base_id, dataset_id, remote_path, compression="GZIP", until=None):
    """Creates source, target and flow like the AEP tutorial, runs the flow ad hoc and returns the run once
    it is final (or `until(run)` holds)."""
    source = _post(server, "/sourceConnections", {
        "name": "src", "connectionSpec": {"id": DATA_LAKE_SPEC, "version": "1.0"},
        "params": {"datasets": [{"id": dataset_id}]}})["id"]
    target = _post(server, "/targetConnections", {
        "name": "dst", "baseConnectionId": base_id, "connectionSpec": {"id": SFTP_SPEC, "version": "1.0"},
        "params": {"remotePath": remote_path, "datasetFileType": "PARQUET", "compression": compression}})["id"]
    flow = _post(server, "/flows", {
        "name": "sftp export", "flowSpec": {"id": "354d6aad-4754-46e4-a576-1b384561c440", "version": "1.0"},
        "sourceConnectionIds": [source], "targetConnectionIds": [target],
        "scheduleParams": {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1,
                           "startTime": int(time.time()) + 86_400}})["id"]
    run_id = _post(server, f"/flows/{flow}/runs", {})["items"][0]["id"]
    final = {}

    def done():
        final.update(server.get(f"{FS}/runs/{run_id}").json()["items"][0])
        return until(final) if until else final["status"] in ("success", "failed")

    assert wait_until(done, timeout=180, interval=0.2), f"run did not finish: {final}"
    return final


def remote_files(peer, folder):
    return peer.local_files(peer.upload / folder) if (peer.upload / folder).exists() else []


def read_tree(sftp, folder, prefix=""):
    """path -> bytes of every file under `folder` on the server (paramiko), staged ones included."""
    objects = {}
    for entry in sftp.listdir_attr(folder):
        path = prefix + entry.filename
        if stat.S_ISDIR(entry.st_mode):
            objects.update(read_tree(sftp, f"{folder}/{entry.filename}", path + "/"))
        else:
            with sftp.open(f"{folder}/{entry.filename}", "rb") as f:
                objects[path] = f.read()
    return objects


def check_delivery(peer, run, remote_path, records, dataset_id):
    """Reads every delivered file back with paramiko: SHA-256 and size match the run and the manifest, the
    shared export checks pass (layout, manifest, records by key), and the Parquet rows equal the dataset."""
    assert run["status"] == "success", run
    (output,) = run["outputs"]
    sftp = peer.client()
    try:
        check_export(read_tree(sftp, remote_path), dataset_id, records)
        rows = []
        for f in output["files"]:
            data = sftp.open(f"{remote_path}/{f['path']}", "rb").read()
            assert len(data) == f["size"]
            assert hashlib.sha256(data).hexdigest() == f["sha256"]
            rows += pq.read_table(io.BytesIO(data)).to_pylist()
        manifest = json.loads(sftp.open(f"{remote_path}/{output['manifestPath']}", "rb").read())
        listed = {e.filename for e in sftp.listdir_attr(f"{remote_path}/{output['folder']}")}
    finally:
        sftp.close()
    text = json.dumps(manifest)
    for f in output["files"]:
        assert f["sha256"] in text and f["path"].split("/")[-1] in text
    assert not [n for n in listed if ".outflow-tmp-" in n], listed
    assert len(rows) == len(records)
    by_id = {r["_id"]: r for r in rows}
    for rec in records:
        got = by_id[rec["_id"]]
        assert got["ecid"] == rec["ecid"] and got.get("email") == rec.get("email")
        assert got["big"] == rec["big"] and got["web"]["pageName"] == rec["web"]["pageName"]
    assert not [p for p in remote_files(peer, remote_path) if ".outflow-tmp-" in p]


def start_logged_server(tmp_path):
    """`outflow serve` with its output in `server.log_path` (a pipe nobody drains would stall it)."""
    outflow = Outflow(tmp_path / "data")
    port = free_port()
    log_path = tmp_path / "server.log"
    env = dict(os.environ, OUTFLOW_DATA_DIR=str(outflow.data_dir), OUTFLOW_OUTBOUND_ALLOW="127.0.0.0/8")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([outflow_bin(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(proc, port)
    server.log_path = log_path

    def healthy():
        assert proc.poll() is None, log_path.read_text()
        try:
            return server.get("/healthz").status_code == 200
        except requests.ConnectionError:
            return False

    assert wait_until(healthy), "server did not become healthy"
    return server


@pytest.fixture
def live(tmp_path):
    server = start_logged_server(tmp_path)
    yield server
    stop_server(server)


def test_key_export_end_to_end_without_a_pin_logs_the_fingerprint(live, sftp_peer):
    dataset_id, records = make_dataset(live, 200)
    base = base_connection(live, sftp_peer, key=True, fingerprint="")
    assert connection_test(live, base, "e2e/key")["passed"][-1] == "delete"
    run = export(live, base, dataset_id, "e2e/key", compression="ZSTD")
    check_delivery(sftp_peer, run, "e2e/key", records, dataset_id)
    log = live.log_path.read_text()
    assert sftp_peer.fingerprint in log and "hostKeyFingerprint" in log  # remembered unpinned, said so
    remembered = live.get(f"{FS}/connections/{base}").json()["items"][0]["rememberedHostKey"]
    assert remembered["fingerprint"] == sftp_peer.fingerprint
    key_body = sftp_peer.private_key_file.read_text().splitlines()[1]
    shown = log + json.dumps(run) + live.get(f"{FS}/connections/{base}").text
    assert sftp_peer.private_key_b64[:40] not in shown and key_body not in shown


def test_rsa_key_export_end_to_end(live, sftp_peer):
    dataset_id, records = make_dataset(live, 150)
    base = base_connection(live, sftp_peer, key="rsa")
    report = connection_test(live, base, "e2e/rsa")
    assert report.get("failedStep") is None, report
    run = export(live, base, dataset_id, "e2e/rsa")
    check_delivery(sftp_peer, run, "e2e/rsa", records, dataset_id)
    shown = live.log_path.read_text() + json.dumps(run) + live.get(f"{FS}/connections/{base}").text
    assert sftp_peer.client_keys["rsa"][:40] not in shown


def test_passphrase_protected_key_exports_end_to_end_and_a_wrong_passphrase_fails_clearly(live, sftp_peer,
                                                                                        tmp_path):
    """The peer's authorized ed25519 key, re-encrypted by ssh-keygen (bcrypt + aes256-ctr), opened with
    `sshKeyPassphrase`; the passphrase shows nowhere (responses, run records, log)."""
    encrypted = tmp_path / "client_ed25519_encrypted"
    encrypted.write_bytes(sftp_peer.private_key_file.read_bytes())
    os.chmod(encrypted, 0o600)
    passphrase = "pp-" + secrets.token_urlsafe(10)
    subprocess.run(["ssh-keygen", "-q", "-p", "-P", "", "-N", passphrase, "-f", str(encrypted)], check=True,
                   capture_output=True)
    assert b"bcrypt" in base64.b64decode("".join(encrypted.read_text().splitlines()[1:-1]))
    key_b64 = base64.b64encode(encrypted.read_bytes()).decode()
    dataset_id, records = make_dataset(live, 120)
    base = base_connection(live, sftp_peer, key=True, key_b64=key_b64, passphrase=passphrase)
    assert connection_test(live, base, "e2e/passphrase")["passed"][-1] == "delete"
    run = export(live, base, dataset_id, "e2e/passphrase")
    check_delivery(sftp_peer, run, "e2e/passphrase", records, dataset_id)

    wrong = "wrong-" + passphrase[::-1]
    bad = base_connection(live, sftp_peer, key=True, key_b64=key_b64, passphrase=wrong)
    tested = live.post(f"{FS}/connections/{bad}/test", json={"params": {"remotePath": "e2e/badpassphrase"}})
    source = _post(live, "/sourceConnections", {
        "name": "src", "connectionSpec": {"id": DATA_LAKE_SPEC, "version": "1.0"},
        "params": {"datasets": [{"id": dataset_id}]}})["id"]
    target = _post(live, "/targetConnections", {
        "name": "dst", "baseConnectionId": bad, "connectionSpec": {"id": SFTP_SPEC, "version": "1.0"},
        "params": {"remotePath": "e2e/badpassphrase", "datasetFileType": "PARQUET", "compression": "GZIP"}})["id"]
    flow = _post(live, "/flows", {
        "name": "bad passphrase", "flowSpec": {"id": "354d6aad-4754-46e4-a576-1b384561c440", "version": "1.0"},
        "sourceConnectionIds": [source], "targetConnectionIds": [target],
        "scheduleParams": {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1,
                           "startTime": int(time.time()) + 86_400}})["id"]
    refused = live.post(f"{FS}/flows/{flow}/runs", json={})
    assert refused.status_code == 400, refused.text
    problem = refused.json()
    assert problem["field"] == "auth.params.sshKeyPassphrase"
    assert "passphrase does not open the SSH key" in problem["detail"]
    assert "passphrase does not open the SSH key" in tested.text, tested.text
    assert remote_files(sftp_peer, "e2e/badpassphrase") == []
    shown = (json.dumps(run) + refused.text + tested.text + live.get(f"{FS}/connections/{base}").text
             + live.get(f"{FS}/connections/{bad}").text + live.get(f"{FS}/connections").text
             + live.log_path.read_text())
    assert passphrase not in shown and wrong not in shown and key_b64[:40] not in shown


def _failed_run_error(run):
    assert run["status"] == "failed", run
    return json.dumps(run["metrics"]["statusSummary"]["errors"])


def test_wrong_password_is_a_clear_auth_error_without_the_secret(tmp_path, sftp_peer):
    server = start_logged_server(tmp_path)
    wrong = "wrong-" + sftp_peer.password[::-1]
    try:
        dataset_id, _ = make_dataset(server, 20)
        base = base_connection(server, sftp_peer, password=wrong)
        report = connection_test(server, base, "e2e/wrongpw")
        assert report["failedStep"] == "auth", report
        assert "rejected the password" in report["error"]["message"]
        run = export(server, base, dataset_id, "e2e/wrongpw")
        assert "authentication failed" in _failed_run_error(run)
        assert wrong not in json.dumps(report) + json.dumps(run)
    finally:
        stop_server(server)
    log = server.log_path.read_text()
    assert "rejected the password" in log
    assert wrong not in log and sftp_peer.password not in log
    assert remote_files(sftp_peer, "e2e/wrongpw") == []


def test_wrong_host_key_is_refused_showing_the_servers_fingerprint(live, sftp_peer):
    dataset_id, _ = make_dataset(live, 20)
    pin = "SHA256:" + "A" * 43
    base = base_connection(live, sftp_peer, fingerprint=pin)
    report = connection_test(live, base, "e2e/hostkey")
    assert report["failedStep"] == "hostKey", report
    message = report["error"]["message"]
    assert sftp_peer.fingerprint in message and pin in message
    run = export(live, base, dataset_id, "e2e/hostkey")
    assert "host key mismatch" in _failed_run_error(run)
    assert remote_files(sftp_peer, "e2e/hostkey") == []


def _connection(server, base):
    return server.get(f"{FS}/connections/{base}").json()["items"][0]


def test_an_unpinned_connection_remembers_the_first_host_key_and_refuses_a_changed_one(live):
    """OpenSSH's accept-new: the first contact remembers the key (shown by GET and `test`), the same key passes
    again, a server restarted with another host key fails `test` and the run naming both fingerprints with
    nothing written, and an explicit hostKeyFingerprint still pins (and wins)."""
    work = Path(tempfile.mkdtemp(prefix="outflow-sftp-"))
    peer = SFTPPeer(work).start()
    try:
        dataset_id, records = make_dataset(live, 100)
        base = base_connection(live, peer, fingerprint="")
        assert "rememberedHostKey" not in _connection(live, base)
        report = connection_test(live, base, "tofu/first")
        assert report.get("failedStep") is None, report
        assert report["rememberedHostKey"]["fingerprint"] == peer.fingerprint, report
        remembered = _connection(live, base)["rememberedHostKey"]
        assert remembered["fingerprint"] == peer.fingerprint
        assert (remembered["host"], remembered["port"]) == ("127.0.0.1", peer.port)
        run = export(live, base, dataset_id, "tofu/first")
        check_delivery(peer, run, "tofu/first", records, dataset_id)
        assert _connection(live, base)["rememberedHostKey"] == remembered  # the same key: nothing changes

        first = peer.fingerprint
        peer.rotate_host_key()
        assert peer.fingerprint != first
        report = connection_test(live, base, "tofu/changed")
        assert report["failedStep"] == "hostKey", report
        message = report["error"]["message"]
        assert first in message and peer.fingerprint in message, message
        assert report["rememberedHostKey"]["fingerprint"] == first
        run = export(live, base, dataset_id, "tofu/changed")
        errors = _failed_run_error(run)
        assert first in errors and peer.fingerprint in errors, errors
        assert remote_files(peer, "tofu/changed") == []
        assert _connection(live, base)["rememberedHostKey"] == remembered  # never overwritten

        # Pinning the new key on purpose wins over the remembered one; the pin says where the password goes, so
        # the patch sends the password again (CREDENTIALS_REQUIRED otherwise).
        pin = {"op": "add", "path": "/auth/params/hostKeyFingerprint", "value": peer.fingerprint}
        r = requests.patch(f"{live.base}{FS}/connections/{base}", timeout=30, json=[pin])
        assert r.status_code == 400 and r.json()["fields"] == ["auth.params.password"], r.text
        r = requests.patch(f"{live.base}{FS}/connections/{base}", timeout=30, json=[
            pin, {"op": "add", "path": "/auth/params/password", "value": peer.password}])
        assert r.status_code == 200, r.text
        assert connection_test(live, base, "tofu/pinned").get("failedStep") is None
        run = export(live, base, dataset_id, "tofu/pinned")
        check_delivery(peer, run, "tofu/pinned", records, dataset_id)
    finally:
        peer.stop()
        shutil.rmtree(work, ignore_errors=True)


def test_unwritable_remote_path_fails_the_write_step(live, sftp_peer):
    dataset_id, _ = make_dataset(live, 20)
    base = base_connection(live, sftp_peer)
    remote = f"{sftp_peer.readonly}/exports"
    report = connection_test(live, base, remote)
    assert report["failedStep"] == "write", report
    assert report["error"]["code"] == "permission" and "permission denied" in report["error"]["message"]
    run = export(live, base, dataset_id, remote)
    assert "permission denied" in _failed_run_error(run)
    assert sftp_peer.local_files(sftp_peer.readonly) == []


def test_resets_on_every_connection_fail_cleanly_with_nothing_partial(live, sftp_peer):
    dataset_id, _ = make_dataset(live, 20_000)
    with FaultProxy(sftp_peer.port) as proxy:
        base = base_connection(live, sftp_peer, port=proxy.port)
        proxy.set_mode("reset", after_bytes=120_000)
        run = export(live, base, dataset_id, "e2e/resetall", compression="NONE", until=first_attempt_over)
        assert proxy.stats["resets"] >= 2
    assert run["status"] == "queued" and run["outputs"] == [], run
    errors = json.dumps(run["history"][0]["errors"])
    assert "SFTP connection failed" in errors or "connection was lost" in errors, errors
    assert run["metrics"]["fileSummary"]["outputFileCount"] == 0
    # Staged files of the reset uploads were removed on a new connection; nothing partial is visible.
    assert remote_files(sftp_peer, "e2e/resetall") == []
