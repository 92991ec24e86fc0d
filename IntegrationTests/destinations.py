"""One adapter per export destination, so the end-to-end scenario and the fault matrix run unchanged against
every peer. An adapter knows the Flow Service connection spec, the base connection's auth spec and params, the
target params of a case, and how an *independent* client reads back what Outflow delivered:

| adapter          | peer                                   | independent reader                          |
|------------------|----------------------------------------|---------------------------------------------|
| `local`, `dlz`   | the file system (Outflow's own folders) | pathlib                                     |
| `s3-seaweedfs`   | SeaweedFS (real SigV4 checks)          | boto3                                       |
| `s3-moto`        | moto's server                          | boto3                                       |
| `gcs-json`       | gcp-storage-emulator (JSON API)        | google-cloud-storage                        |
| `gcs-hmac`       | SeaweedFS (XML interop API, SigV4)     | boto3                                       |
| `azure-blob`     | Outflow's landing zone (Blob API)      | azure-storage-blob                          |
| `adls-gen2`      | Outflow's landing zone (DFS API)       | azure-storage-file-datalake                 |
| `sftp`           | OpenSSH sshd, password login           | paramiko                                    |

- `target(case, port=None, timeout=None)` -> `Target`: what to create the flow with; `port` routes the
  destination through a fault proxy on that port, `timeout` sets its per-request timeout (`timeoutSeconds`).
- `read_objects(prefix)` -> {path: bytes} of every visible object under `prefix` (staging names excluded).
- `leftovers(prefix)` -> names of staging, temporary or uncommitted state under `prefix`: S3 multipart uploads
  still open (ListMultipartUploads) and hidden names (staged files, `.outflow-probe/` objects), Azure uncommitted blocks (Get Block List) and the landing
  zone's staging area, SFTP and ADLS temporary names. An export that completed or failed cleanly leaves none.
- `plant_leftover(prefix)`: creates such state with the independent client (to prove `leftovers` sees it).
- `upstream_port`: where a `FaultProxy` in front of this destination forwards to (None: not networked).
"""
from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

import flow_service as fs
from export_checks import STAGING_MARKER, local_objects

S3_SPEC = "4fce964d-3f37-408f-9778-e597338a21ee"
GCS_SPEC = "c5d93acb-ea8b-4b14-8f53-02138444ae99"
BLOB_SPEC = "6d6b59bf-fb58-4107-9064-4d246c0e5bb2"
ADLS_SPEC = "be2c3209-53bc-47e7-ab25-145db8b873e1"
SFTP_SPEC = "36965a81-b1c6-401b-99f8-22508f1e6a26"

NETWORKED = ["s3-seaweedfs", "s3-moto", "gcs-json", "gcs-hmac", "azure-blob", "adls-gen2", "sftp"]
ALL = ["local", "dlz", *NETWORKED]


@dataclass
class Target:
    """What a flow to this destination is created with (the format params are added by the caller)."""
    spec: str
    auth_spec: str
    auth: dict
    params: dict
    prefix: str           # where the exports land, relative to what `read_objects` reads
    secrets: list = field(default_factory=list)  # values that must never show in responses or logs
    outputs_under: str = ""  # the folder run output paths are relative to (the local folder's own path)

    def output_path(self, path: str) -> str:
        """A run output's file path as `read_objects` names it."""
        return f"{self.outputs_under}/{path}" if self.outputs_under else path


def _staging(name: str) -> bool:
    """Hidden names: staged uploads (`.<name>.outflow-tmp-*`) and connection-test probes (`.outflow-probe/`)."""
    return any(STAGING_MARKER in part or part.startswith(".") for part in name.split("/"))


def _with_slash(prefix: str) -> str:
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


class LocalAdapter:
    name, spec, upstream_port = "local", fs.LOCAL_FOLDER_SPEC, None

    def __init__(self, root: Path):
        self.root = Path(root)

    def target(self, case, port=None, timeout=None):
        return Target(self.spec, "None", {}, {"path": str(self.root / case)}, case, outputs_under=case)

    def read_objects(self, prefix):
        objects, _ = local_objects(self.root / prefix)
        return {f"{_with_slash(prefix)}{p}": d for p, d in objects.items()}

    def leftovers(self, prefix):
        return local_objects(self.root / prefix)[1]


class DLZAdapter(LocalAdapter):
    """The exporting server's own Data Landing Zone, read from its folder on disk."""
    name, spec = "dlz", fs.DLZ_SPEC

    def __init__(self, data_dir: Path):
        super().__init__(Path(data_dir) / "landing-zone" / "dlz-destination")

    def target(self, case, port=None, timeout=None):
        return Target(self.spec, "None", {}, {"path": f"exports/{case}"}, f"exports/{case}")


class S3Adapter:
    """An S3 peer (`peers.s3.S3Peer`) through Outflow's Amazon S3 destination."""
    spec = S3_SPEC

    def __init__(self, name, peer, bucket):
        self.name, self.peer = name, peer
        self.bucket = peer.make_bucket(bucket)
        self.upstream_port = int(peer.endpoint.rsplit(":", 1)[1])

    def target(self, case, port=None, timeout=None):
        auth = {"s3AccessKey": self.peer.keys["accessKey"], "s3SecretKey": self.peer.keys["secretKey"],
                "endpoint": f"http://127.0.0.1:{port}" if port else self.peer.endpoint,
                "region": self.peer.region, "forcePathStyle": True}
        if timeout:
            auth["timeoutSeconds"] = timeout
        return Target(self.spec, "Access Key", auth, {"bucketName": self.bucket, "path": case}, case,
                      secrets=[self.peer.keys["secretKey"]])

    def read_objects(self, prefix):
        return {k: v for k, v in self.peer.objects(self.bucket, _with_slash(prefix)).items() if not _staging(k)}

    def leftovers(self, prefix):
        keys = [k for k in self.peer.objects(self.bucket, _with_slash(prefix)) if _staging(k)]
        return keys + [f"multipart upload of {k}" for k in self.peer.pending_uploads(self.bucket, _with_slash(prefix))]

    def plant_leftover(self, prefix):
        self.peer.client().create_multipart_upload(Bucket=self.bucket, Key=f"{prefix}/part-00000.json")


class GCSHMACAdapter(S3Adapter):
    """Outflow's GCS destination with HMAC keys (XML interop API signed AWS4-HMAC-SHA256, region `auto`) against
    SeaweedFS, which checks the signatures; boto3 reads back."""
    spec = GCS_SPEC

    def target(self, case, port=None, timeout=None):
        auth = {"accessKeyId": self.peer.keys["accessKey"], "secretAccessKey": self.peer.keys["secretKey"],
                "endpoint": f"http://127.0.0.1:{port}" if port else self.peer.endpoint}
        if timeout:
            auth["timeoutSeconds"] = timeout
        return Target(self.spec, "Google Cloud Storage authentication credentials", auth,
                      {"bucketName": self.bucket, "path": case}, case, secrets=[self.peer.keys["secretKey"]])


class GCSJSONAdapter:
    """gcp-storage-emulator through the GCS JSON API (anonymous: the emulator checks no tokens)."""
    name, spec = "gcs-json", GCS_SPEC

    def __init__(self, emulator):
        self.emulator = emulator
        self.upstream_port = int(emulator.url.rsplit(":", 1)[1])

    def target(self, case, port=None, timeout=None):
        auth = {"endpoint": f"http://127.0.0.1:{port}" if port else self.emulator.url}
        if timeout:
            auth["timeoutSeconds"] = timeout
        return Target(self.spec, "Google Cloud Storage authentication credentials", auth,
                      {"bucketName": self.emulator.bucket, "path": case}, case)

    def read_objects(self, prefix):
        return {k: v for k, v in self.emulator.objects(_with_slash(prefix)).items() if not _staging(k)}

    def leftovers(self, prefix):
        return [k for k in self.emulator.objects(_with_slash(prefix)) if _staging(k)]

    def plant_leftover(self, prefix):
        bucket = self.emulator.client().bucket(self.emulator.bucket)
        bucket.blob(f"{prefix}/.part-00000.json{STAGING_MARKER}x").upload_from_string(b"partial")


class _LandingZoneAdapter:
    """Common to the Azure adapters: the landing zone peer (`peers.landing_zone.AzurePeer`)."""

    def __init__(self, peer):
        self.peer = peer
        self.upstream_port = peer.port

    def _staging_on_disk(self, container, prefix):
        """The landing zone keeps uncommitted blocks and DFS appends outside the container, stages whole blobs
        beside their final name and never lists hidden names (such as `.outflow-probe/`), so look on its disk."""
        zone = self.peer.zone.outflow.data_dir / "landing-zone"
        staged = []
        if (zone / ".staging" / container).exists():
            for blob_folder in (zone / ".staging" / container).iterdir():
                # The zone records each staged blob's name in `name`; count only blobs under `prefix`.
                name_file = blob_folder / "name"
                name = name_file.read_text() if name_file.exists() else None
                if name is not None and prefix and not name.startswith(prefix):
                    continue
                staged += [f"staged block {p.relative_to(zone)} of {name}" for p in blob_folder.rglob("*")
                           if p.is_file() and p.name != "name"]
        folder = zone / container / prefix
        files = [p.relative_to(zone / container).as_posix() for p in folder.rglob("*") if p.is_file()] \
            if folder.exists() else []
        return staged + [f"{container}/{name}" for name in files if _staging(name)]


class AzureBlobAdapter(_LandingZoneAdapter):
    """Outflow's Azure Blob destination (SharedKey connection string) into the landing zone; azure-storage-blob
    reads back."""
    name, spec = "azure-blob", BLOB_SPEC

    def __init__(self, peer, container="matrix-blob"):
        from azure.core.exceptions import ResourceExistsError
        super().__init__(peer)
        self.container = container
        try:
            peer.zone.blob_service().create_container(container)
        except ResourceExistsError:  # the session-wide peer has it from an earlier user
            pass

    def target(self, case, port=None, timeout=None):
        endpoint = self.peer.endpoint_via(port)
        connection_string = self.peer.zone.connection_string.replace(self.peer.zone.endpoint, endpoint)
        auth = {"connectionString": connection_string}
        if timeout:
            auth["timeoutSeconds"] = timeout
        return Target(self.spec, "ConnectionString", auth, {"container": self.container, "path": case}, case,
                      secrets=[self.peer.zone.key])

    def _client(self):
        return self.peer.zone.blob_service().get_container_client(self.container)

    def read_objects(self, prefix):
        client = self._client()
        return {b.name: client.download_blob(b.name).readall()
                for b in client.list_blobs(name_starts_with=_with_slash(prefix)) if not _staging(b.name)}

    def leftovers(self, prefix):
        client = self._client()
        found = []
        for blob in client.list_blobs(name_starts_with=_with_slash(prefix)):
            if _staging(blob.name):
                found.append(blob.name)
            _, uncommitted = client.get_blob_client(blob.name).get_block_list("uncommitted")
            found += [f"uncommitted block {b.id} of {blob.name}" for b in uncommitted]
        return found + self._staging_on_disk(self.container, prefix)

    def plant_leftover(self, prefix):
        self._client().get_blob_client(f"{prefix}/part-00000.json").stage_block("YmxvY2stMQ==", b"partial")


class ADLSAdapter(_LandingZoneAdapter):
    """Outflow's ADLS Gen2 destination with a service principal (token from `peers.oauth`) into the landing
    zone's DFS API; azure-storage-file-datalake reads back."""
    name, spec = "adls-gen2", ADLS_SPEC

    def __init__(self, peer, file_system="matrix-adls"):
        from azure.core.exceptions import ResourceExistsError
        super().__init__(peer)
        self.file_system = file_system
        try:
            self._service().create_file_system(file_system)
        except ResourceExistsError:  # the session-wide peer has it from an earlier user
            pass

    def _service(self):
        from azure.storage.filedatalake import DataLakeServiceClient
        return DataLakeServiceClient(self.peer.zone.endpoint, credential={
            "account_name": self.peer.account, "account_key": self.peer.zone.key})

    def target(self, case, port=None, timeout=None):
        auth = {"url": f"{self.peer.endpoint_via(port)}/{self.file_system}",
                "servicePrincipalId": self.peer.client_id, "servicePrincipalKey": self.peer.client_secret,
                "tenant": self.peer.tenant, "authorityHost": self.peer.oauth.authority_host}
        if timeout:
            auth["timeoutSeconds"] = timeout
        return Target(self.spec, "Azure Service Principal Auth", auth, {"path": case}, case,
                      secrets=[self.peer.client_secret])

    def _paths(self, prefix):
        client = self._service().get_file_system_client(self.file_system)
        if not client.get_directory_client(prefix.rstrip("/")).exists():
            return client, []
        return client, [p.name for p in client.get_paths(path=prefix.rstrip("/"), recursive=True)
                        if not p.is_directory]

    def read_objects(self, prefix):
        client, names = self._paths(prefix)
        return {n: client.get_file_client(n).download_file().readall() for n in names if not _staging(n)}

    def leftovers(self, prefix):
        _, names = self._paths(prefix)
        return [n for n in names if _staging(n)] + self._staging_on_disk(self.file_system, prefix)

    def plant_leftover(self, prefix):
        client = self._service().get_file_system_client(self.file_system)
        client.create_file(f"{prefix}/.part-00000.json{STAGING_MARKER}x").append_data(b"partial", 0, 7)


class SFTPAdapter:
    """OpenSSH's sftp-only server (password login, pinned host key); paramiko reads back."""
    name, spec, remote = "sftp", SFTP_SPEC, "matrix"

    def __init__(self, peer):
        self.peer = peer
        self.upstream_port = peer.port

    def target(self, case, port=None, timeout=None):
        auth = {"domain": "127.0.0.1", "port": str(port or self.peer.port), "username": self.peer.user,
                "password": self.peer.password, "hostKeyFingerprint": self.peer.fingerprint}
        if timeout:
            auth["timeoutSeconds"] = timeout
        return Target(self.spec, "SFTP with Password", auth, {"remotePath": self.remote, "path": case}, case,
                      secrets=[self.peer.password])

    def _tree(self, prefix):
        sftp = self.peer.client()
        try:
            return _read_tree(sftp, f"{self.remote}/{prefix.rstrip('/')}", _with_slash(prefix))
        finally:
            sftp.close()
            sftp._outflow_transport.close()

    def read_objects(self, prefix):
        return {p: d for p, d in self._tree(prefix).items() if not _staging(p)}

    def leftovers(self, prefix):
        return [p for p in self._tree(prefix) if _staging(p)]

    def plant_leftover(self, prefix):
        sftp = self.peer.client()
        try:
            folder = ""
            for part in [self.remote, *prefix.split("/")]:
                folder += ("/" if folder else "") + part
                try:
                    sftp.mkdir(folder)
                except OSError:
                    pass
            with sftp.open(f"{folder}/.part-00000.json{STAGING_MARKER}x", "wb") as f:
                f.write(b"partial")
        finally:
            sftp.close()
            sftp._outflow_transport.close()


def _read_tree(sftp, folder, prefix):
    objects = {}
    try:
        entries = sftp.listdir_attr(folder)
    except FileNotFoundError:
        return objects
    for entry in entries:
        path = prefix + entry.filename
        if stat.S_ISDIR(entry.st_mode):
            objects.update(_read_tree(sftp, f"{folder}/{entry.filename}", path + "/"))
        else:
            with sftp.open(f"{folder}/{entry.filename}", "rb") as f:
                objects[path] = f.read()
    return objects


_NETWORKED_ADAPTERS = {}


def make_adapter(request, name, root: Path, data_dir: Path):
    """The adapter `name`, starting (or reusing) only the session-scoped peer it needs. `root` is where the
    local folder destination writes, `data_dir` the exporting server's data folder (its landing zone)."""
    if name == "local":
        return LocalAdapter(root)
    if name == "dlz":
        return DLZAdapter(data_dir)
    fixture = {"s3-seaweedfs": "seaweedfs", "gcs-hmac": "seaweedfs", "s3-moto": "moto_s3",
               "gcs-json": "gcs_emulator", "azure-blob": "azure_peer", "adls-gen2": "azure_peer",
               "sftp": "sftp_peer"}[name]
    peer = request.getfixturevalue(fixture)
    key = (name, id(peer))
    if key not in _NETWORKED_ADAPTERS:  # buckets and containers are made once per peer
        _NETWORKED_ADAPTERS[key] = _networked(name, peer)
    return _NETWORKED_ADAPTERS[key]


def _networked(name, peer):
    if name in ("s3-seaweedfs", "s3-moto"):
        return S3Adapter(name, peer, "matrix-s3")
    if name == "gcs-hmac":
        return GCSHMACAdapter(name, peer, "matrix-gcs-hmac")
    if name == "gcs-json":
        return GCSJSONAdapter(peer)
    if name == "azure-blob":
        return AzureBlobAdapter(peer)
    if name == "adls-gen2":
        return ADLSAdapter(peer)
    return SFTPAdapter(peer)


def create_flow(server, dataset_id, target: Target, file_type, compression, name, schedule=None,
                encryption=None) -> dict:
    """Source, base and target connections and the flow for `target` (AEP tutorial calls); returns their ids.
    `encryption`: the base connection's optional AEP `encryption` block (PGP public key)."""
    params = dict(target.params, datasetFileType=file_type, compression=compression, includeManifest=True)
    return fs.create_export_flow(server, dataset_id, spec=target.spec, params=params,
                                 schedule=schedule or fs.hourly_incremental(), name=name,
                                 auth_spec=target.auth_spec, auth=target.auth, encryption=encryption)

