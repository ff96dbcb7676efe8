"""The loopback API the Rasa channels call: refused without the token, stores what it is given."""

from __future__ import annotations

import json

import aiohttp
import pytest
from sqlalchemy import select

from bot.settings import Settings
from bot.storage.db import make_engine
from bot.storage.models import Evidence
from bot.web.app import create_app
from tests.bot.web.conftest import INTERNAL_TOKEN
from tests.pdf_reading import pdf_text
from tests.telegram_updates import GPS_MARK, jpeg_with_location

TOKEN = INTERNAL_TOKEN


@pytest.fixture
async def client(internal_client):
    return await internal_client(telegram_max_file_bytes=5000)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": TOKEN}]
)
async def test_calls_without_the_token_are_refused(client, headers):
    response = await client.post(
        "/internal/telegram/updates/claim", json={"update_id": 1}, headers=headers
    )
    assert response.status == 401


async def test_no_configured_token_refuses_everything(aiohttp_client, tmp_path):
    app_client = await aiohttp_client(create_app(Settings(data_dir=tmp_path)))
    response = await app_client.get(
        "/internal/telegram/offset", headers={"Authorization": "Bearer "}
    )
    assert response.status == 401


async def test_an_update_is_claimed_once_through_the_api(client):
    first = await client.post(
        "/internal/telegram/updates/claim", json={"update_id": 9, "chat_id": 5}, headers=AUTH
    )
    again = await client.post(
        "/internal/telegram/updates/claim", json={"update_id": 9, "chat_id": 5}, headers=AUTH
    )
    assert (await first.json())["claimed"] is True
    assert (await again.json())["claimed"] is False
    known = await client.get("/internal/telegram/chats/5", headers=AUTH)
    assert (await known.json())["known"] is True


async def test_a_delivery_key_is_sent_only_once_it_is_confirmed(client):
    async def claim() -> str:
        response = await client.post(
            "/internal/deliveries/claim", json={"key": "k:day1#0"}, headers=AUTH
        )
        return (await response.json())["state"]

    assert await claim() == "claimed"
    assert await claim() == "in_progress"  # claimed, not yet confirmed
    await client.post("/internal/deliveries/confirm", json={"key": "k:day1#0"}, headers=AUTH)
    assert await claim() == "sent"


async def test_the_offset_is_kept(client):
    await client.put("/internal/telegram/offset", json={"offset": 77}, headers=AUTH)
    response = await client.get("/internal/telegram/offset", headers=AUTH)
    assert (await response.json())["offset"] == 77


async def test_bad_bodies_are_400(client):
    response = await client.post("/internal/telegram/updates/claim", data=b"not json", headers=AUTH)
    assert response.status == 400
    response = await client.post(
        "/internal/telegram/updates/claim", json={"update_id": "1"}, headers=AUTH
    )
    assert response.status == 400


def _evidence_form(data: bytes) -> aiohttp.FormData:
    form = aiohttp.FormData()
    meta = {
        "channel": "telegram",
        "channel_user_id": "42",
        "kind": "photo",
        "mime_type": "image/jpeg",
    }
    form.add_field("meta", json.dumps(meta), content_type="application/json")
    form.add_field("file", data, filename="evidence", content_type="application/octet-stream")
    return form


async def test_evidence_is_stored_without_location(client, tmp_path):
    response = await client.post(
        "/internal/evidence", data=_evidence_form(jpeg_with_location()), headers=AUTH
    )
    assert response.status == 200
    body = await response.json()
    assert body["kind"] == "photo" and body["metadata_stripped"] is True
    engine = make_engine(f"sqlite:///{tmp_path / 'vpt.db'}")
    with engine.connect() as conn:
        (path,) = conn.execute(select(Evidence.path)).scalars()
    engine.dispose()
    assert GPS_MARK not in (tmp_path / path).read_bytes()


async def test_a_type_that_is_not_accepted_is_answered_refused_and_not_stored(client, tmp_path):
    response = await client.post(
        "/internal/evidence", data=_evidence_form(b"<svg onload='x'/>"), headers=AUTH
    )
    assert response.status == 200
    assert await response.json() == {"refused": "type_not_accepted"}
    assert not (tmp_path / "evidence").exists() or not list((tmp_path / "evidence").iterdir())


async def test_oversized_evidence_is_refused(client, tmp_path):
    response = await client.post(
        "/internal/evidence", data=_evidence_form(b"x" * 6000), headers=AUTH
    )
    assert response.status == 413
    assert not (tmp_path / "evidence").exists() or not list((tmp_path / "evidence").iterdir())


async def test_redeem_answers_unknown_for_a_wrong_code(client):
    response = await client.post(
        "/internal/invites/redeem",
        json={"channel": "telegram", "channel_user_id": "42", "code": "x" * 24},
        headers=AUTH,
    )
    assert (await response.json())["status"] == "unknown"


async def test_the_aangifte_pdf_goes_only_to_the_account_that_told_the_report(client, tmp_path):
    from datetime import datetime, timezone

    from bot.services.reporting import submit_report
    from bot.storage.db import make_session_factory
    from bot.storage.reports import ReporterRef
    from tests.bot.services.test_reporting import full_draft

    now = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)
    engine = make_engine(f"sqlite:///{tmp_path / 'vpt.db'}")
    stored = submit_report(
        make_session_factory(engine),
        full_draft(now),
        ReporterRef("telegram", "555", None),
        default_organisation="Gemeente",
        now=now,
    )
    engine.dispose()
    ask = {"channel": "telegram", "channel_user_id": "555", "report_id": stored.report_id}
    response = await client.post("/internal/documents/aangifte", json=ask, headers=AUTH)
    assert response.status == 200 and response.content_type == "application/pdf"
    pdf = await response.read()
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)  # the new sheet, as a reader sees it
    assert f"Voorbereiding aangifte Melding {stored.receipt}" in text and "0900-8844" in text
    other = {**ask, "channel_user_id": "556"}
    response = await client.post("/internal/documents/aangifte", json=other, headers=AUTH)
    assert response.status == 404
    response = await client.post("/internal/documents/aangifte", json=ask)
    assert response.status == 401
