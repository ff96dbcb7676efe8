"""What the admin does on the Gebruikers and Organisaties pages: add a user (a one-time link to
choose a password, then the second factor at the first sign-in), give or take a role, disable or enable a
user, end their sessions, and add an organisation. Admin only, and only for users who have a
role in one of the admin's organisations (anyone else does not exist for this admin: 404).
Each function owns its transaction and writes content-free audit rows in it. Nothing here
touches a report.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import ENROLMENT_LINK, ROLES, Principal
from bot.services.cases import CaseForbidden
from bot.storage import accounts as store
from bot.storage.audit import db_append_audit
from bot.storage.models import DashboardMembership, DashboardSession, DashboardUser, Organisation

_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}")


class UserNotFound(LookupError):
    """No such user among the admin's organisations (answered as 404)."""


class InvalidUserInput(ValueError):
    """The form is incomplete or asks for something not allowed; `key` names the Dutch text."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _admin_orgs(principal: Principal) -> frozenset[int]:
    orgs = principal.orgs("admin")
    if not orgs:
        raise CaseForbidden("users")
    return orgs


def _managed_user(session: Session, principal: Principal, user_id: int) -> DashboardUser:
    orgs = _admin_orgs(principal)
    user = session.get(DashboardUser, user_id)
    if user is None or not any(m.organisation_id in orgs for m in user.memberships):
        raise UserNotFound(user_id)
    return user


def _audit(
    session: Session, principal: Principal, action: str, *, now: datetime,
    organisation_id: int | None = None, object_type: str = "user", object_id: int | None = None,
) -> None:  # fmt: skip
    db_append_audit(
        session, action, at=now, user_id=principal.user_id, organisation_id=organisation_id,
        object_type=object_type, object_id=object_id,
    )  # fmt: skip


def _new_link(user: DashboardUser, now: datetime) -> str:
    """A fresh one-time enrolment token for the user (only its SHA-256 is kept)."""
    token = secrets.token_urlsafe(32)
    user.enrol_token_sha256 = store.token_digest(token)
    user.enrol_expires_at = now + ENROLMENT_LINK
    return token


def organisations(factory: sessionmaker[Session], principal: Principal) -> list[dict]:
    """The admin's organisations with how many users have a role there."""
    orgs = _admin_orgs(principal)
    with factory() as session:
        counts = dict(
            session.execute(
                select(
                    DashboardMembership.organisation_id,
                    func.count(func.distinct(DashboardMembership.user_id)),
                ).group_by(DashboardMembership.organisation_id)
            ).all()
        )
        rows = session.scalars(
            select(Organisation)
            .where(Organisation.id.in_(sorted(orgs)))
            .order_by(Organisation.name)
        )
        return [{"id": o.id, "name": o.name, "users": counts.get(o.id, 0)} for o in rows]


def add_organisation(
    factory: sessionmaker[Session], principal: Principal, name: str, *, now: datetime
) -> int:
    """A new organisation; the admin who made it becomes its admin."""
    _admin_orgs(principal)
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        raise InvalidUserInput("org_name")
    with factory() as session, session.begin():
        if session.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
            raise InvalidUserInput("org_exists")
        org = Organisation(name=name, created_at=now)
        session.add(org)
        session.flush()
        admin = session.get(DashboardUser, principal.user_id)
        store.db_add_membership(session, admin, org.id, "admin")
        _audit(session, principal, "organisation_added", now=now, organisation_id=org.id,
               object_type="organisation", object_id=org.id)  # fmt: skip
        _audit(session, principal, "role_added:admin", now=now, organisation_id=org.id,
               object_id=principal.user_id)  # fmt: skip
        return org.id


def users(factory: sessionmaker[Session], principal: Principal, *, now: datetime) -> list[dict]:
    """Users with a role in the admin's organisations, with those roles only."""
    orgs = _admin_orgs(principal)
    with factory() as session:
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        result = []
        for user in store.db_list_users(session):
            roles = [m for m in user.memberships if m.organisation_id in orgs]
            if roles:
                result.append(_user_view(session, user, roles, names, now))
        return result


def user(
    factory: sessionmaker[Session], principal: Principal, user_id: int, *, now: datetime
) -> dict:
    """One user as the admin sees them."""
    with factory() as session:
        found = _managed_user(session, principal, user_id)
        orgs = principal.orgs("admin")
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        roles = [m for m in found.memberships if m.organisation_id in orgs]
        return _user_view(session, found, roles, names, now)


def _user_view(session, user: DashboardUser, roles, names, now: datetime) -> dict:
    open_sessions = session.scalar(
        select(func.count(DashboardSession.id)).where(
            DashboardSession.user_id == user.id,
            DashboardSession.revoked_at.is_(None),
            DashboardSession.expires_at > now,
        )
    )
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "active": user.active,
        "oidc": user.oidc_sub is not None,
        "enrolled": user.totp_enrolled_at is not None,
        "locked_until": user.locked_until
        if user.locked_until and user.locked_until > now
        else None,
        "sessions": open_sessions or 0,
        "roles": [
            {
                "organisation_id": m.organisation_id,
                "organisation": names.get(m.organisation_id, "?"),
                "role": m.role,
            }
            for m in roles
        ],  # fmt: skip
    }


def add_user(
    factory: sessionmaker[Session],
    principal: Principal,
    *,
    email: str,
    name: str,
    organisation_id: int,
    role: str,
    now: datetime,
) -> tuple[int, str]:
    """A new local user with one role, and the token of their one-time enrolment link (returned
    once): with it they choose their own password, then link an authenticator app. Nobody else
    ever knows the password."""
    orgs = _admin_orgs(principal)
    email, name = email.strip().lower(), " ".join(name.split())
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise InvalidUserInput("email")
    if not 1 <= len(name) <= 200:
        raise InvalidUserInput("name")
    _check_grant(orgs, organisation_id, role)
    with factory() as session, session.begin():
        if store.db_get_user_by_email(session, email) is not None:
            raise InvalidUserInput("email_exists")
        new = store.db_add_user(session, email, name, "", now=now)
        new.password_hash = None  # no password until the user chooses one with the link
        token = _new_link(new, now)
        store.db_add_membership(session, new, organisation_id, role)
        _audit(session, principal, "user_added", now=now, organisation_id=organisation_id,
               object_id=new.id)  # fmt: skip
        _audit(session, principal, f"role_added:{role}", now=now, organisation_id=organisation_id,
               object_id=new.id)  # fmt: skip
        return new.id, token


def new_enrolment_link(
    factory: sessionmaker[Session], principal: Principal, user_id: int, *, now: datetime
) -> str:
    """A new one-time link for a local user who has not linked an app yet (the old one stops)."""
    with factory() as session, session.begin():
        found = _managed_user(session, principal, user_id)
        if found.oidc_sub is not None or found.totp_enrolled_at is not None:
            raise InvalidUserInput("link_not_needed")
        token = _new_link(found, now)
        _audit(session, principal, "enrolment_link_made", now=now, object_id=found.id)
        return token


def _check_grant(orgs: frozenset[int], organisation_id: int, role: str) -> None:
    if role not in ROLES:
        raise InvalidUserInput("role")
    if organisation_id not in orgs:
        raise InvalidUserInput("organisation")


def add_role(
    factory: sessionmaker[Session], principal: Principal, user_id: int, *,
    organisation_id: int, role: str, now: datetime,
) -> None:  # fmt: skip
    """Give a user a role in one of the admin's organisations."""
    with factory() as session, session.begin():
        found = _managed_user(session, principal, user_id)
        _check_grant(principal.orgs("admin"), organisation_id, role)
        if any(m.organisation_id == organisation_id and m.role == role for m in found.memberships):
            return
        store.db_add_membership(session, found, organisation_id, role)
        _audit(session, principal, f"role_added:{role}", now=now, organisation_id=organisation_id,
               object_id=found.id)  # fmt: skip


def remove_role(
    factory: sessionmaker[Session], principal: Principal, user_id: int, *,
    organisation_id: int, role: str, now: datetime,
) -> None:  # fmt: skip
    """Take a role away. Not an admin's own admin role (no lock-out), and not a user's last role
    in the admin's organisations (block the user instead)."""
    with factory() as session, session.begin():
        found = _managed_user(session, principal, user_id)
        _check_grant(principal.orgs("admin"), organisation_id, role)
        if found.id == principal.user_id and role == "admin":
            raise InvalidUserInput("own_admin")
        orgs = principal.orgs("admin")
        rest = [
            m for m in found.memberships
            if m.organisation_id in orgs and (m.organisation_id, m.role) != (organisation_id, role)
        ]  # fmt: skip
        if not rest:
            # Without a role in the admin's organisations the user would drop out of sight
            # (and out of reach) for this admin: blocking is the way to stop someone.
            raise InvalidUserInput("last_role")
        for membership in list(found.memberships):
            if membership.organisation_id == organisation_id and membership.role == role:
                session.delete(membership)
                _audit(session, principal, f"role_removed:{role}", now=now,
                       organisation_id=organisation_id, object_id=found.id)  # fmt: skip


def set_active(
    factory: sessionmaker[Session], principal: Principal, user_id: int, *, active: bool,
    now: datetime,
) -> None:  # fmt: skip
    """Disable a user (every session ends at once) or enable them again; never oneself."""
    with factory() as session, session.begin():
        found = _managed_user(session, principal, user_id)
        if found.id == principal.user_id:
            raise InvalidUserInput("own_account")
        if found.active == active:
            return
        found.active = active
        if not active:
            store.db_revoke_sessions(session, found.id, now=now)
        else:
            found.failed_logins = 0
            found.locked_until = None
        _audit(session, principal, "user_enabled" if active else "user_disabled", now=now,
               object_id=found.id)  # fmt: skip


def revoke_sessions(
    factory: sessionmaker[Session], principal: Principal, user_id: int, *, now: datetime
) -> int:
    """End every open session of a user (lost phone, shared computer)."""
    with factory() as session, session.begin():
        found = _managed_user(session, principal, user_id)
        count = store.db_revoke_sessions(session, found.id, now=now)
        _audit(session, principal, "sessions_revoked", now=now, object_id=found.id)
        return count
