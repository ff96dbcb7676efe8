"""A small OIDC provider for the unit tests: discovery, JWKS and a token endpoint that checks
PKCE and signs ID tokens whose claims a test can spoil (wrong nonce, issuer, audience, expiry,
key). The real-provider test (oidc-provider-mock) is in test_oidc_browser.py."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiohttp import web
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "vpt-beheer"
CLIENT_SECRET = "s3cret"


class FakeProvider:
    """Issues one code per authorization request; `claims`/`drop` change the next ID token."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.signing_key = self.key  # a test may sign with another key
        self.issuer = ""  # set when the server runs
        self.user_claims: dict[str, Any] = {"sub": "u-1", "email": "olga@gemeente.nl",
                                            "name": "Olga OIDC", "roles": ["vpt-coordinator"]}  # fmt: skip
        self.claims: dict[str, Any] = {}
        self.drop: set[str] = set()
        self.codes: dict[str, dict[str, str]] = {}
        self.token_calls = 0

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/.well-known/openid-configuration", self.discovery)
        app.router.add_get("/jwks", self.jwks)
        app.router.add_post("/token", self.token)
        return app

    async def discovery(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
            }
        )

    async def jwks(self, request: web.Request) -> web.Response:
        return web.json_response(KeySet([self.key]).as_dict(private=False))

    def authorize(self, location: str) -> tuple[str, dict[str, str]]:
        """What the provider does after the person signs in: a code for this request."""
        params = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        code = secrets.token_urlsafe(16)
        self.codes[code] = params
        return code, params

    async def token(self, request: web.Request) -> web.Response:
        self.token_calls += 1
        form = await request.post()
        params = self.codes.pop(str(form.get("code")), None)
        if params is None:
            return web.json_response({"error": "invalid_grant"}, status=400)
        expected_auth = (
            "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        )
        if request.headers.get("Authorization") != expected_auth:
            return web.json_response({"error": "invalid_client"}, status=401)
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if (
            params.get("code_challenge_method") != "S256"
            or challenge.rstrip(b"=").decode() != params.get("code_challenge")
            or form.get("redirect_uri") != params.get("redirect_uri")
        ):
            return web.json_response({"error": "invalid_grant"}, status=400)
        now = int(self.now().timestamp())
        claims = {
            "iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
            "nonce": params["nonce"], **self.user_claims, **self.claims,
        }  # fmt: skip
        for name in self.drop:
            claims.pop(name, None)
        header = {"alg": "RS256", "kid": self.signing_key.kid}
        id_token = jwt.encode(header, claims, self.signing_key)
        return web.json_response(
            {"access_token": "at", "token_type": "Bearer", "id_token": id_token}
        )
