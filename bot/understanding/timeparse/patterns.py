"""Word tables and compiled regular expressions for bot.understanding.timeparse.parse.

All patterns run on a lower-cased copy of the text in which curly quotes are straightened, so
match offsets are offsets in the worker's original text.
"""

from __future__ import annotations

import re

NUMBER_WORDS: dict[str, int] = {
    "een": 1,
    "één": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "twintig": 20,
    "vijfentwintig": 25,
    "dertig": 30,
    "veertig": 40,
    "vijfenveertig": 45,
    "vijftig": 50,
}

# "tegen vieren": the plural form names the hour, only after a preposition.
HOUR_PLURALS: dict[str, int] = {
    "enen": 1,
    "tweeën": 2,
    "tweeen": 2,
    "drieën": 3,
    "drieen": 3,
    "vieren": 4,
    "vijven": 5,
    "zessen": 6,
    "zevenen": 7,
    "achten": 8,
    "negenen": 9,
    "tienen": 10,
    "elven": 11,
    "twaalven": 12,
}

MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "febr": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "maandag": 0,
    "dinsdag": 1,
    "woensdag": 2,
    "donderdag": 3,
    "vrijdag": 4,
    "zaterdag": 5,
    "zondag": 6,
}

# Two-letter abbreviations count only next to a time or after "afgelopen"/"vorige".
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "ma": 0,
    "di": 1,
    "wo": 2,
    "do": 3,
    "vr": 4,
    "za": 5,
    "zo": 6,
}


def _alt(words) -> str:
    """Regex alternation of words, longest first so a prefix never wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Day-part stems with the typos workers type ("vanochend", "vanmiddg", "gisteren avond").
PART_STEMS: dict[str, str] = {
    "ochtend": r"o[cg]h?t?e?n?[dt]",
    "morgen": r"morg[eu]?n",
    "middag": r"mi+d+a*g",
    "avond": r"a+vo?n?[dt]",
    "nacht": r"na[cg]h?t",
}
PART_STEM = "(?:" + "|".join(PART_STEMS.values()) + ")"
_PART_STEM_RES = {name: re.compile(stem + "s?") for name, stem in PART_STEMS.items()}


def part_name(word: str) -> str:
    """Map a matched day-part stem ("ochend", "avonds", "morgen") to ochtend/middag/avond/nacht."""
    for name, rx in _PART_STEM_RES.items():
        if rx.fullmatch(word):
            return "ochtend" if name == "morgen" else name
    raise ValueError(word)


HOUR_WORD = _alt(w for w, n in NUMBER_WORDS.items() if n <= 12)
MINUTE_WORD = _alt(w for w, n in NUMBER_WORDS.items() if n < 30) + "|kwart"
AMOUNT_WORD = _alt(NUMBER_WORDS) + "|anderhalf|een half|half|een paar|paar|enkele|een"
WEEKDAY_WORD = _alt(WEEKDAYS)
ABBREVIATION = _alt(WEEKDAY_ABBREVIATIONS)
MONTH_WORD = _alt(MONTHS)
MODIFIER = r"(?:\s+(?P<mod>vroeg|laat))?"
END = r"(?!\w)"
START = r"(?<![\w'])"

# A clock expression's lead word; "na"/"voor" alone also announce durations ("na 2 uur wachten").
PREFIX = (
    r"(?P<pre>(?:(?:zo|ergens)\s+)?(?:om|rond|rondom|omstreeks|tegen|rond\s+de\s+klok\s+van)"
    r"(?:\s+(?:ongeveer|ong\.?|ca\.?|circa))?"
    r"|(?:ongeveer|ong\.?|ca\.?|circa)(?:\s+om)?"
    r"|(?:even|vlak|kort|net|iets)\s+(?:na|voor)|net|na|voor)\s+"
)
WEAK_PREFIXES = frozenset({"na", "voor"})

# Relative to now: "net", "zojuist", "ff geleden", "10 min geleden", "anderhalf uur terug".
REL_NOW = re.compile(
    START
    + r"(?:net|zojuist|zo\s?juist|daarnet|daar\s?net|zonet|zo[\s-]?net|zoeven|zoëven|zo-even)"
    + END
)
REL_RECENT = re.compile(
    START
    + r"(?:een\s+)?(?:ff|effe|even|eventjes|efkes|paar\s+(?:minuten|minuutjes|min))\s+(?:geleden|terug)"
    + END
)
# The whitespace belongs to the amount: an optional amount followed by a bare `\s*` made finditer
# quadratic on long whitespace runs (every position re-scanned the whole run).
REL_AMOUNT = re.compile(
    START
    + r"(?:(?P<amount>\d+(?:[.,]\d+)?|"
    + AMOUNT_WORD
    + r")\s*)?(?P<unit>minuten|minuutjes|minuutje|minuut|mins?|m|kwartiertje|kwartier|halfuur|uurtjes|uurtje|uur|u"
    + r"|dagen|dagje|dag|weken|weekje|week|maanden|maand)\s+(?:geleden|terug)"
    + END
)

# "een minuut of tien geleden", "een uur of twee terug": the amount comes after the unit.
REL_AMOUNT_AFTER = re.compile(
    START
    + r"(?:een\s+)?(?P<unit>minuut|minuten|uur|uurtje|dag|dagje|week|weekje)\s+of\s+(?P<amount>\d+|"
    + AMOUNT_WORD
    + r")\s+(?:geleden|terug)"
    + END
)

# After "... terug": the word means coming back, not "ago".
TERUG_IS_RETURN = re.compile(r"\s+(?:zou|zal|zouden|komt|komen|kwam|gaat|ga|wil|moet|te\s+komen)\b")
# A bare "om een" is a time only before these words ("om een uur of", "om een ging het mis");
# otherwise "een" is the article ("het ging om een boete").
AFTER_BARE_ONE = re.compile(
    r"\s*(?:$|[.,;:!?)]|(?:uur|u|'s|of|ofzo|ongeveer|ging|was|kwam|stond|begon|belde|heeft|hebben|werd|"
    r"is|toen|en|in|op|bij|vannacht|vanmiddag|vanochtend|gisteren)\b)"
)

# "in de nacht van zaterdag op zondag" is "zaterdagnacht".
NIGHT_BETWEEN = re.compile(
    START
    + r"(?:in\s+)?de\s+nacht\s+van\s+(?P<wd>"
    + WEEKDAY_WORD
    + r")\s+op\s+(?:"
    + WEEKDAY_WORD
    + r")"
    + END
)

# Days.
TODAY = re.compile(START + r"(?:vandaag|vandag|vndg|eerder\s+vandaag)" + END)
YESTERDAY = re.compile(
    START
    + r"(?P<eer>eer)?gist(?:eren|ern|er|ren|re)(?:\s?(?P<part>"
    + PART_STEM
    + r"))?"
    + MODIFIER
    + END
)
WEEKDAY = re.compile(
    START
    + r"(?:(?P<last>afgelopen|vorige|vorig|afg\.?)\s+)?(?:(?P<week>vorige|afgelopen)\s+week\s+(?:op\s+)?)?"
    + r"(?:(?P<wd>"
    + WEEKDAY_WORD
    + r")|(?P<abbr>"
    + ABBREVIATION
    + r")\.?)(?:\s?(?P<part>"
    + PART_STEM
    + r"))?"
    + MODIFIER
    + r"(?P<jl>\s+(?:jl\.?|j\.l\.|jongstleden))?"
    + END
)
PREVIOUS_MONTH = re.compile(START + r"(?:vorige|afgelopen)\s+maand" + END)
PREVIOUS_WEEK = re.compile(START + r"(?:vorige|afgelopen)\s+week" + END)
WEEKEND = re.compile(START + r"(?P<which>afgelopen|vorig|vorige|dit)\s+weekend" + END)
DATE_NAMED = re.compile(
    START
    + r"(?:(?:"
    + WEEKDAY_WORD
    + r")\s+)?(?P<d>\d{1,2})(?:e|ste|de)?\s*(?P<mon>"
    + MONTH_WORD
    + r")\.?(?:\s+(?P<y>\d{4}))?"
    + END
)
DATE_NUMERIC = re.compile(
    r"(?<![\w.,/:-])(?:(?:" + WEEKDAY_WORD + r")\s+)?(?P<d>\d{1,2})(?P<sep>[-/])(?P<m>\d{1,2})"
    r"(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\w/-]|[.,:]\d)"
)
DATE_DOTTED = re.compile(r"(?<![\w.,/:-])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\w.]\d)")

# Parts of a day without their own day word.
PART = re.compile(
    START
    + r"(?:van\s?(?P<van>"
    + PART_STEM
    + r")|(?:'s|s)\s?(?P<s>"
    + PART_STEM
    + r")s|(?:(?P<pre>vroeg|laat)\s+)?(?:in|op)\s+de\s+(?:(?P<adj>vroege|late)\s+)?(?P<inde>"
    + PART_STEM
    + r")|(?P<lunch>tussen\s+de\s+middag)|(?P<lastnight>(?:de\s+)?(?:afgelopen|vorige)\s+nacht))"
    + MODIFIER
    + END
)

# Clock times.
CLOCK_DIGITAL = re.compile(
    r"(?<![\w€$.,:/-])(?:"
    + PREFIX
    + r")?(?P<h>\d{1,2})\s?(?:[:.]|u|h)\s?(?P<m>\d{2})(?:\s?(?:uur|u))?(?![\w€]|[.,:]\d)"
)
CLOCK_WORDS = re.compile(
    START
    + r"(?:"
    + PREFIX
    + r")?(?:(?P<mn>"
    + MINUTE_WORD
    + r"|\d{1,2})\s+(?P<dir>over|voor)\s+)?(?P<half>half\s*)?(?P<h>"
    + HOUR_WORD
    + r"|\d{1,2})(?:\s?(?:uur|u))?"
    + END
)
CLOCK_HOUR = re.compile(
    START + r"(?:" + PREFIX + r")?(?P<h>" + HOUR_WORD + r"|\d{1,2})\s?(?:uur|u)" + END
)
CLOCK_BARE = re.compile(
    START + PREFIX + r"(?P<h>" + HOUR_WORD + r"|\d{1,2})(?![\w:.,/-])(?!\s+(?:over|voor)\s)"
)
CLOCK_ABOUT = re.compile(
    START + r"(?:" + PREFIX + r")?(?:een\s+)?uur\s+of\s+(?P<h>" + HOUR_WORD + r"|\d{1,2})" + END
)
CLOCK_PLURAL = re.compile(START + PREFIX + r"(?P<h>" + _alt(HOUR_PLURALS) + r")" + END)
CLOCK_MIDNIGHT = re.compile(START + r"(?:" + PREFIX + r")?middernacht" + END)
CLOCK_NOON = re.compile(START + r"(?:" + PREFIX + r")?(?:het\s+)?middaguur" + END)

# After a number: it counts something else ("om 3 mensen", "10 voor 5 euro").
NOT_A_TIME_AFTER = re.compile(
    r"\s*(?:(?:uur|u)\s+)?(?:geleden|terug)\b|"
    r"\s*(?:euro|eur\b|€|%|procent|keer|maal|mensen|personen|man\b|jongens|meiden|kinderen|jaar|"
    r"dagen|weken|maanden|minuten|min\b|seconden|sec\b|km|meter|m\b|kilo|kg|cm|stuks|klanten|"
    r"tegen\s+\d)"
)
# After "N uur": a duration ("2 uur te wachten", "een uur lang").
DURATION_AFTER = re.compile(
    r"\s*(?:lang|te\b|gewacht|wachten|bezig|durend|later|ervoor|daarvoor|daarna|erna|achter|aan\s+een|"
    r"aan\s+één|extra|per\b|rijden|reizen|onderweg|gedaan|gehad|geduurd|over\b|in\s+de\s+rij)"
)
# Before "N uur": a duration ("al 2 uur", "ruim een uur").
DURATION_BEFORE = re.compile(
    r"(?:\b(?:al|ruim|bijna|zeker|wel|binnen|pas|nog|duurde|(?:meer|minder)\s+dan)|zo'n)\s*$"
)
# Before a number: the number labels a thing ("lijn 12", "bus 300", "kamer 3").
NOUN_BEFORE = re.compile(
    r"\b(?:lijn|bus|tram|trein|metro|kamer|nummer|nr\.?|no\.?|huisnummer|perron|spoor|halte|verdieping|"
    r"etage|route|afdeling|zaal|bed|cel|unit|lokaal|klas|groep|artikel|art\.?|versie|stoel|rij|kassa|"
    r"balie|loket|gate|code|pagina|blz\.?|hoofdstuk|bijlage|dossier|zaak|paviljoen|gebouw|vak|"
    r"straat|weg|laan|plein|gracht|kade|singel|dreef|hof|pad)\s*$"
)

# "net" that means 'barely' or 'just like', not 'just now'.
NET_BARELY_BEFORE = re.compile(r"\b(?:nog|maar|het|een|'t|op)\s+$")
# "er is net iets gebeurd" is 'just now' again: iets/wat followed by something that happened.
_HAPPENED = r"(?!\s+(?:\w+\s+){0,3}?(?:gebeurd|voorgevallen|voorgedaan|misgegaan)\b)"
NET_BARELY_AFTER = re.compile(
    r"\s+(?:niet|wel|als|zo|zoals|op|om|rond|toen|voor|voordat|na|nadat|geen|genoeg|aan|te|over|onder|"
    r"buiten|naast|langs|echt|goed|een|iets" + _HAPPENED + r"|wat" + _HAPPENED + r")\b"
)

# Words that mark the time words around them as not the incident time. A "sentence" marker
# silences the rest of the sentence; a "clause" marker the rest of its clause. Both also
# silence up to two words before them ("vanavond kom ik terug").
_PRONOUN = r"(?:ik|we|wij|hij|zij|ze|je|jij|u)"
_FUTURE_VERB = r"(?:ga|gaat|gaan|zal|zult|zullen|zou|zouden|wil|wilt|willen)"
FUTURE_SENTENCE = re.compile(
    r"(?<!\bvan )(?<!\bde )\b(?:over)?morgen(?:ochtend|vroeg|middag|avond|nacht)?\b"
    r"|\b(?:straks|zometeen|zo\s+meteen|volgende?|volgend)\b"
    r"|\bover\s+(?:\d+|"
    + _alt(NUMBER_WORDS)
    + r"|een\s+paar|paar)\s+(?:weken|week|dagen|dag|uur|minuten|maanden|maand)\b"
    r"|\bkom(?:t|en)?\b[^.!?\n;,]{0,80}?\b(?:terug|weer|langs|opnieuw)\b|\bterugkom\w*|\bterug\s+komen\b"
    r"|\b(?:ik\s+pak\s+je|pak\s+ik\s+je|wacht\s+(?:jij\s+)?maar)\b"
    r"|\bterug\s+(?:zou|zal|zouden|gaat|wil)\s+komen\b|\b(?:zou|zal)\s+(?:\w+\s+){0,3}?(?:terugkomen|langskomen)\b"
)
FUTURE_CLAUSE = re.compile(
    r"\b" + _PRONOUN + r"\s+" + _FUTURE_VERB + r"\b|\b" + _FUTURE_VERB + r"\s+" + _PRONOUN + r"\b"
)
# Habitual or indefinite: silences time words up to two words away on either side.
HABITUAL = re.compile(
    r"\b(?:altijd|vaak|meestal|elke|elk|iedere|ieder|soms|regelmatig|telkens|steeds|nooit|weleens|"
    r"wel\s+eens|eens|ooit)\b"
)
# "morgen" silences up to the end of the sentence or a turn like "maar" ("morgen vrij, maar ...").
SENTENCE_BREAK = re.compile(
    r"[.!?;]+(?:\s|$)|\n|\b(?:maar|want|omdat|toen)\b"
    # "..., het gebeurde gisteravond" / "over wat er gisteravond gebeurde": back to the incident.
    r"|,\s*(?:het|dit|dat)\s+(?:gebeurde|was|is\s+gebeurd)\b|\bwat\s+er\s+"
)
CLAUSE_BREAK = re.compile(r"[.!?;,:\n]|\b(?:maar|want|omdat|en|toen|terwijl|nadat|daarna)\b")
WORD = re.compile(r"\w+")
# What may stand between two parts of one time expression ("gisteren, rond half 7").
FILLER_GAP = re.compile(
    r"[\s,:()\-–]*(?:\b(?:om|rond|ongeveer|op|in|de|het|ergens|was|is|dat|even|uur)\b[\s,:()\-–]*)*"
)
