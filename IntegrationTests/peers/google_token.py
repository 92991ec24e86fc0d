"""A local stand-in for Google's OAuth token endpoint (`https://oauth2.googleapis.com/token`) and a recorder of
the bearer tokens a client sends.

`GoogleTokenEndpoint` generates a test service account (an RSA key with `cryptography`), serves
`POST /token` on 127.0.0.1 (a free port) and, for the JWT-bearer grant, checks the assertion like Google does:
RS256 signature with the account's public key, `iss` = the account's e-mail, `aud` = this endpoint, a
devstorage `scope`, `iat` not in the future and `exp` after now and at most an hour after `iat`. It answers
with a fresh random access token, or an OAuth error (`invalid_grant`) naming the failed check.

`BearerRecorder` is a TCP pass-through (e.g. in front of gcp-storage-emulator, which ignores tokens) that
records the `Authorization` header of each HTTP request it forwards.
"""
from __future__ import annotations

import asyncio
import base64
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class GoogleTokenEndpoint:
    def __init__(self, email: str = "exporter@outflow-test.iam.gserviceaccount.com", lifetime: int = 3600):
        self.email = email
        self.lifetime = lifetime
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = secrets.token_hex(8)
        self.issued: list[str] = []           # access tokens handed out
        self.rejections: list[str] = []       # why assertions were refused
        self.claims: list[dict] = []          # claims of accepted assertions
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- the service account ----------------------------------------------------------------------------------
    def key_file(self, token_uri: str | None = None) -> dict:
        """The service-account key JSON (as Google's console downloads it) pointing at this endpoint."""
        pem = self._key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()).decode()
        return {"type": "service_account", "project_id": "outflow-test", "private_key_id": self.key_id,
                "private_key": pem, "client_email": self.email, "client_id": "1234567890",
                "token_uri": token_uri or self.url}

    def private_key_pem(self) -> str:
        return self.key_file()["private_key"]

    # -- verification -----------------------------------------------------------------------------------------
    def verify(self, assertion: str) -> dict:
        """The claims of a valid assertion; raises ValueError naming the failed check."""
        try:
            head_b64, claims_b64, sig_b64 = assertion.split(".")
            header = json.loads(_b64url_decode(head_b64))
            claims = json.loads(_b64url_decode(claims_b64))
            signature = _b64url_decode(sig_b64)
        except (ValueError, json.JSONDecodeError) as error:
            raise ValueError(f"malformed assertion: {error}")
        if header.get("alg") != "RS256":
            raise ValueError(f"alg {header.get('alg')!r} is not RS256")
        try:
            self._key.public_key().verify(signature, f"{head_b64}.{claims_b64}".encode(), padding.PKCS1v15(),
                                          hashes.SHA256())
        except InvalidSignature:
            raise ValueError("bad signature")
        now = time.time()
        if claims.get("iss") != self.email:
            raise ValueError(f"iss {claims.get('iss')!r}")
        if claims.get("aud") != self.url:
            raise ValueError(f"aud {claims.get('aud')!r} != {self.url!r}")
        if "devstorage" not in str(claims.get("scope", "")):
            raise ValueError(f"scope {claims.get('scope')!r}")
        iat, exp = claims.get("iat"), claims.get("exp")
        if not isinstance(iat, int) or not isinstance(exp, int):
            raise ValueError("iat/exp missing")
        if iat > now + 60 or exp <= now or exp - iat > 3600:
            raise ValueError(f"bad validity window iat={iat} exp={exp} now={int(now)}")
        if header.get("kid") not in (None, self.key_id):
            raise ValueError("unknown kid")
        return claims

    # -- server -----------------------------------------------------------------------------------------------
    def start(self) -> "GoogleTokenEndpoint":
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path != "/token" or form.get("grant_type") != JWT_BEARER:
                    return self._json(400, {"error": "unsupported_grant_type"})
                try:
                    claims = endpoint.verify(form.get("assertion", ""))
                except ValueError as error:
                    with endpoint._lock:
                        endpoint.rejections.append(str(error))
                    return self._json(400, {"error": "invalid_grant", "error_description": str(error)})
                token = "ya29.test-" + secrets.token_urlsafe(24)
                with endpoint._lock:
                    endpoint.issued.append(token)
                    endpoint.claims.append(claims)
                return self._json(200, {"access_token": token, "expires_in": endpoint.lifetime,
                                        "token_type": "Bearer"})

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/token"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


AUTH_RE = re.compile(rb"\r\nauthorization:[ \t]*([^\r\n]*)\r\n", re.IGNORECASE)


class BearerRecorder:
    """TCP pass-through to `upstream_port` that records the request line and Authorization header value (None
    when absent) of the first request on each connection. gcp-storage-emulator speaks HTTP/1.0 (one request per
    connection), so in front of it every request is recorded."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.authorizations: list[str | None] = []
        self.request_lines: list[str] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server = None
        self.port = None

    def start(self) -> "BearerRecorder":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self):
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self):
        async def close():
            self._server.close()
            for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                task.cancel()
        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _record(self, head: bytes):
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        match = AUTH_RE.search(head + b"\r\n")
        with self._lock:
            self.request_lines.append(line)
            self.authorizations.append(match.group(1).decode("latin-1") if match else None)

    async def _handle(self, reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            return

        async def upstream():
            buffer, in_head = b"", True
            try:
                while data := await reader.read(65536):
                    if in_head:
                        buffer += data
                        end = buffer.find(b"\r\n\r\n")
                        if end >= 0:
                            self._record(buffer[:end])
                            in_head, buffer = False, b""
                    up_writer.write(data)
                    await up_writer.drain()
            except (ConnectionError, OSError, asyncio.CancelledError):
                pass
            finally:
                try:
                    up_writer.write_eof()
                except (OSError, RuntimeError):
                    pass

        async def downstream():
            try:
                while data := await up_reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError, asyncio.CancelledError):
                pass

        await asyncio.gather(upstream(), downstream())
        for w in (writer, up_writer):
            try:
                w.close()
            except OSError:
                pass
