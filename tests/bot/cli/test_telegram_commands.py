"""`vpt invite` prints a single-use deep link; `vpt telegram set-webhook` registers the secret."""

from __future__ import annotations

import re

import pytest

from bot.cli.main import main
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from tests.telegram_fake import FakeTelegram


@pytest.fixture
def fake():
    server = FakeTelegram("1:tok")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def env(monkeypatch, tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:tok")
    monkeypatch.setenv("TELEGRAM_API_URL", fake.url)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "webhook_secret-1")
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)


def test_invite_prints_a_deep_link_with_the_bots_name(env, capsys):
    assert main(["invite", "--org", "Gemeente Teststad", "--days", "3"]) == 0
    out = capsys.readouterr()
    assert re.fullmatch(r"https://t\.me/vpt_meld_bot\?start=[A-Za-z0-9_-]{24}\n", out.out)
    assert "Gemeente Teststad" in out.err


def test_set_webhook_sends_the_url_and_the_secret(env, fake, capsys):
    assert (
        main(["telegram", "set-webhook", "https://vpt.example.nl/webhooks/telegram/webhook"]) == 0
    )
    (call,) = fake.calls_of("setWebhook")
    assert call.params["url"] == "https://vpt.example.nl/webhooks/telegram/webhook"
    assert call.params["secret_token"] == "webhook_secret-1"
    assert "1:tok" not in capsys.readouterr().out


def test_set_webhook_refuses_plain_http(env, capsys):
    assert main(["telegram", "set-webhook", "http://vpt.example.nl/hook"]) == 1
    assert "https" in capsys.readouterr().err
