"""OIDC sign-in (Entra ID, Keycloak): the checks on the ID token, the roles from its claims,
and the dashboard user it signs in. The HTTP calls to the provider live in the web layer
(bot/web/beheer/oidc_views.py); everything here is pure or owns its own transaction.

Every refusal is an `OidcRefused` with a short, content-free reason code that goes to the audit
log; the person signing in sees one generic message whatever the reason.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import NewSession, open_session
from bot.storage import accounts as store
from bot.storage.audit import db_append_audit
from bot.storage.models import DashboardUser
from bot.storage.reports import db_get_or_create_organisation

log = logging.getLogger(__name__)

# Signature algorithms accepted for ID tokens (Entra ID and Keycloak sign with RS256 by default).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256")
# Clock skew allowed between the provider and us when checking exp, nbf and iat.
LEEWAY_SECONDS = 60
_CLAIM_REASONS = {"iss": "issuer", "aud": "audience", "nonce": "nonce", "exp": "expired"}


class OidcRefused(Exception):
    """The sign-in is refused; `reason` is a short code for the audit log (no content)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnknownSigningKey(OidcRefused):
    """The token names a key the cached JWKS does not have: fetch the JWKS again once."""

    def __init__(self) -> None:
        super().__init__("unknown_key")


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def validate_id_token(
    id_token: str,
    keys: KeySet,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    now: datetime,
) -> dict[str, Any]:
    """The claims of a valid ID token: signature by the provider's key, iss, aud (and azp),
    exp, nonce and sub checked. Raises OidcRefused (UnknownSigningKey for a new key)."""
    try:
        token = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
    except InvalidKeyIdError as exc:
        raise UnknownSigningKey() from exc
    except BadSignatureError as exc:
        raise OidcRefused("signature") from exc
    except (JoseError, ValueError) as exc:
        raise OidcRefused("malformed_token") from exc
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        now=int(now.timestamp()),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise OidcRefused("expired") from exc
    except ClaimError as exc:
        raise OidcRefused(_CLAIM_REASONS.get(exc.claim, "claims")) from exc
    audience = claims["aud"]
    # Several audiences: the token must say it was issued to us (OIDC Core 3.1.3.7, step 4-5).
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise OidcRefused("audience")
    return claims


def claim_values(claims: Mapping[str, Any], path: str) -> list[str]:
    """The string values at a claim name or dotted path ('resource_access.vpt.roles')."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def grants_from_claims(
    claims: Mapping[str, Any], path: str, role_map: Iterable[tuple[str, str, str]]
) -> list[tuple[str, str]]:
    """(organisation, role) pairs the claim values map to, in the order of the map."""
    values = set(claim_values(claims, path))
    grants: list[tuple[str, str]] = []
    for value, role, organisation in role_map:
        if value in values and (organisation, role) not in grants:
            grants.append((organisation, role))
    return grants


def sign_in(
    factory: sessionmaker[Session],
    *,
    issuer: str,
    claims: Mapping[str, Any],
    grants: list[tuple[str, str]],
    now: datetime,
) -> NewSession:
    """A full session for the provider's user, made on first sign-in; their roles follow the
    claim at every sign-in (a role taken away at the provider is taken away here). A user the
    admin disabled here stays out. Raises OidcRefused."""
    sub = str(claims["sub"])
    with factory() as session, session.begin():
        user = session.scalar(
            select(DashboardUser).where(
                DashboardUser.oidc_issuer == issuer, DashboardUser.oidc_sub == sub
            )
        )
        if user is None:
            if not grants:
                raise OidcRefused("no_role")
            user = _new_user(session, issuer, sub, claims, now)
        elif not user.active:
            raise OidcRefused("disabled")
        _sync_roles(session, user, grants, now)
        if grants:
            new = open_session(session, user, mfa=True, now=now)
            db_append_audit(
                session, "sign_in_oidc", at=now, user_id=user.id, object_type="user",
                object_id=user.id,
            )  # fmt: skip
            return new
        # Every role was taken away at the provider: the removals stay, open sessions end.
        store.db_revoke_sessions(session, user.id, now=now)
    raise OidcRefused("no_role")


def record_refusal(factory: sessionmaker[Session], reason: str, *, now: datetime) -> None:
    """A refused OIDC sign-in in the audit log (the reason code only)."""
    log.info("OIDC sign-in refused: %s", reason)
    with factory() as session, session.begin():
        db_append_audit(session, "sign_in_failed", at=now, object_type="oidc", object_id=reason)


def _new_user(
    session: Session, issuer: str, sub: str, claims: Mapping[str, Any], now: datetime
) -> DashboardUser:
    email = str(claims.get("email") or claims.get("preferred_username") or claims.get("upn") or "")
    if "@" not in email or len(email) > 254:
        raise OidcRefused("no_email")
    if store.db_get_user_by_email(session, email) is not None:
        # Never join a provider's user to an existing account by e-mail address alone: the
        # provider may let anyone set that claim. The admin sorts this out.
        raise OidcRefused("email_in_use")
    user = store.db_add_user(session, email, str(claims.get("name") or email)[:200], "", now=now)
    user.password_hash = None  # no local password: only the provider signs this user in
    user.oidc_issuer = issuer
    user.oidc_sub = sub
    session.flush()
    db_append_audit(session, "user_added_oidc", at=now, user_id=user.id, object_type="user",
                    object_id=user.id)  # fmt: skip
    return user


def _sync_roles(
    session: Session, user: DashboardUser, grants: list[tuple[str, str]], now: datetime
) -> None:
    wanted = {
        (db_get_or_create_organisation(session, org, now=now).id, role) for org, role in grants
    }
    have = set()
    for membership in list(user.memberships):
        key = (membership.organisation_id, membership.role)
        if key in wanted:
            have.add(key)
        else:
            db_append_audit(
                session, f"role_removed:{membership.role}", at=now, user_id=user.id,
                organisation_id=membership.organisation_id, object_type="user", object_id=user.id,
            )  # fmt: skip
            session.delete(membership)
    for organisation_id, role in sorted(wanted - have):
        store.db_add_membership(session, user, organisation_id, role)
        db_append_audit(
            session, f"role_added:{role}", at=now, user_id=user.id,
            organisation_id=organisation_id, object_type="user", object_id=user.id,
        )  # fmt: skip
    session.flush()
    session.expire(user, ["memberships"])
