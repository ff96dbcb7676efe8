"""The aangifte preparation sheet, the response letters, and the CLI commands that print them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.cli.main import main
from bot.services.documents import MEASURES, aangifte_draft, response_letter, without_addresses
from bot.services.reporting import submit_report
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import Report
from bot.storage.reports import ReporterRef
from bot.understanding.amounts import amount_cents
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS
from tests.pdf_reading import pdf_text

HOME = "Dorpsstraat 12"
HOME_POSTCODE = "1234 AB"
EMPLOYER_ADDRESS = "Stadhuisplein 1, 9999 ZZ Teststad"
NARRATIVE = (
    "een klant schreeuwde dat hij weet dat ik op de Dorpsstraat 12 in 1234 AB woon en gaf me "
    "een duw tegen mijn schouder"
)


@pytest.fixture
def env(monkeypatch, tmp_path, now):
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    stored = submit_report(
        factory,
        full_draft(
            now,
            narrative=NARRATIVE,
            types=("bedreiging", "fysieke_agressie"),
            injury=True,
            injury_text="blauwe plek op mijn schouder",
            damage_text="bril kapot, ongeveer 180 euro",
            wants_aangifte=True,
        ),
        ReporterRef("rest", "web-1", "Sanne de Vries"),
        default_organisation="Gemeente Teststad",
        now=now,
    )
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VPT_DATA_DIR", str(tmp_path))
    yield factory, stored.report_id, tmp_path
    engine.dispose()


def _report(factory, report_id):
    session = factory()
    return session, session.get(Report, report_id)


def test_addresses_in_the_workers_words_are_left_out():
    text = without_addresses("hij weet dat ik op de Dorpsstraat 12a woon, 1234 AB Teststad")
    assert "Dorpsstraat" not in text and "1234 AB" not in text
    assert without_addresses("in de tram bij halte Centraal") == "in de tram bij halte Centraal"


def test_damage_amounts_are_read_in_cents():
    assert amount_cents("bril kapot, ongeveer 180 euro") == 18000
    assert amount_cents("€ 1.250,50 aan schade") == 125050
    assert amount_cents("een kapotte bril") is None


def test_aangifte_draft_has_the_employers_address_and_no_home_address(env):
    factory, report_id, _ = env
    with factory() as s, s.begin():
        s.get(Report, report_id).organisation.address = EMPLOYER_ADDRESS
    session, report = _report(factory, report_id)
    with session:
        text = aangifte_draft(report, AMS)
    assert EMPLOYER_ADDRESS in text
    assert HOME not in text and HOME_POSTCODE not in text
    assert "Sanne" not in text
    for part in ("0900-8844", "onder nummer", "VPT-zaak", "blauwe plek", "EUR 180,00"):
        assert part in text, part
    assert "duw tegen mijn schouder" in text
    assert "Schadefonds" in text and "8 maanden" in text and "10 jaar" in text


def test_response_letter_names_date_behaviour_measure_repeat_aangifte_and_objection(env, now):
    factory, report_id, _ = env
    session, report = _report(factory, report_id)
    with session:
        letters = {
            m: response_letter(report, m, AMS, today=now + timedelta(days=1)) for m in MEASURES
        }
        custom = response_letter(
            report, "locatieverbod", AMS, today=now, duration="zes weken", rule="geen geweld"
        )
    for measure, text in letters.items():
        assert "23 november 2026" in text and "24 november 2026" in text, measure
        assert "bedreiging of intimidatie" in text and "fysiek geweld" in text
        assert "aangifte" in text and "schade" in text and "bezwaar" in text
        assert report.receipt in text
        assert HOME not in text and "duw" not in text  # the worker's words stay out of it
    assert (
        "gele kaart" in letters["waarschuwingsbrief"]
        and "een jaar" in letters["waarschuwingsbrief"]
    )
    assert "artikel 138" in letters["locatieverbod"] and "drie maanden" in letters["locatieverbod"]
    assert "zes weken" in custom and "geen geweld" in custom
    with pytest.raises(ValueError):
        response_letter(report, "boete", AMS, today=now)


def test_cli_aangifte_draft_prints_text_and_writes_a_pdf(env, capsys):
    factory, report_id, tmp_path = env
    assert main(["org-address", "--org", "Gemeente Teststad", EMPLOYER_ADDRESS]) == 0
    pdf = tmp_path / "a.pdf"
    assert main(["aangifte-draft", str(report_id), "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert EMPLOYER_ADDRESS in out and HOME not in out
    text = pdf_text(pdf.read_bytes())
    assert EMPLOYER_ADDRESS in text and "duw tegen mijn schouder" in text and HOME not in text
    assert main(["aangifte-draft", "999999"]) == 1


def test_cli_response_done_shows_in_reports_json_and_stops_the_reminders(env, capsys, now):
    factory, report_id, _ = env
    assert main(["response-letter", str(report_id), "--kind", "gesprek"]) == 0
    assert "gesprek" in capsys.readouterr().out
    assert main(["response-done", str(report_id), "--measure", "waarschuwingsbrief"]) == 0
    assert main(["report-update", str(report_id), "--aangifte-status", "gedaan"]) == 0
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["response_due_at"] == (now + timedelta(hours=48)).isoformat()
    assert row["response_done_at"] is not None
    assert row["response_measure"] == "waarschuwingsbrief"
    assert row["aangifte_decision"] == "wil_aangifte" and row["aangifte_status"] == "gedaan"
    assert row["damage_amount_cents"] == 18000 and row["delivery_problem"] is False
    assert main(["followups", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["response_reminder_24h"]["status"] == "cancelled"
    assert by_kind["aangifte_check"]["status"] == "pending"
    assert set(by_kind["aangifte_check"]) >= {"due_at", "attempts", "last_error", "channel"}
