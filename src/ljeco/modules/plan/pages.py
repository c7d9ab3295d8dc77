"""Pages of the plan cockpit: overview (cards with status colours and sparklines, at-risk first), one page per
indicator, per unit, the task board with submissions and review, and report downloads."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ljeco.core import audit
from ljeco.core.errors import LjecoError, NotFoundError
from ljeco.core.timeutil import CST
from ljeco.modules.plan import service, workflow
from ljeco.modules.plan.api import WRITABLE, scope_of, visible_indicators
from ljeco.modules.plan.reports import KINDS, fmt_value, sparkline_svg, target_text
from ljeco.modules.plan.status import STATUS_RANK, Status
from ljeco.web import nav
from ljeco.web.deps import CurrentUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.forms import CsrfChecked
from ljeco.web.templating import add_template_dir, render

router = APIRouter(include_in_schema=False)
add_template_dir(Path(__file__).resolve().parent / "templates")

UNITS = {"bureau", "department", "street", "new_town"}
nav.register("plan", "规划驾驶舱", "/plan", roles=UNITS)
nav.register("plan", "任务看板", "/plan/tasks", roles=UNITS)
nav.register("plan", "评估报告", "/plan/reports", roles={"bureau"})

STATUS_CLASS = {"met": "ok", "on_track": "ok", "at_risk": "warn", "off_track": "bad", "no_data": "none"}


def _this_year() -> int:
    return datetime.now(CST).year


def _common() -> dict[str, Any]:
    return {
        "status_class": STATUS_CLASS,
        "fmt": fmt_value,
        "target_text": target_text,
        "submission_labels": workflow.STATUS_LABELS,
    }


@router.get("/plan", response_class=HTMLResponse)
def cockpit(request: Request, user: CurrentUser, session: SessionDep, year: int | None = None) -> Response:
    scope = scope_of(session, user)
    rows = visible_indicators(session, user, plan_id=None, year=year)
    rank = {s.value: r for s, r in STATUS_RANK.items()} | {Status.NO_DATA.value: 4}
    rows = sorted(rows, key=lambda r: (rank[r.status], r.method != "computed"))
    # 专栏5 rows are the previous plan's printed 2020 results: shown apart, never in the at-risk list.
    review = [r for r in rows if r.kind == "review"]
    rows = [r for r in rows if r.kind != "review"]
    at_risk = [r for r in rows if r.status in ("at_risk", "off_track")]
    sparks = {}
    for r in rows:
        if r.method == "computed":
            history = service.indicator_history(session, indicator_id=r.id)
            sparks[r.id] = sparkline_svg([history[y] for y in sorted(history)])
    counts = {s.value: sum(1 for r in rows if r.status == s.value) for s in Status}
    plan = service.get_plan(session)
    context = {
        "plan": plan,
        "rows": rows,
        "review": review,
        "at_risk": at_risk,
        "sparks": sparks,
        "counts": counts,
        "scope": scope,
        "year": year,
        **_common(),
    }
    return render(request, "plan_cockpit.html", context)


@router.get("/plan/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator_page(
    request: Request, indicator_id: str, user: CurrentUser, session: SessionDep, year: int | None = None
) -> Response:
    rows = {r.id: r for r in visible_indicators(session, user, plan_id=None, year=year)}
    if indicator_id not in rows:
        raise NotFoundError(f"no indicator {indicator_id!r}", code="plan_indicator_not_found")
    plan = service.get_plan(session)
    values = service.indicator_values(session, indicator_id=indicator_id)
    chart = {"years": [v["year"] for v in values], "values": [v["value"] for v in values]}
    context = {
        "r": rows[indicator_id],
        "d": plan.indicator(indicator_id),
        "values": values,
        "chart": json.dumps(chart),
        "subs": workflow.list_submissions(session, user=user, item_id=indicator_id),
        "this_year": _this_year(),
        **_common(),
    }
    return render(request, "plan_indicator.html", context)


@router.get("/plan/units/{unit}", response_class=HTMLResponse)
def unit_page(request: Request, unit: str, user: CurrentUser, session: SessionDep) -> Response:
    scope = scope_of(session, user)
    if not scope.all and unit != scope.unit:
        raise NotFoundError(f"no unit {unit!r}", code="plan_unit_not_found")
    ids = set(service.indicators_for_unit(session, unit=unit))
    rows = [r for r in service.indicator_statuses(session) if r.id in ids]
    tasks = service.tasks_for(session, unit=unit)
    due = workflow.due_items(session, year=_this_year() - 1, unit=unit)
    context = {"unit": unit, "rows": rows, "tasks": tasks, "due": due, **_common()}
    return render(request, "plan_unit.html", context)


@router.get("/plan/tasks", response_class=HTMLResponse)
def task_board(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    year: int | None = None,
    unit: str | None = None,
    error: str | None = None,
) -> Response:
    scope = scope_of(session, user)
    chosen = year or _this_year() - 1
    wanted = (unit or None) if scope.all else scope.unit
    items = workflow.due_items(session, year=chosen, unit=wanted)
    columns: dict[str, list[workflow.DueItem]] = {
        k: [] for k in ("missing", "returned", "submitted", "accepted")
    }
    for item in items:
        columns[item.status].append(item)
    waiting = workflow.list_submissions(session, user=user, year=chosen, status="submitted")
    plan = service.get_plan(session)
    context = {
        "year": chosen,
        "columns": columns,
        "waiting": waiting,
        "scope": scope,
        "unit": wanted,
        "overdue": sum(1 for i in items if i.overdue),
        "years": list(range(plan.period_start, plan.period_end + 2)),
        "error": error,
        **_common(),
    }
    return render(request, "plan_tasks.html", context)


@router.post("/plan/submit", response_class=HTMLResponse)
async def submit_form(
    request: Request,
    user: CurrentUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    item_kind: Annotated[str, Form()],
    item_id: Annotated[str, Form()],
    year: Annotated[int, Form()],
    value: Annotated[str, Form()] = "",
    progress: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    uploads = [(f.filename or "file", await f.read()) for f in files or [] if f.filename]
    session.info[WRITABLE] = True
    try:
        workflow.submit(
            session,
            user=user,
            actor=audit.Actor.of(user, client_address(request)),
            item_kind=item_kind,
            item_id=item_id,
            year=year,
            value=float(value) if value.strip() else None,
            progress=int(progress) if progress.strip() else None,
            text=text,
            files=uploads,
            unit=unit or None,
        )
    except (LjecoError, ValueError) as exc:
        message = exc.message if isinstance(exc, LjecoError) else "数值格式有误"
        session.rollback()
        return task_board(request, user, session, year=year, unit=None, error=message)
    return RedirectResponse(f"/plan/tasks?year={year}", status_code=303)


@router.post("/plan/submissions/{submission_id}/review", response_class=HTMLResponse)
def review_form(
    request: Request,
    submission_id: int,
    user: CurrentUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    session.info[WRITABLE] = True
    try:
        sub = workflow.review(
            session,
            user=user,
            actor=audit.Actor.of(user, client_address(request)),
            submission_id=submission_id,
            accept=decision == "accept",
            note=note,
        )
    except LjecoError as exc:
        session.rollback()
        return task_board(request, user, session, year=None, unit=None, error=exc.message)
    return RedirectResponse(f"/plan/tasks?year={sub.year}", status_code=303)


@router.get("/plan/reports", response_class=HTMLResponse)
def reports_page(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    scope_of(session, user)
    plan = service.get_plan(session)
    from ljeco.modules.plan.reports import default_year

    kinds = [(k, label, default_year(k, plan.period_start, plan.period_end)) for k, label in KINDS.items()]
    context = {"kinds": kinds, "years": list(range(plan.period_start, plan.period_end + 1)), "plan": plan}
    return render(request, "plan_reports.html", context)
