"""Credentials never leak, and unreachable cloud endpoints fail fast naming the step.

1. Every destination gets connections with distinctive canary secrets (S3 secret key + session token, GCS HMAC
   secret + service-account private key, Azure account key + SAS + connection-string SAS, ADLS client secret and
   account key, SFTP password + SSH key). `POST /connections/{id}/test` and runs fail against closed ports, a
   plain-HTTP port spoken to over TLS and a signature-checking S3 server (SeaweedFS) with a
   wrong secret; then no canary may appear in the server's stdout/stderr, any API response (connections, target
   and source connections, flows, runs, run details, test reports), the CLI's `outflow export runs` or the bytes
   of the data directory (catalog and run records: credentials are stored encrypted).
2. For S3, GCS, Azure Blob and ADLS Gen2, a closed port and `https://` to a plain HTTP port fail the connection
   test at its `connect` step with "connection refused by host:port" and "TLS handshake with host:port failed", at
   once (the time is printed, not asserted). An unresolvable name ("cannot resolve host") is covered by
   `OutboundAdmissionTests` with a stub resolver: no test asks the system's DNS, whose server may not be on
   loopback."""
import base64
import json
import os
import random
import time

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from conftest import Outflow, free_port, start_server, stop_server
from flow_service import DATASET_SOURCE_SPEC, dataset_with, post
from peers.s3 import ADMIN  # the peers themselves are session fixtures from conftest
from schemas import event

BASE = "/data/foundation/flowservice"
HEADERS = {"Content-Type": "application/json", "x-sandbox-name": "prod"}
S3, GCS, BLOB, ADLS, SFTP = ("4fce964d-3f37-408f-9778-e597338a21ee", "c5d93acb-ea8b-4b14-8f53-02138444ae99",
                             "6d6b59bf-fb58-4107-9064-4d246c0e5bb2", "be2c3209-53bc-47e7-ab25-145db8b873e1",
                             "36965a81-b1c6-401b-99f8-22508f1e6a26")


def canary(name):
    """A distinctive secret: easy to find anywhere it leaks."""
    return f"CANARY{name.upper()}{base64.b32encode(os.urandom(10)).decode().rstrip('=')}"


def base64_canary():
    """A canary that is also valid base64 without `+`, `/` or `=` (SAS signatures are base64)."""
    while True:
        text = base64.b64encode(b"\x08\x00\xd0\x0d\x91\x18" + os.urandom(24)).decode()  # "CADQDZEY..."
        if "+" not in text and "/" not in text:
            return text


class Canaries:
    """The canary credentials and the connections that carry them."""

    def __init__(self):
        self.s3_secret, self.s3_token = canary("s3secret"), canary("s3token")
        self.hmac_secret = canary("hmacsecret")
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
        self.sa_key_id = canary("sakeyid")
        self.sa_pem_line = pem.splitlines()[5]
        self.sa_key = {"type": "service_account", "project_id": "outflow-test", "private_key_id": self.sa_key_id,
                       "private_key": pem, "client_email": "exporter@outflow-test.iam.gserviceaccount.com",
                       "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
        self.azure_key_raw = canary("azurekey").encode()
        self.azure_key = base64.b64encode(self.azure_key_raw).decode()
        self.sas_sig = base64_canary()
        self.cs_sas_sig = base64_canary()
        self.adls_secret = canary("adlssecret")
        self.adls_key = base64.b64encode(canary("adlskey").encode()).decode()
        self.sftp_password = canary("sftppassword")
        ssh_key = ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
        self.ssh_key_b64 = base64.b64encode(ssh_key).decode()
        self.ssh_key_line = ssh_key.decode().splitlines()[2]

    def all(self):
        return [self.s3_secret, self.s3_token, self.hmac_secret, self.sa_key_id, self.sa_pem_line, self.azure_key,
                self.azure_key_raw.decode(), self.sas_sig, self.cs_sas_sig, self.adls_secret, self.adls_key,
                self.sftp_password, self.ssh_key_b64, self.ssh_key_line]

    def connections(self, closed, seaweed):
        """(name, spec, auth params, target params) of every canary connection."""
        dead = f"http://127.0.0.1:{closed}"
        sas = f"sv=2022-11-02&sr=c&sp=racwdl&se=2099-01-01T00:00:00Z&sig={self.sas_sig}"
        return [
            ("s3 wrong secret", S3, {"s3AccessKey": ADMIN["accessKey"], "s3SecretKey": self.s3_secret,
                                     "sessionToken": self.s3_token, "endpoint": seaweed, "forcePathStyle": True},
             {"bucketName": "secrets", "path": "out"}),
            ("s3 closed port", S3, {"s3AccessKey": "AKIACANARY0000000001", "s3SecretKey": self.s3_secret,
                                    "sessionToken": self.s3_token, "endpoint": dead}, {"bucketName": "b"}),
            ("gcs hmac wrong secret", GCS, {"accessKeyId": ADMIN["accessKey"], "secretAccessKey": self.hmac_secret,
                                            "endpoint": seaweed}, {"bucketName": "secrets", "path": "gcs"}),
            ("gcs service account", GCS, {"serviceAccountKey": json.dumps(self.sa_key), "tokenUri": dead + "/token",
                                          "endpoint": dead}, {"bucketName": "bucket"}),
            ("gcs service account token", GCS, {"serviceAccountKey": base64.b64encode(
                json.dumps(self.sa_key).encode()).decode(), "tokenUri": dead + "/token", "endpoint": seaweed},
             {"bucketName": "secrets"}),
            ("blob account key", BLOB, {"connectionString": (
                f"DefaultEndpointsProtocol=http;AccountName=acct;AccountKey={self.azure_key};"
                f"BlobEndpoint={dead}/acct")}, {"container": "c"}),
            ("blob sas", BLOB, {"connectionString": f"BlobEndpoint={dead}/acct;SharedAccessSignature=sv=2022-11-02"
                                                    f"&sr=c&sp=racwdl&se=2099-01-01T00:00:00Z&sig={self.cs_sas_sig}", "sasToken": sas},
             {"container": "c"}),
            ("adls client secret", ADLS, {"url": f"{seaweed}/acct/fs", "servicePrincipalId": "sp-id",
                                          "servicePrincipalKey": self.adls_secret, "tenant": "t",
                                          "authorityHost": dead}, {"path": "out"}),
            ("adls account key", ADLS, {"url": f"{dead}/acct/fs", "accountKey": self.adls_key}, {"path": "out"}),
            ("sftp password", SFTP, {"domain": "127.0.0.1", "port": str(closed), "username": "u",
                                     "password": self.sftp_password}, {"remotePath": "/upload"}),
            ("sftp key", SFTP, {"domain": "127.0.0.1", "port": str(closed), "username": "u",
                                "sshKey": self.ssh_key_b64}, {"remotePath": "/upload"}),
        ]


class Recorder:
    """Every response body the test saw, to search for canaries."""

    def __init__(self, server):
        self.server = server
        self.texts = []

    def get(self, path):
        r = self.server.get(BASE + path, headers=HEADERS)
        assert r.status_code == 200, (path, r.text)
        self.texts.append(r.text)
        return r.json()

    def post(self, path, body):
        r = self.server.post(BASE + path, json=body, headers=HEADERS)
        self.texts.append(r.text)
        assert r.status_code in (200, 201, 202), (path, r.text)
        return r.json()


def flow_spec_for(recorder, spec):
    return next(s["id"] for s in recorder.get("/flowSpecs")["items"] if spec in s["targetConnectionSpecIds"])


def wait_first_failure(recorder, run_id, timeout=120.0):
    """The run as soon as an attempt failed (retryable failures are retried later; the first one is enough)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = recorder.get(f"/runs/{run_id}")["items"][0]
        if run["status"] == "failed" or run["metrics"]["statusSummary"].get("errors"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not fail in {timeout}s")


def test_canary_credentials_never_appear_in_logs_api_responses_or_cli_output(tmp_path, seaweedfs):
    seaweedfs.make_bucket("secrets")
    canaries = Canaries()
    closed = free_port()
    outflow = Outflow(tmp_path / "data")
    server = start_server(outflow, env={"OUTFLOW_LOG_LEVEL": "debug"})
    api = Recorder(server)
    flows = []
    try:
        dataset_id = dataset_with(server, [event(i, random.Random(i)) for i in range(20)])
        source = post(server, "/sourceConnections", {
            "name": "source", "connectionSpec": {"id": DATASET_SOURCE_SPEC, "version": "1.0"},
            "params": {"datasets": [{"id": dataset_id}]}})["id"]
        for name, spec, auth, target in canaries.connections(closed, seaweedfs.endpoint):
            base = api.post("/connections", {"name": name, "connectionSpec": {"id": spec, "version": "1.0"},
                                             "auth": {"specName": "SFTP with SSH Key" if "sshKey" in auth else name,
                                                      "params": auth}})["id"]
            started = time.monotonic()
            report = api.post(f"/connections/{base}/test", {"params": target})
            print(f"test {name}: {time.monotonic() - started:.2f} s: {report.get('failedStep')}: "
                  f"{report.get('error', {}).get('message')}")
            assert report.get("failedStep"), (name, report)
            api.get(f"/connections/{base}")
            target_id = api.post("/targetConnections", {
                "name": name, "baseConnectionId": base, "connectionSpec": {"id": spec, "version": "1.0"},
                "params": {**target, "datasetFileType": "JSON"}})["id"]
            api.get(f"/targetConnections/{target_id}")
            flow = api.post("/flows", {
                "name": name, "flowSpec": {"id": flow_spec_for(api, spec), "version": "1.0"},
                "sourceConnectionIds": [source], "targetConnectionIds": [target_id],
                "scheduleParams": {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1,
                                   "startTime": int(time.time()) + 86_400}})["id"]
            flows.append((name, flow))
        runs = [(name, flow, api.post(f"/flows/{flow}/runs", {})["items"][0]["id"]) for name, flow in flows]
        started = time.monotonic()
        for name, flow, run_id in runs:
            run = wait_first_failure(api, run_id)
            print(f"run {name}: failed by {time.monotonic() - started:.2f} s: "
                  f"{run['metrics']['statusSummary']['errors'][0]['message'][:160]}")
            assert run["metrics"]["statusSummary"]["errors"], (name, run)
            api.get(f"/flows/{flow}")
            api.get(f"/runs?property=flowId=={flow}")
        for path in ["/connections", "/targetConnections", "/sourceConnections", "/flows", "/runs"]:
            api.get(path)
    finally:
        stop_server(server)
    cli = [outflow.run("export", "runs", flow, check=False) for _, flow in flows]
    cli += [outflow.run("export", "runs", flow, "--json", check=False) for _, flow in flows]
    cli.append(outflow.run("export", "list", check=False))
    assert all(proc.returncode == 0 for proc in cli), [proc.stderr for proc in cli if proc.returncode]
    assert any("error" in proc.stdout for proc in cli), "the CLI showed no run errors to search"
    stored = b"".join(path.read_bytes() for path in (tmp_path / "data").rglob("*") if path.is_file())
    places = {
        "data directory (catalog, run records)": stored.decode("latin-1"),
        "server log": server.log_path.read_text() + server.proc.stdout.read(),
        "API responses": "\n".join(api.texts),
        "CLI output": "\n".join(proc.stdout + proc.stderr for proc in cli),
    }
    for place, text in places.items():
        assert text, f"nothing captured from the {place}"
        leaked = [secret for secret in canaries.all() if secret in text]
        assert not leaked, f"{len(leaked)} canary secret(s) appear in the {place}"


# -- unreachable endpoints fail fast, naming the step ------------------------------------------------------------
def endpoint_params(spec, url):
    """Auth and target params of `spec` pointed at `url` (keys are dummies: the test stops before auth)."""
    key = base64.b64encode(b"dummy-account-key").decode()
    return {
        S3: ({"s3AccessKey": "AKIADUMMY00000000001", "s3SecretKey": "dummy", "endpoint": url}, {"bucketName": "b"}),
        GCS: ({"accessKeyId": "GOOG1DUMMY", "secretAccessKey": "dummy", "endpoint": url}, {"bucketName": "bucket"}),
        BLOB: ({"connectionString": f"DefaultEndpointsProtocol=http;AccountName=acct;AccountKey={key};"
                                    f"BlobEndpoint={url}/acct"}, {"container": "c"}),
        ADLS: ({"url": f"{url}/acct/fs", "accountKey": key}, {"path": "out"}),
    }[spec]


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    server = start_server(Outflow(tmp_path_factory.mktemp("connect") / "data"))
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def plain_http_port():
    """A plain HTTP server on 127.0.0.1 that is not the Outflow under test (its own port is refused always by the
    outbound policy), for speaking TLS to a port that does not answer with it."""
    import http.server
    import threading
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("spec", [S3, GCS, BLOB, ADLS], ids=["s3", "gcs", "azure-blob", "adls"])
@pytest.mark.parametrize("failure", ["refused", "tls"])  # DNS failures: OutboundAdmissionTests (a stub resolver)
def test_unreachable_endpoints_fail_the_connect_step_at_once_with_the_cause(plain_server, plain_http_port, spec,
                                                                           failure):
    closed = free_port()
    plain_port = plain_http_port
    url, expected = {
        "refused": (f"http://127.0.0.1:{closed}", f"connection refused by 127.0.0.1:{closed}"),
        "tls": (f"https://127.0.0.1:{plain_port}", f"TLS handshake with 127.0.0.1:{plain_port} failed: the server "
                                                   "did not answer with TLS"),
    }[failure]
    auth, target = endpoint_params(spec, url)
    base = post(plain_server, "/connections", {"name": "c", "connectionSpec": {"id": spec, "version": "1.0"},
                                               "auth": {"specName": "c", "params": auth}})["id"]
    started = time.monotonic()
    r = requests.post(f"{plain_server.base}{BASE}/connections/{base}/test", json={"params": target},
                      headers=HEADERS, timeout=120)
    elapsed = time.monotonic() - started
    report = r.json()
    print(f"{failure} {spec}: {elapsed:.2f} s: {report}")
    assert report["failedStep"] == "connect" and report["passed"] == [], report
    assert expected in report["error"]["message"], report
