"""OIDC sign-in pages: start (a GET link, so `form-action 'self'` does not block the redirect to
the provider) and the provider's redirect back. Authorization code flow with PKCE (S256), state
and nonce; the ID token is checked in bot.services.oidc.

state, nonce and the PKCE verifier travel in a short-lived cookie encrypted with the dashboard
key (Fernet, ten minutes), so nothing is stored before the person is known. The cookie is
SameSite=Lax: the provider's redirect back is a cross-site top-level GET, which Strict would
strip.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import logging
import secrets
from urllib.parse import quote, urlencode

import aiohttp
from aiohttp import web
from cryptography.fernet import Fernet, InvalidToken
from joserfc.jwk import KeySet

from bot.services import oidc
from bot.settings import Settings, parse_role_map
from bot.web.beheer.render import render, texts
from bot.web.beheer.security import COOKIE_PATH, cookie_secure, pre_csrf_token, set_session_cookie
from bot.web.beheer.state import PRINCIPAL, dashboard

log = logging.getLogger(__name__)

FLOW_COOKIE = "vpt_beheer_oidc"
FLOW_SECONDS = 600
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=10)


class Provider:
    """The OIDC provider as seen from here: discovery and JWKS fetched lazily and cached."""

    def __init__(self, settings: Settings) -> None:
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        self.client_secret = settings.oidc_client_secret
        self.scopes = settings.oidc_scopes
        self.roles_claim = settings.oidc_roles_claim
        self.role_map = parse_role_map(settings.oidc_role_map)
        self._http: aiohttp.ClientSession | None = None
        self._metadata: dict | None = None
        self._keys: KeySet | None = None

    def http(self) -> aiohttp.ClientSession:
        """One client session for every call to the provider (closed with the app)."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=HTTP_TIMEOUT)
        return self._http

    async def close(self) -> None:
        """Close the client session."""
        if self._http is not None:
            await self._http.close()

    async def metadata(self) -> dict:
        """The discovery document; its issuer must be the configured one."""
        if self._metadata is None:
            url = f"{self.issuer}/.well-known/openid-configuration"
            async with self.http().get(url) as response:
                response.raise_for_status()
                metadata = await response.json(content_type=None)
            if str(metadata.get("issuer", "")).rstrip("/") != self.issuer:
                raise oidc.OidcRefused("discovery_issuer")
            self._metadata = metadata
        return self._metadata

    async def keys(self, *, refresh: bool = False) -> KeySet:
        """The provider's signing keys (fetched again when a token names an unknown key)."""
        if self._keys is None or refresh:
            metadata = await self.metadata()
            async with self.http().get(metadata["jwks_uri"]) as response:
                response.raise_for_status()
                self._keys = KeySet.import_key_set(await response.json(content_type=None))
        return self._keys

    async def exchange(self, code: str, verifier: str, redirect_uri: str) -> dict:
        """The token response for an authorization code (client_secret_basic when a secret is
        set, else a public client)."""
        metadata = await self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        headers = {"Accept": "application/json"}
        if self.client_secret:
            # client_secret_basic: both parts form-encoded first (RFC 6749, section 2.3.1).
            pair = f"{quote(self.client_id, safe='')}:{quote(self.client_secret, safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form["client_id"] = self.client_id
        endpoint = metadata["token_endpoint"]
        async with self.http().post(endpoint, data=form, headers=headers) as response:
            if response.status != 200:
                raise oidc.OidcRefused(f"token_http_{response.status}")
            return await response.json(content_type=None)

    async def claims(self, id_token: str, *, nonce: str, now) -> dict:
        """The checked claims of an ID token, with one JWKS refresh for a rotated key."""
        for refresh in (False, True):
            try:
                return oidc.validate_id_token(
                    id_token, await self.keys(refresh=refresh), issuer=self.issuer,
                    client_id=self.client_id, nonce=nonce, now=now,
                )  # fmt: skip
            except oidc.UnknownSigningKey:
                if refresh:
                    raise
        raise AssertionError("unreachable")


PROVIDER = web.AppKey("beheer_oidc_provider", Provider)


def add_oidc_routes(app: web.Application, settings: Settings) -> None:
    """The two OIDC routes (always routed; 404 when OIDC is not configured)."""
    app.router.add_get("/oidc/start", oidc_start, name="beheer_oidc_start")
    app.router.add_get("/oidc/terug", oidc_callback, name="beheer_oidc_callback")
    if settings.oidc_issuer:
        app[PROVIDER] = Provider(settings)

        async def close(app: web.Application) -> None:
            await app[PROVIDER].close()

        app.on_cleanup.append(close)


def _provider(request: web.Request) -> Provider:
    provider = request.app.get(PROVIDER)
    if provider is None:
        raise web.HTTPNotFound()
    return provider


def _fernet(request: web.Request) -> Fernet:
    return dashboard(request).accounts().fernet


def redirect_uri(request: web.Request) -> str:
    """Where the provider sends the browser back (register this URI at the provider)."""
    path = str(request.app.router["beheer_oidc_callback"].url_for())
    base = dashboard(request).settings.dashboard_public_url.rstrip("/")
    if not base:
        base = f"{request.scheme}://{request.host}"
    return base + path


async def oidc_start(request: web.Request) -> web.Response:
    """Send the browser to the provider with state, nonce and a PKCE challenge."""
    provider = _provider(request)
    state = dashboard(request)
    try:
        endpoint = str((await provider.metadata())["authorization_endpoint"])
    except (
        aiohttp.ClientError,
        asyncio.TimeoutError,
        ValueError,
        KeyError,
        oidc.OidcRefused,
    ) as exc:
        log.warning("OIDC provider discovery failed: %s", type(exc).__name__)
        return _refused(request, "discovery", status=503)
    flow = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
    }
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri(request),
            "scope": provider.scopes,
            "state": flow["state"],
            "nonce": flow["nonce"],
            "code_challenge": oidc.pkce_challenge(flow["verifier"]),
            "code_challenge_method": "S256",
        }
    )
    response = web.HTTPSeeOther(f"{endpoint}{'&' if '?' in endpoint else '?'}{query}")
    response.set_cookie(
        FLOW_COOKIE, _fernet(request).encrypt(json.dumps(flow).encode()).decode(),
        path=COOKIE_PATH, httponly=True, samesite="Lax", max_age=FLOW_SECONDS,
        secure=cookie_secure(request, state.settings),
    )  # fmt: skip
    raise response


def _flow(request: web.Request) -> dict:
    sealed = request.cookies.get(FLOW_COOKIE, "")
    if not sealed:
        raise oidc.OidcRefused("no_flow")
    try:
        return json.loads(_fernet(request).decrypt(sealed.encode(), ttl=FLOW_SECONDS))
    except (InvalidToken, ValueError) as exc:
        raise oidc.OidcRefused("flow_expired") from exc


def _same(expected: str, sent: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), sent.encode())


async def oidc_callback(request: web.Request) -> web.Response:
    """The provider's redirect back: check everything, then a full session (new id)."""
    provider = _provider(request)
    state = dashboard(request)
    now = state.clock.now()
    query = request.query
    try:
        flow = _flow(request)
        if "error" in query:
            raise oidc.OidcRefused("provider_error")
        if not _same(flow["state"], query.get("state", "")):
            raise oidc.OidcRefused("state")
        # RFC 9207: a provider that names itself in the redirect must name the right issuer.
        if "iss" in query and query["iss"].rstrip("/") != provider.issuer:
            raise oidc.OidcRefused("issuer")
        code = query.get("code", "")
        if not code:
            raise oidc.OidcRefused("no_code")
        tokens = await provider.exchange(code, flow["verifier"], redirect_uri(request))
        id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
        if not isinstance(id_token, str):
            raise oidc.OidcRefused("no_id_token")
        claims = await provider.claims(id_token, nonce=flow["nonce"], now=now)
        grants = oidc.grants_from_claims(claims, provider.roles_claim, provider.role_map)
        new = oidc.sign_in(
            state.factory, issuer=provider.issuer, claims=claims, grants=grants, now=now
        )
    except oidc.OidcRefused as exc:
        return _refused(request, exc.reason)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError) as exc:
        log.warning("OIDC provider call failed: %s", type(exc).__name__)
        return _refused(request, "provider_unreachable")
    earlier = request.get(PRINCIPAL)
    if earlier is not None:  # signed in already (perhaps as someone else): end that session
        state.accounts().sign_out(earlier, now=now)
    response = web.HTTPSeeOther(request.app.router["beheer_home"].url_for())
    set_session_cookie(response, request, new.token)
    response.del_cookie(FLOW_COOKIE, path=COOKIE_PATH)
    raise response


def _refused(request: web.Request, reason: str, *, status: int = 401) -> web.Response:
    """The sign-in page with the one generic message; the reason goes to the audit log only."""
    state = dashboard(request)
    oidc.record_refusal(state.factory, reason, now=state.clock.now())
    response = web.Response()
    token = pre_csrf_token(request, response)
    page = render(
        request, "login.html", status=status, pre_csrf=token, error=texts()["errors"]["oidc"]
    )
    for cookie in response.cookies.values():
        page.cookies[cookie.key] = cookie
    page.del_cookie(FLOW_COOKIE, path=COOKIE_PATH)
    return page
