"""Consultations can be forwarded, withdrawn by their asker, and carry an agreed call time
and a snoozed reminder.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forwarded", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("call_proposals", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("call_proposed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("call_proposed_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("call_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("snoozed_until")
        batch_op.drop_column("call_at")
        batch_op.drop_column("call_proposed_by")
        batch_op.drop_column("call_proposed_at")
        batch_op.drop_column("call_proposals")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("forwarded")
