"""Settings, read from the environment once at start-up.

Every variable is listed with a comment in .env.example. Nothing here runs at import time:
call `load_settings()` in the entry point and pass the result down.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Names of settings holding secrets; their values never appear in repr() or logs.
SECRET_FIELDS: frozenset[str] = frozenset(
    {
        "telegram_bot_token",
        "telegram_webhook_secret",
        "internal_token",
        "action_token",
        "dashboard_key",
        "teams_app_password",
        "oidc_client_secret",
    }
)

TELEGRAM_API_URL = "https://api.telegram.org"
# Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a webhook secret token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# getFile downloads at most 20 MB from the public Bot API.
DEFAULT_TELEGRAM_MAX_FILE_BYTES = 20 * 1024 * 1024
# Microsoft's Bot Framework and Entra endpoints (tests point them at tests/teams_fake.py).
TEAMS_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TEAMS_LOGIN_URL = "https://login.microsoftonline.com"
# Hosts a Teams serviceUrl may have (public cloud and GCC); only these ever get our token.
TEAMS_SERVICE_HOSTS = "smba.trafficmanager.net,smba.infra.gcc.teams.microsoft.com"
# Hosts the files a worker sends in Teams are downloaded from (OneDrive for Business).
TEAMS_FILE_HOSTS = "sharepoint.com,svc.ms"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class SettingsError(ValueError):
    """A setting is missing or malformed."""


# The check-ins run up to 8 weeks, a declined offer comes back after 2: answers stay longer.
MIN_AFTERCARE_RETENTION_DAYS = 90
# A running conversation (a report told over days, a check-in answered late) keeps its state.
MIN_RETENTION_DAYS = 7


@dataclass(frozen=True)
class Settings:
    """All configuration of the application processes."""

    data_dir: Path = Path("data")
    database_url: str = ""  # empty: SQLite file data_dir/vpt.db
    tracker_store_url: str = (
        ""  # empty: SQLite file data_dir/tracker.db (Rasa's conversation store)
    )
    # Empty: Rasa's in-memory lock store (one Rasa process) and the app server keeps open chat
    # pages and PDF links in its own memory (one app server). Set: both are shared through Redis.
    redis_url: str = ""
    redis_prefix: str = "vpt:"  # key prefix of the app servers' shared state in Redis
    timezone: str = "Europe/Amsterdam"
    default_organisation: str = "Mijn organisatie"
    # The public listener (web chat, Telegram webhook, dashboard): the only one a proxy forwards to.
    bind_host: str = "127.0.0.1"
    # Rasa, the action server and the app server's internal API listen here only.
    internal_host: str = "127.0.0.1"
    app_port: int = 8080
    internal_port: int = 8079  # the app server's internal API (/internal/*)
    rasa_port: int = 5005
    action_port: int = 5055
    rasa_url: str = ""  # empty: http://127.0.0.1:<rasa_port>
    # The app server as Rasa's channels and the worker reach it. Empty: loopback, app_port.
    # Several app servers (Kubernetes): the URL of their Service.
    app_url: str = ""
    action_url: str = ""  # empty: http://127.0.0.1:<action_port>/webhook
    rasa_model: Path = Path("models/vpt.tar.gz")
    log_level: str = "INFO"
    # Shared secret of the loopback calls between Rasa's channels and the app server.
    # Empty: the supervisor makes a fresh one for every run.
    internal_token: str = ""
    # Secret Rasa sends to the action server with every call. Empty: fresh for every run.
    action_token: str = ""
    # Telegram chat of the coordinator, for the 48-hour reminders. Empty: reminders fail visibly.
    coordinator_telegram_chat_id: str = ""
    worker_poll_seconds: int = 30  # how often the follow-up worker looks for due rows
    # Check-in answers (health data) are deleted this many days after they were given; the
    # report itself is kept. Longer than the schedule (8 weeks plus a re-offer).
    aftercare_retention_days: int = 365
    # Default retention of the rest (bot/services/privacy.py); an organisation may set its own.
    report_retention_days: int = 5 * 365  # after the report was closed
    evidence_retention_days: int = 365
    document_retention_days: int = 30  # generated PDFs under data/documents
    conversation_retention_days: int = 30  # Rasa's tracker store: the shortest
    telegram_bot_token: str = ""  # empty: no Telegram channel
    telegram_webhook_secret: str = ""  # X-Telegram-Bot-Api-Secret-Token of every webhook call
    telegram_webhook_url: str = ""  # public URL of the webhook; empty: polling mode
    telegram_api_url: str = TELEGRAM_API_URL  # Bot API server (tests: a fake on loopback)
    telegram_bot_username: str = ""  # for invite links; empty: asked from Telegram (getMe)
    telegram_max_file_bytes: int = DEFAULT_TELEGRAM_MAX_FILE_BYTES
    # Set by the supervisor for processes that must know the Telegram channel is open but do
    # not get the bot token (the follow-up worker): "1" or empty.
    telegram_channel: str = ""
    # Web chat sessions: forgotten after this many idle hours (a check-in waits up to 3 days
    # for the page to be opened again). "always": the cookie is Secure also when a proxy
    # terminates TLS; "auto": only when the app itself sees TLS.
    web_session_idle_hours: int = 72
    web_cookie_secure: str = "auto"
    # The chat's public origin (https://meld.example.nl); empty: the request's own Host.
    web_public_origin: str = ""
    # The coordinator dashboard (/beheer/): "app" inside the app server, "own" as its own
    # process on dashboard_port (production keeps it on the intranet), "off".
    dashboard: str = "app"
    dashboard_port: int = 8081
    # Fernet key that encrypts TOTP secrets at rest. Empty: a key file in data_dir, made once.
    dashboard_key: str = ""
    # Microsoft Teams (a single-tenant Azure Bot). Empty app id: no Teams channel.
    teams_app_id: str = ""  # the Azure Bot's Microsoft App ID (audience of inbound tokens)
    teams_app_password: str = ""  # its client secret
    teams_tenant_id: str = ""  # the organisation's Entra tenant (the only one served)
    teams_organisation: str = ""  # organisation of that tenant's workers; empty: the default
    teams_accept_entra_tokens: bool = True  # also accept Entra service tokens of the tenant
    teams_channel_ids: str = "msteams"  # channelIds accepted (a dev setup may add webchat)
    teams_openid_url: str = TEAMS_OPENID_URL
    teams_login_url: str = TEAMS_LOGIN_URL
    teams_service_hosts: str = TEAMS_SERVICE_HOSTS
    teams_file_hosts: str = TEAMS_FILE_HOSTS
    # Figures: counts from 1 up to this threshold minus one are shown as "<5" outside the cases.
    figures_threshold: int = 5
    # The address people open the dashboard on, without /beheer/ (https://vpt.gemeente.nl).
    # Used in the links of the coordinator's Telegram messages and as the OIDC redirect base.
    # Empty: no links; the OIDC redirect is built from the request.
    dashboard_public_url: str = ""
    # Secure flag of the dashboard cookies: "auto" (set on https requests), "on" (always: behind
    # a proxy that terminates TLS, where the app itself sees http), "off" (never; plain http).
    dashboard_cookie_secure: str = "auto"
    # OIDC sign-in (Entra ID, Keycloak). Empty issuer: local accounts only.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid profile email"
    # Where the roles are in the ID token: a claim name, or a dotted path into nested claims
    # (Keycloak: resource_access.<client>.roles).
    oidc_roles_claim: str = "roles"
    # Claim values to our roles per organisation: "value=role@Organisation; ...".
    oidc_role_map: str = ""

    @property
    def telegram_enabled(self) -> bool:
        """True when a bot token is set (here or in the supervisor): Rasa opens the Telegram channel."""
        return bool(self.telegram_bot_token or self.telegram_channel)

    @property
    def teams_enabled(self) -> bool:
        """True when a Teams app id is set: Rasa opens the Teams channel."""
        return bool(self.teams_app_id)

    @property
    def teams_tenant_organisations(self) -> dict[str, str]:
        """Which organisation a Teams tenant's workers belong to (one tenant per bot)."""
        if not self.teams_tenant_id:
            return {}
        return {self.teams_tenant_id: self.teams_organisation or self.default_organisation}

    @property
    def telegram_mode(self) -> str:
        """'webhook' when a public webhook URL is set, 'polling' otherwise."""
        return "webhook" if self.telegram_webhook_url else "polling"

    @property
    def tz(self) -> ZoneInfo:
        """The organisation's time zone (all Dutch times are shown in it)."""
        return ZoneInfo(self.timezone)

    @property
    def effective_database_url(self) -> str:
        """SQLAlchemy URL of the reports database."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'vpt.db').as_posix()}"

    @property
    def effective_rasa_url(self) -> str:
        """Base URL of the Rasa server."""
        return (self.rasa_url or f"http://{self.loopback_host}:{self.rasa_port}").rstrip("/")

    @property
    def loopback_host(self) -> str:
        """The host the processes call each other on: the internal address (127.0.0.1 for 'all')."""
        return _reachable(self.internal_host)

    @property
    def public_probe_host(self) -> str:
        """The host the supervisor probes the public listener on."""
        return _reachable(self.bind_host)

    @property
    def effective_app_url(self) -> str:
        """Base URL of the app server's internal listener (Rasa's channels and the worker call it);
        VPT_APP_URL where it is elsewhere (a Kubernetes Service)."""
        return (self.app_url or f"http://{self.loopback_host}:{self.internal_port}").rstrip("/")

    @property
    def effective_action_url(self) -> str:
        """Webhook URL of the action server, as Rasa calls it."""
        return self.action_url or f"http://{self.loopback_host}:{self.action_port}/webhook"

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS and value:
                value = "***"
            elif f.name in {"database_url", "tracker_store_url", "redis_url"}:
                value = mask_url_password(str(value))
            parts.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(parts)})"

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some values replaced (tests and the supervisor use this)."""
        return replace(self, **changes)


def _reachable(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def mask_url_password(url: str) -> str:
    """Hide the password part of a database or Redis URL."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    if ":" in credentials:
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


_ENV_NAMES = {
    "data_dir": "VPT_DATA_DIR",
    "database_url": "DATABASE_URL",
    "tracker_store_url": "TRACKER_STORE_URL",
    "redis_url": "REDIS_URL",
    "redis_prefix": "VPT_REDIS_PREFIX",
    "timezone": "VPT_TIMEZONE",
    "default_organisation": "VPT_DEFAULT_ORGANISATION",
    "bind_host": "VPT_BIND_HOST",
    "internal_host": "VPT_INTERNAL_HOST",
    "app_port": "VPT_APP_PORT",
    "internal_port": "VPT_INTERNAL_PORT",
    "rasa_port": "VPT_RASA_PORT",
    "action_port": "VPT_ACTION_PORT",
    "rasa_url": "VPT_RASA_URL",
    "app_url": "VPT_APP_URL",
    "action_url": "VPT_ACTION_URL",
    "rasa_model": "VPT_RASA_MODEL",
    "log_level": "VPT_LOG_LEVEL",
    "internal_token": "VPT_INTERNAL_TOKEN",
    "action_token": "VPT_ACTION_TOKEN",
    "coordinator_telegram_chat_id": "VPT_COORDINATOR_TELEGRAM_CHAT_ID",
    "worker_poll_seconds": "VPT_WORKER_POLL_SECONDS",
    "aftercare_retention_days": "VPT_AFTERCARE_RETENTION_DAYS",
    "report_retention_days": "VPT_REPORT_RETENTION_DAYS",
    "evidence_retention_days": "VPT_EVIDENCE_RETENTION_DAYS",
    "document_retention_days": "VPT_DOCUMENT_RETENTION_DAYS",
    "conversation_retention_days": "VPT_CONVERSATION_RETENTION_DAYS",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "telegram_webhook_secret": "TELEGRAM_WEBHOOK_SECRET",
    "telegram_webhook_url": "TELEGRAM_WEBHOOK_URL",
    "telegram_api_url": "TELEGRAM_API_URL",
    "telegram_bot_username": "TELEGRAM_BOT_USERNAME",
    "telegram_max_file_bytes": "TELEGRAM_MAX_FILE_BYTES",
    "telegram_channel": "VPT_TELEGRAM_CHANNEL",
    "web_session_idle_hours": "VPT_WEB_SESSION_IDLE_HOURS",
    "web_cookie_secure": "VPT_WEB_COOKIE_SECURE",
    "web_public_origin": "VPT_WEB_PUBLIC_ORIGIN",
    "dashboard": "VPT_DASHBOARD",
    "dashboard_port": "VPT_DASHBOARD_PORT",
    "dashboard_key": "VPT_DASHBOARD_KEY",
    "teams_app_id": "TEAMS_APP_ID",
    "teams_app_password": "TEAMS_APP_PASSWORD",
    "teams_tenant_id": "TEAMS_TENANT_ID",
    "teams_organisation": "TEAMS_ORGANISATION",
    "teams_accept_entra_tokens": "TEAMS_ACCEPT_ENTRA_TOKENS",
    "teams_channel_ids": "TEAMS_CHANNEL_IDS",
    "teams_openid_url": "TEAMS_OPENID_URL",
    "teams_login_url": "TEAMS_LOGIN_URL",
    "teams_service_hosts": "TEAMS_SERVICE_HOSTS",
    "teams_file_hosts": "TEAMS_FILE_HOSTS",
    "figures_threshold": "VPT_FIGURES_THRESHOLD",
    "dashboard_public_url": "VPT_DASHBOARD_PUBLIC_URL",
    "dashboard_cookie_secure": "VPT_DASHBOARD_COOKIE_SECURE",
    "oidc_issuer": "VPT_OIDC_ISSUER",
    "oidc_client_id": "VPT_OIDC_CLIENT_ID",
    "oidc_client_secret": "VPT_OIDC_CLIENT_SECRET",
    "oidc_scopes": "VPT_OIDC_SCOPES",
    "oidc_roles_claim": "VPT_OIDC_ROLES_CLAIM",
    "oidc_role_map": "VPT_OIDC_ROLE_MAP",
}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from the environment, failing fast on malformed values."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = env.get(_ENV_NAMES[f.name])
        if raw is None or raw == "":
            continue
        if f.type in ("int",):
            try:
                values[f.name] = int(raw)
            except ValueError as exc:
                raise SettingsError(f"{_ENV_NAMES[f.name]} must be a number, got {raw!r}") from exc
        elif f.type in ("Path",):
            values[f.name] = Path(raw)
        elif f.type in ("bool",):
            if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise SettingsError(f"{_ENV_NAMES[f.name]} must be true or false, got {raw!r}")
            values[f.name] = raw.lower() in ("true", "1", "yes")
        else:
            values[f.name] = raw
    settings = Settings(**values)  # type: ignore[arg-type]
    try:
        settings.tz  # noqa: B018 - validates the zone name now rather than on first use
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(
            f"VPT_TIMEZONE is not a known time zone: {settings.timezone!r}"
        ) from exc
    _check_telegram(settings)
    _check_teams(settings)
    if settings.figures_threshold < 2:
        raise SettingsError("VPT_FIGURES_THRESHOLD must be at least 2")
    _check_secrets(settings)
    for name in (
        "report_retention_days",
        "evidence_retention_days",
        "document_retention_days",
        "conversation_retention_days",
    ):
        if getattr(settings, name) < MIN_RETENTION_DAYS:
            raise SettingsError(f"{_ENV_NAMES[name]} must be at least {MIN_RETENTION_DAYS} days")
    if settings.web_cookie_secure not in ("auto", "always"):
        raise SettingsError("VPT_WEB_COOKIE_SECURE must be auto or always")
    if settings.web_session_idle_hours <= 0:
        raise SettingsError("VPT_WEB_SESSION_IDLE_HOURS must be positive")
    if settings.dashboard not in ("app", "own", "off"):
        raise SettingsError(f"VPT_DASHBOARD must be app, own or off, got {settings.dashboard!r}")
    _check_dashboard(settings)
    return settings


# The roles a dashboard user can have (bot.services.accounts.ROLES repeats them for the core).
DASHBOARD_ROLES = ("coordinator", "aftercare", "manager", "admin")


def parse_role_map(text: str) -> tuple[tuple[str, str, str], ...]:
    """'value=role@Organisation; ...' as (claim value, role, organisation) triples."""
    entries = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        value, sep, grant = part.partition("=")
        role, at, organisation = grant.partition("@")
        value, role, organisation = value.strip(), role.strip(), organisation.strip()
        if not (sep and at and value and organisation) or role not in DASHBOARD_ROLES:
            raise SettingsError(
                f"VPT_OIDC_ROLE_MAP: {part!r} is not 'value=role@Organisation' with a role of "
                f"{', '.join(DASHBOARD_ROLES)}"
            )
        entries.append((value, role, organisation))
    return tuple(entries)


def _is_loopback_http(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))


def _check_dashboard(settings: Settings) -> None:
    """Fail fast on a dashboard or OIDC configuration that cannot work or would be unsafe."""
    if settings.dashboard_cookie_secure not in ("auto", "on", "off"):
        raise SettingsError("VPT_DASHBOARD_COOKIE_SECURE must be auto, on or off")
    public = settings.dashboard_public_url
    if public and not (public.startswith("https://") or _is_loopback_http(public)):
        raise SettingsError("VPT_DASHBOARD_PUBLIC_URL must start with https://")
    if not settings.oidc_issuer:
        return
    # Plain http only on loopback (the test provider); a real provider is always https.
    if not (settings.oidc_issuer.startswith("https://") or _is_loopback_http(settings.oidc_issuer)):
        raise SettingsError("VPT_OIDC_ISSUER must start with https://")
    if not settings.oidc_client_id:
        raise SettingsError("VPT_OIDC_ISSUER is set but VPT_OIDC_CLIENT_ID is not")
    if "openid" not in settings.oidc_scopes.split():
        raise SettingsError("VPT_OIDC_SCOPES must contain openid")
    if not settings.oidc_roles_claim.strip():
        raise SettingsError("VPT_OIDC_ROLES_CLAIM must name a claim")
    if not parse_role_map(settings.oidc_role_map):
        raise SettingsError(
            "VPT_OIDC_ISSUER is set but VPT_OIDC_ROLE_MAP is empty: nobody would get a role"
        )


# secrets.token_urlsafe(32) gives 43 characters; an operator's own token must be as strong.
MIN_TOKEN_CHARS = 32


def _check_secrets(settings: Settings) -> None:
    """Fail fast on a loopback token an attacker could guess (empty: made fresh per run)."""
    for name in ("internal_token", "action_token"):
        value = getattr(settings, name)
        if value and len(value) < MIN_TOKEN_CHARS:
            raise SettingsError(
                f"{_ENV_NAMES[name]} must be at least {MIN_TOKEN_CHARS} random characters "
                "(leave it empty and a fresh one is made for every run)"
            )


def _check_telegram(settings: Settings) -> None:
    """Fail fast on a Telegram configuration that would refuse every update or leak them."""
    secret = settings.telegram_webhook_secret
    if secret and not _WEBHOOK_SECRET.fullmatch(secret):
        raise SettingsError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or -"
        )
    if settings.telegram_webhook_url:
        if not settings.telegram_bot_token:
            raise SettingsError("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not")
        if not secret:
            raise SettingsError("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET")
        if not settings.telegram_webhook_url.startswith("https://"):
            raise SettingsError("TELEGRAM_WEBHOOK_URL must start with https://")
    if not settings.telegram_api_url.startswith(("https://", "http://")):
        raise SettingsError("TELEGRAM_API_URL must be an http(s) URL")
    chat = settings.coordinator_telegram_chat_id
    if chat and not chat.lstrip("-").isdigit():
        raise SettingsError(
            "VPT_COORDINATOR_TELEGRAM_CHAT_ID must be a Telegram chat id (a number)"
        )
    if settings.worker_poll_seconds <= 0:
        raise SettingsError("VPT_WORKER_POLL_SECONDS must be positive")
    if settings.telegram_max_file_bytes <= 0:
        raise SettingsError("TELEGRAM_MAX_FILE_BYTES must be positive")
    if settings.aftercare_retention_days < MIN_AFTERCARE_RETENTION_DAYS:
        raise SettingsError(
            f"VPT_AFTERCARE_RETENTION_DAYS must be at least {MIN_AFTERCARE_RETENTION_DAYS}: "
            "the check-ins run for weeks after a report and need their answers until the last one"
        )


def _check_teams(settings: Settings) -> None:
    """Fail fast on a Teams configuration that could not authenticate a single call."""
    if not settings.teams_app_id:
        return
    for name, value in (
        ("TEAMS_APP_ID", settings.teams_app_id),
        ("TEAMS_TENANT_ID", settings.teams_tenant_id),
    ):
        if not _GUID.fullmatch(value):
            raise SettingsError(f"{name} must be a GUID (see the README, section Teams)")
    if not settings.teams_app_password:
        raise SettingsError("TEAMS_APP_ID is set but TEAMS_APP_PASSWORD is not")
    for name, url in (
        ("TEAMS_OPENID_URL", settings.teams_openid_url),
        ("TEAMS_LOGIN_URL", settings.teams_login_url),
    ):
        if not url.startswith(("https://", "http://")):
            raise SettingsError(f"{name} must be an http(s) URL")
    if not settings.teams_service_hosts.strip(","):
        raise SettingsError("TEAMS_SERVICE_HOSTS must name at least one host")
