"""Short answers typed on a phone: yes/no, don't know, not decided yet, blank, detail."""

from __future__ import annotations

import pytest

from bot.dialogue.answers import (
    detail_after_yes_no,
    is_blank,
    is_dont_know,
    is_unsure_yet,
    parse_yes_no,
)


@pytest.mark.parametrize(
    "text",
    [
        "ja",
        "Ja.",
        "JA",
        "jaa",
        "Jaaaa!!",
        "jep",
        "jup",
        "yes",
        "jazeker",
        "klopt",
        "dat klopt",
        "idd",
        "inderdaad",
        "zeker",
        "jawel",
        "ja hoor",
        "ja joh",
        "eh ja",
        "tuurlijk",
        "ok",
        "denk het wel",
        "volgens mij wel",
        "ja, een blauwe plek op mijn arm",
        "  ja  ",
    ],
)
def test_yes(text):
    assert parse_yes_no(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "nee",
        "Nee.",
        "NEE!!",
        "neee",
        "neej",
        "neen",
        "nope",
        "nee hoor",
        "nee joh",
        "niet",
        "geen",
        "klopt niet",
        "dat klopt niet",
        "niet echt",
        "zeker niet",
        "helemaal niet",
        "gelukkig niet",
        "ja nee",
        "ja, niet echt",
        "nou nee",
        "ik denk het niet",
        "niet dat ik weet",
        "geen getuigen",
        "niet gewond",
        "nee, ik was alleen",
        "nvt",
    ],
)
def test_no(text):
    assert parse_yes_no(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "weet ik niet",
        "geen idee",
        "nee weet ik niet",
        "misschien",
        "ja misschien",
        "niet zeker",
        "hij sloeg me",
        "k",
        "de politie kwam",
        "?",
    ],
)
def test_not_a_yes_or_no(text):
    assert parse_yes_no(text) is None


def test_no_stays_no_when_a_doubt_comes_later():
    assert parse_yes_no("nee, maar ik weet niet meer hoe laat") is False


@pytest.mark.parametrize(
    "text",
    [
        "weet ik niet",
        "Weet ik niet.",
        "ik weet het niet",
        "k weet het niet",
        "weet niet",
        "weet niet meer",
        "weet ik echt niet meer",
        "geen idee",
        "geen idee sorry",
        "geen flauw idee",
        "wn",
        "WNM",
        "idk",
        "kweenie",
        "kan ik me niet herinneren",
        "ik kan me het niet meer herinneren",
        "onbekend",
        "?",
        "??",
        "huh?",
        "ben ik vergeten",
        "weet niet meer wie het was",
        "ik weet niet meer hoe laat het was",
        "geen idee wie het was",
        "nee weet ik niet",
    ],
)
def test_dont_know(text):
    assert is_dont_know(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "weet ik nog niet",
        "ja",
        "een onbekende man",
        "weet ik niet precies, rond 3 uur denk ik",
        "weet niet, hij had een rode jas en een pet aan en was lang",
        "hoezo?",
        "was het in de bus?",
        "ik weet het wel",
        "",
    ],
)
def test_not_dont_know(text):
    assert is_dont_know(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "weet ik nog niet",
        "ik weet het nog niet",
        "misschien",
        "mss",
        "Misschien later",
        "twijfel",
        "ik twijfel nog",
        "nog niet besloten",
        "denk er nog over na",
        "ik moet er nog even over nadenken",
        "ff nadenken",
        "niet zeker",
        "eerst overleggen met mijn leidinggevende",
    ],
)
def test_unsure_yet(text):
    assert is_unsure_yet(text) is True


@pytest.mark.parametrize("text", ["ja", "nee", "weet ik niet", "geen idee", "ik denk het wel", ""])
def test_not_unsure_yet(text):
    assert is_unsure_yet(text) is False


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "...", "?!", "😢", "🙏🙏", "👍", "-", "* *"])
def test_blank(text):
    assert is_blank(text) is True


@pytest.mark.parametrize("text", ["a", "1", "ja", "😢 nee", "k"])
def test_not_blank(text):
    assert is_blank(text) is False


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("ja, een blauwe plek op mijn arm", "een blauwe plek op mijn arm"),
        ("Ja hoor, mijn collega heeft alles gezien", "mijn collega heeft alles gezien"),
        ("jep die kwam binnen 5 min", "die kwam binnen 5 min"),
        ("Nee. Ik was alleen op de afdeling.", "Ik was alleen op de afdeling"),
        ("nee want hij rende weg", "hij rende weg"),
        ("klopt, het was in tram 5", "het was in tram 5"),
        ("nee, maar hij schreeuwde wel", "maar hij schreeuwde wel"),
        ("ja", None),
        ("nee!!", None),
        ("geen getuigen", None),
        ("niet gewond", None),
        ("weet ik niet", None),
        ("ja misschien", None),
        ("hij sloeg me", None),
    ],
)
def test_detail_after_yes_no(text, detail):
    assert detail_after_yes_no(text) == detail
