"""Tests for bot.understanding.timeparse.parse: Dutch incident-time words relative to the conversation's clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.understanding.timeparse.parse import TimeMatch, parse_time

AMS = ZoneInfo("Europe/Amsterdam")
TABLE = yaml.safe_load(
    (Path(__file__).parent / "data" / "time_expressions.yml").read_text(encoding="utf-8")
)


def local(text: str) -> datetime:
    """An ISO time with offset as an Europe/Amsterdam datetime (keeps the right DST fold)."""
    return datetime.fromisoformat(text).astimezone(AMS)


def elapsed(earlier: datetime, later: datetime) -> timedelta:
    """Real time between two instants (same-zone subtraction in Python ignores DST)."""
    return later.astimezone(timezone.utc) - earlier.astimezone(timezone.utc)


def at(text: str, now: str) -> str | None:
    """The parsed instant as ISO text, or None."""
    match = parse_time(text, local(now))
    return match.at.isoformat() if match else None


# Wednesday 13 May 2026, 10:00 in Amsterdam.
WED_10 = "2026-05-13T10:00:00+02:00"


def test_table_has_at_least_100_rows_covering_none_and_every_precision():
    assert len(TABLE) >= 100
    assert {row["precision"] for row in TABLE} == {"minute", "hour", "day", "range", None}


@pytest.mark.parametrize("row", TABLE, ids=[row["text"] for row in TABLE])
def test_expression_table(row):
    match = parse_time(row["text"], local(row["now"]))
    if row["at"] is None:
        assert match is None
        return
    assert match is not None
    assert (match.at.isoformat(), match.precision) == (row["at"], row["precision"])
    for words in match.text.split(" … "):
        assert words and words in row["text"]


@pytest.mark.parametrize(
    "row", [r for r in TABLE if r["at"]], ids=[r["text"] for r in TABLE if r["at"]]
)
def test_result_is_never_after_now_at_any_hour_of_the_week(row):
    start = local("2026-05-11T00:20:00+02:00")
    for hours in range(0, 7 * 24, 5):
        now = start + timedelta(hours=hours)
        match = parse_time(row["text"], now)
        assert match is not None and elapsed(match.at, now) >= timedelta(0)


# --- future clamping and previous occurrences ---


def test_a_clock_time_later_today_means_yesterday():
    assert at("om 16.30", WED_10) == "2026-05-12T16:30:00+02:00"


def test_a_clock_time_earlier_today_means_today():
    assert at("om 16.30", "2026-05-13T17:00:00+02:00") == "2026-05-13T16:30:00+02:00"


def test_a_day_part_that_has_begun_is_clamped_to_now():
    assert at("vanavond", "2026-05-13T19:10:00+02:00") == "2026-05-13T19:10:00+02:00"


def test_today_with_a_clock_time_still_to_come_is_clamped_to_now():
    assert at("vandaag om 16.30", WED_10) == WED_10


def test_a_date_without_year_still_to_come_means_last_year():
    assert at("20 mei", WED_10) == "2025-05-20T12:00:00+02:00"
    assert at("13 mei", WED_10) == WED_10


def test_a_date_with_a_future_year_is_clamped_to_now():
    assert at("15-03-2027", WED_10) == WED_10


def test_vannacht_said_in_the_morning_is_the_night_that_just_ended():
    assert at("vannacht", "2026-05-13T07:30:00+02:00") == "2026-05-13T03:00:00+02:00"


# --- weekdays ---


def test_weekday_means_the_latest_such_day():
    assert at("vrijdag", WED_10) == "2026-05-08T12:00:00+02:00"
    assert at("dinsdag", WED_10) == "2026-05-12T12:00:00+02:00"


def test_weekday_said_on_that_day_means_last_week():
    # Today would be "vandaag"; a weekday name is a day before today.
    assert at("woensdag", "2026-05-13T15:00:00+02:00") == "2026-05-06T12:00:00+02:00"
    assert at("dinsdag", WED_10) == "2026-05-12T12:00:00+02:00"


def test_afgelopen_weekday_said_on_that_day_means_a_week_ago():
    assert at("afgelopen woensdag", WED_10) == "2026-05-06T12:00:00+02:00"


def test_weekday_with_a_clock_time_still_to_come_means_last_week():
    assert at("woensdag om 16.30", WED_10) == "2026-05-06T16:30:00+02:00"
    assert at("woensdag om 9.30", WED_10) == "2026-05-06T09:30:00+02:00"


def test_vorige_week_weekday_is_that_day_in_the_previous_calendar_week():
    assert at("vorige week maandag", WED_10) == "2026-05-04T12:00:00+02:00"
    assert at("vorige week zondag", WED_10) == "2026-05-10T12:00:00+02:00"


def test_vorige_week_alone_is_the_same_weekday_last_week_as_a_range():
    match = parse_time("vorige week", local(WED_10))
    assert (match.at.isoformat(), match.precision) == ("2026-05-06T12:00:00+02:00", "range")


def test_two_letter_weekday_needs_a_time_or_afgelopen():
    assert parse_time("di", local(WED_10)) is None
    assert at("di om 15.00", WED_10) == "2026-05-12T15:00:00+02:00"
    assert at("afgelopen di", WED_10) == "2026-05-12T12:00:00+02:00"


def test_zo_before_om_means_around_not_sunday():
    assert at("zo om 3 uur", WED_10) == "2026-05-12T15:00:00+02:00"


# --- half, quarters and the twelve-hour rule ---


@pytest.mark.parametrize("hour", range(7, 12))
def test_half_means_thirty_minutes_before_the_hour(hour):
    expected = f"2026-05-13T{hour - 1:02d}:30:00+02:00"
    assert at(f"vanochtend half {hour}", "2026-05-13T12:00:00+02:00") == expected


def test_half_in_words_and_digits_agree():
    assert (
        at("gisteren half zeven", WED_10)
        == at("gisteren half 7", WED_10)
        == "2026-05-12T18:30:00+02:00"
    )


def test_half_een_is_half_past_twelve():
    assert at("gisteren half een", WED_10) == "2026-05-12T12:30:00+02:00"


def test_quarters_and_minutes_around_the_hour():
    now = "2026-05-13T20:00:00+02:00"
    assert at("kwart over 3", now) == "2026-05-13T15:15:00+02:00"
    assert at("kwart voor 3", now) == "2026-05-13T14:45:00+02:00"
    assert at("tien over half 5", now) == "2026-05-13T16:40:00+02:00"
    assert at("5 voor 4", now) == "2026-05-13T15:55:00+02:00"


def test_bare_hour_one_to_six_is_afternoon():
    assert at("om 5 uur", "2026-05-13T18:00:00+02:00") == "2026-05-13T17:00:00+02:00"
    assert at("om 5 uur", WED_10) == "2026-05-12T17:00:00+02:00"


def test_bare_hour_seven_to_eleven_is_evening_unless_that_is_still_to_come():
    assert at("om 8 uur", "2026-05-13T21:00:00+02:00") == "2026-05-13T20:00:00+02:00"
    assert at("om 8 uur", WED_10) == "2026-05-13T08:00:00+02:00"
    assert at("om 8 uur", "2026-05-13T07:00:00+02:00") == "2026-05-12T20:00:00+02:00"


def test_bare_hour_with_a_day_reads_one_to_six_as_afternoon_and_seven_to_eleven_as_morning():
    assert at("gisteren rond half 7", WED_10) == "2026-05-12T18:30:00+02:00"
    assert at("gisteren om 3 uur", WED_10) == "2026-05-12T15:00:00+02:00"
    assert at("gisteren om 8 uur", WED_10) == "2026-05-12T08:00:00+02:00"
    assert at("gisteren om 10 uur", WED_10) == "2026-05-12T10:00:00+02:00"


def test_morning_words_make_the_morning_reading():
    assert at("gisteren 's ochtends om 8 uur", WED_10) == "2026-05-12T08:00:00+02:00"
    assert at("gistermorgen om 8", WED_10) == "2026-05-12T08:00:00+02:00"


def test_digital_time_is_read_as_written_from_seven_on():
    assert at("gisteren om 9.15", WED_10) == "2026-05-12T09:15:00+02:00"
    assert at("gisteren om 21.15", WED_10) == "2026-05-12T21:15:00+02:00"
    assert at("gisteren om 4.30", WED_10) == "2026-05-12T16:30:00+02:00"
    assert at("gisteren om 04.30", WED_10) == "2026-05-12T04:30:00+02:00"


# --- precision ---


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("om 16.30", "minute"),
        ("half 7", "minute"),
        ("10 min geleden", "minute"),
        ("om 2 uur", "hour"),
        ("tegen vieren", "hour"),
        ("gisteren", "day"),
        ("15/3", "day"),
        ("vanochtend", "range"),
        ("vorige week", "range"),
    ],
)
def test_precision_follows_what_was_said(text, precision):
    assert parse_time(text, local(WED_10)).precision == precision


# --- "net" and distracting time words ---


def test_net_means_now():
    match = parse_time("ik werd net bespuugd", local(WED_10))
    assert (match.at.isoformat(), match.precision, match.text) == (WED_10, "minute", "net")


@pytest.mark.parametrize(
    "text", ["hij dook nog net weg", "net niet", "net als vorige keer", "net op tijd"]
)
def test_net_meaning_barely_or_like_is_not_a_time(text):
    assert parse_time(text, local(WED_10)) is None


def test_ff_geleden_is_five_minutes_ago():
    assert at("ff geleden", WED_10) == "2026-05-13T09:55:00+02:00"


@pytest.mark.parametrize(
    "text",
    [
        "ik pak je morgen om 5 uur",
        "volgende week zaterdag kom ik terug",
        "hij komt vanavond terug",
        "straks om 5 uur ben je de klos",
        "over een week om 3 uur sta ik hier weer",
    ],
)
def test_threats_and_plans_are_not_the_incident_time(text):
    assert parse_time(text, local(WED_10)) is None


def test_threat_in_a_narrative_does_not_hide_the_incident_time_before_it():
    text = "Vanochtend om 9 uur zei hij: ik pak je morgen om 5 uur."
    assert at(text, WED_10) == "2026-05-13T09:00:00+02:00"


def test_durations_ages_and_numbers_are_not_times():
    for text in (
        "hij stond 10 minuten te schreeuwen",
        "al twee jaar klant",
        "een jongen van 15",
        "lijn 12 om 3 mensen",
    ):
        assert parse_time(text, local(WED_10)) is None, text


def test_bare_hour_in_a_long_narrative_is_ignored_but_a_short_answer_counts():
    assert parse_time("ik heb daar echt 2 uur staan praten met die man", local(WED_10)) is None
    assert at("2 uur", WED_10) == "2026-05-12T14:00:00+02:00"


# --- several candidates ---


def test_most_specific_expression_wins():
    text = "Gisteren was het rustig, maar vanavond om 8 uur werd ik bedreigd"
    assert at(text, "2026-05-13T22:00:00+02:00") == "2026-05-13T20:00:00+02:00"


def test_earliest_expression_wins_on_a_tie():
    text = "Vanochtend om 9 uur begon het en gisteren om 4 uur ook al"
    assert at(text, WED_10) == "2026-05-13T09:00:00+02:00"


def test_clock_time_takes_the_day_of_an_earlier_sentence():
    match = parse_time("Gisteravond in de tram. Om 8 uur stapte hij in.", local(WED_10))
    assert match.at.isoformat() == "2026-05-12T20:00:00+02:00"
    assert match.text == "Gisteravond … Om 8 uur"


def test_text_is_the_workers_own_words():
    match = parse_time("Het was GISTEREN rond half 7, bij de balie", local(WED_10))
    assert match.text == "GISTEREN rond half 7"


# --- DST ---


def test_yesterday_keeps_the_wall_clock_time_across_the_end_of_dst():
    now = local("2026-10-25T10:00:00+01:00")
    match = parse_time("gisteren om 10.00", now)
    assert match.at.isoformat() == "2026-10-24T10:00:00+02:00"
    assert elapsed(match.at, now) == timedelta(hours=25)  # naive "minus 24 hours" would give 11:00


def test_yesterday_keeps_the_wall_clock_time_across_the_start_of_dst():
    now = local("2026-03-29T10:00:00+02:00")
    match = parse_time("gisteren om 10.00", now)
    assert match.at.isoformat() == "2026-03-28T10:00:00+01:00"
    assert elapsed(match.at, now) == timedelta(hours=23)


def test_hours_ago_are_elapsed_hours_across_dst():
    now = local("2026-10-25T04:00:00+01:00")
    match = parse_time("3 uur geleden", now)
    assert match.at.isoformat() == "2026-10-25T02:00:00+02:00"
    assert elapsed(match.at, now) == timedelta(hours=3)


def test_a_clock_time_in_the_repeated_hour_is_compared_as_an_instant():
    # Said at 02:40 CET (second pass of the hour): 02:50 CEST, the first pass, was 50 minutes ago.
    now = local("2026-10-25T02:40:00+01:00")
    assert parse_time("om 02.50", now).at.isoformat() == "2026-10-25T02:50:00+02:00"


def test_a_wall_time_that_occurs_twice_is_its_first_occurrence():
    assert (
        at("vannacht om kwart over 2", "2026-10-25T10:00:00+01:00") == "2026-10-25T02:15:00+02:00"
    )


def test_a_wall_time_that_does_not_exist_moves_an_hour_forward():
    assert at("vannacht om 02.15", "2026-03-29T10:00:00+02:00") == "2026-03-29T03:15:00+02:00"


# --- API ---


def test_result_is_in_the_time_zone_of_now():
    now = datetime(2026, 5, 13, 8, 0, tzinfo=timezone.utc)
    match = parse_time("gisteren om 16.30", now)
    assert match.at == datetime(2026, 5, 12, 16, 30, tzinfo=timezone.utc)
    assert parse_time("gisteren om 16.30", local(WED_10)).at.tzinfo is AMS


def test_naive_now_is_rejected():
    with pytest.raises(ValueError):
        parse_time("gisteren", datetime(2026, 5, 13, 10, 0))


def test_no_time_words_gives_none():
    assert parse_time("Hij schold me uit voor alles wat mooi is.", local(WED_10)) is None
    assert parse_time("", local(WED_10)) is None


def test_to_json_has_iso_time_with_offset_and_precision():
    match = TimeMatch(
        at=local("2026-05-12T18:30:00+02:00"), precision="minute", text="gisteren rond half 7"
    )
    assert match.to_json() == {"at": "2026-05-12T18:30:00+02:00", "precision": "minute"}
