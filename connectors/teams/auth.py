"""Microsoft's tokens, both ways: checking the Bearer token of every inbound activity, and the
client-credentials token the bot sends to the Bot Connector.

Inbound (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication):
an RS256 JWT signed by a Bot Framework key from the OpenID metadata, `iss`
https://api.botframework.com, `aud` our app id, `exp`/`nbf` with 5 minutes' skew, the
`serviceurl` claim equal to the activity's serviceUrl, and the key endorsed for the activity's
channelId. Optionally (accept_entra) also the Entra service tokens of our own tenant, checked
against that tenant's keys and `tid`. Keys are fetched lazily and asynchronously (start-up needs
no network), kept a day, and refetched on an unknown key id at most every 5 minutes, so
unauthenticated calls cannot drive fetches. There is no switch that turns the checks off.

Outbound: POST {login}/{tenant}/oauth2/v2.0/token (client credentials; the multi-tenant
"botframework.com" tenant fails for single-tenant bots), cached until 5 minutes before expiry,
one request in flight. The token only ever goes to serviceUrl hosts on the allowlist.

PyJWT, cryptography and httpx: all pinned by Rasa 3.6.21, so the channel adds no package.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

BOT_ISSUER = "https://api.botframework.com"
BOT_SCOPE = "https://api.botframework.com/.default"
LEEWAY_SECONDS = 300  # "industry-standard clock-skew is 5 minutes"
KEYS_MAX_AGE = 24 * 3600.0
UNKNOWN_KID_REFETCH = 300.0
TOKEN_EARLY_REFRESH = 300.0


class AuthError(Exception):
    """The call is refused: 401 (no or bad token), 403 (token fine, activity not allowed) or 503
    (no keys could be fetched yet)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def host_allowed(url: str, hosts: Iterable[str]) -> bool:
    """True when the URL's host is one of these hosts or below one of them."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("https", "http"):
        return False
    for allowed in hosts:
        allowed = allowed.lower().strip(".")
        if host == allowed or host.endswith("." + allowed):
            # Plain http only for loopback (the fake in tests); Microsoft is always https.
            return parts.scheme == "https" or host in ("127.0.0.1", "localhost")
    return False


def _trim(url: Any) -> str:
    return str(url or "").rstrip("/")


@dataclass(frozen=True)
class SigningKey:
    """One public key of a JWKS, with the channels it is endorsed for."""

    key: Any
    endorsements: frozenset[str]


class KeySet:
    """The signing keys behind one OpenID metadata URL, fetched on first use and cached."""

    def __init__(
        self,
        metadata_url: str,
        http: Callable[[], httpx.AsyncClient],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self._host = (urlsplit(metadata_url).hostname or "").lower()
        self._http = http
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._tried_at: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> SigningKey | None:
        """The key with this id; None when Microsoft does not publish it."""
        now = self._clock()
        stale = self._fetched_at is None or now - self._fetched_at > KEYS_MAX_AGE
        may_retry = self._tried_at is None or now - self._tried_at > UNKNOWN_KID_REFETCH
        if stale or (kid not in self._keys and may_retry):
            await self._refresh()
        if not self._keys:
            raise AuthError(503, "signing keys not available")
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        async with self._lock:
            now = self._clock()
            if self._tried_at is not None and now - self._tried_at < 1.0:
                return  # another request refreshed just now
            self._tried_at = now
            try:
                keys = await self._fetch()
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
                # Keep the keys we have: Microsoft being unreachable must not lock users out.
                logger.warning("Teams signing keys not fetched: %s", type(exc).__name__)
                return
            self._keys, self._fetched_at = keys, now
            logger.info("Teams signing keys fetched from %s (%d keys)", self._host, len(keys))

    async def _fetch(self) -> dict[str, SigningKey]:
        client = self._http()
        metadata = (await client.get(self.metadata_url)).raise_for_status().json()
        jwks_uri = str(metadata["jwks_uri"])
        if (urlsplit(jwks_uri).hostname or "").lower() != self._host:
            raise ValueError("jwks_uri on another host than the metadata")
        jwks = (await client.get(jwks_uri)).raise_for_status().json()
        keys: dict[str, SigningKey] = {}
        for jwk in jwks["keys"]:
            if not isinstance(jwk, Mapping) or jwk.get("kty") != "RSA" or not jwk.get("kid"):
                continue
            endorsements = jwk.get("endorsements") or []
            keys[str(jwk["kid"])] = SigningKey(
                RSAAlgorithm.from_jwk(dict(jwk)),
                frozenset(e for e in endorsements if isinstance(e, str)),
            )
        return keys


@dataclass(frozen=True)
class Caller:
    """What a checked token says: which family signed it, and its claims."""

    family: str  # "botframework" or "entra"
    claims: dict[str, Any]
    endorsements: frozenset[str]


class TokenValidator:
    """Checks the Authorization header of an inbound activity as Microsoft requires."""

    def __init__(
        self,
        *,
        app_id: str,
        tenant_id: str,
        openid_url: str,
        login_url: str,
        accept_entra: bool,
        channel_ids: Iterable[str],
        http: Callable[[], httpx.AsyncClient],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.accept_entra = accept_entra
        self.channel_ids = frozenset(channel_ids)
        login = login_url.rstrip("/")
        self.bot_keys = KeySet(openid_url, http, clock=clock)
        self.entra_keys = KeySet(
            f"{login}/{tenant_id}/v2.0/.well-known/openid-configuration", http, clock=clock
        )
        self.entra_issuers = frozenset(
            {f"https://sts.windows.net/{tenant_id}/", f"{login}/{tenant_id}/v2.0"}
        )

    async def check_token(self, authorization: str | None) -> Caller:
        """The verified claims of the Bearer token; AuthError(401) for anything wrong."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError(401, "no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise AuthError(401, "not a JWT") from exc
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise AuthError(401, "not an RS256 token with a key id")
        issuer = unverified.get("iss")
        # The unverified issuer only picks the key set; every claim is checked on the verified
        # token below (a Bot Framework issuer signed with an Entra key fails there).
        if issuer == BOT_ISSUER:
            family, keys = "botframework", self.bot_keys
        elif self.accept_entra and issuer in self.entra_issuers:
            family, keys = "entra", self.entra_keys
        else:
            raise AuthError(401, "unknown issuer")
        key = await keys.get(header["kid"])
        if key is None:
            raise AuthError(401, "unknown signing key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthError(401, f"token refused: {type(exc).__name__}") from exc
        if family == "entra" and claims.get("tid") != self.tenant_id:
            raise AuthError(401, "token of another tenant")
        return Caller(family, claims, key.endorsements)

    def check_activity(self, caller: Caller, activity: Mapping[str, Any]) -> None:
        """The activity may come with this token: serviceUrl, channel and tenant; else 403."""
        claimed = caller.claims.get("serviceurl")
        must_match = caller.family == "botframework" or claimed is not None
        if must_match and (not claimed or _trim(claimed) != _trim(activity.get("serviceUrl"))):
            raise AuthError(403, "serviceUrl differs from the token's")
        channel = activity.get("channelId")
        if channel not in self.channel_ids:
            raise AuthError(403, "channel not served")
        if caller.family == "botframework" and channel not in caller.endorsements:
            raise AuthError(403, "signing key not endorsed for the channel")
        if activity_tenant(activity) != self.tenant_id:
            raise AuthError(403, "activity of another tenant")


def activity_tenant(activity: Mapping[str, Any]) -> str | None:
    """The Entra tenant an activity comes from (channelData.tenant.id or conversation.tenantId)."""
    data = activity.get("channelData")
    tenant = data.get("tenant") if isinstance(data, Mapping) else None
    if isinstance(tenant, Mapping) and isinstance(tenant.get("id"), str):
        return tenant["id"]
    conversation = activity.get("conversation")
    if isinstance(conversation, Mapping) and isinstance(conversation.get("tenantId"), str):
        return conversation["tenantId"]
    return None


class TokenClient:
    """The bot's own access token for the Bot Connector, from the tenant's token endpoint."""

    def __init__(
        self,
        *,
        login_url: str,
        tenant_id: str,
        app_id: str,
        app_password: str,
        http: Callable[[], httpx.AsyncClient],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = f"{login_url.rstrip('/')}/{tenant_id}/oauth2/v2.0/token"
        self._form = {
            "grant_type": "client_credentials",
            "client_id": app_id,
            "client_secret": app_password,
            "scope": BOT_SCOPE,
        }
        self._http = http
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    def forget(self) -> None:
        """Drop the cached token (the Bot Connector answered 401)."""
        self._token = None

    async def token(self) -> str:
        """A valid access token; fetched when none is cached or it expires within 5 minutes."""
        async with self._lock:
            if self._token and self._clock() < self._expires_at:
                return self._token
            response = await self._http().post(self.url, data=self._form)
            if response.status_code != 200:
                # The body names the Entra error (AADSTS...); it holds no secret.
                raise httpx.HTTPStatusError(
                    f"token endpoint answered HTTP {response.status_code}: {response.text[:200]}",
                    request=response.request,
                    response=response,
                )
            body = response.json()
            self._token = str(body["access_token"])
            lifetime = float(body.get("expires_in") or 3600)
            self._expires_at = self._clock() + max(0.0, lifetime - TOKEN_EARLY_REFRESH)
            return self._token
