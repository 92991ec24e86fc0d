"""rclone (Debian's 1.60.1, azureblob backend, configured only by flags with RCLONE_CONFIG=/dev/null) against
Outflow's Data Landing Zone: after an Outflow export into the DLZ it lists (lsjson -R with sizes, mod times and
MD5), copies the export down and checks it byte for byte, reads ranges (cat --offset/--count), deletes and purges
with a SAS that has `d` (and is refused without it), uploads chunked and small files (rclone 1.60 uploads every
file as Put Block + Put Block List, an empty one as an empty block list; it never sends Put Blob), keeps their mod
times and MD5 so a second copy transfers nothing, lists folders only (delimiter listing), and fails with the 403 it
gets for an expired SAS. Both a SAS URL from Outflow's credentials endpoint and the admin SharedKey are used; for
the SharedKey, rclone 1.60 only speaks `https://<account>.<endpoint>`, so it goes through a TLS proxy with the
endpoint `x@127.0.0.1:<port>/<account>` (the `<account>.x@` part is URL user info)."""
import hashlib
import json
import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
import requests
from azure.storage.blob import ContainerSasPermissions

from peers.landing_zone import ACCOUNT, LandingZone, check_export
from peers.tls_proxy import TLSProxy

DLZ_SPEC = "10440537-2a7b-4583-ac39-ed38d4b848e8"
DLZ_FLOW_SPEC = "cd2fc47e-e838-4f38-a581-8fff2f99b63a"
CONTAINER = "dlz-destination"

# rclone is installed by scripts/bootstrap: without it these tests fail (a skip would be a test that cannot fail).
pytestmark = pytest.mark.usefixtures("rclone_installed")


@pytest.fixture(scope="module")
def rclone_installed():
    assert shutil.which("rclone") is not None, "rclone is missing: run scripts/bootstrap"


@pytest.fixture(scope="module")
def lz(tmp_path_factory):
    zone = LandingZone(tmp_path_factory.mktemp("rclone") / "data")
    zone.dataset_id, zone.records = zone.ingest(2000)
    base = zone.connection(DLZ_SPEC, "None", {})
    run = zone.run_flow(zone.dataset_id, DLZ_SPEC, DLZ_FLOW_SPEC, base, {"path": "exports"})
    assert run["status"] == "success", run
    creds = requests.get(f"{zone.server.base}/data/foundation/connectors/landingzone/credentials",
                         params={"type": "dlz_destination"}, headers=zone.auth, timeout=30)
    assert creds.status_code == 200, creds.text
    zone.sas_url = creds.json()["SASUri"]
    zone.export_prefix = f"exports/{zone.dataset_id}"
    client = zone.blob_service().get_container_client(CONTAINER)
    zone.export = {b.name: client.download_blob(b.name).readall()
                   for b in client.list_blobs(name_starts_with=zone.export_prefix + "/")}
    zone.check = lambda files: check_export(files, zone.dataset_id, zone.records, "exports")
    zone.check(zone.export)
    with TLSProxy(int(zone.server.base.rsplit(":", 1)[1]), tmp_path_factory.mktemp("tls")) as proxy:
        zone.tls = proxy
        yield zone
    log = zone.stop()
    assert zone.key not in log
    assert zone.sas_url.split("sig=")[1].split("&")[0] not in log


def rclone(*args, check=True, binary=False, timeout=180):
    """Runs rclone with no config file and no RCLONE_* settings from the environment; returns the process
    (stdout as bytes when `binary`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RCLONE_")}
    env["RCLONE_CONFIG"] = "/dev/null"
    proc = subprocess.run(["rclone", "--retries", "1", "--low-level-retries", "1", *map(str, args)], env=env,
                          capture_output=True, text=not binary, timeout=timeout)
    if check:
        assert proc.returncode == 0, proc.stderr[-4000:]
    return proc


def sas(sas_url):
    """rclone flags for a container SAS URL."""
    return ["--azureblob-sas-url", sas_url]


def shared_key(zone, key=None):
    """rclone flags for the admin SharedKey. rclone 1.60 builds `https://<account>.<endpoint>` (and its emulator
    mode always signs as devstoreaccount1), so the endpoint is `x@127.0.0.1:<tls port>/<account>`: the
    `<account>.x@` part becomes URL user info, the request goes to the TLS proxy, path style."""
    return ["--ca-cert", zone.tls.ca_path, "--azureblob-account", ACCOUNT, "--azureblob-key", key or zone.key,
            "--azureblob-endpoint", f"x@127.0.0.1:{zone.tls.port}/{ACCOUNT}"]


def remote(path=""):
    return f":azureblob:{CONTAINER}/{path}" if path else f":azureblob:{CONTAINER}"


def container_sas_url(zone, container, permission, expiry):
    return f"{zone.endpoint}/{container}?{zone.sas(container, permission, expiry)}"


def test_lsjson_reports_the_export_with_sizes_mod_times_and_md5(lz):
    listed = json.loads(rclone("lsjson", "-R", "--hash", *sas(lz.sas_url), remote(lz.export_prefix)).stdout)
    files = {f"{lz.export_prefix}/{item['Path']}": item for item in listed if not item["IsDir"]}
    assert sorted(files) == sorted(lz.export)
    client = lz.blob_service().get_container_client(CONTAINER)
    for name, item in files.items():
        data = lz.export[name]
        assert item["Size"] == len(data)
        assert item["Hashes"]["md5"] == hashlib.md5(data).hexdigest()
        modified = client.get_blob_client(name).get_blob_properties().last_modified
        assert abs(datetime.fromisoformat(item["ModTime"].replace("Z", "+00:00")) - modified) < timedelta(seconds=1)
    folders = [item["Path"] for item in listed if item["IsDir"]]
    assert folders and all(path.startswith("exportTime=") for path in folders)


def test_copy_down_then_check_download_agrees(lz, tmp_path):
    local = tmp_path / "copy"
    rclone("copy", *sas(lz.sas_url), remote(lz.export_prefix), local)
    copied = {f"{lz.export_prefix}/{p.relative_to(local).as_posix()}": p.read_bytes()
              for p in local.rglob("*") if p.is_file()}
    assert copied == lz.export
    lz.check(copied)
    rclone("check", "--download", *sas(lz.sas_url), remote(lz.export_prefix), local)
    # and with hashes (MD5 from the listing, no download)
    rclone("check", *sas(lz.sas_url), remote(lz.export_prefix), local)
    # a flipped byte is caught
    victim = sorted(p for p in local.rglob("*.parquet"))[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    mismatch = rclone("check", "--download", *sas(lz.sas_url), remote(lz.export_prefix), local, check=False)
    assert mismatch.returncode != 0 and "1 differences found" in mismatch.stderr


def test_cat_reads_ranges(lz):
    name, data = max(lz.export.items(), key=lambda item: len(item[1]))
    assert len(data) > 3000
    cat = ["cat", *sas(lz.sas_url), remote(name)]
    assert rclone(*cat, "--offset", 100, "--count", 1000, binary=True).stdout == data[100:1100]
    assert rclone(*cat, "--offset", -500, binary=True).stdout == data[-500:]
    assert rclone(*cat, "--offset", len(data) - 10, "--count", 1000, binary=True).stdout == data[-10:]
    assert rclone(*cat, binary=True).stdout == data
    ranged = rclone(*cat, "--offset", 100, "--count", 1000, "-vv", "--dump", "headers", binary=True)
    assert ranged.stdout == data[100:1100] and b"X-Ms-Range: bytes=100-1099" in ranged.stderr
    assert b"206 Partial Content" in ranged.stderr


def test_lsf_dirs_only_uses_the_delimiter_listing(lz):
    top = rclone("lsf", "--dirs-only", *sas(lz.sas_url), remote()).stdout.split()
    assert "exports/" in top
    folders = rclone("lsf", "--dirs-only", *sas(lz.sas_url), remote(lz.export_prefix)).stdout.split()
    assert folders == sorted({name.split("/")[2] + "/" for name in lz.export})
    files = rclone("lsf", "--files-only", *sas(lz.sas_url), remote(lz.export_prefix)).stdout.split()
    assert files == []
    # one result per page: rclone follows NextMarker through every page and sees the same tree
    whole = rclone("lsf", "-R", *sas(lz.sas_url), remote()).stdout.split()
    paged = rclone("lsf", "-R", "--azureblob-list-chunk", 1, "-vv", "--dump", "headers", *sas(lz.sas_url), remote())
    assert paged.stdout.split() == whole
    assert paged.stderr.count("maxresults=1&") >= len(lz.export) >= 2 and "&marker=" in paged.stderr


def put_requests(dump):
    """The PUT request lines of an rclone `--dump headers` log."""
    return [line.split("DEBUG : ", 1)[1] for line in dump.splitlines() if "DEBUG : PUT /" in line]


def test_uploads_use_blocks_and_keep_mod_time_and_md5(lz, tmp_path):
    up = tmp_path / "up"
    up.mkdir()
    files = {"big.bin": os.urandom(3 * 1024 * 1024 + 12345), "small.txt": b"small file\n", "empty.txt": b""}
    for name, data in files.items():
        (up / name).write_bytes(data)
    os.utime(up / "small.txt", (1_700_000_000, 1_700_000_000.25))
    dump = rclone("copy", "-vv", "--dump", "headers", "--azureblob-chunk-size", "1M", *sas(lz.sas_url), up,
                  remote("uploads")).stderr
    puts = put_requests(dump)
    blocks = [line for line in puts if "&comp=block&" in line]
    assert sum("/uploads/big.bin?" in line for line in blocks) == 4
    assert sum("/uploads/small.txt?" in line for line in blocks) == 1
    assert sum("comp=blocklist" in line for line in puts) == 3
    client = lz.blob_service().get_container_client(CONTAINER)
    for name, data in files.items():
        assert client.download_blob(f"uploads/{name}").readall() == data
    listed = {item["Path"]: item for item in
              json.loads(rclone("lsjson", "--hash", *sas(lz.sas_url), remote("uploads")).stdout)}
    for name, data in files.items():
        assert listed[name]["Size"] == len(data)
        assert listed[name]["Hashes"]["md5"] == hashlib.md5(data).hexdigest()
    # the mod time comes back from the `mtime` metadata rclone sent, to the nanosecond
    assert listed["small.txt"]["ModTime"] == "2023-11-14T22:13:20.250000000Z"
    rclone("check", *sas(lz.sas_url), up, remote("uploads"))
    rclone("check", "--download", *sas(lz.sas_url), up, remote("uploads"))
    again = rclone("copy", "-vv", *sas(lz.sas_url), up, remote("uploads")).stderr
    assert "Copied" not in again and "Updated modification time" not in again, again[-3000:]
    # without checksums rclone sends no MD5: the server computes it for a small blob
    rclone("copyto", "--azureblob-disable-checksum", *sas(lz.sas_url), up / "small.txt", remote("uploads/nosum.txt"))
    nosum = json.loads(rclone("lsjson", "--hash", *sas(lz.sas_url), remote("uploads/nosum.txt")).stdout)
    assert nosum[0]["Hashes"]["md5"] == hashlib.md5(files["small.txt"]).hexdigest()


def test_server_side_copy_and_move_keep_bytes_and_properties(lz, tmp_path):
    data = os.urandom(200_000)
    (tmp_path / "src.bin").write_bytes(data)
    os.utime(tmp_path / "src.bin", (1_650_000_000, 1_650_000_000))
    rclone("copyto", *sas(lz.sas_url), tmp_path / "src.bin", remote("server-side/src.bin"))
    dump = rclone("copyto", "-vv", "--dump", "headers", *sas(lz.sas_url), remote("server-side/src.bin"),
                  remote("server-side/copy.bin")).stderr
    assert any("X-Ms-Copy-Source:" in line for line in dump.splitlines()), "rclone did not copy server-side"
    rclone("moveto", *sas(lz.sas_url), remote("server-side/copy.bin"), remote("server-side/moved/m.bin"))
    client = lz.blob_service().get_container_client(CONTAINER)
    assert sorted(b.name for b in client.list_blobs(name_starts_with="server-side/")) == \
        ["server-side/moved/m.bin", "server-side/src.bin"]
    assert client.download_blob("server-side/moved/m.bin").readall() == data
    listed = {item["Path"]: item for item in
              json.loads(rclone("lsjson", "-R", "--hash", *sas(lz.sas_url), remote("server-side")).stdout)}
    assert listed["moved/m.bin"]["Hashes"]["md5"] == hashlib.md5(data).hexdigest()
    assert listed["moved/m.bin"]["ModTime"] == listed["src.bin"]["ModTime"] == "2022-04-15T05:20:00.000000000Z"
    # a copy source outside this account is refused, and nothing is written
    refused = requests.put(f"{lz.endpoint}/{CONTAINER}/server-side/x.bin?{lz.sas_url.split('?')[1]}",
                           headers={"x-ms-copy-source": "http://elsewhere.example/other/c/b.bin"}, timeout=30)
    assert refused.status_code == 400 and refused.headers["x-ms-error-code"] == "CannotVerifyCopySource"
    assert not client.get_blob_client("server-side/x.bin").exists()


def test_delete_and_purge_need_the_delete_permission(lz, tmp_path):
    client = lz.blob_service().get_container_client(CONTAINER)
    for name in ["tidy/a/1.txt", "tidy/a/2.txt", "tidy/b/3.txt", "tidy/keep.txt"]:
        client.upload_blob(name, name.encode(), overwrite=True)
    expiry = datetime.now(timezone.utc) + timedelta(hours=1)
    no_delete = container_sas_url(lz, CONTAINER, ContainerSasPermissions(read=True, list=True, write=True), expiry)
    refused = rclone("delete", *sas(no_delete), remote("tidy/a"), check=False)
    assert refused.returncode != 0 and "403" in refused.stderr and "AuthorizationPermissionMismatch" in refused.stderr
    refused = rclone("purge", *sas(no_delete), remote("tidy"), check=False)
    assert refused.returncode != 0 and "403" in refused.stderr
    names = sorted(b.name for b in client.list_blobs(name_starts_with="tidy/"))
    assert names == ["tidy/a/1.txt", "tidy/a/2.txt", "tidy/b/3.txt", "tidy/keep.txt"]
    with_delete = container_sas_url(lz, CONTAINER, ContainerSasPermissions(read=True, list=True, delete=True), expiry)
    rclone("delete", *sas(with_delete), remote("tidy/a"))
    assert sorted(b.name for b in client.list_blobs(name_starts_with="tidy/")) == ["tidy/b/3.txt", "tidy/keep.txt"]
    rclone("purge", *sas(with_delete), remote("tidy"))
    assert list(client.list_blobs(name_starts_with="tidy/")) == []
    assert rclone("lsf", *sas(with_delete), remote()).stdout.split().count("exports/") == 1


def test_expired_sas_fails_with_403(lz):
    expired = container_sas_url(lz, CONTAINER, ContainerSasPermissions(read=True, list=True, delete=True),
                                datetime.now(timezone.utc) - timedelta(minutes=5))
    failed = rclone("lsf", *sas(expired), remote(), check=False)
    assert failed.returncode != 0
    assert "403" in failed.stderr and "AuthenticationFailed" in failed.stderr
    failed = rclone("cat", *sas(expired), remote(sorted(lz.export)[0]), check=False)
    assert failed.returncode != 0 and "403" in failed.stderr


def test_shared_key_lists_copies_and_checks(lz, tmp_path):
    listed = json.loads(rclone("lsjson", "-R", "--hash", *shared_key(lz), remote(lz.export_prefix)).stdout)
    sizes = {f"{lz.export_prefix}/{item['Path']}": item["Size"] for item in listed if not item["IsDir"]}
    assert sizes == {name: len(data) for name, data in lz.export.items()}
    containers = rclone("lsf", "--dirs-only", *shared_key(lz), ":azureblob:").stdout.split()
    assert f"{CONTAINER}/" in containers
    rclone("copy", *shared_key(lz), remote(lz.export_prefix), tmp_path / "copy")
    rclone("check", "--download", *shared_key(lz), remote(lz.export_prefix), tmp_path / "copy")
    (tmp_path / "up.bin").write_bytes(b"x" * 2_500_000)
    rclone("copyto", "--azureblob-chunk-size", "1M", "--azureblob-upload-cutoff", "1M", *shared_key(lz),
           tmp_path / "up.bin", ":azureblob:sharedkey-up/up.bin")
    assert lz.blob_service().get_container_client("sharedkey-up").download_blob("up.bin").readall() == b"x" * 2_500_000
    rclone("purge", *shared_key(lz), ":azureblob:sharedkey-up")
    assert "sharedkey-up" not in [c.name for c in lz.blob_service().list_containers()]
    wrong = shared_key(lz, key="d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmc=")
    failed = rclone("lsf", *wrong, remote(), check=False)
    assert failed.returncode != 0 and "403" in failed.stderr and "AuthenticationFailed" in failed.stderr
