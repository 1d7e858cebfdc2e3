"""Consultations know who holds them and where each side's thread is; outbox rows may edit a message.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("holder_thread", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("asker_thread", sa.String(length=200), nullable=True))
    # Until now replies went to the taker, else the first receiver, under the first message.
    op.execute(  # "\\:" keeps a colon from reading as a bind parameter
        sa.text(
            "UPDATE consultations SET holder_id = COALESCE(acknowledged_by, routed_to),"
            " holder_thread = 'consultation:' || id || '\\:received',"
            " asker_thread = 'consultation:' || id || '\\:receipt'"
        )
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.alter_column("holder_id", existing_type=sa.String(length=32), nullable=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edit_of", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("edit_of")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("asker_thread")
        batch_op.drop_column("holder_thread")
        batch_op.drop_column("holder_id")
