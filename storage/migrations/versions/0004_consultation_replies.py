"""Consultation replies, encrypted like the description.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultation_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_replies_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_replies")),
    )
    with op.batch_alter_table("consultation_replies", schema=None) as batch_op:
        batch_op.create_index("ix_consultation_replies_case", ["team_id", "consultation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consultation_replies", schema=None) as batch_op:
        batch_op.drop_index("ix_consultation_replies_case")

    op.drop_table("consultation_replies")
