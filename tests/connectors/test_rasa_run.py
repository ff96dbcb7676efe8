"""Starting Rasa: the HTTP API token reaches Rasa's parser but never the command line."""

from __future__ import annotations

import argparse

import pytest

from bot.runtime.supervisor import service_specs
from bot.settings import Settings
from connectors.rasa_run import rasa_argv


def test_the_token_from_the_environment_is_added_for_rasas_parser():
    argv = rasa_argv(["--port", "5005"], "s3cret")
    assert argv == ["rasa", "run", "--port", "5005", "--enable-api", "--auth-token=s3cret"]


def test_a_token_that_starts_with_a_dash_is_still_one_value():
    # secrets.token_urlsafe may start with "-": an argparse parser like Rasa's must not take
    # it for an option.
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth-token")
    parser.add_argument("--enable-api", action="store_true")
    parsed = parser.parse_args(rasa_argv([], "-abc")[2:])
    assert parsed.auth_token == "-abc"


def test_an_empty_token_refuses_to_start_an_open_api():
    with pytest.raises(SystemExit, match="VPT_RASA_API_TOKEN is empty"):
        rasa_argv(["--port", "5005"], "")


def test_a_token_on_the_command_line_is_refused():
    with pytest.raises(SystemExit, match="not with --auth-token"):
        rasa_argv(["--auth-token", "visible"], "s3cret")


def test_no_process_the_supervisor_starts_has_a_token_on_its_command_line(tmp_path):
    settings = Settings(
        data_dir=tmp_path, rasa_api_token="rasa-token-123", internal_token="internal-token-456"
    )
    specs = service_specs(settings, root=tmp_path)
    rasa = next(spec for spec in specs if spec.name == "rasa")
    assert rasa.command[1:3] == ["-m", "connectors.rasa_run"]
    for spec in specs:
        assert not any("token-123" in part or "token-456" in part for part in spec.command)
