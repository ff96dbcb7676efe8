"""Starting Rasa: never with its HTTP API, and with no secret on any command line."""

from __future__ import annotations

import pytest

from bot.runtime.supervisor import service_specs
from bot.settings import Settings
from connectors.rasa_run import rasa_argv


def test_rasa_runs_without_its_http_api():
    assert rasa_argv(["--port", "5005"]) == ["rasa", "run", "--port", "5005"]


@pytest.mark.parametrize("option", ["--enable-api", "--auth-token=x", "--cors"])
def test_switching_the_http_api_on_is_refused(option):
    with pytest.raises(SystemExit, match="HTTP API stays off"):
        rasa_argv(["--port", "5005", option])


def test_no_process_the_supervisor_starts_has_a_token_on_its_command_line(tmp_path):
    settings = Settings(
        data_dir=tmp_path, action_token="a" * 40 + "-123", internal_token="i" * 40 + "-456"
    )
    specs = service_specs(settings, root=tmp_path)
    rasa = next(spec for spec in specs if spec.name == "rasa")
    assert rasa.command[1:3] == ["-m", "connectors.rasa_run"]
    for spec in specs:
        assert not any("-123" in part or "-456" in part for part in spec.command)
