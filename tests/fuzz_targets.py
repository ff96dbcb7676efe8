"""What the fuzz test (tests/bot/test_fuzz.py) and `make soak` (scripts/soak.py) feed generated
text through: each field a worker fills, through the parsing, and a whole report through storage.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.draft import QUESTIONS, Draft
from bot.dialogue.report import answer, apply_correction, start_draft
from bot.dialogue.turn import Turn
from bot.services.reporting import submit_report
from bot.storage.reports import ReporterRef
from bot.understanding.amounts import amount_cents
from bot.understanding.classifier import Classifier
from bot.understanding.extraction.facts import extract_facts
from bot.understanding.timeparse.parse import parse_time

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
STORY = "gisteren rond half 7 schold een klant me uit aan de balie en gooide een stoel naar me"
# Every question of the report, plus the damage amount and a correction at any moment.
FIELDS: tuple[str, ...] = (
    *QUESTIONS,
    "damage_amount",
    "correction",
    "opening",
    "parse_time",
    "extract_facts",
)

_WORDS = (
    "gisteren vandaag om half 7 uur geleden 10 min net balie tram bus klant man vrouw "
    "schold sloeg spuugde dreigde mes stoel blauwe plek ja nee weet ik niet € 250,- "
    "ongeveer 300 euro politie getuigen collega niet wel toch stop opslaan"
).split()

# Any Unicode, lone surrogates and control characters included, and Dutch-looking text with
# long whitespace runs (the shapes that made the time parser quadratic).
any_text = st.text(st.characters(exclude_categories=()), max_size=400)
dutch_text = st.lists(
    st.one_of(
        st.sampled_from(_WORDS),
        st.sampled_from(
            [" " * 50, "\n" * 20, "\t", "\x00", "\ud83d", "😡", "1" * 30, "€ " + "9" * 25]
        ),
    ),
    max_size=120,
).map(" ".join)
long_text = st.integers(min_value=1000, max_value=4000).map(lambda n: "a" + " " * n + "a")
texts = st.one_of(any_text, dutch_text, long_text)


_BASE: dict[int, Draft] = {}


def _base_draft(classifier: Classifier) -> Draft:
    """The draft after the opening story, made once per classifier."""
    key = id(classifier)
    if key not in _BASE:
        opening = Turn(text=STORY, now=NOW, intent="describe_incident", confidence=0.9)
        _BASE[key] = start_draft(opening, "d", classifier).draft
    return _BASE[key]


def run_field(field: str, text: str, classifier: Classifier) -> None:
    """One message as the answer to `field`: what the bot does with one message there."""
    if field == "damage_amount":
        amount_cents(text)
        return
    if field == "opening":
        turn = Turn(text=text, now=NOW, intent="describe_incident", confidence=0.9)
        start_draft(turn, "d", classifier)
        return
    draft, turn = _base_draft(classifier), Turn(text=text, now=NOW)
    if field == "correction":
        apply_correction(draft, turn, classifier)
    elif field == "parse_time":
        parse_time(text, NOW)
    elif field == "extract_facts":
        extract_facts(text)
    else:
        answer(draft, field, turn, classifier)


_ids = itertools.count()


def store_report(factory: sessionmaker[Session], text: str) -> int:
    """A report whose every text field (and the sender id) holds `text`; returns its id."""
    n = next(_ids)
    draft = Draft(
        draft_id=f"fuzz-{n}",
        started_at=NOW - timedelta(minutes=5),
        safe_now=True,
        narrative=text or "leeg",
        types=("verbale_agressie",),
        occurred_at=NOW - timedelta(hours=1),
        occurred_at_precision="hour",
        occurred_at_text=text,
        location_type="balie_publieksruimte",
        location_text=text,
        perpetrator="onbekend",
        perpetrator_description=text,
        injury=True,
        injury_text=text,
        damage_text=text,
        weapon=text,
        witnesses=False,
        police_present=False,
    )
    reporter = ReporterRef("rest", f"web-fuzz-{n}-{text[:50]}", text[:200] or None)
    stored = submit_report(factory, draft, reporter, default_organisation="Fuzz", now=NOW)
    return stored.report_id
