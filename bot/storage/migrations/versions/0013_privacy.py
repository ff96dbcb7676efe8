"""privacy: retention periods per organisation, monthly counts that outlive purged reports, the
Telegram display name kept out of Rasa's tracker, and server-issued web chat sessions

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0009"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
RETENTION_COLUMNS = (
    "report_retention_days",
    "evidence_retention_days",
    "aftercare_retention_days",
    "document_retention_days",
    "conversation_retention_days",
)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        for name in RETENTION_COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
    with op.batch_alter_table("telegram_chats") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=200), nullable=True))
    op.create_table(
        "monthly_counts",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id", "month", "category"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id_sha256"),
    )
    op.create_index("ix_web_sessions_last_seen_at", "web_sessions", ["last_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_last_seen_at", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("monthly_counts")
    with op.batch_alter_table("telegram_chats") as batch:
        batch.drop_column("display_name")
    with op.batch_alter_table("organisations") as batch:
        for name in reversed(RETENTION_COLUMNS):
            batch.drop_column(name)
