"""No personal data in the logs: a record factory that redacts every log record, whoever logs it.

Standard library only: it is installed in our processes and in the Rasa process
(connectors/rasa_run.py) and the action server (actions/server.py), before Rasa, rasa_sdk, Sanic
or SQLAlchemy log anything. A record factory (not a handler filter) sees every record of every
logger, including those that propagate to handlers added later by Rasa's own log set-up.

What is removed, at every level:
- quoted text ('...' and "..."), where third-party messages put what a user typed or a body;
- everything after the markers third-party libraries put a request body or bound values behind
  (`body=`, `request_body`, `[parameters:`, `user message`, `tracker`);
- web chat session ids (the chat's only credential) and other 43-character tokens;
- long digit runs (Telegram chat ids, phone numbers).
Traceback lines naming a source file keep their file name, so errors stay traceable.
"""

from __future__ import annotations

import logging
import re
import traceback

REDACTED = "<redacted>"
_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])(?:web-)?[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
_DIGITS = re.compile(r"(?<![\w.])\d{7,}(?![\w.])")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
# Everything after one of these, to the end of the line, is a body, bound values or user text.
_TAIL_MARKERS = re.compile(
    r"(body=|request_body|\[parameters:|user message|tracker\s*[:=]|'text'|\"text\"|"
    r"text=|metadata[:=])",
    re.IGNORECASE,
)
_TRACEBACK_FILE = re.compile(r'^\s*File "[^"\n]*", line \d+')

_installed = False


def redact(text: str) -> str:
    """The text with personal data and secrets replaced by <redacted>."""
    lines = []
    for line in text.split("\n"):
        head = _TRACEBACK_FILE.match(line)
        keep = head.group(0) if head else ""
        rest = line[len(keep) :]
        marker = _TAIL_MARKERS.search(rest)
        if marker:
            rest = rest[: marker.end()] + " " + REDACTED
        rest = _QUOTED.sub(REDACTED, rest)
        rest = _TOKEN.sub(REDACTED, rest)
        rest = _DIGITS.sub(REDACTED, rest)
        lines.append(keep + rest)
    return "\n".join(lines)


def _redact_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string must not lose the record
        message = str(record.msg)
    record.msg = redact(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        # Formatters use exc_text when it is set and format exc_info only otherwise.
        record.exc_text = redact(formatted)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


def install() -> None:
    """Redact every log record made from now on in this process (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        return _redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True


# Libraries that log request lines, SQL or bodies at INFO/DEBUG: only their warnings.
QUIET_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "httpx", "urllib3", "sanic.access")


def configure_logging(level: str = "INFO") -> None:
    """Our processes' logging: the redacting factory, one format, quiet libraries; and files
    owner-only (bot/wire/private.py), since every entry point starts here."""
    from bot.wire.private import private_umask

    private_umask()
    install()
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
