"""The measures in the dashboard: end date of the response measure, the aangifte pipeline, damage
recovery, who registered a report on behalf of a worker, and the aftercare actions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("response_measure_until", sa.Date()),
    ("aangifte_filed_on", sa.Date()),
    ("police_reference", sa.String(60)),
    ("om_outcome", sa.String(40)),
    ("damage_route", sa.String(40)),
    ("damage_status", sa.String(40)),
    ("damage_paid_cents", sa.BigInteger()),
    ("damage_judgment_on", sa.Date()),
    ("on_behalf_source", sa.String(40)),
)


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "aftercare_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("dashboard_users.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_aftercare_actions_report_id", "aftercare_actions", ["report_id"])


def downgrade() -> None:
    op.drop_index("ix_aftercare_actions_report_id", table_name="aftercare_actions")
    op.drop_table("aftercare_actions")
    with op.batch_alter_table("reports") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
