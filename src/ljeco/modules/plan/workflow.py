"""Reported indicators and tasks: the responsible unit submits, the bureau accepts or returns; deadlines, overdue.

* Who may do what: a unit user (role ``department``, ``street`` or ``new_town``) acts for the plan unit named by
  its ``scope_unit`` or, failing that, its ``display_name`` (a plan unit's name, alias or id); it submits on the
  reported indicators it reports (``reporting_unit``) and the tasks it leads. The bureau and admin see everything
  and review; no one reviews their own submission.
* Evidence files are stored under ``<data dir>/plan_evidence/<plan>/<year>/<submission>/`` with their SHA-256.
* An accepted submission of an indicator becomes its value for the year (``source=reported``), so statuses,
  the cockpit and the reports use it. Every step is audited.
* Deadline (our choice, the plan says only 按年度 — UNVERIFIED, configurable with :data:`DEADLINE_MONTH_DAY`):
  a year's report is due on 31 January of the next year. Overdue = past the deadline with no accepted submission
  (a returned or missing one); :func:`overdue` is the reminder list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from ljeco.core.audit import Actor, record
from ljeco.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.modules.plan.models import PlanRecord, PlanSubmission

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ljeco.accounts.models import User
    from ljeco.modules.plan.schema import Plan

#: (month, day) of the year after the reported year by which the report is due (UNVERIFIED: our choice).
DEADLINE_MONTH_DAY = (1, 31)
REVIEWERS = {"bureau", "admin"}
UNIT_ROLES = {"department", "street", "new_town"}
STATUS_LABELS = {"submitted": "待审核", "accepted": "已通过", "returned": "已退回", "missing": "未提交"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


class SubmissionOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    plan: str
    item_kind: str
    item_id: str
    year: int
    unit: str
    value: float | None
    progress: int | None
    text: str
    evidence: list[dict[str, Any]]
    status: str
    status_label: str
    submitted_by: str
    submitted_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None


class DueItem(BaseModel):
    """One item a unit owes for a year: its latest submission's status (or ``missing``) and the deadline."""

    model_config = ConfigDict(frozen=True)

    item_kind: str
    item_id: str
    name: str
    unit: str
    year: int
    due: date
    status: str
    status_label: str
    overdue: bool
    submission_id: int | None


def deadline(year: int) -> date:
    month, day = DEADLINE_MONTH_DAY
    return date(year + 1, month, day)


def _out(row: PlanSubmission, plan_key: str) -> SubmissionOut:
    return SubmissionOut(
        id=row.id,
        plan=plan_key,
        item_kind=row.item_kind,
        item_id=row.item_key,
        year=row.year,
        unit=row.unit_name,
        value=row.value,
        progress=row.progress,
        text=row.text,
        evidence=list(row.evidence or []),
        status=row.status,
        status_label=STATUS_LABELS[row.status],
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        review_note=row.review_note,
    )


def user_unit(plan: Plan, user: User) -> str | None:
    """The plan unit a user acts for (None for the bureau, admin, and users no plan unit matches)."""
    if user.role not in UNIT_ROLES:
        return None
    for candidate in (user.scope_unit, user.display_name):
        if not candidate:
            continue
        for unit in plan.units:
            if candidate in (unit.id, unit.name, *unit.aliases):
                return unit.name
    return None


def can_see_all(user: User) -> bool:
    return user.role in REVIEWERS


def owed_items(plan: Plan, unit: str | None = None) -> list[tuple[str, str, str, str]]:
    """(kind, id, name, unit) of every item a unit reports on: reported indicators and led tasks."""
    items: list[tuple[str, str, str, str]] = []
    for ind in plan.indicators:
        if ind.method == "reported" and ind.reporting_unit and (unit is None or ind.reporting_unit == unit):
            items.append(("indicator", ind.id, ind.name, ind.reporting_unit))
    for task in plan.tasks:
        for lead in task.lead:
            if unit is None or lead == unit:
                items.append(("task", task.id, f"{task.measure}：{task.content[:40]}", lead))
    return items


def _plan_row(session: Session, plan_id: str | None) -> tuple[PlanRecord, Plan]:
    from ljeco.modules.plan.service import _record, get_plan

    row = _record(session, plan_id)
    return row, get_plan(session, row.key)


def _item_unit(plan: Plan, kind: str, item_id: str, unit: str | None) -> str:
    owners = [u for k, i, _, u in owed_items(plan) if k == kind and i == item_id]
    if not owners:
        raise NotFoundError(
            f"plan {plan.id!r} has no reported {kind} {item_id!r} with a responsible unit",
            code="plan_item_not_found",
        )
    if unit is None:
        return owners[0]
    if unit not in owners:
        raise PermissionDeniedError(f"{unit} is not responsible for {item_id}", code="plan_not_your_item")
    return unit


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", Path(name).name, flags=re.UNICODE).strip("._")
    return stem[:100] or "file"


def store_evidence(
    plan_key: str, year: int, submission_id: int, files: list[tuple[str, bytes]]
) -> list[dict[str, Any]]:
    """Write uploaded files under the data directory; returns their records (name, path, size, sha256)."""
    from ljeco.core.config import get_settings

    root = get_settings().ensure_data_dir() / "plan_evidence" / plan_key / str(year) / str(submission_id)
    out = []
    for name, content in files:
        if len(content) > MAX_EVIDENCE_BYTES:
            raise ValidationError(f"{name}: larger than 20 MB", code="plan_evidence_too_large")
        root.mkdir(parents=True, exist_ok=True)
        target = root / _safe_name(name)
        target.write_bytes(content)
        out.append(
            {
                "name": _safe_name(name),
                "path": str(target.relative_to(get_settings().data_dir)),
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
        )
    return out


def submit(
    session: Session,
    *,
    user: User,
    actor: Actor,
    item_kind: str,
    item_id: str,
    year: int,
    value: float | None = None,
    progress: int | None = None,
    text: str = "",
    files: list[tuple[str, bytes]] | None = None,
    plan_id: str | None = None,
    unit: str | None = None,
) -> SubmissionOut:
    """A unit's report for a year (value for an indicator, progress % for a task, text and evidence files)."""
    if item_kind not in ("indicator", "task"):
        raise ValidationError("item_kind must be indicator or task", code="plan_item_kind")
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError("progress must be 0–100 %", code="plan_progress")
    row, plan = _plan_row(session, plan_id)
    if not plan.period_start <= year <= plan.period_end + 1:
        raise ValidationError(f"year {year} is outside the plan period", code="plan_year")
    own = user_unit(plan, user)
    if own is None and not can_see_all(user):
        raise PermissionDeniedError("只有责任单位或分局可以填报", code="plan_not_a_unit")
    unit_name = _item_unit(plan, item_kind, item_id, own or unit)
    if item_kind == "indicator" and value is None:
        raise ValidationError("an indicator submission needs a value", code="plan_value_required")
    pending = session.scalar(
        select(PlanSubmission).where(
            PlanSubmission.plan_id == row.id,
            PlanSubmission.item_kind == item_kind,
            PlanSubmission.item_key == item_id,
            PlanSubmission.year == year,
            PlanSubmission.unit_name == unit_name,
            PlanSubmission.status == "accepted",
        )
    )
    if pending is not None:
        raise ConflictError(f"{item_id} {year} is already accepted", code="plan_already_accepted")
    sub = PlanSubmission(
        plan_id=row.id,
        item_kind=item_kind,
        item_key=item_id,
        year=year,
        unit_name=unit_name,
        value=value,
        progress=progress,
        text=text.strip(),
        evidence=[],
        status="submitted",
        submitted_by=user.username,
    )
    session.add(sub)
    session.flush()
    if files:
        sub.evidence = store_evidence(row.key, year, sub.id, files)
    session.flush()
    out = _out(sub, row.key)
    record(
        session,
        actor=actor,
        action="plan.submit",
        entity_type="plan_submission",
        entity_id=sub.id,
        after=out.model_dump(
            mode="json", include={"item_kind", "item_id", "year", "unit", "value", "progress"}
        ),
    )
    return out


def review(
    session: Session, *, user: User, actor: Actor, submission_id: int, accept: bool, note: str = ""
) -> SubmissionOut:
    """The bureau accepts (an indicator's value then becomes the year's value) or returns a submission."""
    from ljeco.modules.plan.service import record_value

    if not can_see_all(user):
        raise PermissionDeniedError("只有分局可以审核", code="plan_not_reviewer")
    sub = session.get(PlanSubmission, submission_id)
    if sub is None:
        raise NotFoundError(f"no submission {submission_id}", code="plan_submission_not_found")
    if sub.status != "submitted":
        raise ConflictError(f"submission {submission_id} is {sub.status}", code="plan_submission_reviewed")
    if sub.submitted_by == user.username:
        raise PermissionDeniedError("不能审核自己提交的材料", code="plan_self_review")
    if not accept and not note.strip():
        raise ValidationError("a returned submission needs a reason", code="plan_return_reason")
    plan_row = session.get(PlanRecord, sub.plan_id)
    assert plan_row is not None
    sub.status = "accepted" if accept else "returned"
    sub.reviewed_by = user.username
    sub.reviewed_at = utcnow()
    sub.review_note = note.strip() or None
    session.flush()
    if accept and sub.item_kind == "indicator":
        record_value(
            session,
            plan_id=plan_row.key,
            indicator_id=sub.item_key,
            year=sub.year,
            value=sub.value,
            source="reported",
            reported_by=sub.unit_name,
            evidence=", ".join(e["name"] for e in sub.evidence or []) or None,
            note=sub.text or None,
            actor=actor,
        )
    record(
        session,
        actor=actor,
        action="plan.accept" if accept else "plan.return",
        entity_type="plan_submission",
        entity_id=sub.id,
        before={"status": "submitted"},
        after={"status": sub.status, "note": sub.review_note},
    )
    return _out(sub, plan_row.key)


def list_submissions(
    session: Session,
    *,
    user: User,
    plan_id: str | None = None,
    year: int | None = None,
    status: str | None = None,
    item_id: str | None = None,
) -> list[SubmissionOut]:
    row, plan = _plan_row(session, plan_id)
    query = select(PlanSubmission).where(PlanSubmission.plan_id == row.id)
    if not can_see_all(user):
        own = user_unit(plan, user)
        if own is None:
            raise PermissionDeniedError("只有责任单位或分局可以查看", code="plan_not_a_unit")
        query = query.where(PlanSubmission.unit_name == own)
    if year is not None:
        query = query.where(PlanSubmission.year == year)
    if status is not None:
        query = query.where(PlanSubmission.status == status)
    if item_id is not None:
        query = query.where(PlanSubmission.item_key == item_id)
    return [_out(s, row.key) for s in session.scalars(query.order_by(PlanSubmission.id.desc()))]


def get_submission(session: Session, *, user: User, submission_id: int) -> SubmissionOut:
    sub = session.get(PlanSubmission, submission_id)
    if sub is None:
        raise NotFoundError(f"no submission {submission_id}", code="plan_submission_not_found")
    row, plan = _plan_row(session, session.get(PlanRecord, sub.plan_id).key)  # type: ignore[union-attr]
    if not can_see_all(user) and user_unit(plan, user) != sub.unit_name:
        raise NotFoundError(f"no submission {submission_id}", code="plan_submission_not_found")
    return _out(sub, row.key)


@dataclass(frozen=True)
class _Latest:
    status: str
    id: int


def due_items(
    session: Session,
    *,
    year: int,
    plan_id: str | None = None,
    unit: str | None = None,
    today: date | None = None,
) -> list[DueItem]:
    """Every item owed for ``year`` (optionally one unit's) with its state; overdue ones first."""
    row, plan = _plan_row(session, plan_id)
    today = today or datetime.now(CST).date()
    latest: dict[tuple[str, str, str], _Latest] = {}
    subs = session.scalars(
        select(PlanSubmission)
        .where(PlanSubmission.plan_id == row.id, PlanSubmission.year == year)
        .order_by(PlanSubmission.id)
    )
    for s in subs:
        key = (s.item_kind, s.item_key, s.unit_name)
        if latest.get(key, _Latest("", 0)).status != "accepted":
            latest[key] = _Latest(s.status, s.id)
    due = deadline(year)
    out = []
    for kind, item_id, name, owner in owed_items(plan, unit):
        got = latest.get((kind, item_id, owner))
        status = got.status if got else "missing"
        out.append(
            DueItem(
                item_kind=kind,
                item_id=item_id,
                name=name,
                unit=owner,
                year=year,
                due=due,
                status=status,
                status_label=STATUS_LABELS[status],
                overdue=today > due and status != "accepted",
                submission_id=got.id if got else None,
            )
        )
    return sorted(out, key=lambda d: (not d.overdue, d.unit, d.item_kind, d.item_id))


def overdue(
    session: Session,
    *,
    year: int,
    plan_id: str | None = None,
    unit: str | None = None,
    today: date | None = None,
) -> list[DueItem]:
    """The reminder list: items past their deadline without an accepted submission."""
    return [d for d in due_items(session, year=year, plan_id=plan_id, unit=unit, today=today) if d.overdue]


__all__ = [
    "DEADLINE_MONTH_DAY",
    "DueItem",
    "SubmissionOut",
    "can_see_all",
    "deadline",
    "due_items",
    "get_submission",
    "list_submissions",
    "overdue",
    "owed_items",
    "review",
    "store_evidence",
    "submit",
    "user_unit",
]
