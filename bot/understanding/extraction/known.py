"""Whether the worker knew the perpetrator: "bekend", "onbekend" or not said.

The perpetrator is "bekend" when the text identifies the person: a name, a regular ("vaste
klant", "die ik al jaren ken"), the worker's own client or pupil, a pupil of a given class, a
resident of the ward or of the home being visited, family of the client or patient, or someone
arrested. A person only described ("een man", "een klant", "iemand", "jongeren") is
"onbekend". A text that names no perpetrator at all, or only "hij"/"ze", says nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.understanding.extraction.person import (
    CARE_CONTEXT,
    colleague_perpetrator,
    perpetrator_mention,
)
from bot.understanding.text import Doc, alternation

# fmt: off
_CARE_ROLE = (
    r"(?:patient|patiente|patienten|pt|client|cliente|clienten|bewoner|bewoonster|bewoners|"
    r"kraamvrouw)"
)
_FAMILY = (
    r"(?:familie|familielid|familieleden|broer|zus|zoon|dochter|partner|echtgenoot|echtgenote|"
    r"vrouw|man|oom|tante|neef|nicht|kleinzoon|kleindochter|opa|oma|vader|moeder|ouders?|"
    r"stiefvader|stiefmoeder|bezoek|bezoeker|bezoekers|bezoekster)"
)
_RELATIVE = (
    r"(?:vrouw|man|moeder|vader|kind|kinderen|zoon|dochter|partner|vriendin|vriend|opa|oma|"
    r"broer|zus|baby|zoontje|dochtertje)"
)
_LEVEL = r"(?:vmbo|mavo|havo|vwo|gym|atheneum|gymnasium|mbo)"
KNOWN_PATTERNS: tuple[str, ...] = (
    r"vaste\s+(?:klant|klanten|bezoeker|reiziger|client|patient|bewoner|huurder|beller)",
    r"een\s+bekende\b|bekende\s+(?:klant|bezoeker|reiziger|client|patient|van\s+ons)",
    r"(?:die|hem|haar|hij|zij|ze)\s+(?:ken|kennen|kende|kenden)\s+(?:ik|we|wij|k)\b",
    r"(?:ik|we|wij|k|iedereen)\s+(?:\w+\s+)?(?:ken|kennen|kent|kende|kenden)\s+(?:hem|haar|die|deze)\b",
    r"(?:ken|kennen|kende|kenden)\s+(?:de|zijn|haar|z'n|d'r)\s+(?:familie|ouders|vader|moeder)\b",
    # Someone the worker dealt with before: "een man die ik vorig jaar een boete gaf".
    r"(?:die|wie|dat)\s+(?:ik|we|wij|k)\s+(?:\w+\s+){0,4}?(?:begeleid|begeleidde|begeleiden|"
    r"behandel|behandelde|verzorg|verzorgde|ontruimen|uitzetten|gaf|bekeurde|beboette|"
    r"(?:heb|hebben|had|hadden)\s+(?:\w+\s+)?(?:aangehouden|bekeurd|beboet|weggestuurd|"
    r"gewaarschuwd|geschorst|begeleid|behandeld))\b",
    # The worker's own appointment, course or class: "op mijn spreekuur", "aan mijn cursus".
    r"(?:op|aan|van|uit|in)\s+(?:mijn|m'n|mn)\s+(?:spreekuur|cursus|training|caseload|mentorklas|"
    r"mentorgroep|groep|les)\b",
    r"(?:gesprek|afspraak|intake)\s+(?:\w+\s+){0,2}?met\s+(?:een|de|mijn|m'n)\s+(?:client|"
    r"cliente|klant|huurder|patient|patiente)\b",
    # "de vader van een van mijn kleuters", "een van mijn leerlingen".
    r"een\s+van\s+(?:mijn|m'n|mn|onze|de)\s+(?:leerlingen|kleuters|kinderen|pupillen|clienten|"
    r"patienten|bewoners|huurders)\b",
    # Details that identify: "ik heb zijn kenteken", "gegevens genoteerd", "woont op nummer 14".
    r"(?:heb|hebben|had|hadden|heeft)\s+(?:\w+\s+){0,2}?(?:zijn|haar|hun|z'n|d'r)\s+(?:\w+\s+)?"
    r"(?:kenteken|naam|gegevens|adres|personalia|taxinummer|telefoonnummer)\b",
    r"(?:kenteken|gegevens|personalia|naam)\s+(?:\w+\s+)?(?:genoteerd|opgeschreven|gecheckt)",
    r"(?:van|op|uit|in)\s+(?:nummer|nr\.?|huisnummer|box|bed|unit)\s*\d+",
    # "een klant die ik al jaren ken"
    r"(?:die|wie|dat)\s+(?:ik|we|wij|k)\s+(?:\w+\s+){0,3}?(?:ken|kennen|kende|kenden)\b",
    r"(?:is|was|staat|stond)\s+(?:bij\s+ons|hier|ons)\s+(?:al\s+)?(?:bekend|geregistreerd)",
    r"bekend\s+bij\s+(?:ons|de\s+afdeling|het\s+team|mij)",
    r"al\s+(?:jaren|maanden|lang|een\s+tijd|tijden)\s+(?:client|klant|patient|huurder|bewoner|"
    r"leerling|bij\s+ons|in\s+behandeling)",
    r"dezelfde\s+(?:\w+\s+)?(?:man|vrouw|jongen|meisje|meneer|mevrouw|klant|persoon|reiziger|"
    r"client|patient|huurder|vent|kerel|gast|als)\b",
    r"(?:weer|alweer|opnieuw)\s+(?:die|dezelfde|deze)\s+\w+",
    # Where they live is known ("woont boven de bakker"), or it has gone on for weeks.
    r"(?:hij|zij|ze|die)?\s*woont\s+(?:\w+\s+)?(?:boven|naast|tegenover|onder|achter|bij\s+ons|in\s+de\s+straat|"
    r"in\s+het\s+complex|op\s+nummer|hier\s+in\s+de)\b",
    r"(?:scheldt|volgt|stalkt|intimideert|achtervolgt|wacht)\s+(?:\w+\s+)?"
    r"(?:me|mij|ons|haar|hem|mijn\s+collega)\s+(?:\w+\s+)?al\s+(?:weken|maanden|jaren|dagen|een\s+tijd)\b",
    # "die man van de schuldhulp", "die gast van de boete": the one the worker dealt with.
    r"(?:die|deze)\s+(?:\w+\s+)?(?:man|vrouw|jongen|meisje|meneer|mevrouw|gast|vent|kerel|knul)\s+"
    r"(?:van|met)\s+(?:de|het|die|dat)\b",
    # "die man van vanochtend", "die vader van gisteren": met before.
    r"(?:die|deze|dezelfde)\s+(?:\w+\s+)?(?:man|vrouw|jongen|meisje|meneer|mevrouw|klant|vader|"
    r"moeder|reiziger|gast|vent|kerel|huurder|client|patient)\s+van\s+(?:vanochtend|vanmorgen|"
    r"vanmiddag|gisteren|gister|eergisteren|vorige\s+week|vorige\s+maand|laatst|toen|"
    r"de\s+vorige\s+keer|de\s+aanhouding|de\s+controle)\b",
    r"(?:is|was|komt|kwam)\s+(?:hier\s+)?(?:vaker|vaak|regelmatig|al\s+vaker|eerder\s+al|eerder\s+ook)\b",
    r"(?:uit|van)\s+(?:mijn|m'n|mn)\s+(?:eigen\s+)?klas",
    # A pupil of a named class or group: "leerling uit 2b", "een jongen uit groep 7".
    rf"(?:uit|van)\s+(?:(?:klas|groep|leerjaar|mentorklas)\s+\d{{1,2}}\s?[a-z]?|\d{{1,2}}\s?"
    rf"(?:[a-z]{{1,2}}|{_LEVEL})\d?|{_LEVEL}\s?\d)\b",
    # A resident of a numbered room: "de bewoner van kamer 12".
    r"(?:van|uit|op)\s+kamer\s+\d+",
    r"(?:mijn|m'n|mn|onze)\s+(?:eigen\s+)?(?:leerling|client|patient|klant|huurder|buurman|"
    r"buurvrouw|pupil|bewoner)",
    r"(?:hij|zij|ze)\s+heet\b|genaamd\b|(?:zijn|haar)\s+naam\s+is\b|bij\s+naam\b",
    r"(?:oud|ex)-?(?:leerling|client|cliente|patient|huurder|bewoner|pupil|student)",
    # "een leerling van mij", "een cliënt van ons" ("geen leerling van ons" is negated).
    r"(?:leerling|leerlinge|client|cliente|patient|patiente|klant|huurder|bewoner|pupil|student)\s+"
    r"van\s+(?:mij|ons|mijn\s+collega)\b",
    # "ik weet wie het was"
    r"weet\s+(?:ik\s+|we\s+)?(?:precies\s+|heel\s+goed\s+|wel\s+|ook\s+)?wie\s+(?:het|hij|zij|ze|dat|"
    r"de\s+dader)\b",
    # Family of the client, patient, resident or pupil concerned: "de zoon van de cliënte".
    rf"{_FAMILY}\s+van\s+(?:een|de|die|deze|onze|het|mijn|m'n|mn)?\s*(?:\w+\s+)?"
    rf"(?:{_CARE_ROLE}|leerlinge?|pupil)\b",
)
UNKNOWN_PATTERNS: tuple[str, ...] = (
    r"onbekende?\b", r"(?:nog\s+)?nooit\s+(?:eerder\s+)?gezien", r"niet\s+eerder\s+gezien",
    r"(?:een|die)\s+(?:wild)?vreemde\b(?!\s+(?:opmerking|vraag|situatie|reactie|blik|geur|sfeer|"
    r"manier|toestand|indruk|dingen|ding|taal|gedrag)\b)", r"wildvreemde?\b",
    r"geen\s+idee\s+wie\b|weet\s+(?:ik\s+)?niet\s+wie\b",
    r"willekeurige\s+(?:voorbijganger|man|vrouw|persoon)",
    # An anonymous sender or caller, not the worker's wish to report anonymously ("mag dit anoniem?").
    r"anonie?m\w*\s+(?:account|afzender|beller|brief|briefje|mail|e-?mail|bericht|berichtje|nummer|"
    r"telefoonnummer|profiel|reactie|telefoontje)\w*",
    r"(?:door|van|via)\s+(?:een\s+)?anonie?m\w*\b(?!\s+melden)",
    r"anoniem\s+(?:gebeld|gemaild|bedreigd|benaderd|gestuurd)",
)
# Someone arrested or held by the police has been identified; this wins over other cues.
ARREST_PATTERNS: tuple[str, ...] = (
    r"(?:is|werd|zijn|werden|wordt|worden)\s+(?:\w+\s+){0,3}?(?:aangehouden|opgepakt|gearresteerd|"
    r"ingerekend|geboeid)",
    r"(?:heeft|hebben|had|hadden)\s+(?:hem|haar|ze|hen|die|de\s+\w+)\s+(?:\w+\s+){0,2}?"
    r"(?:aangehouden|opgepakt|gearresteerd|ingerekend|geboeid)",
    r"(?:hield|hielden)\s+(?:hem|haar|ze|hen)\s+(?:\w+\s+)?aan\b|"
    r"(?:pakte|pakten)\s+(?:hem|haar|ze|hen)\s+(?:\w+\s+)?op\b",
    r"in\s+de\s+cel|in\s+hechtenis|in\s+verzekering|in\s+de\s+boeien|verhoor\w*",
    # The person being arrested, searched or locked up: "bij de aanhouding rukte de man".
    r"(?:bij|tijdens|na)\s+(?:de|het|zijn|haar)\s+(?:aanhouding|arrestatie|fouillering|fouilleren|insluiten|"
    r"insluiting|staandehouding|overbrenging)\b|\bingesloten\b",
    r"aanhouding\s+van\s+(?:een|de|die)\b",
    # "van de trein gehaald en aangehouden"; "de politie ... nam hem mee".
    r"\ben\s+(?:\w+\s+)?(?:aangehouden|opgepakt|gearresteerd|geboeid)\b",
    r"(?:politie|agenten|agent)\s+(?:\w+\s+){0,8}?(?:nam|namen)\s+(?:hem|haar|ze|hen)\s+(?:\w+\s+)?mee\b",
    r"(?:politie|agenten|agent)\s+(?:heeft|hebben)\s+(?:hem|haar|ze|hen|de\s+\w+)\s+(?:\w+\s+){0,2}?"
    r"meegenomen",
    r"(?:de|een|die|deze|onze)?\s*(?:verdachte|arrestant|aangehoudene)\b",
)
# Title or role followed by a capitalised name or initial in the original text: "meneer
# Jansen", "cliënt (dhr. P.)".
NAME_PATTERN = re.compile(
    r"\b(?:[Mm]eneer|[Mm]evrouw|[Mm]evr|[Mm]w|[Dd]hr|[Hh]eer|[Vv]ader\s+van|[Mm]oeder\s+van|"
    r"[Ll]eerling|[Cc]li[eë]nt|[Pp]ati[eë]nt|[Hh]uurder)\.?\s+(?:(?:van|de|der|den)\s+)*"
    r"(?P<name>[A-Z](?:[a-zà-ÿ]+|\.))"
)
# A resident of the ward, home or institution is identified, also as "een bewoner".
RESIDENT_WORDS = re.compile(
    r"\b(?:bewoner|bewoners|bewoonster)\b(?!\s+(?:uit|van)\s+(?:de|het|deze|die)\s+(?:buurt|wijk|straat|"
    r"omgeving|overkant))"
)
# At the home being visited, its occupant is identified: "bij een huisbezoek sloeg de huurder".
OCCUPANT_WORDS = re.compile(
    r"\b(?:huurders?|huurster|bewoners?|bewoonster|client|cliente|clienten|patient|patiente|"
    r"vader|moeder|ouders?|stiefvader|stiefmoeder|echtpaar|gezin)\b"
)
# On a visit to someone's home, also "een man deed open" is the occupant.
HOME_VISIT = re.compile(
    r"\b(?:huisbezoek|huisuitzetting|woningontruiming|ontruiming|woninginspectie|woningschouw|schouw|"
    r"bij\s+(?:hem|haar|hen|ze|de\s+\w+|een\s+\w+)\s+thuis|in\s+(?:zijn|z'n|haar|d'r|hun)\s+"
    r"(?:eigen\s+)?(?:huis|woning|appartement|flat|kamer)|deed\s+(?:de\s+deur\s+)?open)\b"
)
HOUSEHOLD_WORDS = re.compile(
    r"\b(?:man|vrouw|meneer|mevrouw|heer|dame|zoon|dochter|jongen|meisje|partner|vriend|"
    r"vriendin|echtgenoot|echtgenote)\b"
)
DEFINITE_HOUSEHOLD = re.compile(
    r"\b(?:de|die)\s+(?:\w+\s+)?(?:man|vrouw|meneer|mevrouw|heer|dame|bewoner|bewoonster|vader|moeder)\b"
)
# Family of the patient or client in a care setting: "de kleinzoon schold me uit".
FAMILY_WORDS = re.compile(
    r"\b(?:zoon|dochter|kleinzoon|kleindochter|schoonzoon|schoondochter|echtgenoot|echtgenote|"
    r"familie|familielid|familieleden|schoonmoeder|schoonvader|partner|"
    # "haar vriend", "zijn vrouw": someone of the client's household.
    r"(?:zijn|haar|z'n|d'r|hun)\s+(?:vriend|vriendin|man|vrouw|broer|zus))\b"
)
# Someone who came in with the patient ("een man die met zijn vrouw binnenkwam") is family.
COMPANION_PATTERN = (
    rf"die\s+met\s+(?:zijn|z'n|zn|haar|d'r|hun)\s+(?:\w+\s+)?{_RELATIVE}\s+(?:\w+\s+){{0,2}}?"
    r"(?:binnenkwam|meekwam|kwam|was\s+meegekomen|op\s+bezoek|langskwam)"
)
CARE_SETTINGS = ("zorginstelling_afdeling", "woning_client", "dienstvoertuig")
# People named without a role noun: "een groep dronken mannen", "de dader", "een dief".
GROUP_MENTION = re.compile(
    r"\b(?:(?:een\s+)?groep(?:je)?\s+(?:\w+\s+){0,2}?(?:mannen|jongeren|jongens|meiden|mensen|"
    r"vrouwen|kinderen|pubers|tieners|\w*supporters|hangjongeren)|daders?|dief|dieven|winkeldief|"
    # "achtervolgd door een auto": its unseen driver.
    r"door\s+een\s+(?:auto|scooter|brommer|busje|bestelbus|motor)|"
    r"inbrekers?|zakkenroller|(?:een|de|die)\s+\d{1,2}-?jarige|"
    # "de man vroeg of ik zin had": a person only described, whom the story goes on about.
    r"(?<!van\s)de\s+(?:\w+\s+)?(?:man|vrouw|jongen|meisje|meneer|mevrouw|gast|vent|kerel|jongeman|dame|heer)"
    r"(?=\s+(?:\w+\s+){0,3}?(?:zei|riep|vroeg|schreeuwde|sloeg|duwde|greep|pakte|aaide|spuugde|schold|"
    r"trok|rukte|keek|staarde|legde|gooide|trapte|schopte|kneep|dreigde|stond|kwam)\b)|"
    # ... also after its verb: "aaide de man over mijn haar", "vroeg de vrouw".
    r"(?:zei|riep|vroeg|schreeuwde|sloeg|duwde|greep|pakte|aaide|spuugde|schold|trok|rukte|"
    r"gooide|trapte|schopte|kneep|dreigde)\s+de\s+(?:\w+\s+)?(?:man|vrouw|jongen|meisje|meneer|mevrouw|gast|"
    r"vent|kerel|jongeman|dame|heer)|"
    # "iemand heeft de ruit ingegooid", not "ik heb iemand gebeld"
    r"(?<!heb\s)(?<!heeft\s)(?<!belde\s)iemand(?=\s+(?:\w+\s+){0,6}?(?:heeft|had|hebben|is|was|"
    r"\w+de|\w+te|\w+den|\w+ten|riep|sloeg|schold|gooide|stal|zei|kwam|stak|greep|beet)\b))\b"
)
# A person only visited or helped ("terwijl we bij een patiënt waren") did not do it.
_VISITED = re.compile(r"\bbij\s+(?:een|de|die|het|onze|mijn|m'n)?\s*$")
# fmt: on


@lru_cache(maxsize=1)
def _compiled() -> dict[str, object]:
    def many(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
        return [re.compile(rf"\b(?:{p})") for p in patterns]

    return {
        "known": many(KNOWN_PATTERNS),
        "unknown": many(UNKNOWN_PATTERNS),
        "arrest": many(ARREST_PATTERNS),
        "companion": re.compile(rf"\b{COMPANION_PATTERN}"),
        "care": re.compile(rf"\b{alternation(CARE_CONTEXT + ('seh', 'ziekenhuis'))}\b"),
    }


def _negated(doc: Doc, m: re.Match[str], before: int, after: int = 0) -> bool:
    """True when the cue is negated around it or holds a negator ("die ik niet ken")."""
    inside = re.search(r"\b(?:niet|geen|nooit|nie)\b", m.group())
    return bool(inside) or doc.is_negated(m.start(), m.end(), before=before, after=after)


def _cue(doc: Doc, location_type: str | None) -> tuple[str, int, int] | None:
    """The value set by an explicit cue (arrest first, else the earliest) and its span."""
    c = _compiled()
    for pattern in c["arrest"]:
        for m in doc.finditer(pattern):
            if not _negated(doc, m, before=2):
                return "bekend", m.start(), m.end()
    hits: list[tuple[int, int, str]] = []
    for pattern in c["known"]:
        for m in doc.finditer(pattern):
            value = "onbekend" if _negated(doc, m, before=2, after=1) else "bekend"
            hits.append((m.start(), m.end(), value))
    for pattern in c["unknown"]:
        for m in doc.finditer(pattern):
            negated = doc.is_negated(m.start(), m.end(), before=1)
            hits.append((m.start(), m.end(), "bekend" if negated else "onbekend"))
    for m in NAME_PATTERN.finditer(doc.text):
        if doc.plain[m.start()] != " ":
            hits.append((m.start(), m.end(), "bekend"))
    in_care = location_type in CARE_SETTINGS or c["care"].search(doc.plain)
    for m in doc.finditer(c["companion"]):
        if in_care:
            hits.append((m.start(), m.end(), "bekend"))
    if not hits:
        return None
    start, end, value = min(hits)
    return value, start, end


def extract_known(
    doc: Doc, location_type: str | None = None
) -> tuple[str | None, str | None, bool]:
    """Whether the worker knew the perpetrator ("bekend", "onbekend" or None), the words that
    say so, and True when "onbekend" is only assumed from a bare description ("een klant")."""
    cue = _cue(doc, location_type)
    if cue:
        value, start, end = cue
        return value, doc.span(start, end), False
    colleague = colleague_perpetrator(doc)
    if colleague:
        return "bekend", doc.span(colleague.start(), colleague.end()), False
    mention = perpetrator_mention(doc, location_type)
    if mention and not _VISITED.search(doc.plain, max(0, mention.start - 12), mention.start):
        words = doc.plain[mention.start : mention.end]
        at_home = location_type == "woning_client" or HOME_VISIT.search(doc.plain)
        occupant = at_home and (
            OCCUPANT_WORDS.search(words)
            or (HOME_VISIT.search(doc.plain) and HOUSEHOLD_WORDS.search(words))
        )
        resident_at = RESIDENT_WORDS.search(doc.plain, mention.start)
        resident = (
            mention.relation != "buurtbewoner"
            and resident_at is not None
            and resident_at.start() < mention.end
        )
        if occupant or resident:
            return "bekend", doc.span(mention.start, mention.end), False
        return "onbekend", doc.span(mention.start, mention.end), True
    in_care = location_type in CARE_SETTINGS or _compiled()["care"].search(doc.plain)
    m = FAMILY_WORDS.search(doc.plain)
    if m and in_care:
        return "bekend", doc.span(m.start(), m.end()), False
    # On a home visit "de man" or "de vrouw" is the occupant: "bij het huisbezoek zei de man".
    m = DEFINITE_HOUSEHOLD.search(doc.plain)
    if m and HOME_VISIT.search(doc.plain):
        return "bekend", doc.span(m.start(), m.end()), False
    m = GROUP_MENTION.search(doc.plain)
    if m:
        return "onbekend", doc.span(m.start(), m.end()), True
    return None, None, False
