"""Generated input through the parsing of every field and through storage: nothing crashes and
every report is stored. A short run here; `make soak` runs 10,000 per field and times each call."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.storage.models import Report
from bot.understanding.classifier import LexiconClassifier
from tests.fuzz_targets import FIELDS, run_field, store_report, texts

CLASSIFIER = LexiconClassifier()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), text=texts)
def test_any_text_as_the_answer_to_any_field_is_read_without_crashing(field, text):
    run_field(field, text, CLASSIFIER)


def test_any_text_in_every_field_of_a_report_is_stored(session_factory):
    stored: list[tuple[int, str]] = []

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(text=texts)
    def store(text):
        stored.append((store_report(session_factory, text), text))

    store()
    with session_factory() as session:
        for report_id, _ in stored:
            report = session.get(Report, report_id)
            assert report is not None
            assert "\x00" not in (report.narrative or "")
            assert len(report.weapon or "") <= 100
