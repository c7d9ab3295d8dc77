"""Pages of complaints: the handling list and detail (staff), submission and follow-up (public)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ljeco.core import audit
from ljeco.core.errors import LjecoError, NotFoundError
from ljeco.modules.cases import service
from ljeco.modules.cases.models import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    STATUS_LABELS,
    TRANSITIONS,
    Category,
    Channel,
    Status,
)
from ljeco.web import nav
from ljeco.web.deps import CurrentUser, OptionalUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.forms import CsrfChecked
from ljeco.web.templating import add_template_dir, render

router = APIRouter(include_in_schema=False)
add_template_dir(Path(__file__).resolve().parent / "templates")

STAFF = {"bureau", "department", "street", "new_town", "enterprise"}
nav.register("business", "信访投诉", "/complaints", roles=STAFF)
nav.register("business", "投诉举报（公众）", "/complaints/new")

PAGE_SIZE = 30

_LABELS = {
    "category_labels": {c.value: label for c, label in CATEGORY_LABELS.items()},
    "channel_labels": {c.value: label for c, label in CHANNEL_LABELS.items()},
    "status_labels": {s.value: label for s, label in STATUS_LABELS.items()},
}


@router.get("/complaints", response_class=HTMLResponse)
def complaints_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    status: str | None = None,
    category: str | None = None,
    q: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    filters = service.ComplaintFilter(status=status or None, category=category or None, q=q or None)
    rows, total = service.list_complaints(
        session, user=user, filters=filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    counts = service.category_counts(session, user=user)
    context = {
        "rows": rows,
        "count": total,
        "page": page,
        "per_page": PAGE_SIZE,
        "counts": counts,
        "filters": filters,
        "statuses": list(Status),
        "categories": list(Category),
        **_LABELS,
    }
    return render(request, "complaints.html", context)


@router.get("/complaints/new", response_class=HTMLResponse)
def submit_form(request: Request, user: OptionalUser) -> Response:
    return render(request, "complaint_new.html", {"categories": list(Category), **_LABELS})


@router.post("/complaints/new", response_class=HTMLResponse)
def submit(
    request: Request,
    user: OptionalUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    category: Annotated[str, Form()],
    text: Annotated[str, Form()],
    address: Annotated[str, Form()] = "",
) -> Response:
    actor = (
        audit.Actor.of(user, client_address(request))
        if user
        else audit.Actor("public", None, client_address(request))
    )
    try:
        complaint = service.create_complaint(
            session, channel=Channel.online, category=category, text=text, address=address, actor=actor
        )
    except LjecoError as exc:
        context = {
            "categories": list(Category),
            "error": exc.message,
            "text": text,
            "address": address,
            **_LABELS,
        }
        return render(request, "complaint_new.html", context, status_code=exc.http_status)
    return RedirectResponse(f"/complaints/track?no={complaint.tracking_no}&new=1", status_code=303)


@router.get("/complaints/track", response_class=HTMLResponse)
def track_page(
    request: Request, user: OptionalUser, session: SessionDep, no: str = "", new: bool = False
) -> Response:
    complaint, error = None, None
    if no:
        try:
            complaint = service.track(session, tracking_no=no)
        except NotFoundError as exc:
            error = exc.message
    return render(
        request,
        "complaint_track.html",
        {"complaint": complaint, "no": no, "new": new, "error": error, **_LABELS},
    )


@router.get("/complaints/{complaint_id}", response_class=HTMLResponse)
def detail_page(request: Request, complaint_id: int, user: CurrentUser, session: SessionDep) -> Response:
    complaint = service.get_complaint(session, user=user, complaint_id=complaint_id)
    next_steps = sorted(TRANSITIONS[Status(complaint.status)], key=list(Status).index)
    return render(request, "complaint_detail.html", {"c": complaint, "next_steps": next_steps, **_LABELS})


@router.post("/complaints/{complaint_id}", response_class=HTMLResponse)
def detail_transition(
    request: Request,
    complaint_id: int,
    user: CurrentUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    to: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    responsible_unit: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.transition(
            session,
            user=user,
            complaint_id=complaint_id,
            to=to,
            note=note,
            responsible_unit=responsible_unit or None,
            actor=audit.Actor.of(user, client_address(request)),
        )
    except LjecoError as exc:
        complaint = service.get_complaint(session, user=user, complaint_id=complaint_id)
        next_steps = sorted(TRANSITIONS[Status(complaint.status)], key=list(Status).index)
        context = {"c": complaint, "next_steps": next_steps, "error": exc.message, **_LABELS}
        return render(request, "complaint_detail.html", context, status_code=exc.http_status)
    return RedirectResponse(f"/complaints/{complaint_id}", status_code=303)
