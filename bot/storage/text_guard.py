"""Every text column is stored whatever a worker typed: cleaned (bot/wire/text_input.py) and cut
to the column's length, on insert and update of any table.

Without this a lone surrogate (SQLite) or a NUL (PostgreSQL) made the insert fail every time, so
every "opslaan" answered "NIET opgeslagen"; and a list longer than its String(n) column failed
on PostgreSQL only.
"""

from __future__ import annotations

from sqlalchemy import Engine, String, event, inspect
from sqlalchemy.orm import DeclarativeBase

from bot.wire.text_input import clean_text


def _guard(_mapper, _connection, target) -> None:
    for attr in inspect(target).mapper.column_attrs:
        column = attr.columns[0]
        if not isinstance(column.type, String):
            continue
        value = getattr(target, attr.key)
        if not isinstance(value, str):
            continue
        cleaned = clean_text(value)
        length = column.type.length
        # Keys are made by the code, never typed: cutting one would hide a bug (and could merge
        # two keys), so an over-long key still fails loudly.
        keyish = column.primary_key or column.unique
        if length is not None and len(cleaned) > length and not keyish:
            cleaned = cleaned[: length - 1] + "…"
        if cleaned != value:
            setattr(target, attr.key, cleaned)


def _clean_value(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


def _clean_parameters(parameters: object) -> object:
    if isinstance(parameters, dict):
        return {key: _clean_value(value) for key, value in parameters.items()}
    if isinstance(parameters, tuple):
        return tuple(_clean_value(value) for value in parameters)
    if isinstance(parameters, list):  # executemany: a list of dicts or tuples
        return [_clean_parameters(item) for item in parameters]
    return parameters


def _clean_statement_parameters(_conn, _cursor, statement, parameters, _context, _many):
    return statement, _clean_parameters(parameters)


def install_parameter_guard(engine: Engine) -> None:
    """Clean every text parameter sent on this engine: lookups by a typed value (a sender id with a
    lone surrogate) must not fail either."""
    event.listen(engine, "before_cursor_execute", _clean_statement_parameters, retval=True)


def install_text_guard(base: type[DeclarativeBase]) -> None:
    """Clean and bound the text columns of every model derived from `base`."""
    event.listen(base, "before_insert", _guard, propagate=True)
    event.listen(base, "before_update", _guard, propagate=True)
