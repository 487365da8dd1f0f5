"""A real OpenID Connect provider on the loopback, for the tests: discovery, JWKS, authorisation,
token and end-session endpoints, ID tokens signed with a test RSA key.

It approves every authorisation request at once (a browser is redirected straight back with a
code). What the next ID token says is set on `next_claims`; `sign_with_other_key` and
`replay_nonce_of` spoil it the ways an attacker or a broken provider would."""

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "jtai-tests"
CLIENT_SECRET = "test-secret"


@dataclass
class Grant:
    redirect_uri: str
    nonce: str
    state: str


@dataclass
class FakeIdentityProvider:
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "test-key"}))
    other_key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, {"kid": "test-key"})
    )
    next_claims: dict[str, Any] = field(default_factory=dict)
    sign_with_other_key: bool = False
    replay_nonce_of: str | None = None  # use this old nonce instead of the request's
    grants: dict[str, Grant] = field(default_factory=dict)
    authorisations: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    sign_outs: list[dict[str, str]] = field(default_factory=list)
    nonces_seen: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        assert self.server is not None
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def start(self) -> "FakeIdentityProvider":
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif url.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    self._redirect(provider.authorise(query))
                elif url.path == "/logout":
                    provider.sign_outs.append(query)
                    self._redirect(query.get("post_logout_redirect_uri", provider.issuer))
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                form["authorization"] = self.headers.get("Authorization", "")
                if urlparse(self.path).path != "/token":
                    self.send_error(404)
                    return
                status, body = provider.token(form)
                self._json(body, status)

            def _json(self, body: dict[str, Any], status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorise(self, query: dict[str, str]) -> str:
        self.authorisations.append(query)
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return f"{query.get('redirect_uri', self.issuer)}?error=invalid_request"
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(query["redirect_uri"], query.get("nonce", ""), query["state"])
        self.nonces_seen.append(query.get("nonce", ""))
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        grant = self.grants.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "subject-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": self.replay_nonce_of if self.replay_nonce_of is not None else grant.nonce,
            "email_verified": True,
            **self.next_claims,
        }
        claims = {k: v for k, v in claims.items() if v is not None}
        key = self.other_key if self.sign_with_other_key else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }
