"""Outflow's Data Landing Zone over the Azure Blob and DFS REST subset, driven by the official SDKs
(azure-storage-blob, azure-storage-file-datalake): SharedKey via a connection string, SAS from Outflow's
credentials endpoint, expired and under-privileged SAS tokens, block uploads, ranges, and a DLZ export."""
import base64
import hashlib
import os
import random
from datetime import datetime, timedelta, timezone

import pytest
import requests
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.storage.blob import BlobBlock, BlobServiceClient, ContainerClient, ContainerSasPermissions, ContentSettings
from azure.storage.filedatalake import DataLakeServiceClient

from peers.landing_zone import ACCOUNT, LandingZone, check_export

DLZ_SPEC = "10440537-2a7b-4583-ac39-ed38d4b848e8"
DLZ_FLOW_SPEC = "cd2fc47e-e838-4f38-a581-8fff2f99b63a"


@pytest.fixture(scope="module")
def lz(tmp_path_factory):
    zone = LandingZone(tmp_path_factory.mktemp("lz") / "data")
    yield zone
    log = zone.stop()
    assert zone.key not in log


def test_shared_key_lists_reads_ranges_and_deletes(lz):
    service = lz.blob_service()
    container = service.create_container("sharedkey")
    payload = bytes(random.Random(1).getrandbits(8) for _ in range(300_000))
    names = ["a/1.bin", "a/2.bin", "a/b/3.bin", "top.txt", "z z/ü.bin"]
    for name in names:
        container.upload_blob(name, payload if name.endswith(".bin") else b"hello", overwrite=True)
    assert "sharedkey" in [c.name for c in service.list_containers()]
    assert sorted(b.name for b in container.list_blobs()) == sorted(names)
    assert [b.name for b in container.list_blobs(name_starts_with="a/")] == ["a/1.bin", "a/2.bin", "a/b/3.bin"]
    walked = [item.name for item in container.walk_blobs(delimiter="/")]
    assert sorted(walked) == ["a/", "top.txt", "z z/"]
    pages = list(container.list_blobs(results_per_page=2).by_page())
    assert [len(list(page)) for page in pages] == [2, 2, 1]
    props = container.get_blob_client("a/1.bin").get_blob_properties()
    assert props.size == len(payload) and props.blob_type == "BlockBlob" and props.etag
    blob = container.get_blob_client("z z/ü.bin")
    assert blob.download_blob().readall() == payload
    assert blob.download_blob(offset=1000, length=5000).readall() == payload[1000:6000]
    assert blob.download_blob(offset=299_990).readall() == payload[299_990:]
    # small get sizes force many ranged GETs, in parallel, each checked with If-Match
    chunked = BlobServiceClient(lz.endpoint, credential={"account_name": ACCOUNT, "account_key": lz.key},
                                max_single_get_size=32 * 1024, max_chunk_get_size=16 * 1024)
    assert chunked.get_blob_client("sharedkey", "z z/ü.bin").download_blob(max_concurrency=3).readall() == payload
    blob.delete_blob()
    assert not blob.exists()
    with pytest.raises(ResourceNotFoundError) as missing:
        blob.get_blob_properties()
    assert missing.value.error_code == "BlobNotFound"


def test_block_upload_is_invisible_until_committed(lz):
    container = lz.blob_service().create_container("blocks")
    blob = container.get_blob_client("big/part-0.parquet")
    chunks = [os.urandom(100_000) for _ in range(3)]
    ids = [base64.b64encode(f"block-{i:04d}".encode()).decode() for i in range(3)]
    for block_id, chunk in zip(ids, chunks):
        blob.stage_block(block_id, chunk)
    assert not blob.exists()
    assert [b.name for b in container.list_blobs()] == []
    _, uncommitted = blob.get_block_list("uncommitted")
    assert sorted(b.id for b in uncommitted) == sorted(ids)
    blob.commit_block_list([BlobBlock(block_id=i) for i in reversed(ids)])
    assert blob.download_blob().readall() == b"".join(reversed(chunks))
    # the SDK's own chunked upload: Put Block + Put Block List
    data = os.urandom(700_000)
    client = BlobServiceClient(lz.endpoint, credential={"account_name": ACCOUNT, "account_key": lz.key},
                               max_single_put_size=64 * 1024, max_block_size=128 * 1024)
    client.get_blob_client("blocks", "sdk/chunked.bin").upload_blob(data, max_concurrency=4)
    assert container.get_blob_client("sdk/chunked.bin").download_blob().readall() == data
    assert [b.name for b in container.list_blobs()] == ["big/part-0.parquet", "sdk/chunked.bin"]


def test_sas_from_the_credentials_endpoint(lz):
    r = requests.get(f"{lz.server.base}/data/foundation/connectors/landingzone/credentials",
                     params={"type": "dlz_destination"}, timeout=30)
    assert r.status_code == 401
    r = requests.get(f"{lz.server.base}/data/foundation/connectors/landingzone/credentials",
                     params={"type": "dlz_destination"}, headers=lz.auth, timeout=30)
    assert r.status_code == 200, r.text
    creds = r.json()
    assert set(creds) == {"containerName", "SASToken", "storageAccountName", "SASUri", "expiryDate"}
    assert creds["containerName"] == "dlz-destination" and creds["storageAccountName"] == ACCOUNT
    container = ContainerClient.from_container_url(creds["SASUri"])
    container.upload_blob("sas/hello.txt", b"hello over SAS", overwrite=True)
    assert [b.name for b in container.list_blobs(name_starts_with="sas/")] == ["sas/hello.txt"]
    assert container.download_blob("sas/hello.txt", offset=6, length=4).readall() == b"over"
    container.delete_blob("sas/hello.txt")
    assert [b.name for b in container.list_blobs(name_starts_with="sas/")] == []
    with pytest.raises(HttpResponseError) as other:
        ContainerClient(lz.endpoint, "sharedkey", credential=creds["SASToken"]).get_blob_client("top.txt").download_blob()
    assert other.value.status_code == 403


def test_expired_sas_and_sas_without_delete_are_refused(lz):
    lz.blob_service().create_container("perms")
    ContainerClient.from_connection_string(lz.connection_string, "perms").upload_blob("x.txt", b"x")
    expired = lz.sas("perms", ContainerSasPermissions(read=True, list=True, delete=True),
                     datetime.now(timezone.utc) - timedelta(minutes=5))
    with pytest.raises(HttpResponseError) as refused:
        list(ContainerClient(lz.endpoint, "perms", credential=expired).list_blobs())
    assert refused.value.status_code == 403 and refused.value.error_code == "AuthenticationFailed"
    read_list = lz.sas("perms", ContainerSasPermissions(read=True, list=True),
                       datetime.now(timezone.utc) + timedelta(hours=1))
    container = ContainerClient(lz.endpoint, "perms", credential=read_list)
    assert [b.name for b in container.list_blobs()] == ["x.txt"]
    with pytest.raises(HttpResponseError) as denied:
        container.delete_blob("x.txt")
    assert denied.value.status_code == 403 and denied.value.error_code == "AuthorizationPermissionMismatch"
    with pytest.raises(HttpResponseError) as no_write:
        container.upload_blob("y.txt", b"y")
    assert no_write.value.error_code == "AuthorizationPermissionMismatch"
    raw = requests.delete(f"{lz.endpoint}/perms/x.txt?{read_list}", timeout=30)
    assert raw.status_code == 403 and "<Code>AuthorizationPermissionMismatch</Code>" in raw.text
    assert requests.get(f"{lz.endpoint}/perms/x.txt", timeout=30).status_code == 401
    forged = read_list.replace("sp=rl", "sp=rdl")
    assert requests.delete(f"{lz.endpoint}/perms/x.txt?{forged}", timeout=30).status_code == 403
    assert [b.name for b in container.list_blobs()] == ["x.txt"]


def test_datalake_sdk_creates_appends_flushes_renames_and_deletes(lz):
    service = DataLakeServiceClient(lz.endpoint, credential={"account_name": ACCOUNT, "account_key": lz.key})
    fs = service.create_file_system("lake")
    fs.create_directory("raw/2026")
    data = os.urandom(250_000)
    file = fs.get_file_client("raw/2026/events.tmp")
    file.create_file()
    file.append_data(data[:100_000], offset=0, length=100_000)
    file.append_data(data[100_000:], offset=100_000, length=150_000)
    assert file.get_file_properties().size == 0
    file.flush_data(len(data))
    assert file.get_file_properties().size == len(data)
    renamed = file.rename_file("lake/raw/2026/events.bin")
    assert renamed.download_file().readall() == data
    assert renamed.download_file(offset=10, length=20).readall() == data[10:30]
    fs.get_file_client("raw/small.txt").upload_data(b"small", overwrite=True)
    paths = {(p.name, p.is_directory) for p in fs.get_paths(recursive=True)}
    assert paths == {("raw", True), ("raw/2026", True), ("raw/2026/events.bin", False), ("raw/small.txt", False)}
    assert {p.name for p in fs.get_paths(path="raw", recursive=False)} == {"raw/2026", "raw/small.txt"}
    blob_names = [b.name for b in lz.blob_service().get_container_client("lake").list_blobs()]
    assert blob_names == ["raw/2026/events.bin", "raw/small.txt"]
    renamed.delete_file()
    fs.get_directory_client("raw").delete_directory()
    assert list(fs.get_paths(recursive=True)) == []


def test_dlz_export_is_read_back_with_the_sdk(lz):
    dataset_id, records = lz.ingest(500)
    base = lz.connection(DLZ_SPEC, "None", {})
    run = lz.run_flow(dataset_id, DLZ_SPEC, DLZ_FLOW_SPEC, base, {"path": "exports"})
    assert run["status"] == "success", run
    creds = requests.get(f"{lz.server.base}/data/foundation/connectors/landingzone/credentials",
                         params={"type": "dlz_destination"}, headers=lz.auth, timeout=30).json()
    container = ContainerClient.from_container_url(creds["SASUri"])
    files = {b.name: container.download_blob(b.name).readall()
             for b in container.list_blobs(name_starts_with=f"exports/{dataset_id}/")}
    check_export(files, dataset_id, records, "exports")


def test_md5_is_computed_and_checked_and_metadata_is_kept(lz):
    container = lz.blob_service().create_container("props")
    blob = container.get_blob_client("a.txt")
    blob.upload_blob(b"hello", metadata={"mtime": "2026-01-02T03:04:05.000000000Z"},
                     content_settings=ContentSettings(content_type="text/plain"))
    props = blob.get_blob_properties()
    assert bytes(props.content_settings.content_md5) == hashlib.md5(b"hello").digest()
    assert props.content_settings.content_type == "text/plain"
    assert props.metadata == {"mtime": "2026-01-02T03:04:05.000000000Z"}
    listed = list(container.list_blobs(include=["metadata"]))
    assert [(b.name, b.metadata, bytes(b.content_settings.content_md5)) for b in listed] == \
        [("a.txt", {"mtime": "2026-01-02T03:04:05.000000000Z"}, hashlib.md5(b"hello").digest())]
    wrong = bytearray(hashlib.md5(b"not it").digest())
    with pytest.raises(HttpResponseError) as mismatch:
        blob.upload_blob(b"other", overwrite=True, content_settings=ContentSettings(content_md5=wrong))
    assert mismatch.value.status_code == 400 and mismatch.value.error_code == "Md5Mismatch"
    # a right transactional Content-MD5 (Put Blob and Put Block) is accepted
    container.get_blob_client("checked.bin").upload_blob(os.urandom(1000), validate_content=True)
    block = base64.b64encode(b"block-0").decode()
    blob.stage_block(block, b"abc")
    with pytest.raises(HttpResponseError) as block_list:
        blob.commit_block_list([BlobBlock(block_id=block)], content_settings=ContentSettings(content_md5=wrong))
    assert block_list.value.error_code == "Md5Mismatch"
    assert blob.download_blob().readall() == b"hello"
    blob.commit_block_list([BlobBlock(block_id=block)],
                           content_settings=ContentSettings(content_md5=bytearray(hashlib.md5(b"abc").digest())),
                           metadata={"k": "v"})
    props = blob.get_blob_properties()
    assert bytes(props.content_settings.content_md5) == hashlib.md5(b"abc").digest() and props.metadata == {"k": "v"}
    blob.set_blob_metadata({"other": "1"})
    assert blob.get_blob_properties().metadata == {"other": "1"}
    ranged = blob.download_blob(offset=1, length=1)
    assert ranged.readall() == b"b"
