"""plan: submissions of reported indicators and tasks by the responsible units, and their review

Revision ID: plan_0003
Revises: plan_0002
Create Date: 2026-11-28 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ljeco.core.db

revision: str = "plan_0003"
down_revision: str | Sequence[str] | None = "plan_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=16), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", ljeco.core.db.UTCDateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", ljeco.core.db.UTCDateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan_plans.id"],
            name=op.f("fk_plan_submissions_plan_id_plan_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_submissions")),
    )
    with op.batch_alter_table("plan_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_submissions_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_submissions_item_key"), ["item_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_submissions_unit_name"), ["unit_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_submissions_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("plan_submissions")
