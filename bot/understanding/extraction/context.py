"""Circumstances: were there witnesses, did the police come, is the worker in danger now.

danger_now is deliberately eager for present-tense signs of a threat that is still there or a
serious injury ("hij staat nog buiten", "ademt niet"), and ignores past events ("hij had een
mes"), quoted threats and clauses about an earlier incident.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.understanding.extraction.lexicon import COLLEAGUE_RE, POLICE_RE
from bot.understanding.text import Doc

# fmt: off
# People who may have seen it: "er stonden mensen", "veel omstanders".
ONLOOKERS = (
    r"(?:mensen|klanten|reizigers|passagiers|leerlingen|studenten|scholieren|ouders|omstanders|collega'?s|"
    r"bezoekers|bewoners|patienten|clienten|kinderen|jongeren|voorbijgangers|getuigen|buren|"
    r"zwemmers|toeschouwers|verpleegkundigen|agenten|wachtenden|kooplui|winkelende\s+mensen)"
)
# People who may step in or call for help: "een passagier trok hem van me af".
HELPERS = (
    r"(?:passagiers?|reizigers?|omstanders?|voorbijgangers?|klanten|klant|bezoekers?|beveiligers?|"
    r"beveiliging|boa'?s|leerlingen|leerling|stagiaire|leidinggevende|teamleider|docent|juf|buren|"
    r"buurman|buurvrouw|chauffeur|conducteur)"
)
WITNESS_YES: tuple[str, ...] = (
    r"(?:heeft|hebben|had|hadden)\s+(?:het|alles|dat)\s+(?:\w+\s+)?(?:gezien|gehoord|meegemaakt)",
    r"(?<!\bik\s)(?<!\bk\s)(?<!\bhij\s)(?<!\bzij\s)(?<!\bze\s)(?:zag|zagen|hoorde|hoorden)\s+(?:het|alles|dat|hoe|wat)\b",
    r"getuigen?\b",
    rf"er\s+(?:stonden|stond|waren|zaten|zat|was|liepen|liep)\s+(?:\w+\s+){{0,2}}?{ONLOOKERS}\b",
    r"(?:keken|stonden|zaten)\s+(?:\w+\s+)?(?:toe|erbij\s+te\s+kijken|te\s+kijken|te\s+filmen)|filmden\s+(?:het|alles|dat)|filmde\s+het",
    r"(?:andere|veel|alle)\s+(?:\w+\s+)?(?:reizigers|klanten|mensen|passagiers|leerlingen|bezoekers|"
    r"collega'?s|bewoners|patienten|ouders)\s+(?:\w+\s+)?(?:keken|zagen|stonden|waren\s+erbij|hebben\s+het)",
    r"in\s+het\s+bijzijn\s+van|voor\s+de\s+ogen\s+van|de\s+hele\s+(?:klas|bus|tram|wachtkamer|"
    r"afdeling|trein|coupe|wachtruimte|hal|zaal|gang|groep|tribune|straat|winkel|kantine|metro|"
    r"wagon|rij|markt|aula)\s+(?:zag|keek|was\s+erbij|heeft|hoorde|lachte|lag\s+dubbel|joelde|"
    r"klapte|filmde|stond\s+(?:te\s+kijken|erbij)|schrok|viel\s+stil|werd\s+stil)",
    # The worker was there with a colleague: "ik zat met mijn collega in de auto".
    r"(?:ik|k)\s+(?:zat|stond|was|liep|reed|fietste)\s+(?:\w+\s+){0,2}?(?:samen\s+)?met\s+"
    r"(?:mijn|m'n|mn|een|twee|drie|\d+)\s+(?:\w+\s+)?(?:collega\w*|duo|maat|partner)\b",
    r"iedereen\s+(?:zag|keek|heeft\s+het\s+gezien|was\s+erbij)",
    rf"{COLLEAGUE_RE}\s+(?:\w+\s+){{0,4}}?(?:was|waren|stond|stonden|zat|zaten)\s+(?:\w+\s+)?"
    r"(?:erbij|ernaast|naast\s+me|naast\s+mij|bij\s+me|bij\s+mij|ook\s+daar|achter\s+(?:me|mij)|"
    r"in\s+de\s+(?:gang|kamer|ruimte|buurt))",
    rf"{COLLEAGUE_RE}\s+naast\s+(?:me|mij)\b",
    # Anyone but the perpetrator standing by: "mijn duo stond ernaast", "ik stond naast haar".
    r"(?<!\bhij\s)(?<!\bzij\s)(?<!\bze\s)(?<!\bdie\s)(?<!\bie\s)"
    r"(?:stond|stonden|zat|zaten|was|waren|kwam|kwamen)\s+(?:\w+\s+){0,3}?"
    r"(?:erbij|ernaast|verderop|naast\s+(?:me|mij|haar|hem|ons)|achter\s+(?:me|mij))\b"
    r"(?!\s+(?:staan|zitten|lopen|te\s+\w+|gehaald|geroepen))",
    # The writer saw it happen to someone else: "ik zag het vanuit het raam", "heb het gezien".
    r"(?:ik|k)\s+(?:heb|had)\s+(?:het|alles)\s+(?:\w+\s+){0,2}?(?:gezien|zien\s+gebeuren|gehoord)",
    r"(?:ik|k)\s+(?:zag|hoorde)\s+het\s+(?:gebeuren|vanuit|vanaf|van\s+dichtbij)\b",
    r"die\s+het\s+(?:\w+\s+)?(?:zagen|zag|hoorden|hoorde|gezien|gehoord)\b",
    # Several people together: "wij (2 handhavers) werden", "werden we", "met 4 collega's".
    r"(?:werden|worden|stonden)\s+(?:we|wij)\b(?!\s+(?:\w+\s+)?(?:gebeld|geroepen|opgeroepen|"
    r"gealarmeerd|ingezet|gestuurd|getipt|gevraagd)\b)",
    r"(?:we|wij)\s+\([^)]{1,40}\)\s+(?:werden|worden|stonden)\b",
    r"(?:we|wij)\s+(?:waren|zaten|stonden|werkten|liepen)\s+met\s+(?:z'n\s+|ons\s+)?"
    r"(?:\d+|twee|drie|vier|vijf|zes|zeven|acht)\b",
    r"met\s+(?:\d+|twee|drie|vier|vijf|zes|zeven|acht)\s+(?:man|collega'?s|collegas|agenten|"
    r"handhavers|boa'?s)\b",
    rf"\b(?:mij|me)\s+en\s+(?:mijn|m'n|mn|een|de)\s+{COLLEAGUE_RE}",
    rf"samen\s+met\s+(?:mijn|m'n|mn|een|twee)\s+(?:\w+\s+)?{COLLEAGUE_RE}",
    r"met\s+(?:z'n|zn|zijn|ons)\s+(?:tweeen|drieen|vieren)", r"(?:ik|k)\s+was\s+niet\s+alleen",
    # A colleague there too: "mijn collega en ik werden bedreigd", "ik ben weggerend, collega ook".
    rf"{COLLEAGUE_RE}\s+en\s+(?:ik|k)\b|\b(?:ik|k)\s+en\s+(?:mijn|m'n|mn|een)\s+{COLLEAGUE_RE}",
    rf"{COLLEAGUE_RE}\s+ook\s*(?:[.,!;]|$)|{COLLEAGUE_RE}\s+(?:was|stond|zat|werd)\s+ook\b",
    # A colleague who acted during it: called the police, stepped in.
    rf"(?:{COLLEAGUE_RE}|{HELPERS})\s+(?:\w+\s+){{0,2}}?(?:heeft|had)\s+(?:\w+\s+){{0,3}}?(?:politie|112|beveiliging|hulp|"
    r"alarm|noodknop|alarmknop)\s+(?:\w+\s+)?(?:gebeld|opgeroepen|ingeschakeld|gealarmeerd|geroepen|"
    r"gehaald|ingedrukt)",
    rf"(?:{COLLEAGUE_RE}|{HELPERS})\s+(?:\w+\s+)?(?:belde|belden|riep|riepen|haalde|haalden|alarmeerde|drukte\s+op)\s+(?:\w+\s+){{0,2}}?"
    r"(?:politie|112|beveiliging|hulp|alarm|alarmknop|noodknop)",
    rf"(?:{COLLEAGUE_RE}|{HELPERS})\s+(?:\w+\s+)?(?:greep\s+in|grepen\s+in|kwam\s+tussenbeide|"
    r"kwamen\s+tussenbeide|trok\s+(?:hem|haar)\s+(?:weg|los|van\s+(?:me|mij)\s+af)|"
    r"(?:heeft|hebben)\s+(?:hem|haar)\s+(?:\w+\s+){0,3}?(?:weggetrokken|losgetrokken|af\s+getrokken|"
    r"afgetrokken|tegengehouden)|nam\s+(?:het|alles)\s+(?:\w+\s+)?over\b|hielp\s+mee|"
    r"hield\s+(?:hem|haar)\s+(?:tegen|vast)|kwam\s+(?:me\s+|mij\s+)?(?:helpen|te\s+hulp)|"
    r"(?:schoot|schoten)\s+(?:me\s+|mij\s+|ons\s+)?te\s+hulp|hielp(?:en)?\s+(?:me|mij|ons)\b|"
    r"(?:heeft|hebben)\s+(?:hem|haar)\s+(?:\w+\s+){0,2}?(?:vastgehouden|vastgepakt|overmeesterd))",
    r"met\s+(?:de\s+)?hulp\s+van\b",
    # The worker was with others: "we werden uitgescholden", "we hebben een man aangesproken".
    # ... but "we werden gebeld voor een valpartij" is the call-out, not the incident.
    r"(?:we|wij)\s+(?:werden|worden|stonden)\b(?!\s+(?:\w+\s+)?(?:gebeld|geroepen|opgeroepen|"
    r"gealarmeerd|ingezet|gestuurd|getipt|gevraagd)\b)",
    r"(?:we|wij)\s+(?:hebben|hadden)\s+(?:[\w.:']+\s+){0,6}?(?:aangesproken|gecontroleerd|staande\s+"
    r"gehouden|bekeurd|beboet|weggestuurd|gewaarschuwd|aangehouden|overmeesterd)",
    # Security stepped in during the incident (not fetched afterwards).
    r"beveilig\w*\s+(?:(?!niet\b|geen\b)\w+\s+){0,4}?(?:heeft|hebben|had)\s+(?:hem|haar|ze|hen|de\s+\w+)\s+"
    r"(?:\w+\s+){0,2}?(?:overmeesterd|vastgepakt|vastgehouden|weggehaald|eruit\s+gezet|buiten\s+gezet|"
    r"naar\s+buiten\s+\w+|"
    r"tegengehouden|afgevoerd|meegenomen|in\s+bedwang\s+gehouden)",
    r"beveilig\w*\s+(?:greep\s+in|kwam\s+tussenbeide|hield\s+(?:hem|haar)\s+(?:vast|tegen)|"
    r"zette\s+(?:hem|haar)\s+(?:eruit|buiten)|was\s+erbij|stond\s+erbij)",
    # Onlookers who reacted: "de mensen in de wachtrij lachten".
    r"(?:mensen|klanten|reizigers|passagiers|omstanders|bezoekers|voorbijgangers|wachtenden)\s+"
    r"(?:\w+\s+){0,4}?(?:lachten|lachte|filmden|joelden|applaudisseerden|schrokken|grepen\s+in|hielpen|"
    r"kwamen\s+tussenbeide|deden\s+niets)\b(?!\s+(?:me|mij|ons)\b)",
    r"waar\s+(?:\w+\s+){1,4}?bij\s+(?:was|waren|stond|stonden|zat|zaten)\b",
    r"(?:voor|in)\s+(?:de|een)\s+(?:hele|volle|drukke)\s+(?:klas|bus|tram|trein|metro|wachtkamer|"
    r"wachtruimte|zaal|groep|afdeling|hal|winkel|coupe)\b",
    r"(?:klas|bus|tram|trein|metro|wachtkamer|wachtruimte|zaal|hal|winkel|coupe|tribune)\s+"
    r"(?:zat|was|stond)\s+(?:\w+\s+)?(?:vol|bomvol|propvol|stampvol)\b",
    rf"(?:veel|tientallen|allemaal|enkele|meerdere|wat|een\s+paar|andere)\s+{ONLOOKERS}\b"
    r"(?!\s+(?:\w+\s+)?(?:die\s+)?(?:niet|niets|niks)\b)",
)
# Onlookers who were there but did nothing still saw it: "niemand in de bus deed iets".
WITNESS_PASSIVE: tuple[str, ...] = (
    r"niemand\s+(?:\w+\s+){0,4}?(?:deed|reageerde|hielp|greep)\s+(?:iets|wat|in|er\s+iets)\b",
    r"niemand\s+(?:\w+\s+){0,3}?(?:kwam|schoot)\s+(?:me\s+|mij\s+)?(?:te\s+hulp|helpen|tussenbeide)",
)
WITNESS_NO: tuple[str, ...] = (
    r"niemand\s+(?:\w+\s+){0,2}?(?:zag|gezien|was|anders|in\s+de\s+buurt|erbij|had\s+het\s+door)",
    r"(?:(?:ik|k)\s+|(?<![\w,]\s)(?<!\w))(?:was|stond|zat|werkte|ben)\s+(?:er\s+|helemaal\s+|daar\s+|toen\s+)?alleen"
    r"(?=\s*(?:$|[,.!?;]|\s(?:op|in|aan|bij|met|daar|toen|thuis|dienst|want|en|dus|omdat|"
    r"achter|voor|op\s+dat\s+moment|op\s+pad)\b))", r"(?:ik|k)\s+(?:stond|sta)\s+er\s+alleen\s+voor",
    r"in\s+(?:mijn|m'n|mn)\s+(?:eentje|uppie)", r"alleen\s+dienst",
    r"er\s+was\s+(?:verder\s+)?niemand",
    # "ik had geen collega bij me", "geen getuigen".
    rf"geen\s+(?:\w+\s+)?(?:{COLLEAGUE_RE}|getuigen?|mensen|anderen)\s+(?:bij\s+(?:me|mij)|erbij|in\s+de\s+buurt|"
    r"aanwezig|om\s+(?:me|mij)\s+heen)\b|\bzonder\s+getuigen\b|\bgeen\s+getuigen\b",
)

POLICE_CAME = (
    r"(?:kwam|kwamen|komt|gekomen|arriveerde|arriveerden|was\s+er|waren\s+er|was\s+erbij|"
    r"waren\s+erbij|aanwezig|ter\s+plaatse|stond\s+erbij|stonden\s+erbij|heeft\s+hem\s+meegenomen|"
    r"hebben\s+hem\s+meegenomen|nam\s+hem\s+mee|namen\s+hem\s+mee|hield\s+hem\s+aan|hielden\s+hem\s+aan|"
    r"aangehouden|opgepakt|gearresteerd|meegenomen|pakte\s+hem\s+op|pakten\s+hem\s+op|kwam\s+langs|"
    r"was\s+snel|waren\s+snel|(?:heeft|hebben)\s+hem\s+(?:aangehouden|opgepakt|gearresteerd|meegenomen)|"
    r"(?:stond|stonden)\s+(?:\w+\s+){0,4}?te\s+wachten)"
)
POLICE_NO: tuple[str, ...] = (
    rf"geen\s+{POLICE_RE}",
    rf"zonder\s+{POLICE_RE}",
)
# "hij is aangehouden" implies the police came, even without the word "politie".
ARRESTED = r"(?:hij|zij|ze|de\s+man|de\s+vrouw|de\s+dader|de\s+jongen)\s+(?:is|werd|zijn|werden)\s+(?:\w+\s+){0,3}?(?:aangehouden|opgepakt|gearresteerd)"

# These start with a verb and count only after a third person ("hij zit nog in de bus", not
# "ik zit nu in de bus"); see DANGER_SUBJECTS.
DANGER_PRESENCE_VERB: tuple[str, ...] = (
    r"(?:staat|zit|is|loopt|wacht|blijft|hangt|zijn|staan|zitten|lopen|hangen)\s+(?:hier\s+|daar\s+|er\s+)?"
    r"(?:(?:nog|nu|steeds|altijd|weer|op\s+dit\s+moment|hier|daar)\s+)*?(?:nog|nu|steeds|weer|op\s+dit\s+moment)\s+"
    r"(?:hier\s+|daar\s+)?(?:voor|buiten|binnen|bij|in|op|aan|achter|rond|om|beneden|boven|te|hier|"
    r"daar|er|in\s+de\s+buurt)\b(?:\s+(?:bij|voor|in|op|aan)?\s*(?:de|het|een|mijn|m'n|ons|onze)?\s*\w+)?",
    r"(?:is|zijn|staat|zit|staan)\s+er\s+(?:nu\s+)?(?:nog|nog\s+steeds)\b(?!\s+(?:iets|wat|meer|vragen))",
    r"(?:staat|wacht|zit|staan|wachten)\s+(?:\w+\s+){0,4}?(?:op\s+(?:me|mij|ons)\s+)?te\s+wachten",
    r"wacht\s+(?:me|mij|ons)\s+(?:\w+\s+){0,3}?op\b",
)
DANGER_SUBJECTS = frozenset(
    {
        "hij", "zij", "ze", "die", "hun", "man", "vrouw", "dader", "daders", "klant", "jongen",
        "meisje", "jongens", "jongeren", "vent", "kerel", "gast", "patient", "client", "bewoner",
        "reiziger", "passagier", "leerling", "vader", "moeder", "meneer", "mevrouw",
        "persoon", "huurder", "buurman", "groep", "ie",
    }
)

DANGER_PRESENCE: tuple[str, ...] = (
    r"komt\s+(?:(?!morgen|overmorgen|volgende|later|straks\s+voor)\w+\s+){0,3}?terug\b"
    r"(?!\s+(?:voor|met)\s+(?:zijn|haar|een)\s+(?:afspraak|formulier|papieren))|terugkomt\b|komt\s+eraan\b|komt\s+(?:nu\s+)?(?:weer\s+)?(?:op|naar)\s+(?:me|mij|ons)\s+af",
    r"\bhelp+\b|\bhelp\s+me\b|(?:nu|dringend|snel|direct|meteen)\s+hulp\s+nodig",
    r"opgesloten|heb\s+(?:me|mij|ons)\s+(?:\w+\s+)?verstopt|zit\s+(?:me\s+)?verstopt",
    r"durf\s+(?:\w+\s+)?niet\s+(?:naar\s+)?(?:buiten|weg|naar\s+huis|naar\s+mijn\s+auto)",
    r"kan\s+(?:er\s+)?niet\s+(?:weg|uit|naar\s+buiten)",
    r"houdt\s+(?:me|mij)\s+(?:\w+\s+)?vast|laat\s+(?:me|mij)\s+niet\s+(?:gaan|weg|door)",
    r"(?:word|wordt|worden)\s+(?:(?!vaak|regelmatig|vaker|altijd|soms|weleens|wel\s|elke|iedere)\w+\s+)?"
    r"(?:nu\s+|op\s+dit\s+moment\s+)?(?:bedreigd|achtervolgd|aangevallen|"
    r"geslagen|gevolgd|belaagd|gegijzeld|vastgehouden)",
    r"(?:heeft|hebben)\s+(?:een|zijn|z'n|nog\s+steeds\s+een|nu\s+een)\s+(?:mes|wapen|pistool|vuurwapen|"
    r"bijl|knuppel|machete)(?!\s+(?:gehad|bij\s+zich\s+gehad))",
    r"(?:staat|loopt|zit|is|zwaait|dreigt)\s+(?:hier\s+|nu\s+)*met\s+(?:een|zijn|z'n)\s+(?:\w+\s+)?"
    r"(?:mes|wapen|pistool|vuurwapen|bijl|knuppel|machete)",
    r"probeert\s+(?:\w+\s+){0,2}?binnen\s+te\s+komen|bonkt\s+op|bonst\s+op|slaat\s+(?:\w+\s+)?(?:de\s+boel|alles)\s+kapot",
    r"(?:ben|zijn)\s+(?:nu\s+|hier\s+)?(?:in\s+gevaar|niet\s+veilig)|(?:nu|hier)\s+niet\s+veilig|onveilig\s+nu",
    r"(?:is|het\s+is)\s+nog\s+(?:steeds\s+)?(?:gaande|bezig|aan\s+de\s+gang)|escaleert",
    r"kom\s+(?:alsjeblieft\s+|aub\s+|snel\s+)+|(?:bel|stuur)\s+(?:de\s+)?(?:politie|112|hulp)",
)
DANGER_MEDICAL: tuple[str, ...] = (
    r"bloedt\s+(?:\w+\s+)?(?:heel\s+|echt\s+|zo\s+)?(?:erg|hevig|veel|enorm|flink|nog\s+steeds|nog|als\s+een\s+rund)",
    r"veel\s+bloed|bloed\s+overal|overal\s+bloed|stopt\s+niet\s+met\s+bloeden|het\s+bloeden\s+stopt\s+niet",
    r"bewusteloos|buiten\s+bewustzijn|buiten\s+westen|reageert\s+(?:niet|nergens)(?!\s+op\b)|ademt\s+(?:niet|slecht|nauwelijks)|"
    r"krijgt\s+geen\s+lucht|beweegt\s+niet",
    r"steekwond|neergestoken|(?:is|ben|werd)\s+(?:\w+\s+)?gestoken|neergeschoten|(?:is|ben|werd)\s+beschoten",
)
# Someone lying hurt: counts after a person, the colleague included ("mijn collega ligt ...").
DANGER_MEDICAL_VERB: tuple[str, ...] = (
    r"ligt\s+(?:nog\s+)?(?:op\s+de\s+grond|stil|bewusteloos|in\s+(?:zijn|haar|een)\s+bloed)",
)
# The perpetrator is in custody: "hij zit nu in de cel", "ze hebben hem geboeid".
IN_CUSTODY = r"in\s+de\s+cel|in\s+de\s+politieauto|in\s+de\s+boeien|geboeid|in\s+hechtenis|vastgezet"
# A threat that has left is over: "hij stond nog buiten maar is weg".
DANGER_OVER = (
    r"(?:is|zijn)\s+(?:nu\s+|inmiddels\s+|al\s+)?(?:weg|vertrokken|weggegaan|weggelopen|gevlucht|"
    r"opgepakt|aangehouden|meegenomen|gearresteerd)|ervandoor|zit\s+(?:nu\s+)?vast"
)
# fmt: on


@lru_cache(maxsize=1)
def _c() -> dict[str, object]:
    def many(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
        return [re.compile(rf"\b(?:{p})") for p in patterns]

    return {
        "witness_yes": many(WITNESS_YES),
        "witness_no": many(WITNESS_NO),
        "witness_passive": many(WITNESS_PASSIVE),
        "police": re.compile(
            rf"\b{POLICE_RE}\b(?P<gap>(?:[\s,?:]+\w+){{0,8}}?)[\s,]+{POLICE_CAME}\b"
        ),
        "police_no": many(POLICE_NO),
        "arrested": re.compile(rf"\b{ARRESTED}\b"),
        "presence": many(DANGER_PRESENCE),
        "presence_verb": many(DANGER_PRESENCE_VERB),
        "medical": many(DANGER_MEDICAL),
        "over": re.compile(rf"\b(?:{DANGER_OVER})\b"),
        "custody": re.compile(rf"\b(?:{IN_CUSTODY})\b"),
        "medical_verb": many(DANGER_MEDICAL_VERB),
    }


def extract_witnesses(doc: Doc) -> tuple[bool | None, str | None]:
    """True when someone saw it, False when the worker says nobody did, else None."""
    c = _c()
    hits: list[tuple[int, int, bool]] = []
    for value, key in ((True, "witness_yes"), (False, "witness_no")):
        for pattern in c[key]:
            for m in doc.finditer(pattern):
                start, end = doc.negation(m.start(), m.end(), before=3) or (m.start(), m.end())
                negated = start != m.start() or _negator_in(m.group(), value)
                nobody = [t for t in doc.words_before(m.start(), 3) if t.word == "niemand"]
                if value and nobody:
                    negated, start = True, nobody[0].start
                hits.append((start, end, value != negated))
    for pattern in c["witness_passive"]:
        for m in doc.finditer(pattern):
            hits.append((m.start(), m.end(), True))
    if not hits:
        return None, None
    chosen = next((h for h in hits if h[2]), None) or min(hits)
    return chosen[2], doc.span(chosen[0], chosen[1])


def _negator_in(words: str, value: bool) -> bool:
    """A "yes" cue holding a negator ("heeft het niet gezien") says no."""
    return value and bool(re.search(r"\b(?:niet|geen|nooit|niemand)\b", words))


def extract_police(doc: Doc) -> tuple[bool | None, str | None]:
    """True when the police came, False when they did not, None when the text does not say."""
    c = _c()
    for m in doc.finditer(c["police"]):
        gap = m.group("gap")
        if re.search(r"\b(?:hij|zij|ik|dader)\b", gap):
            continue
        start, end = doc.negation(m.start(), m.end(), before=2, after=1) or (m.start(), m.end())
        negated = (start, end) != (m.start(), m.end()) or bool(
            re.search(r"\b(?:niet|geen|nooit)\b", gap)
        )
        return (not negated), doc.span(start, end)
    for pattern in c["police_no"]:
        m = pattern.search(doc.plain)
        if m:
            return False, doc.span(m.start(), m.end())
    m = c["arrested"].search(doc.plain)
    if (
        m
        and not doc.is_negated(m.start(), m.end(), before=2, after=1)
        and "niet" not in m.group().split()
    ):
        return True, doc.span(m.start(), m.end())
    return None, None


def extract_danger(doc: Doc) -> tuple[bool, str | None]:
    """True with the words that show danger now or a serious injury, else (False, None)."""
    c = _c()
    subjects = {
        "presence_verb": DANGER_SUBJECTS,
        "medical_verb": DANGER_SUBJECTS | {"collega", "iemand", "patient"},
    }
    for kind in ("medical", "medical_verb", "presence_verb", "presence"):
        for pattern in c[kind]:
            for m in doc.finditer(pattern):
                if _danger_ruled_out(doc, m, kind):
                    continue
                start = m.start()
                if kind in subjects:
                    who = [t for t in doc.words_before(m.start(), 3) if t.word in subjects[kind]]
                    if not who:
                        continue
                    start = who[0].start
                return True, doc.span(start, m.end())
    return False, None


def _danger_ruled_out(doc: Doc, m: re.Match[str], kind: str) -> bool:
    """True when the sign is negated, about an earlier incident, or the threat has ended."""
    c = _c()
    if doc.is_negated(m.start(), m.end(), before=3) or doc.about_earlier_incident(m.start()):
        return True
    if kind.startswith("medical"):
        return False
    s_start, s_end = doc.sentence(m.start())
    # Only an end stated after the sign counts: "hij is weg maar komt terug" is still danger.
    return bool(
        c["over"].search(doc.plain, m.end(), s_end)
        or c["custody"].search(doc.plain, s_start, s_end)
    )
