"""JSON API of the plan cockpit (``/api/v1/plan``): indicators with status and forecasts, history and inputs,
tasks, units, submissions and review, overdue items, computation and report downloads.

Units (department, street, new_town users matched to a plan unit) see their own indicators, tasks and
submissions; the bureau and admin see all. The indicator rows are the JSON of ``ljeco plan indicators``.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core import audit
from ljeco.core.errors import NotFoundError, PermissionDeniedError
from ljeco.modules.plan import service, workflow
from ljeco.modules.plan.service import IndicatorStatusRow, PlanSummary, TaskRow
from ljeco.modules.plan.workflow import DueItem, SubmissionOut
from ljeco.web.deps import BureauUser, CurrentUser, SessionDep, WriteSessionDep, client_address

router = APIRouter(prefix="/api/v1/plan", tags=["plan"])

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


class Scope(BaseModel):
    """What the caller may see: everything (bureau, admin) or one plan unit's items."""

    all: bool
    unit: str | None
    indicators: list[str]
    tasks: list[str]


WRITABLE = "plan_writable"


def ensure_plan(session: Session) -> None:
    """Load the shipped plan when none is (as the CLI does).

    In a write session (marked ``session.info[WRITABLE]``) directly; in a read session in a transaction of its own
    (a write session inside a write session would wait for the process's SQLite write lock forever), after which
    the read session starts a new snapshot that sees it.
    """
    from sqlalchemy import select

    from ljeco.core.audit import SYSTEM
    from ljeco.core.db import write_session
    from ljeco.modules.plan.models import PlanRecord

    if session.scalar(select(PlanRecord.id).limit(1)) is not None:
        return
    if session.info.get(WRITABLE):
        service.ensure_default_plan(session, actor=SYSTEM)
        return
    with write_session() as writer:
        service.ensure_default_plan(writer, actor=SYSTEM)
    session.rollback()  # end the snapshot that did not contain the plan (nothing is pending here)


def scope_of(session: Session, user: User, plan_id: str | None = None) -> Scope:
    ensure_plan(session)
    if workflow.can_see_all(user):
        return Scope(all=True, unit=None, indicators=[], tasks=[])
    plan = service.get_plan(session, plan_id)
    unit = workflow.user_unit(plan, user)
    if unit is None:
        raise PermissionDeniedError("规划指标仅对分局和规划责任单位开放", code="plan_forbidden")
    indicators = service.indicators_for_unit(session, unit=unit, plan_id=plan.id)
    tasks = [t.id for t in service.tasks_for(session, plan_id=plan.id, unit=unit)]
    return Scope(all=False, unit=unit, indicators=indicators, tasks=tasks)


def visible_indicators(
    session: Session, user: User, *, plan_id: str | None, year: int | None
) -> list[IndicatorStatusRow]:
    scope = scope_of(session, user, plan_id)
    rows = service.indicator_statuses(session, plan_id=plan_id, year=year)
    return rows if scope.all else [r for r in rows if r.id in scope.indicators]


@router.get("/plans", response_model=list[PlanSummary], summary="Loaded plans")
def plans(user: CurrentUser, session: SessionDep) -> list[PlanSummary]:
    scope_of(session, user)
    return service.list_plans(session)


@router.get(
    "/indicators", response_model=list[IndicatorStatusRow], summary="Indicators with value and status"
)
def indicators(
    user: CurrentUser,
    session: SessionDep,
    plan: str | None = None,
    year: Annotated[int | None, Query(description="Year of the values (default: each one's latest).")] = None,
) -> list[IndicatorStatusRow]:
    return visible_indicators(session, user, plan_id=plan, year=year)


@router.get("/indicators/{indicator_id}", summary="One indicator: definition, status, history with inputs")
def indicator(
    indicator_id: str,
    user: CurrentUser,
    session: SessionDep,
    plan: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    rows = {r.id: r for r in visible_indicators(session, user, plan_id=plan, year=year)}
    if indicator_id not in rows:
        raise NotFoundError(f"no indicator {indicator_id!r}", code="plan_indicator_not_found")
    definition = service.get_plan(session, plan).indicator(indicator_id)
    return {
        "status": rows[indicator_id].model_dump(mode="json"),
        "definition": definition.model_dump(mode="json", exclude_defaults=True),
        "values": service.indicator_values(session, indicator_id=indicator_id, plan_id=plan),
    }


@router.get("/tasks", response_model=list[TaskRow], summary="附件1 tasks (a unit: its own)")
def tasks(
    user: CurrentUser, session: SessionDep, plan: str | None = None, unit: str | None = None
) -> list[TaskRow]:
    scope = scope_of(session, user, plan)
    if not scope.all:
        unit = scope.unit
    return service.tasks_for(session, plan_id=plan, unit=unit)


@router.get(
    "/due", response_model=list[DueItem], summary="Items owed for a year; overdue=true: the reminders"
)
def due(
    user: CurrentUser,
    session: SessionDep,
    year: int,
    plan: str | None = None,
    overdue: bool = False,
    unit: str | None = None,
) -> list[DueItem]:
    scope = scope_of(session, user, plan)
    if not scope.all:
        unit = scope.unit
    items = workflow.due_items(session, year=year, plan_id=plan, unit=unit)
    return [d for d in items if d.overdue] if overdue else items


@router.get("/submissions", response_model=list[SubmissionOut], summary="Submissions (a unit: its own)")
def submissions(
    user: CurrentUser,
    session: SessionDep,
    plan: str | None = None,
    year: int | None = None,
    status: str | None = None,
    item: str | None = None,
) -> list[SubmissionOut]:
    return workflow.list_submissions(session, user=user, plan_id=plan, year=year, status=status, item_id=item)


@router.post(
    "/submissions", response_model=SubmissionOut, status_code=201, summary="Submit a report (multipart)"
)
async def submit(
    request: Request,
    user: CurrentUser,
    session: WriteSessionDep,
    item_kind: Annotated[str, Form()],
    item_id: Annotated[str, Form()],
    year: Annotated[int, Form()],
    value: Annotated[float | None, Form()] = None,
    progress: Annotated[int | None, Form()] = None,
    text: Annotated[str, Form()] = "",
    unit: Annotated[str | None, Form()] = None,
    plan: Annotated[str | None, Form()] = None,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> SubmissionOut:
    uploads = [(f.filename or "file", await f.read()) for f in files or [] if f.filename]
    session.info[WRITABLE] = True
    ensure_plan(session)
    return workflow.submit(
        session,
        user=user,
        actor=audit.Actor.of(user, client_address(request)),
        item_kind=item_kind,
        item_id=item_id,
        year=year,
        value=value,
        progress=progress,
        text=text,
        files=uploads,
        plan_id=plan,
        unit=unit,
    )


class ReviewIn(BaseModel):
    accept: bool
    note: str = ""


@router.post("/submissions/{submission_id}/review", response_model=SubmissionOut, summary="Accept or return")
def review(
    submission_id: int, body: ReviewIn, request: Request, user: CurrentUser, session: WriteSessionDep
) -> SubmissionOut:
    return workflow.review(
        session,
        user=user,
        actor=audit.Actor.of(user, client_address(request)),
        submission_id=submission_id,
        accept=body.accept,
        note=body.note,
    )


@router.post("/compute", summary="Compute and store every computed indicator for a year (bureau)")
def compute(
    request: Request,
    user: BureauUser,
    session: WriteSessionDep,
    year: int,
    until: date | None = None,
    plan: str | None = None,
) -> list[dict[str, Any]]:
    from ljeco.modules.plan.compute import compute_and_store

    session.info[WRITABLE] = True
    ensure_plan(session)
    results = compute_and_store(
        session, year=year, until=until, plan_id=plan, actor=audit.Actor.of(user, client_address(request))
    )
    return [
        {
            "id": c.indicator,
            "formula": c.formula,
            "value": None if c.result is None else c.result.value,
            "fraction_of_period": None if c.result is None else c.result.fraction_of_period,
            "standard": None if c.result is None else c.result.standard,
        }
        for c in results
    ]


@router.get(
    "/reports/{kind}.{fmt}", summary="Assessment report (annual, midterm, final) as DOCX, XLSX or HTML"
)
def report(
    kind: str,
    fmt: str,
    user: CurrentUser,
    session: SessionDep,
    year: int | None = None,
    plan: str | None = None,
) -> FileResponse:
    from ljeco.core.errors import ValidationError
    from ljeco.modules.plan.reports import build_report, write_report

    scope_of(session, user)
    if not workflow.can_see_all(user):
        raise PermissionDeniedError("评估报告仅对分局开放", code="plan_forbidden")
    if fmt not in MEDIA:
        raise ValidationError("format must be docx, xlsx or html", code="plan_report_format")
    data = build_report(session, kind=kind, year=year, plan_id=plan)
    out = Path(tempfile.mkdtemp(prefix="ljeco-plan-report-")) / f"{data.plan_id}_{kind}_{data.year}.{fmt}"
    write_report(data, out)
    return FileResponse(out, media_type=MEDIA[fmt], filename=out.name)
