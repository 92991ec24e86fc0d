"""Outflow's Azure Blob and ADLS Gen2 destinations export into Outflow's own landing zone (the Azure peer) over
REST flows like the AEP tutorial; the official SDKs read the result back. SharedKey connection strings, SAS,
service principals (token from a local OAuth endpoint) and account keys; expired SAS, wrong keys and wrong
secrets fail clearly in `test` and in a run, and leave nothing behind. (Blob with a SharedKey connection string
and ADLS with a service principal run the full tutorial scenario and the fault matrix with every other destination:
`test_export_e2e.py`, `test_destination_faults.py`.)"""
import base64
import os
from datetime import datetime, timedelta, timezone

import pytest
import requests
from azure.storage.blob import ContainerSasPermissions
from azure.storage.filedatalake import DataLakeServiceClient

from peers.landing_zone import ACCOUNT, LandingZone, check_export
from peers.oauth import OAuthPeer

BLOB_SPEC = "6d6b59bf-fb58-4107-9064-4d246c0e5bb2"
BLOB_FLOW = "95bd8965-fc8a-4119-b9c3-944c2c2df6d2"
ADLS_SPEC = "be2c3209-53bc-47e7-ab25-145db8b873e1"
ADLS_FLOW = "17be2013-2549-41ce-96e7-a70363bec293"
TENANT = "outflow-tests"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
CLIENT_SECRET = "sp-secret-" + base64.b32encode(os.urandom(10)).decode()


class AzurePeerAndExporter:
    """Two Outflow servers: `zone`, whose landing zone is the Azure Blob / DFS peer, and `exporter`, which holds the
    dataset and the flows and delivers to `zone`. They must differ: the outbound policy refuses a server's own
    listener always (SECURITY.md). Flow Service calls go to the exporter, everything else to the zone."""

    EXPORTER = {"connection", "run_flow", "flow_api", "auth", "ingest"}

    def __init__(self, zone, exporter):
        self.zone = zone
        self.exporter = exporter

    def __getattr__(self, name):
        return getattr(self.exporter if name in self.EXPORTER else self.zone, name)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    zone = LandingZone(tmp_path_factory.mktemp("azure") / "data")
    exporter = LandingZone(tmp_path_factory.mktemp("azure-exporter") / "data")
    pair = AzurePeerAndExporter(zone, exporter)
    oauth = OAuthPeer(TENANT, CLIENT_ID, CLIENT_SECRET, zone.bearer_key, containers=["adls-refused"])
    pair.dataset_id, pair.records = exporter.ingest(400)
    pair.oauth = oauth
    pair.secrets = [zone.key, CLIENT_SECRET]
    yield pair
    oauth.stop()
    log = zone.stop() + exporter.stop()
    for secret in pair.secrets:
        assert secret not in log


def read_container(zone, container, prefix):
    client = zone.blob_service().get_container_client(container)
    return {b.name: client.download_blob(b.name).readall() for b in client.list_blobs(name_starts_with=prefix)}


def connection_test(zone, connection_id, params):
    r = requests.post(f"{zone.flow_api}/connections/{connection_id}/test", headers=zone.auth,
                      json={"params": params}, timeout=120)
    assert r.status_code == 200, r.text
    for secret in zone.secrets:
        assert secret not in r.text
    return r.json()


def test_blob_destination_with_a_sas(env):
    env.blob_service().create_container("blob-sas")
    sas = env.sas("blob-sas", ContainerSasPermissions(read=True, write=True, delete=True, list=True),
                  datetime.now(timezone.utc) + timedelta(hours=1))
    env.secrets.append(sas.split("sig=")[1].split("&")[0])
    connection_string = f"BlobEndpoint={env.endpoint};SharedAccessSignature={sas}"
    base = env.connection(BLOB_SPEC, "ConnectionString", {"connectionString": connection_string})
    run = env.run_flow(env.dataset_id, BLOB_SPEC, BLOB_FLOW, base, {"container": "blob-sas", "path": "sas"})
    assert run["status"] == "success", run
    check_export(read_container(env, "blob-sas", "sas/"), env.dataset_id, env.records, "sas")


def test_expired_sas_and_wrong_key_fail_clearly_and_leave_nothing(env):
    env.blob_service().create_container("blob-refused")
    expired = env.sas("blob-refused", ContainerSasPermissions(read=True, write=True, delete=True, list=True),
                      datetime.now(timezone.utc) - timedelta(minutes=1))
    wrong_key = base64.b64encode(os.urandom(32)).decode()
    env.secrets.append(wrong_key)
    cases = {
        "expired SAS": {"connectionString": f"BlobEndpoint={env.endpoint};SharedAccessSignature={expired}"},
        "wrong key": {"connectionString": env.connection_string.replace(env.key, wrong_key)},
    }
    for name, params in cases.items():
        base = env.connection(BLOB_SPEC, "ConnectionString", params)
        report = connection_test(env, base, {"container": "blob-refused"})
        assert report["failedStep"] == "write" and report["error"]["code"] == "auth", (name, report)
        assert "AuthenticationFailed" in report["error"]["message"], report
        run = env.run_flow(env.dataset_id, BLOB_SPEC, BLOB_FLOW, base, {"container": "blob-refused", "path": "x"})
        assert run["status"] == "failed", (name, run)
        for secret in env.secrets:
            assert secret not in str(run)
    assert read_container(env, "blob-refused", "") == {}
    staging = env.outflow.data_dir / "landing-zone" / ".staging" / "blob-refused"
    assert not staging.exists() or not any(staging.rglob("*"))


def adls_url(env, fs):
    return f"{env.endpoint}/{fs}"


def read_filesystem(env, fs, prefix):
    service = DataLakeServiceClient(env.endpoint, credential={"account_name": ACCOUNT, "account_key": env.key})
    client = service.get_file_system_client(fs)
    return {p.name: client.get_file_client(p.name).download_file().readall()
            for p in client.get_paths(path=prefix, recursive=True) if not p.is_directory}


def test_adls_destination_with_an_account_key(env):
    DataLakeServiceClient(env.endpoint, credential={"account_name": ACCOUNT, "account_key": env.key}) \
        .create_file_system("adls-key")
    base = env.connection(ADLS_SPEC, "Azure Service Principal Auth", {"url": env.endpoint, "accountKey": env.key})
    run = env.run_flow(env.dataset_id, ADLS_SPEC, ADLS_FLOW, base, {"path": "adls-key/k"})
    assert run["status"] == "success", run
    check_export(read_filesystem(env, "adls-key", "k"), env.dataset_id, env.records, "k")


def test_adls_wrong_service_principal_secret_fails_clearly(env):
    DataLakeServiceClient(env.endpoint, credential={"account_name": ACCOUNT, "account_key": env.key}) \
        .create_file_system("adls-refused")
    wrong = "wrong-" + CLIENT_SECRET
    env.secrets.append(wrong)
    base = env.connection(ADLS_SPEC, "Azure Service Principal Auth", {
        "url": adls_url(env, "adls-refused"), "servicePrincipalId": CLIENT_ID, "servicePrincipalKey": wrong,
        "tenant": TENANT, "authorityHost": env.oauth.authority_host})
    report = connection_test(env, base, {})
    assert report["failedStep"] == "write" and report["error"]["code"] == "auth", report
    assert "invalid_client" in report["error"]["message"]
    run = env.run_flow(env.dataset_id, ADLS_SPEC, ADLS_FLOW, base, {"path": "x"})
    assert run["status"] == "failed", run
    assert read_filesystem(env, "adls-refused", "") == {}
