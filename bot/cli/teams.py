"""`vpt teams package`: the Teams app package an administrator uploads (README, section Teams).

The zip holds manifest.json (a bot-only personal app that may receive files), color.png
(192x192) and outline.png (32x32, white on transparent) at its root, as Teams requires
(https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

from bot.settings import Settings

MANIFEST_VERSION = "1.30"
SCHEMA = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}"
    "/MicrosoftTeams.schema.json"
)
ACCENT = "#1F4E79"
# What a worker reads in the Teams app store of their organisation.
SHORT_NAME = "VPT meldbot"
FULL_NAME = "Meldbot agressie en geweld op het werk"
SHORT_DESCRIPTION = "Meld agressie of geweld op je werk, in je eigen woorden."
FULL_DESCRIPTION = (
    "Ben je op je werk uitgescholden, bedreigd, aangevallen of gediscrimineerd? Vertel het hier "
    "in je eigen woorden. De meldbot stelt een paar vragen, bewaart je melding voor je "
    "organisatie en helpt je met nazorg en de aangifte. Ben je in gevaar? Bel 112."
)


def manifest(settings: Settings, *, website: str, developer: str, version: str) -> dict:
    """The app manifest for this bot (the Azure Bot's app id is the bot id)."""
    site = website.rstrip("/")
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": settings.teams_app_id,
        "developer": {
            "name": developer[:32],
            "websiteUrl": site,
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/voorwaarden",
        },
        "name": {"short": SHORT_NAME, "full": FULL_NAME},
        "description": {"short": SHORT_DESCRIPTION, "full": FULL_DESCRIPTION},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": settings.teams_app_id,
                "scopes": ["personal"],
                "supportsFiles": True,
                "isNotificationOnly": False,
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def _icon(size: int, *, outline: bool) -> bytes:
    """A speech bubble: white on the accent colour (color), or white on transparent (outline)."""
    from PIL import Image, ImageDraw

    background = (0, 0, 0, 0) if outline else ACCENT
    image = Image.new("RGBA", (size, size), background)
    draw = ImageDraw.Draw(image)
    m = size // 5
    box = (m, m, size - m, size - m - size // 8)
    width = max(1, size // 16)
    if outline:
        draw.rounded_rectangle(box, radius=size // 8, outline="white", width=width)
    else:
        draw.rounded_rectangle(box, radius=size // 8, fill="white")
    tail = [(m + size // 6, box[3] - 1), (m + size // 6, size - m), (m + size // 3, box[3] - 1)]
    draw.polygon(tail, fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build_package(settings: Settings, out: Path, **manifest_options: Any) -> Path:
    """Write the zip to upload to Teams; returns its path."""
    if not settings.teams_app_id:
        raise ValueError("TEAMS_APP_ID is not set (README, section Teams)")
    data = manifest(settings, **manifest_options)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(data, ensure_ascii=False, indent=2))
        package.writestr("color.png", _icon(192, outline=False))
        package.writestr("outline.png", _icon(32, outline=True))
    return out


def _cmd_package(args: argparse.Namespace, settings: Settings) -> int:
    if not args.website.startswith("https://"):
        print("vpt: --website must start with https://", file=sys.stderr)
        return 2
    try:
        path = build_package(
            settings,
            Path(args.out),
            website=args.website,
            developer=args.developer
            or settings.teams_organisation
            or settings.default_organisation,
            version=args.version,
        )
    except ValueError as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 2
    print(f"==> {path}: upload it in Teams (Apps > Manage your apps > Upload an app)")
    return 0


def add_teams_commands(sub: argparse._SubParsersAction) -> None:
    """Register `vpt teams package`."""
    teams = sub.add_parser("teams", help="Microsoft Teams app package")
    teams_sub = teams.add_subparsers(dest="teams_command", required=True)
    package = teams_sub.add_parser("package", help="write the app package zip to upload to Teams")
    package.add_argument("--out", default="vpt-teams.zip", help="zip file to write")
    package.add_argument(
        "--website", required=True, help="https URL of your organisation (privacy page below it)"
    )
    package.add_argument("--developer", help="name shown as publisher (default: the organisation)")
    package.add_argument("--version", default="1.0.0", help="app version; raise it on each upload")
    package.set_defaults(func=_cmd_package)
