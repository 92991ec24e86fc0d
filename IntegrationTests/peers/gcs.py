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
