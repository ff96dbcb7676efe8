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
