"""Settings come from the environment once, fail fast and never show secrets."""

import pytest

from bot.settings import Settings, SettingsError, load_settings


def test_defaults_need_no_environment():
    settings = load_settings({})
    assert settings.effective_database_url == "sqlite:///data/vpt.db"
    assert settings.effective_rasa_url == "http://127.0.0.1:5005"
    assert settings.effective_action_url == "http://127.0.0.1:5055/webhook"
    assert settings.bind_host == "127.0.0.1"


def test_environment_overrides_ports_and_urls():
    settings = load_settings(
        {"VPT_APP_PORT": "9090", "DATABASE_URL": "postgresql://u@h/db", "VPT_DATA_DIR": "/srv/vpt"}
    )
    assert settings.app_port == 9090
    assert settings.effective_database_url == "postgresql://u@h/db"
    assert str(settings.data_dir) == "/srv/vpt"


def test_malformed_port_fails_fast_with_the_variable_name():
    with pytest.raises(SettingsError, match="VPT_RASA_PORT"):
        load_settings({"VPT_RASA_PORT": "vijf"})


def test_unknown_time_zone_fails_fast():
    with pytest.raises(SettingsError, match="VPT_TIMEZONE"):
        load_settings({"VPT_TIMEZONE": "Europe/Nergens"})


def test_repr_hides_database_passwords():
    settings = Settings(
        database_url="postgresql://vpt:geheim@db/vpt", redis_url="redis://:ook-geheim@r:6379/0"
    )
    shown = repr(settings)
    assert "geheim" not in shown
    assert "vpt:***@db" in shown


def test_telegram_settings_come_from_the_environment_and_secrets_are_hidden():
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "123:geheim-token",
            "TELEGRAM_WEBHOOK_SECRET": "geheim_secret-1",
            "TELEGRAM_API_URL": "http://127.0.0.1:9999",
            "VPT_INTERNAL_TOKEN": "geheim-intern-" + "x" * 32,
        }
    )
    assert settings.telegram_enabled and settings.telegram_mode == "polling"
    assert settings.telegram_api_url == "http://127.0.0.1:9999"
    assert "geheim" not in repr(settings)


def test_telegram_defaults_to_the_public_bot_api_and_no_channel():
    settings = load_settings({})
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert not settings.telegram_enabled


def test_a_webhook_url_selects_webhook_mode_and_needs_a_secret():
    env = {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://vpt.example.nl/hook"}
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load_settings(env)
    settings = load_settings({**env, "TELEGRAM_WEBHOOK_SECRET": "abc"})
    assert settings.telegram_mode == "webhook"


@pytest.mark.parametrize("secret", ["met spatie", "x" * 257, "ünïcode"])
def test_a_webhook_secret_telegram_would_refuse_fails_fast(secret):
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load_settings({"TELEGRAM_WEBHOOK_SECRET": secret})


def test_a_malformed_max_file_size_fails_fast():
    with pytest.raises(SettingsError, match="TELEGRAM_MAX_FILE_BYTES"):
        load_settings({"TELEGRAM_MAX_FILE_BYTES": "veel"})


def test_aftercare_retention_is_read_and_too_short_a_period_is_refused():
    assert load_settings({"VPT_AFTERCARE_RETENTION_DAYS": "180"}).aftercare_retention_days == 180
    assert load_settings({}).aftercare_retention_days == 365
    with pytest.raises(SettingsError, match="VPT_AFTERCARE_RETENTION_DAYS must be at least 90"):
        load_settings({"VPT_AFTERCARE_RETENTION_DAYS": "30"})


ENTRA = {
    "VPT_OIDC_ISSUER": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "VPT_OIDC_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
    "VPT_OIDC_CLIENT_SECRET": "client-geheim",
    "VPT_OIDC_ROLE_MAP": "VPT.Coordinator=coordinator@Gemeente X; VPT.Admin=admin@Gemeente X",
}


def test_oidc_settings_are_read_and_the_client_secret_is_hidden():
    from bot.settings import parse_role_map

    settings = load_settings(ENTRA)
    assert settings.oidc_roles_claim == "roles"
    assert settings.oidc_scopes == "openid profile email"
    assert parse_role_map(settings.oidc_role_map) == (
        ("VPT.Coordinator", "coordinator", "Gemeente X"),
        ("VPT.Admin", "admin", "Gemeente X"),
    )
    assert "client-geheim" not in repr(settings)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"VPT_OIDC_ISSUER": "http://idp.gemeente.nl"}, "VPT_OIDC_ISSUER must start with https"),
        ({"VPT_OIDC_CLIENT_ID": ""}, "VPT_OIDC_CLIENT_ID"),
        ({"VPT_OIDC_ROLE_MAP": ""}, "VPT_OIDC_ROLE_MAP is empty"),
        ({"VPT_OIDC_ROLE_MAP": "VPT.Boss=boss@Gemeente X"}, "VPT_OIDC_ROLE_MAP"),
        ({"VPT_OIDC_ROLE_MAP": "VPT.Admin=admin"}, "VPT_OIDC_ROLE_MAP"),
        ({"VPT_OIDC_SCOPES": "profile email"}, "openid"),
    ],
)
def test_an_oidc_configuration_that_cannot_work_fails_fast(changes, message):
    with pytest.raises(SettingsError, match=message):
        load_settings({**ENTRA, **changes})


def test_oidc_on_loopback_http_is_allowed_for_tests():
    settings = load_settings({**ENTRA, "VPT_OIDC_ISSUER": "http://localhost:8765"})
    assert settings.oidc_issuer == "http://localhost:8765"


def test_dashboard_cookie_and_public_url_settings_are_checked():
    assert load_settings({}).dashboard_cookie_secure == "auto"
    assert load_settings({"VPT_DASHBOARD_COOKIE_SECURE": "on"}).dashboard_cookie_secure == "on"
    with pytest.raises(SettingsError, match="VPT_DASHBOARD_COOKIE_SECURE"):
        load_settings({"VPT_DASHBOARD_COOKIE_SECURE": "ja"})
    with pytest.raises(SettingsError, match="VPT_DASHBOARD_PUBLIC_URL"):
        load_settings({"VPT_DASHBOARD_PUBLIC_URL": "http://vpt.gemeente.nl"})
    url = "https://vpt.gemeente.nl"
    assert load_settings({"VPT_DASHBOARD_PUBLIC_URL": url}).dashboard_public_url == url


def test_a_short_operator_token_fails_at_start_up():
    with pytest.raises(SettingsError, match="VPT_INTERNAL_TOKEN must be at least 32"):
        load_settings({"VPT_INTERNAL_TOKEN": "abc"})
    with pytest.raises(SettingsError, match="VPT_ACTION_TOKEN"):
        load_settings({"VPT_ACTION_TOKEN": "short"})


def test_the_public_and_the_internal_listeners_are_set_apart():
    settings = load_settings({"VPT_BIND_HOST": "0.0.0.0"})
    assert settings.internal_host == "127.0.0.1"
    assert settings.effective_app_url == "http://127.0.0.1:8079"
    assert settings.effective_rasa_url == "http://127.0.0.1:5005"
    assert settings.public_probe_host == "127.0.0.1"
