"""Context rules of the lexicon: word senses, clauses, negation, threats, distance, meta talk.

Everything here is a regular expression or a word list on the normalised text; the engine in
lexicon.py applies them. Keeping them as data lets a reviewer read the rules in one place.
"""

from __future__ import annotations

from bot.understanding.classifier.cue import BODY, ROLE, SEXUAL_BODY, THING, THROW

# Phrases where a cue word has another sense; they are blanked out before cues are matched.
SENSE_BLOCKERS: tuple[str, ...] = (
    r"\balarm\s+(?:ge)?sla\w*|\bsl(?:oeg|aat|aan)\s+(?:\w+\s+)?alarm\b",
    r"\b(?:klok|bel|hart|kerkklok|toren|bliksem)\w*\s+(?:\w+\s+){0,2}?(?:sloeg|slaat|slaan|geslagen)\b",
    r"\b(?:sloeg|sloegen|slaat|slaan)\s+(?:\w+\s+)?(?:op\s+de\s+vlucht|op\s+hol|nergens\s+op|aan\b|\w+\s+uur\b)",
    r"\b(?:sloeg|sloegen|slaat|slaan)\s+(?:de\s+hoek\s+om|linksaf|rechtsaf|af\b|een\s+(?:weg|route)\s+in)",
    r"\b(?:ik|we|wij)\s+(?:ben|was|waren|zijn|voel\w*\s+me|voelde\w*\s+me)\s+(?:\w+\s+)?(?:kapot|gesloopt|stuk|gebroken|aangeslagen)\b",
    r"\b(?:schrok|schrokken|lachte|lachten|werkte|werk|ergerde|verveelde|schrik|lach|erger|verveel)\w*\s+(?:me|mij|ons|zich)\s+(?:\w+\s+)?kapot\b",
    r"\bkapot\s+(?:van|moe|geschrokken)\b",
    r"\b(?:tikkertje|verstoppertje|dreigingsniveau\w*|dreigingsanalyse\w*)\b",
    r"\bhuiselijk\w*\s+geweld\b|\bkindermishandeling\b|\bgeweld\s+in\s+(?:het\s+)?gezin\b",
    r"\bkanker(?:patient\w*|onderzoek|behandeling|fonds|cel\w*|bestrijding|afdeling|gezwel)\b",
    r"\b(?:heeft|had|hebben|aan|met|tegen|kreeg|krijgt|ziek\w*)\s+(?:\w+\s+)?kanker\b",
    r"\bbeet\s*genomen\b|\bbeetgenomen\b",
    r"\b(?:moest|moet|moeten|ging|gaan|misselijk\w*)\s+(?:\w+\s+){0,3}?(?:spugen|overgeven|braken)\b|\bspugen\s+van\b",
    r"\bgestoken\s+door\s+een\s+(?:wesp|bij|mug)\b",
    r"\b(?:geen|gezien|kijk)\s+(?:\w+\s+)?(?:film|serie)\b",
)

# A text is cut into sentences here, and sentences into clauses at commas and conjunctions.
SENTENCE_BREAK = r"[.!?;\n]+"
CLAUSE_BREAK = (
    r"[,:\"()]|\s-\s|(?=\b(?:en|maar|want|omdat|toen|terwijl|nadat|waarna|daarna|dus|zodat|doordat|hoewel|"
    r"voordat|zodra|nu)\b)"
)
# A clause opening with one of these is subordinate; the main verb after it comes with inversion.
SUBORDINATORS = frozenset(
    {"omdat", "toen", "nadat", "doordat", "terwijl", "zodra", "voordat", "hoewel", "als"}
)
INVERSION_SUBJECTS = frozenset({"hij", "ze", "zij", "die", "men", "de", "een"})
CONDITIONALS = frozenset({"wanneer", "indien", "tenzij", "zolang", "mocht"})

# Negation: a negator up to NEGATION_BEFORE words before a cue, or up to NEGATION_AFTER words after
# it ("hij sloeg me niet"), in the same clause, cancels the cue.
NEGATORS_BEFORE = frozenset(
    {"niet", "geen", "nooit", "niemand", "niks", "niets", "nergens", "zonder"}
)
NEGATORS_AFTER = frozenset({"niet", "nooit", "niemand", "niks", "niets"})
NEGATION_BEFORE = 4
# "geen" and "zonder" only negate the word group right after them ("geen (fysiek) geweld",
# "zonder kaartje spuugde hij" is not negated): only these words, or a list with "of"
# ("geen spullen vernield of gestolen"), may stand in between.
NARROW_NEGATORS = frozenset({"geen", "zonder"})
NARROW_FILLERS = frozenset(
    {
        "fysiek",
        "fysieke",
        "echt",
        "echte",
        "enig",
        "enige",
        "verbaal",
        "verbale",
        "te",
        "direct",
        "directe",
        "sprake",
        "van",
        "serieus",
        "serieuze",
        "grote",
        "spullen",
        "of",
        "ander",
        "andere",
    }
)
NEGATION_AFTER = 3
# The look after a cue stops at a new subject or conjunction ("hij schreeuwde dat hij niet ...").
NEGATION_STOP = frozenset(
    {
        "dat",
        "die",
        "wat",
        "of",
        "als",
        "omdat",
        "want",
        "toen",
        "hij",
        "ze",
        "zij",
        "ik",
        "we",
        "wij",
        "jij",
        "en",
        "maar",
    }
)
# A negator in these phrases does not negate: "niet normaal", "hield niet op", "niet alleen".
NEGATION_EXCEPTIONS = (
    r"niet\s+(?:alleen|normaal|meer\s+normaal|te\s+(?:filmen|geloven|doen|harden)|zomaar|eens\s+normaal|"
    r"(?:meer\s+)?(?:te\s+)?(?:stoppen|ophouden|kalmeren))\b|niet\s+(?:meer\s+)?op\b(?!\s+(?:mijn|het|de|zijn|haar))"
)

# A physical or damage cue inside a clause like this is a threat, not an act: "ik ga je slaan",
# "hij dreigde me te slaan", "anders sla ik je", "hij wilde me slaan".
THREAT_FRAMES = (
    r"\b(?:ik|we|wij)\s+(?:ga|gaan|zal|zullen|kom|komen)\b|\b(?:ga|gaan|zal|zullen)\s+(?:ik|we|wij)\b|"
    r"\b(?:zou|zouden|wilde|wilden|wou|dreigde|dreigden|dreigt|dreigen|gedreigd|anders|straks|volgende\s+keer|bijna)\b|"
    r"\bik\s+(?:\w+\s+)?(?:je|jou|u|jullie)\b|\b(?:gaat|gaan|ging|gingen)\s+(?:je|jou|u|jullie|me|mij|ons|haar|hem)\b|"
    r"\b(?:me|mij|ons|je|jou)\s+(?:ging|gingen)\s+\w+n\b|\balsof\b"
)

# A physical cue whose clause names a thing as target and no person is not violence against a
# person: "hij schopte tegen de deur" (the threat table has a cue for hitting things).
OBJECT_TARGET = (
    rf"(?<!met )\b(?:tegen|op|in|door|de|het|een|mijn|onze|zijn|haar)\s+(?:\w+\s+)?{THING}\b"
)
PERSON = (
    rf"\b(?:me|mij|ons|jou|je|u|zich|iemand|elkaar|{ROLE}|mijn\s+{BODY}|"
    r"(?:hem|haar)(?=\s+(?:in|op|tegen|met|bij|aan|neer|weg|vast|opzij|omver)\b|\s*[.,!?]|\s*$)|"
    r"(?:ik|we|wij)\s+(?:werd|werden|ben|zijn|was)|(?:werd|werden|ben|zijn|was)\s+(?:ik|we|wij))\b"
)

# Distance in time: a clause about an earlier incident, and a statement that now all was calm.
PAST = (
    r"\b(?:(?:de|een)\s+)?vorige\s+(?:keer|week|maand|dienst)\b|\bvorig\s+(?:jaar|weekend|kwartaal)\b|"
    r"\beerder(?!\s+(?:die|deze|vandaag|vanochtend|vanmiddag|op\s+de\s+dag|op\s+die))\b|\bvroeger\b|\bdestijds\b|"
    r"\b(?:jaren|maanden|weken|een\s+jaar|een\s+maand|een\s+week)\s+geleden\b|\bde\s+keer\s+daarvoor\b"
)
NOW = r"\b(?:nu|vandaag|deze\s+keer|dit\s+keer|ditmaal|vanochtend|vanmiddag|vanavond|vannacht|gisteren|zojuist)\b"
CALM_NOW = (
    r"\b(?:nu|vandaag|deze\s+keer|dit\s+keer|ditmaal|vanochtend|vanmiddag|vanavond|vannacht)\b(?:\s+\w+){0,5}?\s+"
    r"(?:rustig|kalm|niks|niets|vriendelijk|beleefd|aardig|normaal|prima|geen\s+(?:probleem|problemen|incident|gedoe))\b"
)

# Sentences about training, meetings, fiction or someone else's story ("de cliënt vertelde
# dat zijn broer hem sloeg") describe no incident. STRONG ones never do;
# WEAK ones do not unless the worker is the target in the same sentence ("na de training werd ik ...").
META_STRONG = (
    r"\b(?:rollenspel\w*|trainingsacteur\w*|acteur\w*|oefening\w*|oefenden|oefenen|geoefend|tikkertje|film|serie|"
    r"documentaire|toneel\w*|casus|casusbespreking|theorie)\b|"
    # A joke among colleagues: "haha", "grapje", "we lagen dubbel".
    r"\b(?:haha\w*|hihi\w*|grapje\w*|geintje\w*|grappend\w*|lol|xd)\b|\blagen\s+(?:\w+\s+)?(?:dubbel|krom)\b|"
    r"\b(?:voor\s+de|als|uit\s+de)\s+grap\b|"
    # An accident has no perpetrator: "per ongeluk", "toen hij onwel werd", "na een aanrijding".
    r"\bper\s+ongeluk\b|\bonwel\b|\baanrijding\w*|\bbotsing\w*|"
    # A lesson or a case of someone else: "bij geschiedenis", "een fragment", "aangifte opgenomen van".
    r"\bgeschiedenis\w*|\bfragment\w*|\baangifte\s+opgenomen\s+van\b|"
    r"\b(?:als|wanneer|indien|stel\s+dat)\s+(?:iemand|een\s+(?:klant|client|patient|reiziger|leerling|ouder|burger|bewoner|huurder))\b|"
    r"\bhoe\s+(?:je|jij|we|wij|ik|u|men)\s+(?:\w+\s+)?(?:moet|moeten|kunt|kan|reageert|reageren|omgaat|omgaan|handelt|handelen)\b|"
    r"\bwat\s+(?:je|we|ik|u)\s+(?:moet|moeten|kunt|kan)\s+doen\s+(?:als|bij)\b"
)
META_WEAK = (
    r"\b(?:training\w*|cursus\w*|workshop\w*|voorlichting\w*|presentatie\w*|webinar\w*|e-?learning|intervisie|"
    r"les(?:sen)?\s+over|bespraken|besproken|bespreken|bespreking|vergadering\w*|teamoverleg|werkoverleg|overleg|"
    r"protocol\w*|beleid|folder|poster|campagne|enquete|vragenlijst|vertelde\w*|verteld|vertelt|nieuws|krant)\b"
)
VICTIM_HERE = r"\b(?:me|mij|collega\w*|ik\s+werd|werd\s+ik|ik\s+ben\s+\w+)\b"

# Contexts a cue can need (`Cue.needs`): a body part in the same clause, a throw or blow in the
# same sentence. "aggression" is computed from other cues in the sentence.
CONTEXTS: dict[str, str] = {
    "sexual_body": rf"\b{SEXUAL_BODY}\b",
    "sexual": (
        rf"\b{SEXUAL_BODY}\b|\b(?:sexy|geil\w*|lekker\s+ding|neuk\w*|seks\w*|sex|schatje|liefje|"
        r"ongewenst\w*|intiem\w*|kus\w*|zoen\w*)\b"
    ),
    "impact": (
        rf"\b(?:{THROW}|sloeg\w*|geslagen|schopte\w*|geschopt|trapte\w*|getrapt|ramde\w*|beukte\w*|bonkte\w*|"
        r"stompte\w*|mepte\w*|smeet|flikkerde\w*|tegenaan|gegooid)\b"
    ),
}
CONTEXT_SCOPE: dict[str, str] = {
    "sexual_body": "clause",
    "sexual": "sentence",
    "impact": "sentence",
}
AGGRESSION_CONTEXT = "aggression"
