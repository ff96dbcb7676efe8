"""`vpt teams package` writes the zip Teams accepts: manifest and two icons at its root."""

from __future__ import annotations

import io
import json
import zipfile

from PIL import Image

from bot.cli.main import main

APP_ID = "11111111-2222-3333-4444-555555555555"
TEAMS_ENV = {
    "TEAMS_APP_ID": APP_ID,
    "TEAMS_APP_PASSWORD": "secret",
    "TEAMS_TENANT_ID": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
}


def test_the_package_holds_a_personal_bot_manifest_and_both_icons(tmp_path, monkeypatch):
    for name, value in TEAMS_ENV.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "vpt-teams.zip"
    code = main(["teams", "package", "--out", str(out), "--website", "https://example.nl"])
    assert code == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color = Image.open(io.BytesIO(package.read("color.png")))
        outline = Image.open(io.BytesIO(package.read("outline.png")))
    (bot,) = manifest["bots"]
    assert bot == {
        "botId": APP_ID,
        "scopes": ["personal"],
        "supportsFiles": True,
        "isNotificationOnly": False,
    }
    assert manifest["manifestVersion"] in manifest["$schema"]
    assert manifest["developer"]["privacyUrl"].startswith("https://example.nl")
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert color.size == (192, 192)
    assert outline.size == (32, 32) and outline.mode == "RGBA"
    visible = [c for _, c in outline.getcolors(32 * 32) if c[3] > 0]
    assert visible and all(c[:3] == (255, 255, 255) for c in visible), "white on transparent"


def test_no_package_without_a_teams_app_id(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    code = main(["teams", "package", "--out", str(tmp_path / "x.zip"), "--website", "https://e.nl"])
    assert code == 2 and "TEAMS_APP_ID" in capsys.readouterr().err
