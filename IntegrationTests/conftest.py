"""Shared fixtures: the `outflow` debug binary, temporary data dirs, a live server on a free port."""
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
# Every peer listens on 127.0.0.1; Outflow's outbound policy refuses loopback unless allowed (SECURITY.md). Tests
# of the policy itself pass their own `OUTFLOW_OUTBOUND_ALLOW` through `env`.
PEERS_ALLOW = "127.0.0.0/8"

# Every `outflow serve` a test starts serves the PostgreSQL endpoint on a free port unless the test names one:
# servers side by side must not all claim its default port (5433).
os.environ.setdefault("OUTFLOW_PG_PORT", "0")


def export_roots(data_dir) -> str:
    """The folders local-folder exports may write under (`OUTFLOW_EXPORT_ROOTS`, SECURITY.md): `out` and `local`
    beside the data directory, where the tests export. Tests of the confinement pass their own through `env`."""
    parent = Path(data_dir).parent
    return f"{parent / 'out'},{parent / 'local'}"


def outflow_bin() -> str:
    return os.environ.get("OUTFLOW_BIN", str(ROOT / ".build" / "debug" / "outflow"))


class Outflow:
    """Runs `outflow` commands against one data directory."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def run(self, *args, check=True, env=None, timeout=600):
        full_env = dict(os.environ)
        full_env["OUTFLOW_DATA_DIR"] = str(self.data_dir)
        full_env.setdefault("OUTFLOW_OUTBOUND_ALLOW", PEERS_ALLOW)
        full_env.setdefault("OUTFLOW_EXPORT_ROOTS", export_roots(self.data_dir))
        full_env.update(env or {})
        proc = subprocess.run([outflow_bin(), *map(str, args)], capture_output=True, text=True,
                              env=full_env, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"outflow {' '.join(map(str, args))} exited {proc.returncode}\n"
                                 f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc

    def json(self, *args, **kwargs):
        return json.loads(self.run(*args, **kwargs).stdout)

    def spawn(self, *args, env=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
        full_env = dict(os.environ)
        full_env["OUTFLOW_DATA_DIR"] = str(self.data_dir)
        full_env.setdefault("OUTFLOW_OUTBOUND_ALLOW", PEERS_ALLOW)
        full_env.setdefault("OUTFLOW_EXPORT_ROOTS", export_roots(self.data_dir))
        full_env.update(env or {})
        return subprocess.Popen([outflow_bin(), *map(str, args)], stdout=stdout,
                                stderr=stderr, text=True, env=full_env)


@pytest.fixture
def outflow(tmp_path) -> Outflow:
    return Outflow(tmp_path / "data")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, proc, port, log_path=None):
        self.proc = proc
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path

    def get(self, path, **kw):
        return requests.get(self.base + path, timeout=30, **kw)

    def post(self, path, **kw):
        return requests.post(self.base + path, timeout=120, **kw)

    def put(self, path, **kw):
        return requests.put(self.base + path, timeout=120, **kw)

    def delete(self, path, **kw):
        return requests.delete(self.base + path, timeout=30, **kw)


def wait_until(predicate, timeout=30.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def start_server(outflow: Outflow, env=None) -> Server:
    port = free_port()
    # The server's output goes to files, not pipes: an unread pipe fills up and blocks a busy server. For the
    # callers that read `server.proc.stderr` / `.stdout` (after stopping it), those become readers of the files.
    folder = Path(outflow.data_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    log_path, out_path = folder / f"server-{port}.log", folder / f"server-{port}.out"
    with open(log_path, "w") as log, open(out_path, "w") as out:
        proc = outflow.spawn("serve", "--host", "127.0.0.1", "--port", port, env=env, stdout=out, stderr=log)
    proc.stderr, proc.stdout = open(log_path), open(out_path)
    server = Server(proc, port, log_path)

    def healthy():
        if proc.poll() is not None:
            raise AssertionError(f"server exited early: {log_path.read_text()}")
        try:
            return server.get("/healthz").status_code == 200
        except requests.ConnectionError:
            return False

    assert wait_until(healthy), "server did not become healthy"
    return server


def stop_server(server: Server):
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture
def server(outflow):
    s = start_server(outflow)
    yield s
    stop_server(s)


# The real peers (session-scoped: each starts at most once per pytest session, and only if a test asks for
# it). Registered here, at the end because the landing-zone peer imports the helpers above, so that every test
# module shares one instance; a module importing a peer fixture itself would get a second one.
from peers.gcs import fake_gcs, gcs_emulator  # noqa: E402,F401
from peers.landing_zone import azure_peer  # noqa: E402,F401
from peers.postgres import postgres_peer  # noqa: E402,F401
from peers.s3 import moto_s3, seaweedfs  # noqa: E402,F401
from peers.sftp import sftp_peer  # noqa: E402,F401
