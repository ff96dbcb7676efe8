"""What the dashboard keeps on its aiohttp application: settings, clock, accounts, templates."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web
from jinja2 import Environment
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.services.accounts import Accounts, Principal
from bot.settings import Settings
from bot.understanding.classifier import Classifier


@dataclass
class Dashboard:
    """The dashboard's collaborators; `accounts` is made on first use (the database is lazy)."""

    settings: Settings
    clock: Clock
    templates: Environment
    factory: sessionmaker[Session] | None = None
    _accounts: Accounts | None = field(default=None, repr=False)
    # The chat's aggression-type classifier, for "melden namens"; loaded on first use.
    classifier: Classifier | None = field(default=None, repr=False)

    def accounts(self) -> Accounts:
        """The sign-in use cases (reads or makes the TOTP key once)."""
        if self._accounts is None:
            from bot.services.accounts import load_totp_key

            key = load_totp_key(self.settings.dashboard_key, self.settings.data_dir)
            self._accounts = Accounts(self.factory, key)
        return self._accounts

    def get_classifier(self) -> Classifier:
        """The same classifier the chat uses (bot.understanding.classifier.default_classifier)."""
        if self.classifier is None:
            from bot.understanding.classifier import default_classifier

            self.classifier = default_classifier()
        return self.classifier


DASHBOARD = web.AppKey("dashboard", Dashboard)
# The signed-in user of a request (None: nobody, or only the password step done).
PRINCIPAL = web.RequestKey("beheer_principal", object)


def dashboard(request: web.Request) -> Dashboard:
    """The dashboard state of this request's application."""
    state = request.config_dict[DASHBOARD]
    if state.factory is None:
        from bot.web.appkeys import SESSION_FACTORY

        state.factory = request.config_dict[SESSION_FACTORY]
    return state


def principal(request: web.Request) -> Principal:
    """The fully signed-in user (the middleware let the request through only then)."""
    return request[PRINCIPAL]
