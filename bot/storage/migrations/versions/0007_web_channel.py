"""Reports of the web chat carry channel "web" (they were stored as Rasa's "rest")

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Web chat senders are "web-<session id>" (bot.wire.senders.SENDER_PREFIX).
_WEB_REPORTERS = "SELECT id FROM reporters WHERE channel = '{0}' AND channel_user_id LIKE 'web-%'"
_WEB_REPORTS = "SELECT id FROM reports WHERE reporter_id IN ({0})"


def _move(old: str, new: str) -> None:
    reporters = _WEB_REPORTERS.format(old)
    op.execute(
        f"UPDATE reports SET channel = '{new}' WHERE channel = '{old}' "
        f"AND reporter_id IN ({reporters})"
    )
    op.execute(
        f"UPDATE followups SET channel = '{new}' WHERE channel = '{old}' "
        f"AND report_id IN ({_WEB_REPORTS.format(reporters)})"
    )
    op.execute(
        f"UPDATE evidence SET channel = '{new}' WHERE channel = '{old}' "
        "AND channel_user_id LIKE 'web-%'"
    )
    # The reporters last: the statements above find the web chat's rows through them.
    op.execute(
        f"UPDATE reporters SET channel = '{new}' WHERE channel = '{old}' "
        "AND channel_user_id LIKE 'web-%'"
    )


def upgrade() -> None:
    _move("rest", "web")


def downgrade() -> None:
    _move("web", "rest")
