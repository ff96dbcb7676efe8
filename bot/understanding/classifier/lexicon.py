"""An explainable, rule-based aggression-type classifier for Dutch incident texts.

The lexicon below maps each of the six types to weighted cues (word stems and phrases, see
cues_words.py and cues_acts.py); context rules are in context.py. A label's score is
1 - exp(-sum of the weights of its distinct matched cues) and the label is proposed at 0.5.
Every proposed label carries the worker's own words that drove it as evidence.

Domain rules (from the working definitions in the Monitor VPT categories):
- A curse or insult at someone is verbale_agressie; a curse alone is never bedreiging.
- A threat to harm the worker, their family or their things is bedreiging, also implied ones
  ("ik weet waar je woont", "ik wacht je op", "pas maar op"), following, blocking the way,
  weapons, dogs and intimidating gestures. A physical or damage verb inside a threat frame
  ("ik ga je slaan", "hij dreigde mijn auto kapot te maken") is bedreiging, not an act.
- Grabbing, pushing, hitting, kicking, biting, spitting and throwing objects at someone are
  fysieke_agressie; hitting or kicking a thing (no person in the clause) is not, but banging on
  a counter or door is intimidation (bedreiging).
- Sexual touching is seksuele_intimidatie AND fysieke_agressie; sexual remarks, requests and
  exposure (art. 239 Sr) are seksuele_intimidatie only.
- A slur based on origin, skin colour, religion, sex, orientation or disability is
  discriminatie AND verbale_agressie; unequal treatment or a remark without a slur ("omdat ik
  een vrouw ben", "wil door een Nederlander geholpen worden") is discriminatie only. Generic
  insults that derive from a group ("mongool", "kankerwijf") are verbale_agressie only.
- An object thrown at a person is fysieke_agressie; when it breaks something, also
  materiele_schade. Damaging or stealing property is materiele_schade.
- Negation cancels a cue in its clause: "hij sloeg me niet", "hij heeft niet geslagen",
  "geen geweld". A clause about an earlier incident ("de vorige keer", "eerder", "vorig jaar")
  does not label this one when the text says all was calm now or names other acts for now.
- A colleague as target still labels the incident ("mijn collega werd bespuugd").
- Sentences about training, meetings, fiction, hypotheticals or someone else's story label
  nothing ("training agressie hanteren", "we bespraken het dreigingsniveau", "de cliënt
  vertelde dat zijn broer hem sloeg"), and word senses are respected:
  "ik ben kapot" is tiredness, "alarm slaan" and "de klok sloeg" are not hitting.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.understanding.classifier import context as ctx
from bot.understanding.classifier.base import Classification, Evidence
from bot.understanding.classifier.cue import (
    DAMAGE,
    DISCRIMINATION,
    PHYSICAL,
    SEXUAL,
    THREAT,
    VERBAL,
    Cue,
)
from bot.understanding.classifier.cues_acts import (
    DAMAGE_CUES,
    DISCRIMINATION_CUES,
    PHYSICAL_CUES,
    SEXUAL_CUES,
)
from bot.understanding.classifier.cues_words import THREAT_CUES, VERBAL_CUES
from bot.understanding.classifier.normalize import Normalized, normalize
from bot.vocab import AGGRESSION_TYPES

# The lexicon: label -> weighted cues. The tables live in cues_words.py and cues_acts.py.
LEXICON: dict[str, tuple[Cue, ...]] = {
    VERBAL: VERBAL_CUES,
    THREAT: THREAT_CUES,
    PHYSICAL: PHYSICAL_CUES,
    SEXUAL: SEXUAL_CUES,
    DISCRIMINATION: DISCRIMINATION_CUES,
    DAMAGE: DAMAGE_CUES,
}

# Labels whose cues make a sentence aggressive for cues that need "aggression".
_AGGRESSIVE = frozenset({VERBAL, THREAT, PHYSICAL})
# Labels of acts that become a threat inside a threat frame.
_ACTS = frozenset({PHYSICAL, DAMAGE})
_WORD = re.compile(r"\w+")


@dataclass
class _Hit:
    label: str
    labels: tuple[str, ...]
    key: tuple
    cue: Cue
    unless: re.Pattern[str] | None
    start: int
    end: int
    clause: int
    sentence: int
    shown: tuple[int, int]  # the span shown to the worker as evidence
    past: bool = False


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    sentence: int


class LexiconClassifier:
    """Labels an incident text from weighted word-stem cues and context rules."""

    def __init__(self, lexicon: Mapping[str, Sequence[Cue]] | None = None) -> None:
        """Compile the lexicon (the default one unless another is given)."""
        table = LEXICON if lexicon is None else lexicon
        unknown = set(table) - set(AGGRESSION_TYPES)
        if unknown:
            raise ValueError(f"unknown aggression types in lexicon: {sorted(unknown)}")
        self._cues = [
            (
                label,
                index,
                cue,
                re.compile(cue.pattern),
                re.compile(cue.unless) if cue.unless else None,
            )
            for label, cues in table.items()
            for index, cue in enumerate(cues)
        ]
        self._blockers = [re.compile(p) for p in ctx.SENSE_BLOCKERS]
        self._sentence_break = re.compile(ctx.SENTENCE_BREAK)
        self._clause_break = re.compile(ctx.CLAUSE_BREAK)
        self._negation_exceptions = re.compile(ctx.NEGATION_EXCEPTIONS)
        self._frames = re.compile(ctx.THREAT_FRAMES)
        self._object_target = re.compile(ctx.OBJECT_TARGET)
        self._person = re.compile(ctx.PERSON)
        self._past = re.compile(ctx.PAST)
        self._now = re.compile(ctx.NOW)
        self._calm_now = re.compile(ctx.CALM_NOW)
        self._meta_strong = re.compile(ctx.META_STRONG)
        self._meta_weak = re.compile(ctx.META_WEAK)
        self._victim_here = re.compile(ctx.VICTIM_HERE)
        self._contexts = {name: re.compile(p) for name, p in ctx.CONTEXTS.items()}

    def classify(self, text: str) -> Classification:
        """Label one incident text, with scores and the words that drove each label."""
        norm, _, hits = self._analyse(text)
        return self._score(norm, hits)

    def suppressed(self, text: str) -> set[str]:
        """Labels whose words occur only negated or in talk about something else.

        "hij sloeg me niet", "in de training oefenden we een bedreiging", "ik maak je af haha":
        a statistical model does not know negation or meta talk, so the combined classifier lets
        the lexicon overrule it for these labels.
        """
        _, negated, hits = self._analyse(text)
        kept = {label for h in hits for label in h.labels}
        return {label for h in negated for label in h.labels} - kept

    def _analyse(self, text: str):  # returns (Normalized, ruled-out hits, kept hits)
        norm = normalize(text or "")
        plain = self._mask(norm.text)
        clauses = self._clauses(plain)
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(plain)]
        hits = self._match(plain, clauses)
        meta = [h for h in hits if self._is_meta(plain, clauses, h.sentence)]
        hits = [h for h in hits if h not in meta]
        hits = [h for h in hits if not self._cancelled(plain, clauses[h.clause], h)]
        negated = [h for h in hits if self._negated(plain, clauses[h.clause], words, h)]
        hits = [h for h in hits if h not in negated]
        negated += meta
        hits = [h for h in hits if not self._thing_is_target(plain, clauses[h.clause], h)]
        for hit in hits:
            self._reframe(plain, clauses[hit.clause], hit)
        hits = self._drop_earlier_incident(plain, clauses, hits)
        hits = self._apply_needs(plain, clauses, hits)
        return norm, negated, hits

    def _mask(self, text: str) -> str:
        """Blank out phrases where a cue word has another sense, keeping offsets."""
        chars = list(text)
        for blocker in self._blockers:
            for match in blocker.finditer(text):
                chars[match.start() : match.end()] = " " * (match.end() - match.start())
        return "".join(chars)

    def _clauses(self, text: str) -> list[_Clause]:
        """Cut the text into clauses, each knowing its sentence."""
        clauses: list[_Clause] = []
        sentence_start = 0
        bounds = [m.span() for m in self._sentence_break.finditer(text)] + [(len(text), len(text))]
        for sentence, (stop, resume) in enumerate(bounds):
            cuts = [sentence_start]
            for match in self._clause_break.finditer(text, sentence_start, stop):
                if match.start() > cuts[-1]:
                    cuts.append(match.start())
            cuts.append(stop)
            clauses.extend(
                _Clause(start, end, sentence) for start, end in zip(cuts, cuts[1:], strict=False)
            )
            sentence_start = resume
        return clauses

    def _match(self, text: str, clauses: list[_Clause]) -> list[_Hit]:
        """Every raw cue match, placed in its clause."""
        starts = [c.start for c in clauses]
        hits = []
        for label, index, cue, regex, unless in self._cues:
            for match in regex.finditer(text):
                if match.end() == match.start():
                    continue
                clause = max(0, bisect.bisect_right(starts, match.start()) - 1)
                hits.append(
                    _Hit(
                        label=label,
                        labels=(label, *cue.also),
                        key=(label, index),
                        cue=cue,
                        unless=unless,
                        start=match.start(),
                        end=match.end(),
                        clause=clause,
                        sentence=clauses[clause].sentence,
                        shown=match.span(),
                    )
                )
        return hits

    def _sentence_text(self, text: str, clauses: list[_Clause], sentence: int) -> str:
        parts = [c for c in clauses if c.sentence == sentence]
        return text[parts[0].start : parts[-1].end] if parts else ""

    def _is_meta(self, text: str, clauses: list[_Clause], sentence: int) -> bool:
        """Whether a sentence talks about training, meetings, fiction or a hypothetical."""
        body = self._sentence_text(text, clauses, sentence)
        if self._meta_strong.search(body):
            return True
        return bool(self._meta_weak.search(body)) and not self._victim_here.search(body)

    def _cancelled(self, text: str, clause: _Clause, hit: _Hit) -> bool:
        """Whether the cue's own `unless` phrase occurs in its clause."""
        return bool(hit.unless and hit.unless.search(text, clause.start, clause.end))

    def _negated(
        self, text: str, clause: _Clause, words: list[tuple[int, int, str]], hit: _Hit
    ) -> bool:
        """Whether a negator near the cue in its clause cancels it."""
        inside = [w for w in words if clause.start <= w[0] and w[1] <= clause.end]
        before = [w for w in inside if w[1] <= hit.start][-ctx.NEGATION_BEFORE :]
        after_all = [w for w in inside if w[0] >= hit.end]
        after = []
        for word in after_all[: ctx.NEGATION_AFTER]:
            if word[2] in ctx.NEGATION_STOP:
                break
            after.append(word)
        opener = inside[0][2] if inside else ""
        if opener in ctx.SUBORDINATORS and after_all and after_all[0][2] in ctx.INVERSION_SUBJECTS:
            before = []  # "omdat hij niet wilde betalen, schopte hij me": the negation is in the other clause
        conditional = opener in ctx.SUBORDINATORS or opener in ctx.CONDITIONALS
        for position, (start, _, word) in enumerate(before):
            if word not in ctx.NEGATORS_BEFORE or self._negation_exceptions.match(text, start):
                continue
            if conditional and position < len(before) - 1:
                # "als je die bon niet verscheurt steek ik je lek": the negation belongs to the
                # subordinate clause's own verb, which stands between it and the cue.
                continue
            between = {w for _, _, w in before[position + 1 :]}
            if word not in ctx.NARROW_NEGATORS or between <= ctx.NARROW_FILLERS or "of" in between:
                return True
        return hit.cue.negated_after and any(
            word in ctx.NEGATORS_AFTER and not self._negation_exceptions.match(text, start)
            for start, _, word in after
        )

    def _thing_is_target(self, text: str, clause: _Clause, hit: _Hit) -> bool:
        """Whether a physical cue hits a thing and no person ("schopte tegen de deur")."""
        if hit.label != PHYSICAL:
            return False
        part = text[clause.start : clause.end]
        return bool(self._object_target.search(part)) and not self._person.search(part)

    def _reframe(self, text: str, clause: _Clause, hit: _Hit) -> None:
        """Turn an act inside a threat frame into a threat, showing the frame as evidence."""
        if hit.label not in _ACTS:
            return
        frames = list(self._frames.finditer(text, clause.start, clause.end))
        if not frames:
            return
        frame = min(frames, key=lambda m: min(abs(m.start() - hit.start), abs(m.end() - hit.end)))
        hit.label = THREAT
        hit.labels = (THREAT,)
        hit.key = (THREAT, "framed", *hit.key)
        hit.shown = (min(frame.start(), hit.start), max(frame.end(), hit.end))

    def _drop_earlier_incident(
        self, text: str, clauses: list[_Clause], hits: list[_Hit]
    ) -> list[_Hit]:
        """Drop cues about an earlier incident when the text says this time was calm or different."""
        past_clauses = set()
        current_sentence, in_past = -1, False
        for index, clause in enumerate(clauses):
            if clause.sentence != current_sentence:
                current_sentence, in_past = clause.sentence, False
            part = text[clause.start : clause.end]
            if self._past.search(part):
                in_past = True
            elif self._now.search(part):
                in_past = False
            if in_past:
                past_clauses.add(index)
        for hit in hits:
            hit.past = hit.clause in past_clauses
        if not any(h.past for h in hits):
            return hits
        if self._calm_now.search(text) or any(not h.past for h in hits):
            return [h for h in hits if not h.past]
        return hits

    def _apply_needs(self, text: str, clauses: list[_Clause], hits: list[_Hit]) -> list[_Hit]:
        """Keep a cue that needs a context only when that context is present."""
        aggressive = {
            h.sentence for h in hits if h.cue.needs is None and _AGGRESSIVE.intersection(h.labels)
        }
        kept = []
        for hit in hits:
            need = hit.cue.needs
            if need is None:
                kept.append(hit)
            elif need == ctx.AGGRESSION_CONTEXT:
                if hit.sentence in aggressive:
                    kept.append(hit)
            else:
                if ctx.CONTEXT_SCOPE.get(need) == "sentence":
                    scope = self._sentence_text(text, clauses, hit.sentence)
                else:
                    clause = clauses[hit.clause]
                    scope = text[clause.start : clause.end]
                if self._contexts[need].search(scope):
                    kept.append(hit)
        return kept

    def _score(self, norm: Normalized, hits: list[_Hit]) -> Classification:
        """Sum the weights of distinct cues per label and collect the evidence."""
        weights: dict[str, dict[tuple, float]] = {label: {} for label in AGGRESSION_TYPES}
        found: dict[str, list[tuple[int, int]]] = {label: [] for label in AGGRESSION_TYPES}
        for hit in hits:
            for label in hit.labels:
                best = weights[label].get(hit.key, 0.0)
                weights[label][hit.key] = max(best, hit.cue.weight)
                found[label].append(hit.shown)
        scores = {
            label: 1.0 - math.exp(-sum(weights[label].values())) for label in AGGRESSION_TYPES
        }
        evidence = []
        for label in AGGRESSION_TYPES:
            for start, end in _outermost(found[label]):
                words = norm.source(start, end)
                item = Evidence(label=label, text=words)
                if words and item not in evidence:
                    evidence.append(item)
        return Classification.from_scores(scores, evidence)


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in text order, without those lying inside another span."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    result: list[tuple[int, int]] = []
    for start, end in ordered:
        if result and start >= result[-1][0] and end <= result[-1][1]:
            continue
        result.append((start, end))
    return result
