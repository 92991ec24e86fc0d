"""The HTTP API over a real socket: auth, catalog endpoints, AEP-style batch ingestion."""
import json
import os
import random
import subprocess

import pytest

from conftest import Outflow, free_port, outflow_bin, start_server, stop_server
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


def _serve_without_socket(tmp_path, *args, env):
    """`outflow serve` whose data directory is a plain file: whatever passes the listen policy fails at opening
    the lake (exit 1), before any socket is bound, so no case here ever listens, on 0.0.0.0 or anywhere."""
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("x")
    full_env = {k: v for k, v in os.environ.items() if k != "OUTFLOW_API_KEY"}
    full_env.update(env)
    return subprocess.run([outflow_bin(), "serve", "--data-dir", str(not_a_folder), "--port", "1", *args],
                          capture_output=True, text=True, env=full_env, timeout=60)


def test_serve_without_key_refuses_a_non_loopback_address(tmp_path):
    proc = _serve_without_socket(tmp_path, "--host", "0.0.0.0", env={})
    assert proc.returncode == 2, proc.stderr
    assert "refusing to listen on '0.0.0.0' without authentication" in proc.stderr
    assert "OUTFLOW_API_KEY" in proc.stderr and "--insecure-no-auth" in proc.stderr
    proc = _serve_without_socket(tmp_path, "--host", "::", env={"OUTFLOW_API_KEY": ""})
    assert proc.returncode == 2, proc.stderr


def test_serve_passes_the_listen_policy_with_a_key_or_the_insecure_flag(tmp_path):
    # Each of these gets past the policy and stops at the unusable data directory (exit 1, not 2).
    for args, env in [(["--host", "0.0.0.0"], {"OUTFLOW_API_KEY": "k"}),
                      (["--host", "0.0.0.0", "--insecure-no-auth"], {}),
                      (["--host", "127.0.0.1"], {})]:
        proc = _serve_without_socket(tmp_path, *args, env=env)
        assert proc.returncode == 1, (args, proc.stderr)
        assert "refusing to listen" not in proc.stderr


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


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10"])
def test_serve_without_a_key_on_a_non_loopback_address_exits_2_with_the_reason(outflow, host):
    """No key, no network (SECURITY.md): the refusal comes before the data directory is opened or a socket bound,
    so nothing listens on `host` (and no traffic leaves loopback)."""
    env = {k: v for k, v in os.environ.items() if k != "OUTFLOW_API_KEY"}
    env["OUTFLOW_DATA_DIR"] = str(outflow.data_dir)
    proc = subprocess.run([outflow_bin(), "serve", "--host", host, "--port", str(free_port())], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    for part in (host, "OUTFLOW_API_KEY", "--insecure-no-auth"):
        assert part in proc.stderr, proc.stderr
    assert not outflow.data_dir.exists()
