"""figures: organisation sector and units, unit on invites/reporters/reports, the Arbowet
article 9 flag, and monthly aggregates that outlive the reports

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0018"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("organisations", sa.Column("sector", sa.String(length=40), nullable=True))
    op.create_table(
        "organisation_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "kind", "name", name="uq_unit_name"),
    )
    with op.batch_alter_table("invite_codes") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_invite_unit", "organisation_units", ["unit_id"], ["id"])
    with op.batch_alter_table("reporters") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_reporter_unit", "organisation_units", ["unit_id"], ["id"])
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("arbo_notifiable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("arbo_reported_at", TS, nullable=True))
        batch.add_column(sa.Column("days_absent", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_report_unit", "organisation_units", ["unit_id"], ["id"])
    op.create_table(
        "stats_monthly",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("location_type", sa.String(length=40), nullable=True),
        sa.Column("severity", sa.String(length=20), nullable=True),
        sa.Column("injury", sa.Boolean(), nullable=True),
        sa.Column("types_key", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stats_monthly_org_month", "stats_monthly", ["organisation_id", "month"])
    op.create_index("ix_reports_org_created", "reports", ["organisation_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_reports_org_created", table_name="reports")
    op.drop_index("ix_stats_monthly_org_month", table_name="stats_monthly")
    op.drop_table("stats_monthly")
    with op.batch_alter_table("reports") as batch:
        batch.drop_constraint("fk_report_unit", type_="foreignkey")
        batch.drop_column("days_absent")
        batch.drop_column("arbo_reported_at")
        batch.drop_column("arbo_notifiable")
        batch.drop_column("unit_id")
    with op.batch_alter_table("reporters") as batch:
        batch.drop_constraint("fk_reporter_unit", type_="foreignkey")
        batch.drop_column("unit_id")
    with op.batch_alter_table("invite_codes") as batch:
        batch.drop_constraint("fk_invite_unit", type_="foreignkey")
        batch.drop_column("unit_id")
    op.drop_table("organisation_units")
    op.drop_column("organisations", "sector")
