"""Microsoft Teams: where each tenant, person and channel is reached, and a platform per outbox row.

Teams' ids (tenant GUIDs, "29:…" users, "19:…@thread.tacv2" channels) are longer than the 32
characters every id column holds; the adapter gives each a short internal id and keeps the mapping
here, with what a proactive message needs (service URL, conversation id) and a person's display
name (so a notice can mention them).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_addresses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("teams_id", sa.String(length=255), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=True),
        sa.Column("parent_teams_id", sa.String(length=255), nullable=True),
        sa.Column("lang", sa.String(length=2), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("installed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_addresses")),
        sa.UniqueConstraint("kind", "teams_id", name="uq_teams_addresses_teams_id"),
    )
    op.create_index("ix_teams_addresses_team", "teams_addresses", ["team_id", "kind"])
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("platform", sa.String(length=8), nullable=False, server_default="slack")
        )
        batch_op.add_column(sa.Column("activity_id", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("activity_id")
        batch_op.drop_column("platform")
    op.drop_index("ix_teams_addresses_team", table_name="teams_addresses")
    op.drop_table("teams_addresses")
