"""hj212: the device index of hj212_raw_frames ordered time first

Revision ID: hj212_0003
Revises: hj212_0002
Create Date: 2026-11-28 21:00:00

(mn, cn, data_time) put each device's entries on its own B-tree pages, so every commit of the gateway rewrote one
index page per device in it (2,000 devices: up to 2,000 pages of 4 KB per commit, half the write-ahead log).
(data_time, mn, cn, verdict) appends instead: live records of all devices share the newest pages. Arrival reports
read a day's range of it; the gap tracker's seed reads the last week's.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "hj212_0003"
down_revision: str | Sequence[str] | None = "hj212_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_hj212_raw_frames_device_time", table_name="hj212_raw_frames")
    op.create_index(
        "ix_hj212_raw_frames_time_device",
        "hj212_raw_frames",
        ["data_time", "mn", "cn", "verdict"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_hj212_raw_frames_time_device", table_name="hj212_raw_frames")
    op.create_index(
        "ix_hj212_raw_frames_device_time", "hj212_raw_frames", ["mn", "cn", "data_time"], unique=False
    )
