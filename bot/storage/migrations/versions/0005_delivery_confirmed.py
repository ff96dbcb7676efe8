"""message_deliveries.sent_at: a dedupe key is "sent" only once the channel confirmed it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
    # Before this revision a recorded key meant "sent": keep it that way for the old rows.
    op.execute("UPDATE message_deliveries SET sent_at = claimed_at")


def downgrade() -> None:
    with op.batch_alter_table("message_deliveries", schema=None) as batch_op:
        batch_op.drop_column("sent_at")
