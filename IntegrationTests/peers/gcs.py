"""gcp-storage-emulator on 127.0.0.1 (a free port, in memory) as a session-scoped pytest fixture, plus the
independent reader: google-cloud-storage with AnonymousCredentials pointed at it.

The emulator serves the JSON API (resumable uploads with 308 + Range and status queries, listing, metadata,
delete). It checks no credentials; the service-account tests pair it with `google_token.py`.
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
    binary = Path(sys.executable).parent / "gcp-storage-emulator"
    assert binary.exists(), f"gcp-storage-emulator is not installed in {binary.parent} (scripts/bootstrap)"
    port = _free_port()
    # Through this interpreter, not the script's shebang (a venv that was moved keeps a stale one).
    process = subprocess.Popen(
        [sys.executable, str(binary), "start", "--host", "127.0.0.1", "--port", str(port), "--default-bucket", bucket,
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
