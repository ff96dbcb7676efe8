"""The Teams channel: activity ids seen, and the conversation reference of each user

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_activities",
        sa.Column("activity_id", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_teams_activities_claimed_at", "teams_activities", ["claimed_at"])
    op.create_table(
        "teams_conversations",
        sa.Column("channel_user_id", sa.String(200), primary_key=True),
        sa.Column("service_url", sa.String(500), nullable=False),
        sa.Column("conversation_id", sa.String(500), nullable=False),
        sa.Column("tenant_id", sa.String(100), nullable=False),
        sa.Column("user_id", sa.String(200), nullable=False),
        sa.Column("bot_id", sa.String(200), nullable=True),
        sa.Column("installed", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("teams_conversations")
    op.drop_index("ix_teams_activities_claimed_at", table_name="teams_activities")
    op.drop_table("teams_activities")
