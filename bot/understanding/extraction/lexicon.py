"""Word lists shared by the extraction modules, as regex fragments on folded text.

Folded text is lowercase without accents ("patiënt" -> "patient", "geïntimideerd" ->
"geintimideerd"), so every entry here is written that way. Extend the tuples, not the code.
"""

from __future__ import annotations

from bot.understanding.text import alternation

# fmt: off
# Determiners and possessives that may stand between a preposition and a noun.
DETERMINERS = (
    r"(?:de|het|een|mijn|m'n|mn|onze|ons|zijn|z'n|zn|haar|d'r|hun|die|dat|deze|dit|'t|t|'n|zo'n)"
)

# Words that point at the worker ("ik", "me", "mijn"); "k" is chat for "ik".
SELF_WORDS: tuple[str, ...] = ("ik", "k", "me", "mij", "mijn", "m'n", "mn", "mezelf", "mijzelf")

# Spellings of "collega" typed on a phone.
COLLEAGUE_WORDS: tuple[str, ...] = (
    "collega", "collegas", "collega's", "colega", "kollega", "collegaatje", "collegaas",
)

# Someone did something to someone: active forms, used to find who did it to whom.
AGGRESSION_ACTIVE: tuple[str, ...] = (
    "sloeg", "sloegen", "slaat", "schopte", "schopten", "schopt", "trapte", "trapten", "trapt",
    "duwde", "duwden", "duwt", "spuugde", "spuugden", "spoog", "spuwde", "spuugt", "beet",
    "kneep", "krabde", "greep", "stompte", "beukte", "mepte", "bedreigde", "bedreigden",
    "bedreigt", "dreigde", "dreigden", "dreigt", "schold", "scholden", "scheldt", "schreeuwde",
    "schreeuwden", "schreeuwt", "brulde", "tierde", "intimideerde", "beledigde", "belaagde",
    "achtervolgde", "betastte", "discrimineerde", "gooide", "gooiden", "smeet", "wierp",
    "mishandelde", "molesteerde", "vernielde", "bekraste", "stal", "pestte", "spuugt",
    "stak", "raakte", "betast", "beledigt", "intimideert", "uitschold", "uitscholden",
    "aanviel", "toeschreeuwde", "uitmaakte", "bespuugde", "volgde", "achtervolgt", "slaan",
    "slaat", "schoppen", "trappen",
)

# Verbs that, right after a person noun, make that person the one who acted.
ACTOR_VERBS: tuple[str, ...] = (
    "begon", "begint", "ging", "gaat", "kwam", "komt", "maakte", "zat", "pakte", "trok", "werd",
    "wilde", "weigerde", "liep", "stond", "viel", "vielen", "riep", "zei", "eiste", "hield",
    "spuugde", "sprong", "rende", "stapte",
)

# Participles: "ik werd bespuugd", "mijn collega is geslagen".
AGGRESSION_PARTICIPLES: tuple[str, ...] = (
    "geslagen", "geschopt", "getrapt", "geduwd", "bespuugd", "bespuwd", "gespuugd", "gebeten",
    "geknepen", "gekrabd", "gegrepen", "gestompt", "bedreigd", "uitgescholden", "gescholden",
    "beledigd", "geintimideerd", "aangevallen", "belaagd", "achtervolgd", "betast",
    "lastiggevallen", "lastig gevallen", "mishandeld", "gemolesteerd", "uitgelachen",
    "vernederd", "gediscrimineerd", "aangerand", "vastgepakt", "vastgegrepen", "bekogeld",
    "aangereden", "geraakt", "gestoken", "neergestoken", "gewurgd", "uitgemaakt", "afgeblaft",
    "toegeschreeuwd", "opgewacht", "gevolgd", "geschopt", "omvergeduwd", "omver geduwd",
    "gekopstoot", "gemept", "gegooid", "belemmerd", "gehinderd", "tegengehouden", "klemgezet",
    "omsingeld", "uitgedaagd", "getreiterd", "gepest", "nageroepen", "nagescholden", "uitgejouwd",
    "bespot", "geknuffeld", "gezoend", "gekust",
)

# Blows one can "krijgen": "ik kreeg een klap".
BLOWS: tuple[str, ...] = (
    "klap", "stomp", "trap", "duw", "kopstoot", "vuistslag", "mep", "schop", "knietje",
    "elleboog", "dreun", "tik", "oplawaai", "klappen", "trappen", "schoppen",
)

# Verbs for throwing something at someone (a thrown object is a weapon).
THROW_VERBS: tuple[str, ...] = (
    "gooide", "gooiden", "gooit", "gegooid", "smeet", "smeten", "gesmeten", "smijt", "wierp",
    "geworpen", "slingerde", "geslingerd", "mikte", "bekogelde", "bekogeld", "gooien", "smijten",
)

BODY_PARTS: tuple[str, ...] = (
    "hoofd", "gezicht", "neus", "oog", "ogen", "lip", "lippen", "mond", "tand", "tanden",
    "kaak", "oor", "oren", "nek", "hals", "keel", "schouder", "schouders", "arm", "armen",
    "elleboog", "pols", "polsen", "hand", "handen", "vinger", "vingers", "duim", "borst", "rug",
    "buik", "rib", "ribben", "heup", "been", "benen", "knie", "knieen", "enkel", "voet",
    "voeten", "teen", "tenen", "wang", "voorhoofd", "kin", "bovenbeen", "onderbeen",
    "onderarm", "bovenarm", "scheenbeen", "schedel", "gebit", "achterhoofd", "slaap", "kuit",
    "dij", "bil", "schouderblad", "sleutelbeen", "middelvinger", "wijsvinger", "pink",
)

POLICE_NOUNS: tuple[str, ...] = (
    "politie", "pliesie", "polisie", "politei", "polietie", "agent", "agenten", "wijkagent",
    "politieagent", "politieagenten", "de blauw",
)

# People without a role: what relation they have depends on where it happened.
PERSON_NOUNS: tuple[str, ...] = (
    "man", "vrouw", "jongen", "meisje", "jongeman", "jongedame", "dame", "heer", "meneer",
    "mevrouw", "kerel", "vent", "gast", "knul", "gozer", "tiener", "puber", "persoon", "iemand",
    "type", "figuur", "jongens", "meiden", "mannen", "vrouwen", "tieners", "gasten", "kerels",
    "personen", "kleuter", "meisjes",
)

AGGRESSION_ACTIVE_RE = alternation(AGGRESSION_ACTIVE)
ACTOR_RE = alternation(AGGRESSION_ACTIVE + ACTOR_VERBS)
AGGRESSION_PARTICIPLE_RE = alternation(p.replace(" ", r"\s+") for p in AGGRESSION_PARTICIPLES)
BLOW_RE = alternation(BLOWS)
THROW_RE = alternation(THROW_VERBS)
BODY_RE = alternation(BODY_PARTS)
SELF_RE = alternation(SELF_WORDS)
COLLEAGUE_RE = alternation(COLLEAGUE_WORDS)
POLICE_RE = alternation(p.replace(" ", r"\s+") for p in POLICE_NOUNS)
PERSON_RE = alternation(PERSON_NOUNS)
# fmt: on
