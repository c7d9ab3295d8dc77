"""plan: the counts behind an indicator value (for year-to-date forecasts)

Revision ID: plan_0002
Revises: plan_0001
Create Date: 2026-11-28 16:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "plan_0002"
down_revision: str | Sequence[str] | None = "plan_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_indicator_values", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inputs", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_indicator_values", schema=None) as batch_op:
        batch_op.drop_column("inputs")
