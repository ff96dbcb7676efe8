"""The audit log is append-only on PostgreSQL: an UPDATE or DELETE is refused by a trigger."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.storage.audit import db_append_audit, db_verify_chain


@pytest.mark.postgres
def test_postgres_refuses_changing_or_deleting_audit_rows(postgres_url, now):
    from bot.storage.db import make_engine, make_session_factory
    from bot.storage.migrate import upgrade

    engine = make_engine(postgres_url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        db_append_audit(session, "sign_in", at=now, user_id=1)
        db_append_audit(
            session, "case_viewed", at=now, user_id=1, object_type="report", object_id=5
        )
    with factory() as session:
        assert db_verify_chain(session) == []
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError), factory() as session, session.begin():
            session.execute(text(statement))
    engine.dispose()
