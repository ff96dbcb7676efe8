"""Dashboard users who sign in through OIDC (issuer and subject), and one-time enrolment links

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("dashboard_users", sa.Column("oidc_issuer", sa.String(length=255), nullable=True))
    op.add_column("dashboard_users", sa.Column("oidc_sub", sa.String(length=255), nullable=True))
    # A unique index, not a constraint: SQLite cannot add a constraint to an existing table.
    op.create_index(
        "uq_dashboard_users_oidc", "dashboard_users", ["oidc_issuer", "oidc_sub"], unique=True
    )
    with op.batch_alter_table("dashboard_users") as batch:
        batch.add_column(sa.Column("enrol_token_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("enrol_expires_at", TS, nullable=True))
        batch.create_unique_constraint(
            "dashboard_users_enrol_token_sha256_key", ["enrol_token_sha256"]
        )


def downgrade() -> None:
    op.drop_index("uq_dashboard_users_oidc", table_name="dashboard_users")
    with op.batch_alter_table("dashboard_users") as batch:
        batch.drop_constraint("dashboard_users_enrol_token_sha256_key", type_="unique")
        batch.drop_column("enrol_expires_at")
        batch.drop_column("enrol_token_sha256")
        batch.drop_column("oidc_sub")
        batch.drop_column("oidc_issuer")
