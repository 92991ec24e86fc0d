"""Outflow's own Data Landing Zone as the Azure Blob / ADLS Gen2 peer: `outflow serve` with an admin-configured
account name and key (`OUTFLOW_DLZ_ACCOUNT`, `OUTFLOW_DLZ_KEY`), plus helpers the landing-zone and Azure
destination tests share (connection string, SAS, dataset ingestion, running a flow)."""
import base64
import json
import os
import random
import time

import pytest
import requests
from azure.storage.blob import BlobServiceClient, generate_container_sas

from conftest import Outflow, start_server, stop_server
from schemas import EVENTS_SCHEMA, event

ACCOUNT = "outflowdlz"
API_KEY = "lz-api-key"
SOURCE_SPEC = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"


class LandingZone:
    """A running Outflow server whose landing zone answers at `endpoint` (`http://127.0.0.1:PORT/<account>`)."""

    def __init__(self, data_dir, env=None):
        self.key = base64.b64encode(os.urandom(32)).decode()
        # The HS256 key of bearer tokens (`peers.oauth`): a secret of its own, never the account key.
        self.bearer_key = os.urandom(32)
        self.outflow = Outflow(data_dir)
        self.server = start_server(self.outflow, env={
            "OUTFLOW_DLZ_KEY": self.key, "OUTFLOW_DLZ_ACCOUNT": ACCOUNT, "OUTFLOW_API_KEY": API_KEY,
            "OUTFLOW_DLZ_BEARER_KEY": base64.b64encode(self.bearer_key).decode(), **(env or {})})
        self.endpoint = f"{self.server.base}/{ACCOUNT}"
        self.connection_string = (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={self.key};"
                                  f"BlobEndpoint={self.endpoint};")
        self.auth = {"Authorization": f"Bearer {API_KEY}"}
        self.flow_api = f"{self.server.base}/data/foundation/flowservice"

    def stop(self) -> str:
        """Stops the server and returns everything it logged."""
        stop_server(self.server)
        return self.server.proc.stderr.read() + self.server.proc.stdout.read()

    def blob_service(self) -> BlobServiceClient:
        return BlobServiceClient.from_connection_string(self.connection_string)

    def sas(self, container, permission, expiry):
        return generate_container_sas(ACCOUNT, container, account_key=self.key, permission=permission, expiry=expiry)

    def post(self, path, body, expect=(200, 201, 202)):
        r = requests.post(self.flow_api + path, headers=self.auth, json=body, timeout=120)
        assert r.status_code in expect, r.text
        return r.json()

    def ingest(self, rows, seed=7):
        base = self.server.base
        r = requests.post(f"{base}/data/foundation/catalog/dataSets", headers=self.auth,
                          json={"name": "events", "schema": EVENTS_SCHEMA}, timeout=30)
        assert r.status_code == 201, r.text
        dataset_id = r.json()[0].split("/")[-1]
        r = requests.post(f"{base}/data/foundation/import/batches", headers=self.auth,
                          json={"datasetId": dataset_id, "inputFormat": {"format": "json"}}, timeout=30)
        batch_id = r.json()["id"]
        rng = random.Random(seed)
        records = [event(i, rng) for i in range(rows)]
        body = "".join(json.dumps(rec) + "\n" for rec in records)
        r = requests.put(f"{base}/data/foundation/import/batches/{batch_id}/datasets/{dataset_id}/files/p.json",
                         headers=self.auth, data=body, timeout=120)
        assert r.status_code in (200, 201, 204), r.text
        r = requests.post(f"{base}/data/foundation/import/batches/{batch_id}?action=COMPLETE", headers=self.auth,
                          timeout=120)
        assert r.status_code == 200, r.text
        return dataset_id, records

    def connection(self, spec, auth_spec, params):
        return self.post("/connections", {"name": "c", "connectionSpec": {"id": spec, "version": "1.0"},
                                          "auth": {"specName": auth_spec, "params": params}})["id"]

    def run_flow(self, dataset_id, spec, flow_spec, base_id, target_params):
        """Creates source, target and flow exactly like the AEP tutorial, runs it once, returns the final run."""
        source = self.post("/sourceConnections", {"name": "src", "connectionSpec": {"id": SOURCE_SPEC},
                                                  "params": {"datasets": [{"id": dataset_id}]}})["id"]
        target = self.post("/targetConnections", {"name": "dst", "baseConnectionId": base_id,
                                                  "connectionSpec": {"id": spec},
                                                  "params": {"datasetFileType": "PARQUET", "compression": "GZIP",
                                                             **target_params}})["id"]
        flow = self.post("/flows", {"name": "flow", "flowSpec": {"id": flow_spec},
                                    "sourceConnectionIds": [source], "targetConnectionIds": [target],
                                    "scheduleParams": {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day",
                                                       "interval": 1, "startTime": 4102444800}})["id"]
        run_id = self.post(f"/flows/{flow}/runs", {})["items"][0]["id"]
        deadline = time.monotonic() + 180
        while True:
            run = requests.get(f"{self.flow_api}/runs/{run_id}", headers=self.auth, timeout=30).json()["items"][0]
            if run["status"] in ("success", "failed") or time.monotonic() > deadline:
                return run
            time.sleep(0.1)


def check_export(files, dataset_id, records, prefix):
    """`files` maps blob names under `prefix/<dataset>/` to their bytes. Every export folder that has a manifest
    (a folder is complete once its manifest exists) must hold exactly the parts it lists, with matching sizes and
    SHA-256, whose rows are exactly the dataset's. Returns the number of complete folders (at least one)."""
    import hashlib
    import io

    import pyarrow.parquet as pq
    assert all(name.startswith(f"{prefix}/{dataset_id}/exportTime=") for name in files), sorted(files)
    folders = {}
    for name, data in files.items():
        folder, _, leaf = name.rpartition("/")
        folders.setdefault(folder, {})[leaf] = data
    complete = 0
    for folder, leaves in sorted(folders.items()):
        manifests = [leaf for leaf in leaves if leaf.startswith("manifest-")]
        if not manifests:
            continue
        assert len(manifests) == 1, sorted(leaves)
        complete += 1
        manifest = json.loads(leaves[manifests[0]])
        listed = {f["name"].split("/")[-1]: f for f in manifest["files"]}
        parts = [leaf for leaf in leaves if leaf.endswith(".parquet")]
        assert sorted(listed) == sorted(parts), (folder, sorted(leaves))
        rows = {}
        for leaf in parts:
            data = leaves[leaf]
            assert listed[leaf]["size"] == len(data)
            assert listed[leaf]["sha256"] == hashlib.sha256(data).hexdigest()
            for row in pq.read_table(io.BytesIO(data)).to_pylist():
                rows[row["_id"]] = row
        assert sorted(rows) == sorted(r["_id"] for r in records)
        for rec in records:
            assert rows[rec["_id"]]["big"] == rec["big"]
            assert rows[rec["_id"]]["ecid"] == rec["ecid"]
    assert complete >= 1, sorted(files)
    return complete


class AzurePeer:
    """The landing zone as a session-wide Azure Blob / ADLS Gen2 peer, with a service principal whose tokens
    come from a local OAuth endpoint (`peers.oauth`), signed with the zone's bearer key and scoped to the matrix's
    file system."""
    tenant = "outflow-matrix"
    client_id = "22222222-3333-4444-5555-666666666666"

    def __init__(self, data_dir):
        import secrets

        from peers.oauth import OAuthPeer
        self.account = ACCOUNT
        self.client_secret = "sp-secret-" + secrets.token_urlsafe(12)
        self.zone = LandingZone(data_dir)
        self.port = int(self.zone.server.base.rsplit(":", 1)[1])
        self.oauth = OAuthPeer(self.tenant, self.client_id, self.client_secret, self.zone.bearer_key,
                               containers=["matrix-adls", "your-file-system"])  # the tutorial replay's

    def endpoint_via(self, port=None) -> str:
        """The account endpoint, or the same through a proxy listening on `port`."""
        return f"http://127.0.0.1:{port}/{ACCOUNT}" if port else self.zone.endpoint

    def stop(self) -> str:
        self.oauth.stop()
        return self.zone.stop()


@pytest.fixture(scope="session")
def azure_peer(tmp_path_factory):
    """One landing-zone server (and OAuth endpoint) for the session; its log must not show the secrets."""
    peer = AzurePeer(tmp_path_factory.mktemp("azure-peer") / "data")
    yield peer
    log = peer.stop()
    for secret in (peer.zone.key, peer.client_secret):
        assert secret not in log, "a secret reached the landing zone's log"
