"""Facts stated in a worker's own Dutch words, found with explainable rules.

The report dialogue asks "Vertel in je eigen woorden wat er gebeurde" and then only asks what
the story did not say. `extract_facts` reads a narrative, a short answer or a correction and
returns what it states, with for every field the words that set it (`Facts.evidence`), so the
bot can confirm "Je schreef: 'aan de balie'" and a reviewer can see why.

Times are read by bot.timeparse and aggression types by the classifier, not here. The word lists
live at the top of the extraction_* modules:

- extraction_text: folding, clauses, negation, quoted speech
- extraction_lexicon: shared verbs, body parts, person words
- extraction_place: location type and location text
- extraction_person: perpetrator relation, target
- extraction_known: whether the perpetrator was known
- extraction_description: what the perpetrator looked like
- extraction_harm: injury (and whose), weapon or thrown object
- extraction_damage: property broken, damaged or stolen
- extraction_context: witnesses, police, danger now
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from bot.understanding.extraction.context import extract_danger, extract_police, extract_witnesses
from bot.understanding.extraction.damage import extract_damage
from bot.understanding.extraction.description import extract_description
from bot.understanding.extraction.harm import extract_injury, extract_weapon
from bot.understanding.extraction.known import extract_known
from bot.understanding.extraction.person import extract_relation, extract_repeated, extract_target
from bot.understanding.extraction.place import extract_location, sector_place
from bot.understanding.text import Doc


@dataclass(frozen=True)
class Facts:
    """What a worker's text states about the incident; None means "not said"."""

    location_type: str | None = None  # one of bot.vocab.LOCATION_TYPES
    location_text: str | None = None  # the worker's words for the place: "aan de balie"
    perpetrator: str | None = None  # "bekend" | "onbekend"
    # "onbekend" only because the person was merely described ("een klant"): the dialogue asks.
    perpetrator_assumed: bool = False
    perpetrator_relation: str | None = None  # one of bot.vocab.PERPETRATOR_RELATIONS
    perpetrator_description: str | None = None  # "man van rond de 40 met een rode jas"
    injury: bool | None = None  # someone got hurt; False only when the text says so
    injury_text: str | None = None  # "blauwe plek op mijn been"
    injured_person: str | None = None  # "zelf" | "collega" | "anders"
    weapon: str | None = None  # "mes", "schaar", "stoel", "hond"; several joined by ", "
    witnesses: bool | None = None
    police_present: bool | None = None
    damage_text: str | None = None  # "bril kapot", "ruit van de bus ingegooid"
    target: str | None = None  # "zelf" | "collega"
    danger_now: bool = False  # danger now or serious injury: the bot must say 112 now
    repeated: bool | None = None  # the perpetrator did this before ("alweer", "al de derde keer")
    evidence: dict[str, str] = field(default_factory=dict)  # field name -> the words that set it

    def found(self) -> dict[str, object]:
        """The fields the text stated: not None, danger_now only when True, without evidence."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("evidence", "perpetrator_assumed") or value is None:
                continue
            if f.name == "danger_now" and not value:
                continue
            out[f.name] = value
        return out


def extract_facts(text: str) -> Facts:
    """Facts stated in a worker's Dutch text (a narrative, an answer or a correction)."""
    if not text or not text.strip():
        return Facts()
    doc = Doc(text)
    values: dict[str, object] = {}
    evidence: dict[str, str] = {}

    def put(name: str, value: object, words: str | None) -> None:
        if value is None or (name == "danger_now" and value is False):
            return
        values[name] = value
        if words:
            evidence[name] = words

    location_type, location_text = extract_location(doc)
    put("location_type", location_type, location_text)
    put("location_text", location_text, location_text)
    known, known_words, assumed = extract_known(doc, location_type)
    put("perpetrator", known, known_words)
    if assumed:
        values["perpetrator_assumed"] = True
    # "Ambulance." names the sector, not the place, but a man there is still a member of the public.
    put("perpetrator_relation", *extract_relation(doc, location_type or sector_place(doc)))
    description = extract_description(doc)
    put("perpetrator_description", description, description)
    target, target_words = extract_target(doc)
    injury = extract_injury(doc, target)
    injury_evidence = injury.pop("evidence", {})
    for name, value in injury.items():
        put(name, value, value if name == "injury_text" else injury_evidence.get("injury"))
    if (
        target is None
        and injury.get("injured_person") in ("zelf", "collega")
        and injury.get("injury")
    ):
        target, target_words = injury["injured_person"], injury_evidence.get("injury")
    put("target", target, target_words)
    put("weapon", *extract_weapon(doc))
    put("witnesses", *extract_witnesses(doc))
    put("police_present", *extract_police(doc))
    put("damage_text", *extract_damage(doc))
    put("danger_now", *extract_danger(doc))
    put("repeated", *extract_repeated(doc))
    return Facts(**values, evidence=evidence)  # type: ignore[arg-type]
