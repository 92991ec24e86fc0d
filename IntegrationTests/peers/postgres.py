"""A PostgreSQL 15 server on 127.0.0.1 and a free port: the reference engine of the SQL differential tests.

The cluster lives in a fresh folder (`initdb`, `fsync=off`, the unix socket inside the folder, TCP only on
127.0.0.1, password (SCRAM) logins for one superuser with a random password). PostgreSQL refuses to run as root,
so when the tests run as root the peer creates (idempotently) the system user `outflowpg` and runs `initdb` and
`pg_ctl` as that user; otherwise it runs them as the current user. `scripts/bootstrap` installs the Debian
`postgresql` package (server 15 on Debian 12). Locale: `LC_COLLATE=C` (byte order, as DuckDB and Outflow's
engine sort text), `LC_CTYPE=C.UTF-8` (Unicode upper/lower), UTF8, messages in English.

    python IntegrationTests/peers/postgres.py start WORKDIR   # prints the peer as JSON (port, user, password, dsn)
    python IntegrationTests/peers/postgres.py stop WORKDIR
"""
import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

OS_USER = "outflowpg"
DB_USER = "outflow"


def pg_bin(name: str) -> str:
    """The PostgreSQL 15 binary `name` (Debian keeps server binaries out of PATH)."""
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        if "/15/" in candidate:
            return candidate
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(f"PostgreSQL's {name} is not installed: run scripts/bootstrap (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _os_user():
    """(uid, gid) to run the server as: the current user, or `outflowpg` (created if missing) for root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", OS_USER],
                       check=True, capture_output=True, text=True)
        entry = pwd.getpwnam(OS_USER)
    return entry.pw_uid, entry.pw_gid


def _as_user(ids, args, **kw):
    extra = {} if ids is None else {"user": ids[0], "group": ids[1], "extra_groups": []}
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    proc = subprocess.run(args, capture_output=True, text=True, env=env, **extra, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


class PostgresPeer:
    """A running cluster. `dsn` (libpq keyword form) reaches database `postgres` as the superuser."""

    def __init__(self, work: Path):
        self.work = Path(work).resolve()
        self.data = self.work / "data"
        self.socket_dir = self.work / "run"
        self.port = 0
        self.pid = 0
        self.password = ""

    @property
    def dsn(self) -> str:
        return self.dsn_for("postgres")

    def dsn_for(self, dbname: str) -> str:
        return (f"host=127.0.0.1 port={self.port} user={DB_USER} password={self.password} dbname={dbname} "
                "connect_timeout=10 application_name=outflow-tests")

    def start(self) -> "PostgresPeer":
        ids = _os_user()
        self.work.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        os.chmod(self.work, 0o755)
        if ids is not None:
            os.chown(self.work, *ids)
            os.chown(self.socket_dir, *ids)
        if not (self.data / "PG_VERSION").exists():
            self.password = "pw-" + secrets.token_urlsafe(16)
            pwfile = self.work / "pwfile"
            pwfile.write_text(self.password + "\n")
            os.chmod(pwfile, 0o600)
            if ids is not None:
                os.chown(pwfile, *ids)
            _as_user(ids, [pg_bin("initdb"), "-D", str(self.data), "-U", DB_USER, f"--pwfile={pwfile}",
                           "--auth=scram-sha-256", "--encoding=UTF8", "--lc-collate=C", "--lc-ctype=C.UTF-8",
                           "--lc-messages=C", "--lc-monetary=C", "--lc-numeric=C", "--lc-time=C", "--no-sync"])
            pwfile.unlink()
            (self.work / "password").write_text(self.password)
            os.chmod(self.work / "password", 0o600)
        else:
            self.password = (self.work / "password").read_text().strip()
        self.port = self.port or _free_port()
        options = " ".join([
            f"-p {self.port}", f"-k {self.socket_dir}", "-c listen_addresses=127.0.0.1", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=30",
            "-c shared_buffers=64MB", "-c TimeZone=UTC", "-c DateStyle=ISO,MDY", "-c IntervalStyle=postgres",
            "-c lc_messages=C", "-c max_parallel_workers_per_gather=0", "-c statement_timeout=60000",
        ])
        log = self.work / "server.log"
        _as_user(ids, [pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(log), "-o", options, "-w", "-t", "60",
                       "start"], timeout=90)
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        (self.work / "peer.json").write_text(json.dumps(self.describe()))
        return self

    def stop(self):
        stop_pid(self.pid)

    def describe(self) -> dict:
        return {"host": "127.0.0.1", "port": self.port, "user": DB_USER, "password": self.password,
                "pid": self.pid, "dsn": self.dsn, "data": str(self.data)}

    def connect(self, dbname: str = "postgres"):
        """A psycopg (3) connection in autocommit mode."""
        import psycopg
        return psycopg.connect(self.dsn_for(dbname), autocommit=True)


def stop_pid(pid: int):
    """Fast shutdown of the postmaster by pid (SIGINT), SIGKILL after 20 s. The postmaster is pg_ctl's
    daemonized child, not ours, so we poll it instead of waiting for it."""
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def postgres_peer():
    # Not under pytest's tmp dir: its 0700 parents would keep the server's user out of its own folder.
    work = Path(tempfile.mkdtemp(prefix="outflow-pg-"))
    peer = PostgresPeer(work).start()
    yield peer
    peer.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(f"usage: {sys.argv[0]} start|stop WORKDIR")
    command, work = sys.argv[1], Path(sys.argv[2])
    if command == "start":
        print(json.dumps(PostgresPeer(work).start().describe()))
    else:
        stop_pid(json.loads((work / "peer.json").read_text())["pid"])
