"""Complaint handling: intake, the handling workflow, scoped lists, statistics, public follow-up.

A complaint moves received → assigned → processing → resolved → followed_up (or received → rejected); every move is
checked against :data:`TRANSITIONS`, kept as an event and audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ljeco.accounts.models import Role, User
from ljeco.core import audit
from ljeco.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from ljeco.core.timeutil import to_local, utcnow
from ljeco.modules.cases.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Status,
)
from ljeco.observations.scope import visibility

#: Default handling deadline after intake [days]. Our default for the demo and new installs, not a legal rule:
#: each channel's own deadline (12345 work orders are often 5 working days) should be configured by the bureau.
DEFAULT_DUE_DAYS = 15

MAX_TEXT_LENGTH = 2000

# Liangjiang New Area with a margin (WGS-84); a complaint pinned far outside is a mistake, not data.
_LON_RANGE = (106.3, 107.1)
_LAT_RANGE = (29.4, 30.0)


def _snapshot(c: Complaint) -> dict[str, object]:
    return {"status": c.status, "responsible_unit": c.responsible_unit, "result": c.result}


def _tracking_no(at: datetime) -> str:
    return f"TS{to_local(at):%Y%m%d}{secrets.randbelow(10**6):06d}"


def create_complaint(
    session: Session,
    *,
    channel: Channel | str,
    category: Category | str,
    text: str,
    actor: audit.Actor,
    address: str = "",
    lon: float | None = None,
    lat: float | None = None,
    admin_unit: str | None = None,
    enterprise: str | None = None,
    received_at: datetime | None = None,
    due_days: int = DEFAULT_DUE_DAYS,
) -> Complaint:
    """Register a complaint; the returned object carries its ``tracking_no``."""
    try:
        channel, category = Channel(channel), Category(category)
    except ValueError as exc:
        raise ValidationError(f"渠道或类别无效：{exc}", code="complaints.bad_value") from None
    text = text.strip()
    if not text:
        raise ValidationError("投诉内容不能为空", code="complaints.empty_text")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(f"投诉内容不能超过 {MAX_TEXT_LENGTH} 字", code="complaints.text_too_long")
    if (lon is None) != (lat is None):
        raise ValidationError("经度和纬度须同时提供", code="complaints.bad_location")
    if (
        lon is not None
        and lat is not None
        and not (_LON_RANGE[0] <= lon <= _LON_RANGE[1] and _LAT_RANGE[0] <= lat <= _LAT_RANGE[1])
    ):
        raise ValidationError(
            f"位置 ({lon}, {lat}) 不在两江新区范围内（WGS-84 经纬度）", code="complaints.outside_region"
        )
    received_at = received_at or utcnow()
    complaint = Complaint(
        tracking_no=_tracking_no(received_at),
        channel=channel.value,
        category=category.value,
        text=text,
        address=address.strip(),
        lon=lon,
        lat=lat,
        admin_unit=admin_unit,
        enterprise=enterprise,
        received_at=received_at,
        due_at=received_at + timedelta(days=due_days),
        status=Status.received.value,
    )
    complaint.events.append(
        ComplaintEvent(at=received_at, actor_name=actor.name, status=Status.received.value, note="受理")
    )
    session.add(complaint)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="complaint.create",
        entity_type="complaint",
        entity_id=complaint.id,
        after={"tracking_no": complaint.tracking_no, "channel": channel.value, "category": category.value},
    )
    return complaint


def _scoped(session: Session, query: Select[tuple[Complaint]], user: User) -> Select[tuple[Complaint]]:
    """What ``user`` may see (``ljeco.observations.scope``); the public sees no list: it follows its own complaint
    by tracking number."""
    if user.role == Role.public.value:
        raise PermissionDeniedError(
            "无权查看投诉列表；请使用受理编号查询办理进度", code="complaints.forbidden"
        )
    condition = visibility(session, user, unit=Complaint.admin_unit, enterprise=Complaint.enterprise)
    return query if condition is None else query.where(condition)


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    status: str | None = None
    category: str | None = None
    channel: str | None = None
    admin_unit: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    overdue: bool = False
    q: str | None = None


def list_complaints(
    session: Session, *, user: User, filters: ComplaintFilter, offset: int = 0, limit: int = 50
) -> tuple[Sequence[Complaint], int]:
    query = _scoped(session, select(Complaint), user)
    if filters.status == "open":
        query = query.where(Complaint.status.in_([s.value for s in OPEN_STATUSES]))
    elif filters.status:
        query = query.where(Complaint.status == filters.status)
    if filters.category:
        query = query.where(Complaint.category == filters.category)
    if filters.channel:
        query = query.where(Complaint.channel == filters.channel)
    if filters.admin_unit:
        query = query.where(Complaint.admin_unit == filters.admin_unit)
    if filters.since:
        query = query.where(Complaint.received_at >= filters.since)
    if filters.until:
        query = query.where(Complaint.received_at < filters.until)
    if filters.overdue:
        query = query.where(
            Complaint.status.in_([s.value for s in OPEN_STATUSES]), Complaint.due_at < utcnow()
        )
    if filters.q:
        like = f"%{filters.q.strip()}%"
        query = query.where(Complaint.text.like(like) | Complaint.address.like(like))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Complaint.received_at.desc()).offset(offset).limit(limit)).all()
    return rows, total


def get_complaint(session: Session, *, user: User, complaint_id: int) -> Complaint:
    query = _scoped(session, select(Complaint), user).where(Complaint.id == complaint_id)
    complaint = session.scalar(query.options(selectinload(Complaint.events)))
    if complaint is None:
        raise NotFoundError(f"投诉 #{complaint_id} 不存在或无权查看", code="complaints.not_found")
    return complaint


def track(session: Session, *, tracking_no: str) -> Complaint:
    """Public follow-up by tracking number (the caller shows only status and result, never other people's data)."""
    complaint = session.scalar(
        select(Complaint)
        .where(Complaint.tracking_no == tracking_no.strip())
        .options(selectinload(Complaint.events))
    )
    if complaint is None:
        raise NotFoundError("未找到该受理编号", code="complaints.not_found")
    return complaint


def transition(
    session: Session,
    *,
    user: User,
    complaint_id: int,
    to: Status | str,
    actor: audit.Actor,
    note: str = "",
    responsible_unit: str | None = None,
    at: datetime | None = None,
) -> Complaint:
    """Move a complaint to ``to``; refused when the workflow does not allow it or the user may not handle it."""
    if user.role not in {
        Role.admin.value,
        Role.bureau.value,
        Role.street.value,
        Role.new_town.value,
        Role.department.value,
    }:
        raise PermissionDeniedError("无权办理投诉", code="complaints.forbidden")
    complaint = get_complaint(session, user=user, complaint_id=complaint_id)
    try:
        target = Status(to)
    except ValueError:
        raise ValidationError(f"未知状态 {to!r}", code="complaints.bad_status") from None
    current = Status(complaint.status)
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            f"不能从“{current.value}”变更为“{target.value}”", code="complaints.bad_transition"
        )
    if target == Status.assigned and not (responsible_unit or complaint.responsible_unit):
        raise ValidationError("转办须指定承办单位", code="complaints.unit_required")
    if target in {Status.resolved, Status.rejected} and not note.strip():
        raise ValidationError("办结或不予受理须填写处理结果", code="complaints.result_required")
    at = at or utcnow()
    before = _snapshot(complaint)
    complaint.status = target.value
    if responsible_unit:
        complaint.responsible_unit = responsible_unit
    if target in {Status.resolved, Status.rejected}:
        complaint.closed_at = at
        complaint.result = note.strip()
    elif target == Status.processing:
        complaint.closed_at = None
    complaint.events.append(
        ComplaintEvent(at=at, actor_name=actor.name, status=target.value, note=note.strip())
    )
    audit.record(
        session,
        actor=actor,
        action=f"complaint.{target.value}",
        entity_type="complaint",
        entity_id=complaint.id,
        before=before,
        after=_snapshot(complaint),
    )
    return complaint


def category_counts(session: Session, *, user: User, since: datetime | None = None) -> dict[str, int]:
    """Complaints per category (for the dashboard and the 信访 statistics)."""
    query = _scoped(session, select(Complaint), user)
    if since:
        query = query.where(Complaint.received_at >= since)
    sub = query.subquery()
    rows = session.execute(select(sub.c.category, func.count()).group_by(sub.c.category)).all()
    return {str(category): int(count) for category, count in rows}


@dataclass(frozen=True, slots=True)
class ComplaintRecord:
    """A complaint from another system (12345 work orders, a demo stream) with the state it has reached."""

    tracking_no: str
    channel: Channel
    category: Category
    received_at: datetime
    text: str
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    admin_unit: str | None = None
    enterprise: str | None = None
    #: Steps after intake, in order: (status, at, actor name, note).
    steps: tuple[tuple[Status, datetime, str, str], ...] = ()
    responsible_unit: str | None = None


def import_complaints(
    session: Session,
    records: Sequence[ComplaintRecord],
    *,
    actor: audit.Actor,
    due_days: int = DEFAULT_DUE_DAYS,
) -> int:
    """Insert complaints with their handling history in bulk; one audit entry records the import.

    Records whose tracking number already exists are skipped, so an import can be repeated.
    """
    known = set(session.scalars(select(Complaint.tracking_no)))
    added = 0
    for rec in records:
        if rec.tracking_no in known:
            continue
        known.add(rec.tracking_no)
        complaint = Complaint(
            tracking_no=rec.tracking_no, channel=rec.channel.value, category=rec.category.value,
            received_at=rec.received_at, text=rec.text, address=rec.address, lon=rec.lon, lat=rec.lat,
            admin_unit=rec.admin_unit, enterprise=rec.enterprise, responsible_unit=rec.responsible_unit,
            due_at=rec.received_at + timedelta(days=due_days), status=Status.received.value,
        )  # fmt: skip
        complaint.events.append(
            ComplaintEvent(
                at=rec.received_at, actor_name=actor.name, status=Status.received.value, note="受理"
            )
        )
        for status, at, who, note in rec.steps:
            complaint.events.append(ComplaintEvent(at=at, actor_name=who, status=status.value, note=note))
            complaint.status = status.value
            if status in {Status.resolved, Status.rejected}:
                complaint.closed_at, complaint.result = at, note
        session.add(complaint)
        added += 1
    session.flush()
    audit.record(
        session, actor=actor, action="complaints.import", entity_type="complaint", entity_id="*",
        after={"imported": added, "skipped": len(records) - added},
    )  # fmt: skip
    return added
