"""Alembic environment: runs migrations on the connection or URL handed over by bot.storage.migrate."""

from alembic import context

from bot.storage.db import make_engine
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrate using a connection from the caller, or an engine built from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
