"""The Teams settings: read from the environment, checked at start-up, the secret hidden."""

from __future__ import annotations

import pytest

from bot.runtime.rasa_config import TEAMS_CHANNEL, credentials_config
from bot.settings import SettingsError, load_settings

APP = "11111111-2222-3333-4444-555555555555"
TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
ENV = {"TEAMS_APP_ID": APP, "TEAMS_APP_PASSWORD": "s3cret-value", "TEAMS_TENANT_ID": TENANT}


def test_teams_settings_open_the_channel_and_hide_the_secret():
    settings = load_settings({**ENV, "TEAMS_ORGANISATION": "Gemeente X"})
    assert settings.teams_enabled
    assert settings.teams_tenant_organisations == {TENANT: "Gemeente X"}
    assert "s3cret-value" not in repr(settings)
    channel = credentials_config(settings)[TEAMS_CHANNEL]
    assert channel["app_id"] == APP and channel["tenant_id"] == TENANT
    assert channel["service_hosts"] == [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
    ]
    assert channel["accept_entra_tokens"] is True


def test_without_teams_settings_there_is_no_channel():
    settings = load_settings({})
    assert not settings.teams_enabled
    assert TEAMS_CHANNEL not in credentials_config(settings)


def test_the_tenant_organisation_defaults_to_the_default_organisation():
    settings = load_settings({**ENV, "VPT_DEFAULT_ORGANISATION": "Provincie Y"})
    assert settings.teams_tenant_organisations == {TENANT: "Provincie Y"}


@pytest.mark.parametrize(
    "changes",
    [
        {"TEAMS_APP_PASSWORD": ""},
        {"TEAMS_TENANT_ID": "botframework.com"},
        {"TEAMS_APP_ID": "not-a-guid"},
        {"TEAMS_ACCEPT_ENTRA_TOKENS": "maybe"},
    ],
)
def test_an_incomplete_teams_configuration_fails_fast(changes):
    with pytest.raises(SettingsError):
        load_settings({**ENV, **changes})


def test_entra_tokens_can_be_switched_off():
    assert (
        load_settings({**ENV, "TEAMS_ACCEPT_ENTRA_TOKENS": "false"}).teams_accept_entra_tokens
        is False
    )
