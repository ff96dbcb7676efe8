"""Signing in to the dashboard: argon2id passwords, mandatory TOTP with replay protection,
recovery codes, lock-out with back-off, and server-side sessions (30 minutes idle, 10 hours at
most). Each public function owns its transaction; every outcome is written to the audit log.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet
from sqlalchemy.orm import Session, sessionmaker

from bot.storage import accounts as store
from bot.storage.audit import db_append_audit
from bot.storage.models import DashboardSession, DashboardUser, Organisation

log = logging.getLogger(__name__)

ROLES = ("coordinator", "aftercare", "manager", "admin")
IDLE_TIMEOUT = timedelta(minutes=30)
MAX_SESSION = timedelta(hours=10)
# Between the password and the code: a short-lived session that opens only the code pages.
PENDING_SESSION = timedelta(minutes=5)
FREE_FAILURES = 5
MAX_LOCK = timedelta(hours=1)
RECOVERY_CODES = 10
# A one-time enrolment link from the admin works this long; the password chosen with it at least
# this many characters.
ENROLMENT_LINK = timedelta(days=7)
MIN_PASSWORD_LENGTH = 12
ISSUER = "VPT meldbot"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

_passwords = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
# Recovery codes carry ~49 bits of randomness each and there are ten to try: a lighter profile.
_recovery = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
_DUMMY_HASH = _passwords.hash("not a password anyone has")


@dataclass(frozen=True)
class Membership:
    """A role in one organisation."""

    organisation_id: int
    organisation: str
    role: str


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the web layer sees them."""

    user_id: int
    name: str
    email: str
    session_id: int
    csrf_token: str
    mfa: bool
    enrolled: bool
    memberships: tuple[Membership, ...]

    def orgs(self, *roles: str) -> frozenset[int]:
        """Organisations where the user has one of these roles."""
        return frozenset(m.organisation_id for m in self.memberships if m.role in roles)

    def has_role(self, *roles: str) -> bool:
        """True when the user has one of these roles anywhere."""
        return any(m.role in roles for m in self.memberships)


@dataclass(frozen=True)
class NewSession:
    """A session just made: the cookie token (only ever sent to the browser) and its CSRF token."""

    token: str
    csrf_token: str
    mfa: bool
    enrolled: bool


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _passwords.hash(password)


def lock_for(failures: int) -> timedelta | None:
    """How long the account is locked after this many failures in a row (None: not locked)."""
    if failures < FREE_FAILURES:
        return None
    return min(timedelta(minutes=2 ** (failures - FREE_FAILURES)), MAX_LOCK)


def load_totp_key(key: str, data_dir: Path) -> bytes:
    """The Fernet key for TOTP secrets: the setting, or a key file made once in data_dir."""
    if key:
        return key.encode("ascii")
    path = data_dir / "dashboard.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
    return path.read_bytes().strip()


class Accounts:
    """The sign-in use cases on one database and one TOTP key."""

    def __init__(self, factory: sessionmaker[Session], totp_key: bytes) -> None:
        self.factory = factory
        self.fernet = Fernet(totp_key)

    # -- users -------------------------------------------------------------------------------

    def add_user(
        self,
        email: str,
        name: str,
        password: str,
        *,
        organisation: str,
        role: str,
        now: datetime,
        by_user_id: int | None = None,
    ) -> int:
        """Create a user (or add a role to an existing one) in the named organisation."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        from bot.storage.reports import db_get_or_create_organisation

        with self.factory() as session, session.begin():
            org = db_get_or_create_organisation(session, organisation, now=now)
            user = store.db_get_user_by_email(session, email)
            if user is None:
                user = store.db_add_user(session, email, name, hash_password(password), now=now)
                db_append_audit(
                    session, "user_added", at=now, user_id=by_user_id, organisation_id=org.id,
                    object_type="user", object_id=user.id,
                )  # fmt: skip
            store.db_add_membership(session, user, org.id, role)
            db_append_audit(
                session, f"role_added:{role}", at=now, user_id=by_user_id,
                organisation_id=org.id, object_type="user", object_id=user.id,
            )  # fmt: skip
            return user.id

    # -- the admin's one-time enrolment link -------------------------------------------------

    def enrolment_link_works(self, token: str, *, now: datetime) -> bool:
        """True while the link is unused, not expired, and its user is active."""
        with self.factory() as session:
            return _enrolment_user(session, token, now) is not None

    def redeem_enrolment(self, token: str, password: str, *, now: datetime) -> NewSession | None:
        """Set the user's own password with the link (which is then spent) and open the short
        pending session that leads to the TOTP enrolment. None when the link does not work."""
        with self.factory() as session, session.begin():
            user = _enrolment_user(session, token, now)
            if user is None:
                db_append_audit(session, "enrolment_link_refused", at=now)
                return None
            user.password_hash = hash_password(password)
            user.enrol_token_sha256 = None
            user.enrol_expires_at = None
            db_append_audit(
                session, "password_set", at=now, user_id=user.id, object_type="user",
                object_id=user.id,
            )  # fmt: skip
            return self._new_session(session, user, mfa=False, now=now)

    # -- step 1: password --------------------------------------------------------------------

    def check_password(self, email: str, password: str, *, now: datetime) -> NewSession | None:
        """Password step: a short pending session on success, None otherwise (one answer for all)."""
        with self.factory() as session, session.begin():
            user = store.db_get_user_by_email(session, email)
            if user is None or not user.active or not user.password_hash:
                _verify(_passwords, _DUMMY_HASH, password)  # the same time as a real check
                db_append_audit(session, "sign_in_failed", at=now)
                return None
            if _locked(user, now):
                db_append_audit(
                    session, "sign_in_locked", at=now, user_id=user.id,
                    object_type="user", object_id=user.id,
                )  # fmt: skip
                return None
            if not _verify(_passwords, user.password_hash, password):
                self._failed(session, user, now)
                return None
            if _passwords.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            return self._new_session(session, user, mfa=False, now=now)

    # -- step 2: enrolment and code ----------------------------------------------------------

    def enrolment(self, principal: Principal) -> tuple[str, str]:
        """(secret, otpauth URI) for a user without a second factor; the secret is kept encrypted."""
        with self.factory() as session, session.begin():
            user = session.get(DashboardUser, principal.user_id)
            if user.totp_enrolled_at is not None:
                raise PermissionError("already enrolled")
            if user.totp_secret_enc:
                secret = self._secret(user)
            else:
                secret = pyotp.random_base32()
                user.totp_secret_enc = self.fernet.encrypt(secret.encode()).decode()
            uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
            return secret, uri

    def check_code(
        self, principal: Principal, code: str, *, now: datetime
    ) -> tuple[NewSession, list[str]] | None:
        """Code step: a TOTP code (or a recovery code once enrolled).

        Success replaces the pending session by a full one; at enrolment it also returns the
        new recovery codes, shown once. None for a wrong, reused or late code, or a lock.
        """
        code = code.strip().replace(" ", "").lower()
        with self.factory() as session, session.begin():
            user = session.get(DashboardUser, principal.user_id)
            pending = session.get(DashboardSession, principal.session_id)
            if _locked(user, now) or not user.active or not user.totp_secret_enc:
                db_append_audit(
                    session, "sign_in_locked" if _locked(user, now) else "sign_in_failed",
                    at=now, user_id=user.id, object_type="user", object_id=user.id,
                )  # fmt: skip
                return None
            enrolling = user.totp_enrolled_at is None
            used_recovery = False
            if code.isdigit() and len(code) == 6:
                step = _matching_step(self._secret(user), code, user.totp_last_step, now)
                ok = step is not None
                if ok:
                    user.totp_last_step = step
            elif not enrolling:
                ok = used_recovery = _use_recovery_code(user, code)
            else:
                ok = False
            if not ok:
                self._failed(session, user, now)
                return None
            recovery: list[str] = []
            if enrolling:
                user.totp_enrolled_at = now
                recovery = _new_recovery_codes(user)
                db_append_audit(
                    session, "totp_enrolled", at=now, user_id=user.id,
                    object_type="user", object_id=user.id,
                )  # fmt: skip
            if used_recovery:
                db_append_audit(
                    session, "recovery_code_used", at=now, user_id=user.id,
                    object_type="user", object_id=user.id,
                )  # fmt: skip
            user.failed_logins = 0
            user.locked_until = None
            pending.revoked_at = now  # a new session id after each step
            new = self._new_session(session, user, mfa=True, now=now)
            db_append_audit(
                session, "sign_in", at=now, user_id=user.id, object_type="user", object_id=user.id
            )
            return new, recovery

    # -- sessions ----------------------------------------------------------------------------

    def resolve(self, token: str, *, now: datetime) -> Principal | None:
        """The principal of a cookie token, touching its idle clock; None when not valid."""
        with self.factory() as session, session.begin():
            row = store.db_find_session(session, token)
            if row is None or row.revoked_at is not None or not row.user.active:
                return None
            if now >= row.expires_at or now - row.last_seen_at >= IDLE_TIMEOUT:
                row.revoked_at = now
                return None
            row.last_seen_at = now
            user = row.user
            orgs = {
                o.id: o.name
                for o in session.query(Organisation).filter(
                    Organisation.id.in_([m.organisation_id for m in user.memberships])
                )
            }
            return Principal(
                user_id=user.id,
                name=user.name,
                email=user.email,
                session_id=row.id,
                csrf_token=row.csrf_token,
                mfa=row.mfa,
                enrolled=user.totp_enrolled_at is not None,
                memberships=tuple(
                    Membership(m.organisation_id, orgs.get(m.organisation_id, "?"), m.role)
                    for m in user.memberships
                ),
            )

    def sign_out(self, principal: Principal, *, now: datetime) -> None:
        """End this session."""
        with self.factory() as session, session.begin():
            row = session.get(DashboardSession, principal.session_id)
            row.revoked_at = now
            db_append_audit(
                session, "sign_out", at=now, user_id=principal.user_id,
                object_type="user", object_id=principal.user_id,
            )  # fmt: skip

    def revoke_all(self, user_id: int, *, now: datetime, by_user_id: int | None) -> int:
        """End every session of a user (lost phone, left the job)."""
        with self.factory() as session, session.begin():
            count = store.db_revoke_sessions(session, user_id, now=now)
            db_append_audit(
                session, "sessions_revoked", at=now, user_id=by_user_id,
                object_type="user", object_id=user_id,
            )  # fmt: skip
            return count

    # -- helpers -----------------------------------------------------------------------------

    def _secret(self, user: DashboardUser) -> str:
        return self.fernet.decrypt(user.totp_secret_enc.encode()).decode()

    def _new_session(
        self, session: Session, user: DashboardUser, *, mfa: bool, now: datetime
    ) -> NewSession:
        return open_session(session, user, mfa=mfa, now=now)

    def _failed(self, session: Session, user: DashboardUser, now: datetime) -> None:
        user.failed_logins = (user.failed_logins or 0) + 1
        lock = lock_for(user.failed_logins)
        if lock is not None:
            user.locked_until = now + lock
            log.info("dashboard user %s locked for %s", user.id, lock)
        db_append_audit(
            session, "sign_in_failed", at=now, user_id=user.id,
            object_type="user", object_id=user.id,
        )  # fmt: skip


def _enrolment_user(session: Session, token: str, now: datetime) -> DashboardUser | None:
    user = store.db_get_user_by_enrolment_token(session, token) if token else None
    if user is None or not user.active or user.enrol_expires_at is None:
        return None
    return user if now < user.enrol_expires_at else None


def open_session(session: Session, user: DashboardUser, *, mfa: bool, now: datetime) -> NewSession:
    """A new session row (full with mfa, else the short pending one) and its cookie token."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = now + (MAX_SESSION if mfa else PENDING_SESSION)
    store.db_add_session(session, user, token, csrf, mfa=mfa, now=now, expires_at=expires)
    return NewSession(token, csrf, mfa, user.totp_enrolled_at is not None)


def _verify(hasher: PasswordHasher, hashed: str, secret: str) -> bool:
    try:
        return hasher.verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def _locked(user: DashboardUser, now: datetime) -> bool:
    return user.locked_until is not None and now < user.locked_until


def _matching_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time step (now, or one either side) whose code this is, if not used before."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue  # this code, or an older one, was accepted before: refuse a replay
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_codes(user: DashboardUser) -> list[str]:
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5))
        + "-"
        + "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5))
        for _ in range(RECOVERY_CODES)
    ]
    user.recovery_codes = [_recovery.hash(code) for code in codes]
    return codes


def _use_recovery_code(user: DashboardUser, code: str) -> bool:
    """True (and the code is spent) when it is one of the user's unused recovery codes."""
    remaining = list(user.recovery_codes or [])
    for index, hashed in enumerate(remaining):
        if _verify(_recovery, hashed, code):
            del remaining[index]
            user.recovery_codes = remaining
            return True
    return False
