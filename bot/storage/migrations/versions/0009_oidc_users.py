"""Dashboard users who sign in through OIDC: issuer and subject

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dashboard_users", sa.Column("oidc_issuer", sa.String(length=255), nullable=True))
    op.add_column("dashboard_users", sa.Column("oidc_sub", sa.String(length=255), nullable=True))
    # A unique index, not a constraint: SQLite cannot add a constraint to an existing table.
    op.create_index(
        "uq_dashboard_users_oidc", "dashboard_users", ["oidc_issuer", "oidc_sub"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_dashboard_users_oidc", table_name="dashboard_users")
    with op.batch_alter_table("dashboard_users") as batch:
        batch.drop_column("oidc_sub")
        batch.drop_column("oidc_issuer")
