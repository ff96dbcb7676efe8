"""follow-ups, aftercare answers, the 48-hour response, aangifte and damage fields

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("followups_stopped_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("response_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("response_done_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("response_measure", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("aangifte_decision", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("aangifte_status", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("damage_amount_cents", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("delivery_problem", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=100), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"]),
        sa.ForeignKeyConstraint(["reporter_id"], ["reporters.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    op.create_index("ix_followups_report_id", "followups", ["report_id"])
    op.create_index("ix_followups_due_at", "followups", ["due_at"])
    op.create_index("ix_followups_status", "followups", ["status"])
    op.create_table(
        "message_deliveries",
        sa.Column("dedupe_key", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dedupe_key"),
    )
    op.create_table(
        "aftercare_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_aftercare_answers_report_id", "aftercare_answers", ["report_id"])


def downgrade() -> None:
    op.drop_index("ix_aftercare_answers_report_id", table_name="aftercare_answers")
    op.drop_table("aftercare_answers")
    op.drop_table("message_deliveries")
    op.drop_index("ix_followups_status", table_name="followups")
    op.drop_index("ix_followups_due_at", table_name="followups")
    op.drop_index("ix_followups_report_id", table_name="followups")
    op.drop_table("followups")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        for column in (
            "delivery_problem",
            "damage_amount_cents",
            "aangifte_status",
            "aangifte_decision",
            "response_measure",
            "response_done_at",
            "response_due_at",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("reporters", schema=None) as batch_op:
        batch_op.drop_column("followups_stopped_at")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("address")
