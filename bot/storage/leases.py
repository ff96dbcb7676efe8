"""Leases: a named job that one process of several holds for a while (the hourly purge of the
follow-up workers, Telegram polling). A lease is taken when it is free or expired, renewed by
its holder before it runs out, and released on a clean stop; a holder that dies simply lets it
expire, and another process takes it over.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import Lease


def take_lease(
    factory: sessionmaker[Session],
    name: str,
    holder: str,
    *,
    ttl: timedelta,
    now: datetime,
    renew: bool = True,
) -> bool:
    """Take (or, with renew, extend) the lease `name` for `holder` until now + ttl.

    False while another holder has it. renew=False takes it only once it expired, whoever
    held it: a job that must run once per period (the hourly purge) uses that.
    """
    free = Lease.expires_at <= now
    try:
        with factory() as session, session.begin():
            taken = session.execute(
                update(Lease)
                .where(
                    Lease.name == name,
                    or_(Lease.holder == holder, free) if renew else free,
                )
                .values(holder=holder, expires_at=now + ttl)
            )
            if taken.rowcount == 1:
                return True
            if session.get(Lease, name) is not None:
                return False  # held by another process and not expired
            session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        return True
    except IntegrityError:
        return False  # another process inserted it at the same moment


def lease_holder(factory: sessionmaker[Session], name: str, *, now: datetime) -> str | None:
    """Who holds the lease now (None when it is free or expired)."""
    with factory() as session:
        lease = session.get(Lease, name)
        if lease is None or lease.expires_at <= now:
            return None
        return lease.holder


def release_lease(factory: sessionmaker[Session], name: str, holder: str) -> bool:
    """Give the lease up (a clean stop); False when `holder` did not hold it."""
    with factory() as session, session.begin():
        gone = session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
        return gone.rowcount == 1
