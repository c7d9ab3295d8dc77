"""API schemas of complaints."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from ljeco.modules.cases.models import Category, Channel, Status


class ComplaintEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_name: str
    status: Status
    note: str


class ComplaintPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tracking_no: str
    channel: Channel
    category: Category
    received_at: datetime
    text: str
    address: str
    lon: float | None = Field(description="WGS-84 longitude [°]")
    lat: float | None = Field(description="WGS-84 latitude [°]")
    admin_unit: str | None
    enterprise: str | None
    status: Status
    responsible_unit: str | None
    due_at: datetime | None
    closed_at: datetime | None
    result: str | None


class ComplaintDetail(ComplaintPublic):
    events: list[ComplaintEventPublic]


class ComplaintSubmit(BaseModel):
    """A complaint submitted by the public (channel: online)."""

    category: Category
    text: str = Field(min_length=1, max_length=2000)
    address: str = Field("", max_length=255)
    lon: float | None = None
    lat: float | None = None


class ComplaintReceipt(BaseModel):
    tracking_no: str
    status: Status
    due_at: datetime | None


class ComplaintTracking(BaseModel):
    """What anyone holding the tracking number may see: progress only, no personal data."""

    tracking_no: str
    category: Category
    received_at: datetime
    status: Status
    closed_at: datetime | None
    result: str | None
    steps: list[tuple[datetime, Status]]


class ComplaintTransition(BaseModel):
    to: Status
    note: str = ""
    responsible_unit: str | None = None
