"""hj212: device registry, raw frame archive, quarantine, received values

Revision ID: hj212_0001
Revises:
Create Date: 2026-11-28 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ljeco.core.db

revision: str = "hj212_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("hj212",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    op.create_table(
        "hj212_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mn", sa.String(length=64), nullable=False),
        sa.Column("password_salt", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.String(length=64), nullable=False),
        sa.Column("site_code", sa.String(length=64), nullable=True),
        sa.Column("outlet", sa.String(length=64), nullable=True),
        sa.Column("crc", sa.String(length=16), nullable=False),
        sa.Column("length_tolerance", sa.SmallInteger(), nullable=False),
        sa.Column("cadence", sa.JSON(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", ljeco.core.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ljeco.core.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hj212_devices")),
        sa.UniqueConstraint("mn", name=op.f("uq_hj212_devices_mn")),
    )
    with op.batch_alter_table("hj212_devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hj212_devices_site_code"), ["site_code"], unique=False)

    op.create_table(
        "hj212_raw_frames",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", ljeco.core.db.UTCDateTime(), nullable=False),
        sa.Column("peer", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=48), nullable=True),
        sa.Column("mn", sa.String(length=64), nullable=True),
        sa.Column("cn", sa.String(length=8), nullable=True),
        sa.Column("qn", sa.String(length=24), nullable=True),
        sa.Column("data_time", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hj212_raw_frames")),
    )
    with op.batch_alter_table("hj212_raw_frames", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hj212_raw_frames_mn"), ["mn"], unique=False)
        batch_op.create_index(batch_op.f("ix_hj212_raw_frames_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_hj212_raw_frames_verdict"), ["verdict"], unique=False)

    op.create_table(
        "hj212_quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("raw_id", sa.Integer(), nullable=False),
        sa.Column("mn", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", ljeco.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raw_id"], ["hj212_raw_frames.id"], name=op.f("fk_hj212_quarantine_raw_id_hj212_raw_frames")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hj212_quarantine")),
    )
    with op.batch_alter_table("hj212_quarantine", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hj212_quarantine_mn"), ["mn"], unique=False)
        batch_op.create_index(batch_op.f("ix_hj212_quarantine_raw_id"), ["raw_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hj212_quarantine_status"), ["status"], unique=False)

    op.create_table(
        "hj212_values",
        sa.Column("mn", sa.String(length=64), nullable=False),
        sa.Column("cn", sa.String(length=8), nullable=False),
        sa.Column("data_time", sa.BigInteger(), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("flag", sa.String(length=4), nullable=True),
        sa.Column("raw_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mn", "cn", "data_time", "item", name=op.f("pk_hj212_values")),
    )


def downgrade() -> None:
    op.drop_table("hj212_values")
    op.drop_table("hj212_quarantine")
    op.drop_table("hj212_raw_frames")
    op.drop_table("hj212_devices")
