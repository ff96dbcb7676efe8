"""Rasa's endpoints and credentials follow our settings; the committed files are the defaults."""

from pathlib import Path

import yaml

from bot.runtime.rasa_config import credentials_config, endpoints_config, write_rasa_config
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


def test_committed_endpoints_are_what_the_default_settings_give():
    committed = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert committed == endpoints_config(Settings())


def test_committed_credentials_are_what_the_default_settings_give():
    committed = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert committed == credentials_config(Settings())


def test_production_uses_postgresql_tracker_store_and_redis_lock_store():
    config = endpoints_config(
        Settings(
            tracker_store_url="postgresql://rasa:pw@db.local:5433/tracker",
            redis_url="redis://cache:6380/2",
        )
    )
    assert config["tracker_store"] == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db.local",
        "db": "tracker",
        "port": 5433,
        "username": "rasa",
        "password": "pw",
    }
    assert config["lock_store"] == {
        "type": "redis",
        "url": "cache",
        "port": 6380,
        "db": 2,
        "key_prefix": "vpt",
    }


def test_action_endpoint_follows_the_action_port():
    assert (
        endpoints_config(Settings(action_port=6000))["action_endpoint"]["url"]
        == "http://127.0.0.1:6000/webhook"
    )


def test_written_files_are_private(tmp_path):
    endpoints, credentials = write_rasa_config(Settings(data_dir=tmp_path))
    assert endpoints.stat().st_mode & 0o077 == 0
    assert yaml.safe_load(endpoints.read_text())["tracker_store"]["db"] == f"{tmp_path}/tracker.db"
    assert credentials.exists()


def test_telegram_channel_is_opened_only_with_a_token():
    assert "connectors.telegram.TelegramInput" not in credentials_config(Settings())
    config = credentials_config(
        Settings(
            telegram_bot_token="1:x",
            telegram_webhook_secret="s",
            telegram_api_url="http://127.0.0.1:9",
            internal_token="t" * 43,
            internal_port=8181,
        )
    )
    telegram = config["connectors.telegram.TelegramInput"]
    assert telegram == {
        "token": "${TELEGRAM_BOT_TOKEN}",
        "webhook_secret": "${TELEGRAM_WEBHOOK_SECRET}",
        "api_url": "http://127.0.0.1:9",
        "mode": "polling",
        "app_url": "http://127.0.0.1:8181",
        "internal_token": "${VPT_INTERNAL_TOKEN}",
        "max_file_bytes": 20 * 1024 * 1024,
    }
    assert "connectors.web_channel.WebChatInput" in config


def test_rasas_open_rest_channel_is_never_configured():
    assert "rest" not in credentials_config(Settings())
    assert "rest" not in credentials_config(Settings(telegram_bot_token="1:x"))


def test_the_rendered_files_hold_no_secret(tmp_path):
    settings = Settings(
        data_dir=tmp_path,
        internal_token="s3cr3t-intern" * 4,
        action_token="s3cr3t-act" * 5,
        telegram_bot_token="123:BOTTOKEN",
        telegram_webhook_secret="WEBHOOKSECRET",
    )
    for path in write_rasa_config(settings):
        text = path.read_text()
        for secret in ("s3cr3t-intern", "s3cr3t-act", "BOTTOKEN", "WEBHOOKSECRET"):
            assert secret not in text, (path.name, secret)


def test_rasa_calls_the_action_server_with_its_secret_header():
    endpoint = endpoints_config(Settings())["action_endpoint"]
    assert endpoint["headers"] == {"X-VPT-Action-Token": "${VPT_ACTION_TOKEN}"}
