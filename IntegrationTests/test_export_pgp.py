"""PGP/GPG encryption of exported files (AEP `encryption` block on the base connection), checked with gpg as
the independent peer: a flow whose base connection carries a public key delivers `.gpg` parts whose manifest
sizes and SHA-256 are those of the encrypted bytes; `gpg --decrypt` of each part gives files pyarrow and
DuckDB read, whose records equal the dataset (Parquet/ZSTD to an RSA key and JSON/GZIP to a cv25519 key on a
local folder; JSON/GZIP on every other destination of `destinations.py`: DLZ, S3, GCS, Azure Blob, ADLS Gen2,
SFTP). A key that cannot be used is a 400 naming `encryption.params.publicKey` and why."""
import base64
import hashlib
import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import flow_service as fs
from conftest import Outflow, start_server, stop_server
from destinations import ALL, create_flow, make_adapter
from export_checks import check_export
from schemas import EVENTS_SCHEMA, event

KEYS = Path(__file__).parent / "fixtures" / "pgp"
# gpg-made keys tampered with at the packet level (see make-fixtures.sh there).
TAMPERED = Path(__file__).parent.parent / "Tests" / "PGPTests" / "Fixtures"
ROWS = 1_500


def key(name: str) -> str:
    return (KEYS / name).read_text()


def encryption(public_key: str) -> dict:
    return {"specName": "File PGP/GPG Encryption",
            "params": {"encryptionAlgo": "PGP/GPG", "publicKey": public_key}}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    root = tmp_path_factory.mktemp("export-pgp")
    outflow = Outflow(root / "data")
    server = start_server(outflow)
    yield server, root, outflow
    stop_server(server)


class GnuPG:
    """A private GNUPGHOME (short path: gpg-agent's socket lives in it) with one secret key imported."""

    def __init__(self, secret_key: str):
        self.home = tempfile.mkdtemp(prefix="ofgpg-", dir="/tmp")
        self.gpg(["--import"], input=secret_key.encode())

    def gpg(self, args, input=None) -> subprocess.CompletedProcess:
        done = subprocess.run(["gpg", "--batch", "--homedir", self.home, "--pinentry-mode", "loopback",
                               "--passphrase", "", *args], input=input, capture_output=True, timeout=120)
        assert done.returncode == 0, f"gpg {args[0]} failed: {done.stderr.decode(errors='replace')}"
        return done

    def decrypt(self, data: bytes) -> tuple[bytes, str]:
        done = self.gpg(["--status-fd", "2", "--decrypt"], input=data)
        return done.stdout, done.stderr.decode(errors="replace")

    def close(self):
        subprocess.run(["gpgconf", "--homedir", self.home, "--kill", "gpg-agent"], capture_output=True)
        shutil.rmtree(self.home, ignore_errors=True)


def decrypted_objects(objects: dict[str, bytes], gpg: GnuPG) -> dict[str, bytes]:
    """Parts decrypted (names without `.gpg`), manifests rewritten to name the decrypted files; checks on
    the way that every part is `.gpg`, gpg's MDC passed, and each manifest entry's size and SHA-256 are
    those of the delivered (encrypted) bytes."""
    out: dict[str, bytes] = {}
    for path, data in objects.items():
        name = path.rsplit("/", 1)[1]
        if name.startswith("manifest-"):
            continue
        assert name.endswith(".gpg"), f"unencrypted part delivered: {path}"
        plain, status = gpg.decrypt(data)
        assert "DECRYPTION_OKAY" in status and "GOODMDC" in status, status
        assert f"PLAINTEXT 62 0 {name[:-4]}" in status, status
        out[path[:-4]] = plain
    for path, data in objects.items():
        if not path.rsplit("/", 1)[1].startswith("manifest-"):
            continue
        manifest = json.loads(data)
        assert manifest["encryption"]["format"] == "OpenPGP", manifest.get("encryption")
        assert len(manifest["encryption"]["fingerprint"]) == 40
        folder = path.rsplit("/", 1)[0]
        for entry in manifest["files"]:
            delivered = objects[folder + "/" + entry["name"]]
            assert entry["name"].endswith(".gpg")
            assert entry["size"] == len(delivered), entry
            assert entry["sha256"] == hashlib.sha256(delivered).hexdigest(), entry
            entry["name"] = entry["name"][:-4]
            plain = out[folder + "/" + entry["name"]]
            entry["size"], entry["sha256"] = len(plain), hashlib.sha256(plain).hexdigest()
        out[path] = json.dumps(manifest).encode()
    return out


# Parquet/ZSTD to an RSA key and JSON/GZIP to a cv25519 key on the local folder; JSON/GZIP (cv25519) on every
# other destination: encryption happens before the writer, so each destination only sees opaque bytes.
CASES = ([("local", "PARQUET", "ZSTD", "rsa"), ("local", "JSON", "GZIP", "cv25519")]
         + [(d, "JSON", "GZIP", "cv25519") for d in ALL if d != "local"])


@pytest.mark.parametrize("destination,file_type,compression,key_name", CASES)
def test_encrypted_flow_delivers_gpg_files_that_decrypt_to_the_dataset(request, live, destination, file_type,
                                                                        compression, key_name):
    server, root, outflow = live
    adapter = make_adapter(request, destination, root / "local", outflow.data_dir)  # under the export roots
    case = f"pgp-{file_type.lower()}-{compression.lower()}-{key_name}-{destination}"
    rng = random.Random(7)
    expected = [event(i, rng) for i in range(ROWS)]
    dataset_id = fs.dataset_with(server, expected, name=f"events-{case}", schema=EVENTS_SCHEMA)
    # AEP hands public keys out base64-encoded; accept that form for cv25519 and the plain armor for RSA.
    public_key = key(f"{key_name}.pub.asc")
    if key_name == "cv25519":
        public_key = base64.b64encode(public_key.encode()).decode()
    target = adapter.target(case)
    ids = create_flow(server, dataset_id, target, file_type, compression, name=case,
                      encryption=encryption(public_key))

    connection = server.get(f"{fs.BASE}/connections/{ids['base']}", headers=fs.HEADERS).json()["items"][0]
    shown = connection["encryption"]
    assert shown["specName"] == "File PGP/GPG Encryption"
    assert shown["params"]["algorithm"] == {"rsa": "RSA 3072", "cv25519": "ECDH Curve25519"}[key_name]
    assert len(shown["params"]["fingerprint"]) == 40 and "publicKey" not in shown["params"]

    run = fs.wait_run(server, fs.start_run(server, ids["flow"]))
    assert run["status"] == "success", run
    assert run["metrics"]["recordSummary"]["outputRecordCount"] == ROWS

    objects = adapter.read_objects(target.prefix)
    assert not adapter.leftovers(target.prefix), f"left behind: {adapter.leftovers(target.prefix)}"
    delivered = {target.output_path(f["path"]): f for out in run["outputs"] for f in out["files"]}
    assert delivered
    for path, entry in delivered.items():
        assert path.endswith(".gpg")
        data = objects[path]
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    gpg = GnuPG(key(f"{key_name}.sec.asc"))
    try:
        plain = decrypted_objects(objects, gpg)
    finally:
        gpg.close()
    summary = check_export(plain, dataset_id, expected, prefix=target.prefix, file_type=file_type,
                           compression=compression, compare_rows=True, decimal_fields=("revenue", "products.price"))
    assert summary.row_count == ROWS


@pytest.mark.parametrize("public_key,code,says", [
    ("not a key at all", "PGP_NOT_A_PUBLIC_KEY", "armored"),
    (key("cv25519.sec.asc"), "PGP_NOT_A_PUBLIC_KEY", "PRIVATE KEY"),
    (key("sign.pub.asc"), "PGP_NO_ENCRYPTION_KEY", "encryption"),
    (key("expired.pub.asc"), "PGP_EXPIRED", "expired"),
    (key("revoked.pub.asc"), "PGP_REVOKED", "revoked"),
    (key("dsa.pub.asc"), "PGP_UNSUPPORTED_ALGORITHM", "DSA"),
    ((TAMPERED / "foreign-only.asc").read_text(), "PGP_BAD_SIGNATURE", "binding signature"),
    ((TAMPERED / "corrupt-self-signature.asc").read_text(), "PGP_BAD_SIGNATURE", "self-signature"),
])
def test_a_key_that_cannot_encrypt_is_a_400_naming_the_field(live, public_key, code, says):
    server, _root, _outflow = live
    r = server.post(f"{fs.BASE}/connections", headers=fs.HEADERS, json={
        "name": "bad key", "connectionSpec": {"id": fs.LOCAL_FOLDER_SPEC, "version": "1.0"},
        "auth": {"specName": "None", "params": {}}, "encryption": encryption(public_key)})
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["field"] == "encryption.params.publicKey", problem
    assert problem["code"] == code, problem
    assert says in problem["detail"], problem
