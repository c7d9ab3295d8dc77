"""ORM models of complaints and their handling history."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ljeco.core.db import Base, UTCDateTime
from ljeco.core.timeutil import utcnow


class Channel(enum.StrEnum):
    hotline_12345 = "12345"  # 12345 政务服务便民热线
    hotline_12369 = "12369"  # 12369 环保举报热线 / 平台
    online = "online"  # 网络
    letter_visit = "letter_visit"  # 来信来访


CHANNEL_LABELS = {
    Channel.hotline_12345: "12345热线",
    Channel.hotline_12369: "12369环保举报",
    Channel.online: "网络举报",
    Channel.letter_visit: "来信来访",
}


class Category(enum.StrEnum):
    noise = "noise"
    catering_fumes = "catering_fumes"
    odour = "odour"
    dust = "dust"
    water = "water"
    solid_waste = "solid_waste"
    ecology = "ecology"
    radiation = "radiation"
    other = "other"


CATEGORY_LABELS = {
    Category.noise: "噪声",
    Category.catering_fumes: "餐饮油烟",
    Category.odour: "恶臭异味",
    Category.dust: "扬尘",
    Category.water: "水污染",
    Category.solid_waste: "固体废物",
    Category.ecology: "生态破坏",
    Category.radiation: "辐射",
    Category.other: "其他",
}


class Status(enum.StrEnum):
    received = "received"
    assigned = "assigned"
    processing = "processing"
    resolved = "resolved"
    followed_up = "followed_up"
    rejected = "rejected"


STATUS_LABELS = {
    Status.received: "已受理",
    Status.assigned: "已转办",
    Status.processing: "办理中",
    Status.resolved: "已办结",
    Status.followed_up: "已回访",
    Status.rejected: "不予受理",
}

#: Allowed moves of the handling workflow; anything else is refused.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.received: frozenset({Status.assigned, Status.rejected}),
    Status.assigned: frozenset({Status.processing, Status.assigned}),
    Status.processing: frozenset({Status.resolved}),
    Status.resolved: frozenset({Status.followed_up, Status.processing}),
    Status.followed_up: frozenset(),
    Status.rejected: frozenset(),
}

OPEN_STATUSES = frozenset({Status.received, Status.assigned, Status.processing})


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_status_received", "status", "received_at"),
        Index("ix_complaints_unit", "admin_unit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The number a complainant uses to follow up (e.g. TS2026112800012).
    tracking_no: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(24))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(255), default="")
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    #: Admin-unit code (street office) the place belongs to; scopes street users.
    admin_unit: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Enterprise complained about, when known (unified social credit code).
    enterprise: Mapped[str | None] = mapped_column(String(32), default=None)
    status: Mapped[str] = mapped_column(String(16), default=Status.received.value)
    responsible_unit: Mapped[str | None] = mapped_column(String(128), default=None)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    result: Mapped[str | None] = mapped_column(Text, default=None)

    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="ComplaintEvent.id"
    )


class ComplaintEvent(Base):
    """One step of the handling: who moved the complaint to which status, with what note."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")

    complaint: Mapped[Complaint] = relationship(back_populates="events")
