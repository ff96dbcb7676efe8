"""The conversation-level evaluation: a simulated worker talks to the real bot over HTTP.

Each scripted conversation (tests/eval/conversations_*.yml) lists what the worker knows and how
they talk: the opening messages (often the story, or facts before they are asked), messages put
in when the bot first asks a question (a privacy question halfway, a correction, "stop" and a
resume), and the answer to each question. The simulated worker reads which question the bot
actually asks (its text, matched against domain.yml), answers it from that list, and notes every
fact it has given. Afterwards the stored report is read from the database and scored:

- facts right: stored values equal to the expected ones, over all conversations;
- repeated questions: the bot asked about a fact the worker had already given.

`vpt eval-conversations` starts the action server, Rasa and the app server on free loopback
ports (as tests/e2e does) and fails below the minimums; tests/e2e runs two conversations of the
development file with the same code.
"""

from __future__ import annotations

import re
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.runtime.supervisor import PROJECT_ROOT, Stack
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.reports import db_list_reports, report_to_json

MIN_FACTS_RIGHT = 0.92
MAX_REPEATED_QUESTIONS = 0
MAX_TURNS = 40
SENDER_PREFIX = "web-eval-"  # a web chat sender: the report is stored with channel "web"

Send = Callable[[str, str], list[dict[str, Any]]]
Reports = Callable[[], list[dict[str, Any]]]

# Responses that ask something, by the name of what they ask.
_ASKING = re.compile(
    r"^utter_(?P<again>re)?ask_(?P<q>[a-z_]+?)(?:_after_story|_kind|_proposal|_choose)?$"
)
_OTHER_QUESTIONS = {"utter_summary": "summary", "utter_acute_danger": "danger"}


@dataclass
class Conversation:
    """One scripted conversation."""

    name: str
    opening: list[dict[str, Any]]
    answers: dict[str, list[str]]
    interject: dict[str, list[dict[str, Any]]]
    expect: dict[str, Any]


@dataclass
class Played:
    """What happened in one conversation."""

    name: str
    right: int = 0
    total: int = 0
    repeated: list[str] = field(default_factory=list)
    dangers: int = 0
    wrong: list[str] = field(default_factory=list)
    turns: int = 0
    transcript: list[str] = field(default_factory=list)


def _message(item: Any) -> dict[str, Any]:
    if isinstance(item, str):
        return {"say": item, "gives": []}
    return {"say": str(item["say"]), "gives": list(item.get("gives") or [])}


def load_conversations(path: Path) -> list[Conversation]:
    """The conversations of one file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for raw in data["conversations"]:
        answers = {
            q: [str(a) for a in (v if isinstance(v, list) else [v])]
            for q, v in (raw.get("answers") or {}).items()
        }
        interject = {
            q: [_message(m) for m in (v if isinstance(v, list) else [v])]
            for q, v in (raw.get("interject") or {}).items()
        }
        found.append(
            Conversation(
                name=raw["name"],
                opening=[_message(m) for m in raw.get("opening") or []],
                answers=answers,
                interject=interject,
                expect=dict(raw.get("expect") or {}),
            )
        )
    return found


def question_patterns(domain_file: Path) -> list[tuple[re.Pattern[str], str]]:
    """Regexes of the texts that ask something (variables match anything), with their question.

    The asking texts come first: a text shared by several "ask again" responses ("Kies ja, nee of
    'weet ik niet'.") must not hide the question itself.
    """
    responses = yaml.safe_load(domain_file.read_text(encoding="utf-8"))["responses"]
    patterns = []
    for name, variants in responses.items():
        m = _ASKING.match(name)
        question = m.group("q") if m else _OTHER_QUESTIONS.get(name)
        if question is None:
            continue
        for variant in variants:
            text = variant.get("text")
            if not text:
                continue
            parts = re.split(r"\{[a-z_]+\}", text)
            regex = "(?s)" + ".*?".join(re.escape(p) for p in parts)
            again = bool(m and m.group("again"))
            patterns.append((again, re.compile(regex), question))
    return [(pattern, question) for _, pattern, question in sorted(patterns, key=lambda p: p[0])]


def asked(messages: list[dict[str, Any]], patterns: list[tuple[re.Pattern[str], str]]) -> list[str]:
    """The questions in one bot turn, in message order, each once (one per message: the first
    pattern that matches, asking texts before "ask again" texts)."""
    found: list[str] = []
    for message in messages:
        text = message.get("text") or ""
        question = next((q for pattern, q in patterns if pattern.search(text)), None)
        if question is not None:
            if question in found:
                found.remove(question)
            found.append(question)
    return found


def _matches(expected: Any, stored: Any, now: datetime) -> bool:
    if isinstance(expected, list):
        return sorted(expected) == sorted(stored or [])
    if isinstance(expected, str) and expected.startswith("day"):
        # "day-1 14:00": yesterday at 14:00 (local time); "day-1": yesterday, any hour.
        if not stored:
            return False
        at = datetime.fromisoformat(stored).astimezone(now.tzinfo)
        days, _, clock = expected[3:].partition(" ")
        if at.date() != (now + timedelta(days=int(days or 0))).date():
            return False
        return not clock or f"{at:%H:%M}" == clock
    return expected == stored


def play(
    conversation: Conversation,
    send: Send,
    reports: Reports,
    patterns: list[tuple[re.Pattern[str], str]],
    *,
    sender: str,
    now: datetime,
) -> Played:
    """Play one conversation against the bot and score its stored report."""
    played = Played(conversation.name)
    given: set[str] = set()
    used: dict[str, int] = {}
    interjected: set[str] = set()
    before = len(reports())
    queue = list(conversation.opening)

    def say(message: dict[str, Any]) -> list[str]:
        played.turns += 1
        played.transcript.append(f"> {message['say']}")
        answer = send(sender, message["say"])
        for m in answer:
            played.transcript.append(f"< {m.get('text') or ''}")
        given.update(message["gives"])
        return asked(answer, patterns)

    questions: list[str] = []
    while queue:
        questions = say(queue.pop(0))
    while played.turns < MAX_TURNS:
        open_questions = [q for q in questions if q != "danger"]
        if "danger" in questions:
            played.dangers += 1
        if not open_questions:
            break
        question = open_questions[-1]  # the question the bot ends its turn with
        if question in given and question != "summary":
            played.repeated.append(question)
        extra = conversation.interject.get(question)
        if extra and question not in interjected:
            interjected.add(question)
            for message in extra[:-1]:
                say(message)
            questions = say(extra[-1])
            continue
        options = conversation.answers.get(question) or [
            _DEFAULT_ANSWERS.get(question, "weet ik niet")
        ]
        index = used.get(question, 0)
        used[question] = index + 1
        text = options[min(index, len(options) - 1)]
        questions = say({"say": text, "gives": [question]})
    stored = reports()[before:]
    report = stored[-1] if stored else {}
    for key, expected in conversation.expect.items():
        played.total += 1
        value = report.get(key)
        if key == "reporter_hidden":
            value = report.get("reporter") is None if report else None
        if report and _matches(expected, value, now):
            played.right += 1
        else:
            played.wrong.append(f"{key}: expected {expected!r}, stored {value!r}")
    return played


_DEFAULT_ANSWERS = {
    "summary": "ja, klopt",
    "wants_aftercare_contact": "nee, hoeft niet",
    "damage_amount": "weet ik nog niet",
}


@dataclass
class Figures:
    """The figures of a run."""

    conversations: int
    facts_right: float
    facts_total: int
    repeated_questions: int
    danger_advice: int
    turns: int

    def meets_minimums(self) -> bool:
        """True at or above MIN_FACTS_RIGHT and at most MAX_REPEATED_QUESTIONS."""
        return (
            self.facts_right >= MIN_FACTS_RIGHT
            and self.repeated_questions <= MAX_REPEATED_QUESTIONS
        )


def run_all(
    conversations: list[Conversation],
    send: Send,
    reports: Reports,
    *,
    domain_file: Path,
    tz: ZoneInfo,
    run_id: str = "",
) -> tuple[Figures, list[Played]]:
    """Play every conversation, each with its own sender, and add up the figures."""
    patterns = question_patterns(domain_file)
    results = []
    for i, conversation in enumerate(conversations):
        sender = f"{SENDER_PREFIX}{run_id}{i}"
        results.append(
            play(conversation, send, reports, patterns, sender=sender, now=datetime.now(tz))
        )
    right = sum(p.right for p in results)
    total = sum(p.total for p in results)
    figures = Figures(
        conversations=len(results),
        facts_right=round(right / total, 3) if total else 0.0,
        facts_total=total,
        repeated_questions=sum(len(p.repeated) for p in results),
        danger_advice=sum(p.dangers for p in results),
        turns=sum(p.turns for p in results),
    )
    return figures, results


def report_text(figures: Figures, results: list[Played], *, verbose: bool = False) -> str:
    """The figures as printed, with what went wrong per conversation."""
    lines = [
        f"conversations: {figures.conversations} ({figures.turns} worker messages)",
        f"facts right: {figures.facts_right} of {figures.facts_total} facts "
        f"(minimum {MIN_FACTS_RIGHT})",
        f"questions about a fact already given: {figures.repeated_questions} "
        f"(maximum {MAX_REPEATED_QUESTIONS})",
        f"112 advice given (no conversation is in danger): {figures.danger_advice}",
    ]
    for played in results:
        if played.wrong or played.repeated or played.dangers:
            lines.append(f"- {played.name}:")
            lines += [f"    wrong {w}" for w in played.wrong]
            lines += [f"    asked again: {q}" for q in played.repeated]
            if played.dangers:
                lines.append(f"    112 advice {played.dangers}x")
            if verbose:
                lines += [f"      {t}" for t in played.transcript]
    return "\n".join(lines)


# -- running against a started bot ------------------------------------------------------------


def rasa_sender(settings: Settings) -> Send:
    """POST to Rasa's web channel, as the app server does for the web chat."""
    from bot.delivery.rasa_api import send_web_message

    def send(sender: str, text: str) -> list[dict[str, Any]]:
        return send_web_message(settings, sender, text, timeout=120)

    return send


def stored_reports(settings: Settings) -> Reports:
    """Every stored report as `vpt reports --json` prints it."""

    def reports() -> list[dict[str, Any]]:
        engine = make_engine(settings.effective_database_url)
        try:
            with make_session_factory(engine)() as session:
                return [report_to_json(r, settings.tz) for r in db_list_reports(session)]
        finally:
            engine.dispose()

    return reports


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def evaluate_file(path: Path, *, limit: int | None = None, verbose: bool = False) -> int:
    """Start the bot on free loopback ports, play the file's conversations, print the figures."""
    conversations = load_conversations(path)[:limit]
    with tempfile.TemporaryDirectory(prefix="vpt-conv-eval-") as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            rasa_model=PROJECT_ROOT / "models" / "vpt.tar.gz",
            app_port=_free_port(),
            internal_port=_free_port(),
            rasa_port=_free_port(),
            action_port=_free_port(),
        )
        engine = make_engine(settings.effective_database_url)
        upgrade(engine)
        engine.dispose()
        log: list[str] = []
        stack = Stack(settings, output=log.append)
        try:
            stack.start()
            figures, results = run_all(
                conversations,
                rasa_sender(stack.settings),  # with the tokens the stack made
                stored_reports(settings),
                domain_file=PROJECT_ROOT / "domain.yml",
                tz=settings.tz,
            )
        finally:
            stack.stop()
    print(f"==> conversations ({path})")
    print(report_text(figures, results, verbose=verbose))
    if not figures.meets_minimums():
        print("BELOW THE MINIMUMS")
        return 1
    return 0
