"""Rasa's endpoints and credentials, derived from our settings.

The committed endpoints.yml and credentials.yml are what these functions give for the default
settings (a test keeps them equal); `vpt serve` writes the files for the actual settings into
<data_dir>/run/ so secrets from the environment never land in the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from bot.settings import Settings
from bot.wire.private import private_dir, write_private


def _sql_tracker_store(settings: Settings) -> dict[str, Any]:
    if not settings.tracker_store_url:
        return {
            "type": "SQL",
            "dialect": "sqlite",
            "db": (settings.data_dir / "tracker.db").as_posix(),
        }
    parts = urlsplit(settings.tracker_store_url)
    dialect = parts.scheme.split("+", 1)[0]
    if dialect == "postgres":
        dialect = "postgresql"
    store: dict[str, Any] = {
        "type": "SQL",
        "dialect": dialect,
        "url": parts.hostname or "127.0.0.1",
        "db": parts.path.lstrip("/") or "rasa",
    }
    if parts.port:
        store["port"] = parts.port
    if parts.username:
        store["username"] = unquote(parts.username)
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def _lock_store(settings: Settings) -> dict[str, Any] | None:
    if not settings.redis_url:
        return None  # Rasa's in-memory lock store: fine for one Rasa process
    parts = urlsplit(settings.redis_url)
    store: dict[str, Any] = {
        "type": "redis",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.lstrip("/") or 0),
        "key_prefix": "vpt",
    }
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


# The action server refuses calls without this header (actions/server.py). Rasa fills in the
# variable from its environment when it reads the file, so the secret is never written to disk.
ACTION_TOKEN_HEADER = "X-VPT-Action-Token"
ACTION_TOKEN_VARIABLE = "VPT_ACTION_TOKEN"
INTERNAL_TOKEN_VARIABLE = "VPT_INTERNAL_TOKEN"


def endpoints_config(settings: Settings) -> dict[str, Any]:
    """The content of Rasa's endpoints.yml for these settings."""
    config: dict[str, Any] = {
        "action_endpoint": {
            "url": settings.effective_action_url,
            "headers": {ACTION_TOKEN_HEADER: "${" + ACTION_TOKEN_VARIABLE + "}"},
        },
        "tracker_store": _sql_tracker_store(settings),
    }
    lock = _lock_store(settings)
    if lock:
        config["lock_store"] = lock
    return config


TELEGRAM_CHANNEL = "connectors.telegram.TelegramInput"
WEB_CHANNEL = "connectors.web_channel.WebChatInput"


def telegram_credentials(settings: Settings) -> dict[str, Any]:
    """What connectors/telegram/channel.py reads: Bot API access, mode, and the app server's loopback API."""
    return {
        # Filled in by Rasa from its environment: the file holds no secret.
        "token": "${TELEGRAM_BOT_TOKEN}",
        "webhook_secret": "${TELEGRAM_WEBHOOK_SECRET}",
        "api_url": settings.telegram_api_url,
        "mode": settings.telegram_mode,
        "app_url": settings.effective_app_url,
        "internal_token": "${" + INTERNAL_TOKEN_VARIABLE + "}",
        "max_file_bytes": settings.telegram_max_file_bytes,
    }


TEAMS_CHANNEL = "connectors.teams.TeamsInput"


def _hosts(value: str) -> list[str]:
    return [h.strip().lower() for h in value.split(",") if h.strip()]


def teams_credentials(settings: Settings) -> dict[str, Any]:
    """What connectors/teams/channel.py reads: the app's identity, Microsoft's endpoints, and
    the app server's loopback API."""
    return {
        "app_id": settings.teams_app_id,
        "app_password": "${TEAMS_APP_PASSWORD}",  # Rasa reads it from the environment
        "tenant_id": settings.teams_tenant_id,
        "accept_entra_tokens": settings.teams_accept_entra_tokens,
        "channel_ids": _hosts(settings.teams_channel_ids),
        "openid_url": settings.teams_openid_url,
        "login_url": settings.teams_login_url,
        "service_hosts": _hosts(settings.teams_service_hosts),
        "file_hosts": _hosts(settings.teams_file_hosts),
        "app_url": settings.effective_app_url,
        "internal_token": "${" + INTERNAL_TOKEN_VARIABLE + "}",
        "max_file_bytes": settings.telegram_max_file_bytes,
    }


def credentials_config(settings: Settings) -> dict[str, Any]:
    """The content of Rasa's credentials.yml: the input channels to open."""
    # Not Rasa's `rest` channel: it trusts whatever sender a caller names (connectors/web_channel.py).
    config: dict[str, Any] = {WEB_CHANNEL: {"internal_token": "${" + INTERNAL_TOKEN_VARIABLE + "}"}}
    if settings.telegram_enabled:
        config[TELEGRAM_CHANNEL] = telegram_credentials(settings)
    if settings.teams_enabled:
        config[TEAMS_CHANNEL] = teams_credentials(settings)
    return config


def write_rasa_config(settings: Settings) -> tuple[Path, Path]:
    """Write endpoints and credentials for these settings; returns their paths."""
    run_dir = private_dir(settings.data_dir / "run")
    endpoints = run_dir / "endpoints.yml"
    credentials = run_dir / "credentials.yml"
    # 0600 from the first byte: the tracker store's password may be in it.
    write_private(endpoints, yaml.safe_dump(endpoints_config(settings), sort_keys=False))
    write_private(credentials, yaml.safe_dump(credentials_config(settings), sort_keys=False))
    return endpoints, credentials
