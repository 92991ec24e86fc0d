"""A tiny OAuth 2.0 token endpoint (client-credentials grant, Microsoft identity platform paths) on 127.0.0.1.

`POST /<tenant>/oauth2/v2.0/token` with `grant_type=client_credentials`, `client_id`, `client_secret` and
`scope` answers `{"access_token", "token_type": "Bearer", "expires_in"}`; a wrong client id or secret gets
401 `{"error": "invalid_client"}` like Entra ID. Tokens are HS256 JWTs signed with a key given at start: the
landing zone's `OUTFLOW_DLZ_BEARER_KEY` (a secret of its own, never the account key), scoped to `containers` with
the SAS-style `permissions` letters (claims `dlz_containers`, `dlz_permissions`), so no shared state is needed.
Runs in a thread of the test process; `stop()` shuts it down.
"""
import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class OAuthPeer:
    def __init__(self, tenant: str, client_id: str, client_secret: str, signing_key: bytes, containers,
                 permissions="racwdlm", lifetime=3600):
        self.tenant = tenant
        self.containers = list(containers)
        self.permissions = permissions
        self.client_id = client_id
        self.client_secret = client_secret
        self.signing_key = signing_key
        self.lifetime = lifetime
        self.requests = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                peer.requests.append({"path": self.path, "client_id": form.get("client_id")})
                if self.path != f"/{peer.tenant}/oauth2/v2.0/token":
                    return self._answer(404, {"error": "invalid_request", "error_description": "unknown tenant"})
                if form.get("grant_type") != "client_credentials":
                    return self._answer(400, {"error": "unsupported_grant_type"})
                if (form.get("client_id") != peer.client_id
                        or not hmac.compare_digest(form.get("client_secret", ""), peer.client_secret)):
                    return self._answer(401, {"error": "invalid_client",
                                              "error_description": "AADSTS7000215: Invalid client secret provided."})
                if form.get("scope") != "https://storage.azure.com/.default":
                    return self._answer(400, {"error": "invalid_scope"})
                self._answer(200, {"access_token": peer.token(), "token_type": "Bearer",
                                   "expires_in": peer.lifetime})

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.authority_host = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def token(self) -> str:
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        now = int(time.time())
        claims = _b64url(json.dumps({"aud": "https://storage.azure.com", "appid": self.client_id,
                                     "tid": self.tenant, "iat": now, "exp": now + self.lifetime,
                                     "dlz_containers": self.containers,
                                     "dlz_permissions": self.permissions}).encode())
        signature = hmac.new(self.signing_key, f"{header}.{claims}".encode(), hashlib.sha256).digest()
        return f"{header}.{claims}.{_b64url(signature)}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
