"""Fixtures for the dashboard: an app on a migrated database, a fixed clock, users per role,
reports in two organisations, and a client helper that signs in with password and TOTP."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiohttp
import pyotp
import pytest
from cryptography.fernet import Fernet

from bot.clock import FixedClock
from bot.dialogue.draft import Draft
from bot.services.accounts import Accounts
from bot.services.reporting import submit_report
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import DashboardUser, FollowUp
from bot.storage.reports import ReporterRef
from bot.web.app import create_app
from tests.conftest import AMS

PASSWORD = "een lang geheim wachtwoord"
ORG_A, ORG_B = "Gemeente Aadorp", "Gemeente Bedorp"
ROLES = ("coordinator", "aftercare", "manager", "admin")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def draft(now: datetime, draft_id: str, **overrides) -> Draft:
    """A confirmed draft as the chat leaves it."""
    values = dict(
        draft_id=draft_id,
        started_at=now - timedelta(minutes=5),
        safe_now=True,
        narrative="Een klant schreeuwde en spuugde naar me aan de balie.",
        types=("verbale_agressie", "fysieke_agressie"),
        types_evidence=("fysieke_agressie: spuugde", "verbale_agressie: schreeuwde"),
        occurred_at=now - timedelta(hours=2),
        occurred_at_precision="minute",
        occurred_at_text="vanochtend",
        location_type="balie_publieksruimte",
        location_text="aan de balie",
        perpetrator="onbekend",
        perpetrator_relation="klant_burger",
        injury=False,
        witnesses=True,
        police_present=False,
        anonymous=False,
    )
    values.update(overrides)
    return Draft(**values)


@dataclass
class World:
    """The app, its clock and database, and what the tests created."""

    settings: Settings
    clock: FixedClock
    factory: object
    accounts: Accounts
    key: bytes
    users: dict[str, str] = field(default_factory=dict)  # "<role>_<a|b>" -> e-mail
    secrets: dict[str, str] = field(default_factory=dict)  # e-mail -> TOTP secret
    reports: dict[str, int] = field(default_factory=dict)

    def add_user(self, name: str, org: str, role: str, *, enrol: bool = True) -> str:
        """A user with a role; enrolled in TOTP unless told otherwise."""
        email = f"{name}@example.nl"
        self.accounts.add_user(
            email, name, PASSWORD, organisation=org, role=role, now=self.clock.now()
        )
        if enrol:
            secret = pyotp.random_base32()
            with self.factory() as session, session.begin():
                user = session.query(DashboardUser).filter_by(email=email).one()
                user.totp_secret_enc = Fernet(self.key).encrypt(secret.encode()).decode()
                user.totp_enrolled_at = self.clock.now()
            self.secrets[email] = secret
        self.users[name] = email
        return email

    def add_report(self, name: str, org: str, **overrides) -> int:
        """A report stored as the web chat stores it, in the given organisation."""
        ref = ReporterRef("rest", f"web-{name}", display_name="Sanne de Vries")
        stored = submit_report(
            self.factory, draft(self.clock.now(), name, **overrides), ref,
            default_organisation=org, now=self.clock.now(),
        )  # fmt: skip
        self.reports[name] = stored.report_id
        return stored.report_id

    def add_signal(self, report_id: int) -> None:
        """An aftercare signal the worker agreed to pass on."""
        now = self.clock.now()
        with self.factory() as session, session.begin():
            session.add(
                FollowUp(
                    dedupe_key=f"{report_id}:coordinator_alert_support",
                    report_id=report_id,
                    recipient="coordinator",
                    channel="telegram",
                    kind="coordinator_alert_support",
                    due_at=now,
                    status="cancelled",
                    attempts=0,
                    created_at=now,
                )  # fmt: skip
            )

    def code(self, email: str) -> str:
        """The TOTP code of this user now (advance the clock 30 s to get a fresh one)."""
        return pyotp.TOTP(self.secrets[email]).at(self.clock.now())


@pytest.fixture
def world(tmp_path) -> World:
    """A migrated SQLite database with two organisations' users and reports."""
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    key = Fernet.generate_key()
    settings = Settings(
        data_dir=tmp_path, database_url=url, internal_token="t", dashboard_key=key.decode()
    )
    clock = FixedClock(datetime(2026, 11, 23, 15, 0, tzinfo=AMS))
    w = World(settings, clock, factory, Accounts(factory, key), key)
    for org, suffix in ((ORG_A, "a"), (ORG_B, "b")):
        for role in ROLES:
            w.add_user(f"{role}_{suffix}", org, role)
        w.add_report(f"case_{suffix}", org)
        signal_id = w.add_report(f"signal_{suffix}", org)
        w.add_signal(signal_id)
    yield w
    engine.dispose()


class Browserless:
    """An HTTP client with its own cookie jar that keeps the CSRF token of the last page."""

    def __init__(self, session, world: World) -> None:
        self.session = session
        self.world = world
        self.csrf = ""

    async def _read(self, response):
        response.body_text = await response.text(errors="replace")  # PDFs too
        found = CSRF.search(response.body_text)
        if found:
            self.csrf = found.group(1)
        return response

    async def get(self, path: str, *, allow_redirects: bool = True, **kwargs):
        response = await self.session.get(path, allow_redirects=allow_redirects, **kwargs)
        return await self._read(response)

    async def post(self, path: str, data: dict | None = None, *, csrf: str | None = None, **kwargs):
        data = dict(data or {})
        token = self.csrf if csrf is None else csrf
        if token:
            data["csrf"] = token
        response = await self.session.post(path, data=data, allow_redirects=False, **kwargs)
        return await self._read(response)

    async def sign_in(self, name: str) -> None:
        """Password and TOTP through the pages; fails the test when refused."""
        email = self.world.users[name]
        await self.get("/beheer/inloggen")
        response = await self.post("/beheer/inloggen", {"email": email, "password": PASSWORD})
        assert response.status == 303, response.body_text
        await self.get("/beheer/code")
        response = await self.post("/beheer/code", {"code": self.world.code(email)})
        assert response.status == 303, response.body_text
        self.world.clock.advance(timedelta(seconds=31))  # the next sign-in needs a new code
        await self.get("/beheer/")


@pytest.fixture
async def dashboard_server(aiohttp_server, world):
    """The app server with the dashboard, on the world's clock."""
    app = create_app(world.settings, dashboard_clock=world.clock)
    return await aiohttp_server(app)


@pytest.fixture
async def dashboard_client(dashboard_server, world):
    """Makes clients, each with its own cookie jar (one browser each)."""
    sessions = []

    async def make() -> Browserless:
        session = aiohttp.ClientSession(
            base_url=str(dashboard_server.make_url("/")),
            cookie_jar=aiohttp.CookieJar(unsafe=True),
        )
        sessions.append(session)
        return Browserless(session, world)

    yield make
    for session in sessions:
        await session.close()
