"""An OpenSSH sftp-only server on 127.0.0.1 and a free port, for SFTP destination tests (see PEERS.md).

The peer creates (idempotently) a system user with a fresh random password and an authorized ed25519 key,
its own host key and config under a work folder, and runs `sshd -D` as a child process stopped by pid.
Inside the session the user lands in `<work>/home/upload` (writable), beside `<work>/home/readonly`
(root-owned, not writable). Needs root (useradd, chpasswd); `scripts/bootstrap` installs openssh-server.

    python IntegrationTests/peers/sftp.py start WORKDIR [OPTIONS_JSON]   # prints the peer as JSON
    python IntegrationTests/peers/sftp.py stop WORKDIR

OPTIONS_JSON (all optional): {"hostKey": "ed25519" | "ecdsa" | "ecdsa384" | "ecdsa521" | "rsa",
"clientKeys": ["rsa", "ecdsa", "ecdsa384", "ecdsa521"] (authorized besides ed25519; returned base64 under
"clientKeys"), "sshdConfig": "extra global sshd_config lines (Ciphers, MACs, KexAlgorithms, RekeyLimit...)",
"keyboardInteractiveOnly": true (PAM keyboard-interactive is the only method)}.
"""
import base64
import json
import os
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

USER = "outflowsftp"  # prefix: each peer gets its own account, so peers running at once (parallel Swift tests,
                      # several test sessions on one machine) never reset each other's password
SSHD = "/usr/sbin/sshd"


# ssh-keygen arguments per key kind (host and client keys).
KEY_TYPES = {
    "ed25519": ["-t", "ed25519"],
    "ecdsa": ["-t", "ecdsa", "-b", "256"],
    "ecdsa384": ["-t", "ecdsa", "-b", "384"],
    "ecdsa521": ["-t", "ecdsa", "-b", "521"],
    "rsa": ["-t", "rsa", "-b", "3072"],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw)


class SFTPPeer:
    """A running sshd. `upload` and `readonly` are the local paths of the user's folders."""

    def __init__(self, work: Path, options: dict = None):
        self.options = options or {}
        self.client_keys = {}
        self.work = Path(work).resolve()
        self.home = self.work / "home"
        self.upload = self.home / "upload"
        self.readonly = self.home / "readonly"
        self.user = USER + secrets.token_hex(4)
        self.password = ""
        self.port = 0
        self.pid = 0
        self.fingerprint = ""
        self.private_key_file = self.work / "client_ed25519"
        self.private_key_b64 = ""

    # -- life cycle -------------------------------------------------------------------------------------
    def start(self) -> "SFTPPeer":
        if not os.path.exists(SSHD):
            raise RuntimeError("openssh-server is not installed: run scripts/bootstrap")
        keys = self.work / "keys"
        keys.mkdir(parents=True, exist_ok=True)
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        os.chmod("/run/sshd", 0o755)
        host_type = self.options.get("hostKey", "ed25519")
        host_key = self.work / f"host_{host_type}"
        if not host_key.exists():
            _run("ssh-keygen", "-q", *KEY_TYPES[host_type], "-N", "", "-f", str(host_key))
        if not self.private_key_file.exists():
            _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "outflow-test", "-f", str(self.private_key_file))
        authorized = (self.work / "client_ed25519.pub").read_text()
        for kind in self.options.get("clientKeys", []):
            path = self.work / f"client_{kind}"
            if not path.exists():
                _run("ssh-keygen", "-q", *KEY_TYPES[kind], "-N", "", "-C", f"outflow-{kind}", "-f", str(path))
            authorized += (self.work / f"client_{kind}.pub").read_text()
            self.client_keys[kind] = base64.b64encode(path.read_bytes()).decode()
        (keys / self.user).write_text(authorized)
        self.private_key_b64 = base64.b64encode(self.private_key_file.read_bytes()).decode()
        kbd_only = bool(self.options.get("keyboardInteractiveOnly"))
        auth_lines = ("UsePAM yes\nPasswordAuthentication no\nKbdInteractiveAuthentication yes\n"
                      "PubkeyAuthentication no\nAuthenticationMethods keyboard-interactive\n") if kbd_only else (
                      "UsePAM no\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\n"
                      "PubkeyAuthentication yes\n")
        self._ensure_user()
        self.upload.mkdir(parents=True, exist_ok=True)
        self.readonly.mkdir(parents=True, exist_ok=True)
        os.chmod(self.home, 0o755)
        os.chmod(self.readonly, 0o755)
        os.chown(self.readonly, 0, 0)
        pw = _run("id", "-u", self.user).stdout.strip(), _run("id", "-g", self.user).stdout.strip()
        os.chown(self.upload, int(pw[0]), int(pw[1]))
        os.chmod(self.work, 0o755)
        self.port = self.port or _free_port()  # a restart keeps its port (rotate_host_key)
        config = self.work / "sshd_config"
        config.write_text(f"""Port {self.port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {self.work}/sshd.pid
AuthorizedKeysFile {keys}/%u
StrictModes no
{auth_lines}{self.options.get("sshdConfig", "").strip()}
MaxAuthTries 4
AllowUsers {self.user}
Subsystem sftp internal-sftp
Match User {self.user}
    ForceCommand internal-sftp -d {self.upload}
""")
        _run(SSHD, "-t", "-f", str(config))
        log = open(self.work / "sshd.log", "ab")
        proc = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(self.work / "sshd.log")],
                                stdout=log, stderr=log, start_new_session=True)
        self.pid = proc.pid
        self.fingerprint = _run("ssh-keygen", "-lf", f"{host_key}.pub").stdout.split()[1]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"sshd exited: {(self.work / 'sshd.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(4).startswith(b"SSH-"):
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("sshd did not accept connections within 20 s")
        (self.work / "peer.json").write_text(json.dumps(self.describe()))
        return self

    def _ensure_user(self):
        if subprocess.run(["id", "-u", self.user], capture_output=True).returncode != 0:
            _run("useradd", "-M", "-d", str(self.home), "-s", "/usr/sbin/nologin", self.user)
        else:
            _run("usermod", "-d", str(self.home), self.user)
        self.password = self.password or "pw-" + secrets.token_urlsafe(12)  # a restart keeps the password
        _run("chpasswd", input=f"{self.user}:{self.password}\n")

    def stop(self):
        stop_pid(self.pid)
        remove_user(self.user)

    def rotate_host_key(self) -> "SFTPPeer":
        """Restarts sshd on the same port, user and password with a fresh host key (a changed server, or a
        machine in the middle); `fingerprint` becomes the new key's."""
        stop_pid(self.pid)
        host_key = self.work / f"host_{self.options.get('hostKey', 'ed25519')}"
        for path in (host_key, host_key.with_name(host_key.name + ".pub")):
            path.unlink(missing_ok=True)
        return self.start()

    def describe(self) -> dict:
        return {"host": "127.0.0.1", "port": self.port, "user": self.user, "password": self.password,
                "sshKey": self.private_key_b64, "fingerprint": self.fingerprint, "pid": self.pid,
                "upload": str(self.upload), "readonly": str(self.readonly), "clientKeys": self.client_keys}

    # -- independent client -----------------------------------------------------------------------------
    def client(self):
        """A paramiko SFTP client logged in with the password (close it with `.close()`)."""
        import paramiko
        transport = paramiko.Transport(("127.0.0.1", self.port))
        transport.connect(username=self.user, password=self.password)
        sftp = paramiko.SFTPClient.from_transport(transport)
        sftp._outflow_transport = transport
        return sftp

    def local_files(self, root: Path = None) -> list:
        """Every file under `root` (default: the upload folder), relative, staged ones included."""
        root = Path(root or self.upload)
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def remove_user(user: str):
    """Deletes a peer's account (best effort; only accounts this module names)."""
    if user.startswith(USER) and user != USER:
        subprocess.run(["userdel", "-f", user], capture_output=True)  # -f: a closing session may linger


def stop_pid(pid: int):
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
        except ChildProcessError:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def sftp_peer():
    # Not under pytest's tmp dir: its 0700 parents would keep the SFTP user out of its own folder.
    work = Path(tempfile.mkdtemp(prefix="outflow-sftp-"))
    peer = SFTPPeer(work, {"clientKeys": ["rsa"]}).start()
    yield peer
    peer.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    command, work = sys.argv[1], Path(sys.argv[2])
    if command == "start":
        options = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
        print(json.dumps(SFTPPeer(work, options).start().describe()))
    elif command == "stop":
        peer = json.loads((work / "peer.json").read_text())
        stop_pid(peer["pid"])
        remove_user(peer["user"])
    else:
        sys.exit(f"usage: {sys.argv[0]} start|stop WORKDIR")
