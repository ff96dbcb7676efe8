"""The employer's letterhead on documents: contact person and an optional logo

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("contact_name", sa.String(200)),
    ("contact_phone", sa.String(40)),
    ("contact_email", sa.String(200)),
    ("logo", sa.LargeBinary()),
    ("logo_mime", sa.String(40)),
)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
