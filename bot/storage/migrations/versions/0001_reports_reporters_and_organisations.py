"""reports, reporters and organisations

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "reporters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("channel_user_id", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "channel_user_id", name="uq_reporter_channel_user"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(length=20), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "types", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("occurred_at_precision", sa.String(length=10), nullable=True),
        sa.Column("occurred_at_text", sa.Text(), nullable=True),
        sa.Column("location_type", sa.String(length=40), nullable=True),
        sa.Column("location_text", sa.Text(), nullable=True),
        sa.Column("perpetrator", sa.String(length=20), nullable=True),
        sa.Column("perpetrator_relation", sa.String(length=40), nullable=True),
        sa.Column("perpetrator_description", sa.Text(), nullable=True),
        sa.Column("injury", sa.Boolean(), nullable=True),
        sa.Column("injury_text", sa.Text(), nullable=True),
        sa.Column("weapon", sa.String(length=100), nullable=True),
        sa.Column("witnesses", sa.Boolean(), nullable=True),
        sa.Column("police_present", sa.Boolean(), nullable=True),
        sa.Column("damage_text", sa.Text(), nullable=True),
        sa.Column("wants_aangifte", sa.Boolean(), nullable=True),
        sa.Column("wants_aftercare_contact", sa.Boolean(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["reporters.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt"),
        sa.UniqueConstraint("submission_key"),
    )
    op.create_index("ix_reports_created_at", "reports", ["created_at"])
    op.create_index("ix_reports_reporter_id", "reports", ["reporter_id"])


def downgrade() -> None:
    op.drop_index("ix_reports_reporter_id", table_name="reports")
    op.drop_index("ix_reports_created_at", table_name="reports")
    op.drop_table("reports")
    op.drop_table("reporters")
    op.drop_table("organisations")
