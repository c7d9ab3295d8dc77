"""JSON API of complaints: staff lists and handling, public submission and follow-up."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from ljeco.core import audit
from ljeco.core.errors import RateLimitedError
from ljeco.modules.cases import service
from ljeco.modules.cases.models import Channel
from ljeco.modules.cases.schemas import (
    ComplaintDetail,
    ComplaintPublic,
    ComplaintReceipt,
    ComplaintSubmit,
    ComplaintTracking,
    ComplaintTransition,
)
from ljeco.web.deps import ApiPage, CurrentUser, OptionalUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.schemas import ListOf

router = APIRouter(prefix="/api/v1/complaints", tags=["complaints"])

#: Anonymous submissions allowed per address and hour. Kept in process memory: enough against a script flooding one
#: server process; a multi-process deployment should also limit at its reverse proxy.
SUBMISSIONS_PER_HOUR = 10
_recent: dict[str, deque[float]] = defaultdict(deque)
_recent_lock = threading.Lock()


def _check_submission_rate(address: str) -> None:
    now = time.monotonic()
    with _recent_lock:
        stamps = _recent[address]
        while stamps and now - stamps[0] > 3600:
            stamps.popleft()
        if len(stamps) >= SUBMISSIONS_PER_HOUR:
            raise RateLimitedError("提交过于频繁，请一小时后再试", code="complaints.rate_limited")
        stamps.append(now)


@router.get("", response_model=ListOf[ComplaintPublic], summary="List complaints (scoped to the caller)")
def list_complaints(
    user: CurrentUser,
    session: SessionDep,
    page: ApiPage,
    status: Annotated[str | None, Query(description="A status, or 'open' for every unfinished one.")] = None,
    category: str | None = None,
    channel: str | None = None,
    admin_unit: str | None = None,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
    overdue: bool = False,
    q: Annotated[str | None, Query(max_length=100, description="Text or address contains.")] = None,
) -> ListOf[ComplaintPublic]:
    filters = service.ComplaintFilter(
        status=status,
        category=category,
        channel=channel,
        admin_unit=admin_unit,
        since=since,
        until=until,
        overdue=overdue,
        q=q,
    )
    rows, total = service.list_complaints(
        session, user=user, filters=filters, offset=page.offset, limit=page.limit
    )
    return ListOf[ComplaintPublic](data=[ComplaintPublic.model_validate(c) for c in rows], count=total)


@router.get(
    "/{complaint_id}", response_model=ComplaintDetail, summary="One complaint with its handling history"
)
def get_complaint(complaint_id: int, user: CurrentUser, session: SessionDep) -> ComplaintDetail:
    return ComplaintDetail.model_validate(
        service.get_complaint(session, user=user, complaint_id=complaint_id)
    )


@router.post(
    "/{complaint_id}/transition",
    response_model=ComplaintDetail,
    summary="Move a complaint in its workflow (audited)",
)
def transition(
    complaint_id: int,
    body: ComplaintTransition,
    user: CurrentUser,
    session: WriteSessionDep,
    request: Request,
) -> ComplaintDetail:
    complaint = service.transition(
        session,
        user=user,
        complaint_id=complaint_id,
        to=body.to,
        note=body.note,
        responsible_unit=body.responsible_unit,
        actor=audit.Actor.of(user, client_address(request)),
    )
    return ComplaintDetail.model_validate(complaint)


@router.post(
    "/submit", response_model=ComplaintReceipt, status_code=201, summary="Submit a complaint (public)"
)
def submit(
    body: ComplaintSubmit, user: OptionalUser, session: WriteSessionDep, request: Request
) -> ComplaintReceipt:
    address = client_address(request)
    if user is None:
        _check_submission_rate(address)
    actor = audit.Actor.of(user, address) if user else audit.Actor(name="public", address=address)
    complaint = service.create_complaint(session, channel=Channel.online, actor=actor, **body.model_dump())
    return ComplaintReceipt(
        tracking_no=complaint.tracking_no, status=complaint.status, due_at=complaint.due_at
    )


@router.get(
    "/track/{tracking_no}",
    response_model=ComplaintTracking,
    summary="Follow a complaint by its number (public)",
)
def track(tracking_no: str, session: SessionDep) -> ComplaintTracking:
    c = service.track(session, tracking_no=tracking_no)
    return ComplaintTracking(
        tracking_no=c.tracking_no,
        category=c.category,
        received_at=c.received_at,
        status=c.status,
        closed_at=c.closed_at,
        result=c.result,
        steps=[(e.at, e.status) for e in c.events],
    )
