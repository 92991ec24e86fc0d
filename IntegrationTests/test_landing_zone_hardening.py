"""The landing zone's hardening (issue 12, item 6), each against a real `outflow serve` and the official SDKs:
SharedKey requests older than 15 minutes are refused (a captured request cannot be replayed), bearer tokens
signed with the account key are refused, HTTPS with a test-time self-signed certificate issues https-only SAS URIs
whose lifetime follows `OUTFLOW_DLZ_SAS_TTL`, bad TLS files and settings stop `serve` with exit 2, and uncommitted
blocks are capped per blob."""
import base64
import hashlib
import hmac
import json
import os
import subprocess
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from email.utils import formatdate

import pytest
import requests
from azure.core.exceptions import HttpResponseError
from azure.storage.blob import BlobBlock, ContainerClient

from conftest import Outflow, free_port, wait_until
from peers.landing_zone import ACCOUNT, API_KEY, LandingZone

CREDENTIALS = "/data/foundation/connectors/landingzone/credentials"


@pytest.fixture(scope="module")
def lz(tmp_path_factory):
    zone = LandingZone(tmp_path_factory.mktemp("lz-hard") / "data",
                       env={"OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS": "3", "OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES": "1000",
                            "OUTFLOW_DLZ_SAS_TTL": "3600"})
    yield zone
    log = zone.stop()
    assert zone.key not in log


def shared_key_get(lz, path, query, date):
    """A List Blobs request signed by hand exactly as Azure specifies, dated `date` (an RFC 1123 string)."""
    headers = {"x-ms-date": date, "x-ms-version": "2021-08-06"}
    canonical_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()))
    resource = f"/{ACCOUNT}{path}" + "".join(f"\n{k}:{v}" for k, v in sorted(query.items()))
    to_sign = "GET\n" + "\n" * 11 + canonical_headers + resource
    mac = hmac.new(base64.b64decode(lz.key), to_sign.encode(), hashlib.sha256).digest()
    headers["Authorization"] = f"SharedKey {ACCOUNT}:{base64.b64encode(mac).decode()}"
    return requests.get(f"{lz.server.base}{path}?{urllib.parse.urlencode(query)}", headers=headers, timeout=30)


def test_a_shared_key_request_older_than_15_minutes_is_refused(lz):
    lz.blob_service().create_container("fresh")
    path, query = f"/{ACCOUNT}/fresh", {"restype": "container", "comp": "list"}
    assert shared_key_get(lz, path, query, formatdate(usegmt=True)).status_code == 200
    for skew in (-16 * 60, 16 * 60):
        replay = shared_key_get(lz, path, query, formatdate(time.time() + skew, usegmt=True))
        assert replay.status_code == 403, replay.text
        assert replay.headers["x-ms-error-code"] == "AuthenticationFailed"
        assert "15 minutes" in replay.text
    assert shared_key_get(lz, path, query, formatdate(time.time() - 10 * 60, usegmt=True)).status_code == 200


def test_a_bearer_token_signed_with_the_account_key_is_refused(lz):
    lz.blob_service().create_container("bearer")

    def b64url(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    now = int(time.time())
    claims = {"aud": "https://storage.azure.com", "exp": now + 600, "dlz_containers": ["bearer"],
              "dlz_permissions": "racwdlm"}

    def token(key):
        head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64url(json.dumps(claims).encode())
        return head + "." + b64url(hmac.new(key, head.encode(), hashlib.sha256).digest())
    url = f"{lz.endpoint}/bearer?restype=container&comp=list"
    refused = requests.get(url, headers={"Authorization": f"Bearer {token(base64.b64decode(lz.key))}",
                                         "x-ms-version": "2021-08-06"}, timeout=30)
    assert refused.status_code == 403 and refused.headers["x-ms-error-code"] == "AuthenticationFailed"
    # the zone's own bearer key, scoped to this container, passes; another container is out of scope
    assert requests.get(url, headers={"Authorization": f"Bearer {token(lz.bearer_key)}"}, timeout=30).status_code == 200
    other = requests.get(f"{lz.endpoint}/fresh?restype=container&comp=list",
                         headers={"Authorization": f"Bearer {token(lz.bearer_key)}"}, timeout=30)
    assert other.status_code == 403 and other.headers["x-ms-error-code"] == "AuthorizationResourceTypeMismatch"


def test_uncommitted_blocks_are_capped_per_blob(lz):
    container = lz.blob_service().create_container("capped")
    blob = container.get_blob_client("many.bin")
    ids = [base64.b64encode(f"block-{i}".encode()).decode() for i in range(4)]
    for block_id in ids[:3]:
        blob.stage_block(block_id, b"x" * 10)
    with pytest.raises(HttpResponseError) as refused:
        blob.stage_block(ids[3], b"x" * 10)
    assert refused.value.status_code == 409 and refused.value.error_code == "BlockCountExceedsLimit"
    blob.stage_block(ids[0], b"y" * 10)  # replacing a staged block adds none
    blob.commit_block_list([BlobBlock(block_id=i) for i in ids[:3]])
    assert blob.download_blob().readall() == b"y" * 10 + b"x" * 20
    # bytes: 1000 per blob (OUTFLOW_DLZ_MAX_UNCOMMITTED_BYTES)
    big = container.get_blob_client("big.bin")
    big.stage_block(ids[0], b"z" * 600)
    with pytest.raises(HttpResponseError) as too_big:
        big.stage_block(ids[1], b"z" * 600)
    assert too_big.value.status_code == 413 and too_big.value.error_code == "RequestBodyTooLarge"
    big.stage_block(ids[1], b"z" * 400)
    big.commit_block_list([BlobBlock(block_id=i) for i in ids[:2]])
    assert big.get_blob_properties().size == 1000


def test_sas_lifetime_follows_the_setting_and_stays_http_without_tls(lz):
    r = requests.get(lz.server.base + CREDENTIALS, params={"type": "dlz_destination"}, headers=lz.auth, timeout=30)
    assert r.status_code == 200, r.text
    creds = r.json()
    assert creds["SASUri"].startswith("http://") and "spr=" not in creds["SASToken"]
    expiry = datetime.strptime(urllib.parse.parse_qs(creds["SASToken"])["se"][0], "%Y-%m-%dT%H:%M:%SZ")
    expected = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=3600)
    assert abs((expiry - expected).total_seconds()) < 120


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 (openssl CLI), generated now; returns (cert, key) paths."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def test_tls_serves_https_and_issues_https_only_sas(tmp_path):
    cert, key = make_certificate(tmp_path)
    outflow = Outflow(tmp_path / "data")
    port = free_port()
    account_key = base64.b64encode(os.urandom(32)).decode()
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        proc = outflow.spawn("serve", "--host", "127.0.0.1", "--port", port, "--tls-cert", cert, "--tls-key", key,
                             env={"OUTFLOW_DLZ_KEY": account_key, "OUTFLOW_API_KEY": API_KEY,
                                  "OUTFLOW_DLZ_SAS_TTL": "900"}, stdout=subprocess.DEVNULL, stderr=log)
    base = f"https://127.0.0.1:{port}"
    try:
        def healthy():
            assert proc.poll() is None, log_path.read_text()
            try:
                return requests.get(base + "/healthz", verify=str(cert), timeout=5).status_code == 200
            except requests.ConnectionError:
                return False
        assert wait_until(healthy), log_path.read_text()
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        r = requests.get(base + CREDENTIALS, params={"type": "user_drop_zone"}, verify=str(cert),
                         headers={"Authorization": f"Bearer {API_KEY}"}, timeout=30)
        assert r.status_code == 200, r.text
        creds = r.json()
        assert creds["SASUri"].startswith(f"https://127.0.0.1:{port}/{ACCOUNT}/dlz-user-container?")
        fields = urllib.parse.parse_qs(creds["SASToken"])
        assert fields["spr"] == ["https"]
        expiry = datetime.strptime(fields["se"][0], "%Y-%m-%dT%H:%M:%SZ")
        expected = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=900)
        assert abs((expiry - expected).total_seconds()) < 120
        container = ContainerClient.from_container_url(creds["SASUri"], connection_verify=str(cert))
        container.upload_blob("tls/hello.txt", b"hello over https", overwrite=True)
        assert [b.name for b in container.list_blobs()] == ["tls/hello.txt"]
        assert container.download_blob("tls/hello.txt").readall() == b"hello over https"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert account_key not in log_path.read_text()


@pytest.mark.parametrize("case", ["missing-cert", "garbage-cert", "garbage-key", "only-cert", "bad-ttl",
                                  "bad-blocks", "bearer-is-account-key"])
def test_misconfiguration_stops_serve_with_exit_2(tmp_path, case):
    cert, key = make_certificate(tmp_path)
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    account_key = base64.b64encode(os.urandom(32)).decode()
    args, env, expected = [], {"OUTFLOW_DLZ_KEY": account_key}, ""
    if case == "missing-cert":
        args, expected = ["--tls-cert", tmp_path / "nope.pem", "--tls-key", key], "OUTFLOW_TLS_CERT"
    elif case == "garbage-cert":
        args, expected = ["--tls-cert", garbage, "--tls-key", key], "OUTFLOW_TLS_CERT"
    elif case == "garbage-key":
        args, expected = ["--tls-cert", cert, "--tls-key", garbage], "OUTFLOW_TLS_KEY"
    elif case == "only-cert":
        env["OUTFLOW_TLS_CERT"], expected = str(cert), "OUTFLOW_TLS_KEY"
    elif case == "bad-ttl":
        env["OUTFLOW_DLZ_SAS_TTL"], expected = "60", "OUTFLOW_DLZ_SAS_TTL"
    elif case == "bad-blocks":
        env["OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS"], expected = "100001", "OUTFLOW_DLZ_MAX_UNCOMMITTED_BLOCKS"
    else:
        env["OUTFLOW_DLZ_BEARER_KEY"], expected = account_key, "OUTFLOW_DLZ_BEARER_KEY"
    proc = Outflow(tmp_path / "data").run("serve", "--host", "127.0.0.1", "--port", free_port(), *args, env=env,
                                          check=False, timeout=60)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert expected in proc.stderr
    assert account_key not in proc.stderr + proc.stdout
