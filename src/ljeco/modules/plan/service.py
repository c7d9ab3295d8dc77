"""Plan service: store plans in the database, and answer "which targets are met, and who is responsible".

Other modules, the CLI and the web layer use these functions, never the ``plan_*`` tables. On a freshly migrated
database with no plan, :func:`ensure_default_plan` loads the Liangjiang plan that ships with the package.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ljeco.core.audit import SYSTEM, Actor, record
from ljeco.core.errors import ConflictError, NotFoundError, ValidationError
from ljeco.modules.plan import formulas
from ljeco.modules.plan.loader import DEFAULT_PLAN_ID, load_shipped_plan, parse_plan
from ljeco.modules.plan.models import (
    IndicatorValue,
    PlanIndicator,
    PlanProject,
    PlanRecord,
    PlanTask,
    PlanUnit,
    TaskUnit,
)
from ljeco.modules.plan.schema import Indicator, Plan
from ljeco.modules.plan.status import (
    STATUS_LABELS,
    Assessment,
    Status,
    assess_indicator,
    year_to_date_forecast,
)

VALUE_SOURCES = ("plan", "reported", "computed")


class PlanSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    region: str
    period_start: int
    period_end: int
    sample: bool
    standards_edition: str
    indicators: int
    tasks: int
    projects: int
    units: int
    source: str


class IndicatorStatusRow(BaseModel):
    """One indicator with its value for a year and its status (the JSON of ``ljeco plan indicators``)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    unit: str | None
    baseline_year: int | None
    baseline: float | None
    target_year: int | None
    target: float | None
    comparator: str
    attribute: str | None
    method: str
    clause: str
    value: float | None
    status: str
    # context beyond the required keys
    forecast: str | None
    year: int | None
    value_source: str | None
    status_label: str
    reason: str
    kind: str
    target_text: str | None
    target_pending: bool
    unverified: bool
    formula: str | None
    standard: str | None
    reporting_unit: str | None
    plan: str
    #: What a computed value was computed from (sites, period, counts, standard edition); None otherwise.
    inputs: dict[str, Any] | None = None
    fraction_of_period: float = 1.0


class TaskRow(BaseModel):
    """One 附件1 task (the JSON of ``ljeco plan tasks``)."""

    model_config = ConfigDict(frozen=True)

    id: str
    clause: str
    area: str
    measure: str
    content: str
    lead: list[str]
    cooperating: list[str]
    plan_clause: str
    indicators: list[str]
    role: str | None
    plan: str


def _summary(row: PlanRecord, plan: Plan) -> PlanSummary:
    return PlanSummary(
        id=plan.id,
        name=plan.name,
        region=plan.region,
        period_start=plan.period_start,
        period_end=plan.period_end,
        sample=plan.sample,
        standards_edition=plan.standards_edition,
        indicators=len(plan.indicators),
        tasks=len(plan.tasks),
        projects=len(plan.projects),
        units=len(plan.units),
        source=row.source,
    )


def store_plan(
    session: Session, plan: Plan, *, source: str, actor: Actor, replace: bool = False
) -> PlanSummary:
    """Store ``plan``; an existing plan with the same id is refused unless ``replace`` (its values are then lost)."""
    existing = session.scalar(select(PlanRecord).where(PlanRecord.key == plan.id))
    before: dict[str, Any] | None = None
    if existing is not None:
        if not replace:
            raise ConflictError(
                f"plan {plan.id!r} is already loaded; use --replace to load it again", code="plan_exists"
            )
        before = {"source": existing.source, "loaded_at": existing.loaded_at.isoformat()}
        session.delete(existing)
        session.flush()
    row = PlanRecord(
        key=plan.id,
        name=plan.name,
        region=plan.region,
        period_start=plan.period_start,
        period_end=plan.period_end,
        sample=plan.sample,
        standards_edition=plan.standards_edition,
        source=source,
        document=plan.model_dump(mode="json", exclude_defaults=True),
    )
    row.units = [PlanUnit(key=u.id, name=u.name, kind=u.kind, aliases=list(u.aliases)) for u in plan.units]
    for ind in plan.indicators:
        item = PlanIndicator(
            key=ind.id,
            name=ind.name,
            kind=ind.kind,
            unit=ind.unit,
            method=ind.method,
            formula=ind.formula,
            reporting_unit=ind.reporting_unit,
            clause=ind.clause,
        )
        if ind.result_year is not None and (ind.result is not None or ind.result_met is not None):
            item.values = [
                IndicatorValue(
                    year=ind.result_year,
                    value=ind.result,
                    met=ind.result_met,
                    source="plan",
                    note=ind.result_text,
                )
            ]
        row.indicators.append(item)
    for task in plan.tasks:
        units = [TaskUnit(unit_name=n, role="lead", position=i) for i, n in enumerate(task.lead)]
        units += [
            TaskUnit(unit_name=n, role="cooperating", position=i) for i, n in enumerate(task.cooperating)
        ]
        row.tasks.append(
            PlanTask(
                key=task.id,
                row=task.row,
                area=task.area,
                measure=task.measure,
                content=task.content,
                clause=task.clause,
                plan_clause=task.plan_clause,
                units=units,
            )
        )
    row.projects = [
        PlanProject(key=p.id, column=p.column, kind=p.kind, name=p.name, clause=p.clause)
        for p in plan.projects
    ]
    session.add(row)
    session.flush()
    summary = _summary(row, plan)
    record(
        session,
        actor=actor,
        action="plan.replace" if before else "plan.load",
        entity_type="plan",
        entity_id=plan.id,
        before=before,
        after=summary.model_dump(),
    )
    return summary


def ensure_default_plan(session: Session, *, actor: Actor = SYSTEM) -> bool:
    """Load the shipped Liangjiang plan when no plan is present; True when it was loaded."""
    if session.scalar(select(PlanRecord.id).limit(1)) is not None:
        return False
    store_plan(session, load_shipped_plan(DEFAULT_PLAN_ID), source=f"shipped:{DEFAULT_PLAN_ID}", actor=actor)
    return True


def _plan_of(row: PlanRecord) -> Plan:
    return parse_plan(row.document, source=f"database plan {row.key}")


def _record(session: Session, plan_id: str | None) -> PlanRecord:
    if plan_id is not None:
        row = session.scalar(select(PlanRecord).where(PlanRecord.key == plan_id))
        if row is None:
            known = ", ".join(session.scalars(select(PlanRecord.key).order_by(PlanRecord.key))) or "none"
            raise NotFoundError(f"no plan {plan_id!r} is loaded (loaded: {known})", code="plan_not_found")
        return row
    rows = list(
        session.scalars(select(PlanRecord).order_by(PlanRecord.sample, PlanRecord.period_start.desc()))
    )
    for row in rows:
        if row.key == DEFAULT_PLAN_ID:
            return row
    if not rows:
        raise NotFoundError("no plan is loaded; run `ljeco plan load FILE`", code="plan_not_found")
    return rows[0]


def _indicator_row(session: Session, plan_row: Any, indicator_id: str) -> PlanIndicator:
    """The stored indicator ``indicator_id`` of ``plan_row``; NotFoundError (404) when the plan has none."""
    item = session.scalar(
        select(PlanIndicator).where(PlanIndicator.plan_id == plan_row.id, PlanIndicator.key == indicator_id)
    )
    if item is None:
        raise NotFoundError(
            f"plan {plan_row.key!r} has no indicator {indicator_id!r}", code="plan_indicator_not_found"
        )
    return item


def list_plans(session: Session) -> list[PlanSummary]:
    rows = session.scalars(select(PlanRecord).order_by(PlanRecord.period_start, PlanRecord.key))
    return [_summary(row, _plan_of(row)) for row in rows]


def get_plan(session: Session, plan_id: str | None = None) -> Plan:
    """A loaded plan (default: the Liangjiang plan, else the latest non-sample plan)."""
    return _plan_of(_record(session, plan_id))


def _value_for(
    session: Session, plan_row: PlanRecord, ind: Indicator, year: int | None
) -> tuple[IndicatorValue | None, formulas.FormulaResult | None]:
    item = session.scalar(
        select(PlanIndicator).where(PlanIndicator.plan_id == plan_row.id, PlanIndicator.key == ind.id)
    )
    stored: IndicatorValue | None = None
    if item is not None:
        query = select(IndicatorValue).where(IndicatorValue.indicator_id == item.id)
        query = query.where(IndicatorValue.year == year) if year is not None else query
        stored = session.scalar(query.order_by(IndicatorValue.year.desc()).limit(1))
    computed = None
    if stored is None and ind.method == "computed" and ind.formula and year is not None:
        computed = formulas.compute(ind.formula, year=year, **ind.formula_params)
    return stored, computed


def _section_objective(ind: Indicator, inputs: dict[str, Any] | None) -> float | None:
    """The section's own objective class (region pack) for a section the plan judges without a class."""
    if ind.target is not None or ind.formula != "water_section_class" or not inputs:
        return None
    from ljeco.modules.plan.compute import CLASS_NUMBER

    number = CLASS_NUMBER.get(str(inputs.get("target_class")))
    return None if number is None else float(number)


def _count_already_exceeded(
    ind: Indicator, value: float | None, fraction: float, assessment: Assessment
) -> Assessment:
    """A count that only grows during the year (heavily polluted days) and already exceeds a ≤ target: off track."""
    if (
        ind.formula == "air_heavy_polluted_days"
        and fraction < 1
        and value is not None
        and ind.target is not None
        and ind.comparator == "≤"
        and value > ind.target
    ):
        return Assessment(
            Status.OFF_TRACK, f"年内已出现{value:g}个重污染天，超过目标≤{ind.target:g}，全年已无法达到"
        )
    return assessment


def indicator_statuses(
    session: Session, *, plan_id: str | None = None, year: int | None = None
) -> list[IndicatorStatusRow]:
    """Every indicator of the plan with its value for ``year`` (default: its latest recorded) and its status."""
    plan_row = _record(session, plan_id)
    plan = _plan_of(plan_row)
    rows: list[IndicatorStatusRow] = []
    for ind in plan.indicators:
        stored, computed = _value_for(session, plan_row, ind, year)
        value: float | None = None
        met: bool | None = None
        fraction = 1.0
        source: str | None = None
        value_year = year
        inputs: dict[str, Any] | None = None
        if stored is not None:
            value, met, fraction, source, value_year = (
                stored.value,
                stored.met,
                stored.fraction_of_period,
                stored.source,
                stored.year,
            )
            inputs = stored.inputs
        elif computed is not None:
            value, fraction, source = computed.value, computed.fraction_of_period, "computed"
            inputs = computed.inputs
        judged_year = value_year if value_year is not None else (ind.target_year or plan.period_end)
        forecast = year_to_date_forecast(ind, value, inputs) if fraction < 1 else None
        override = _section_objective(ind, inputs)
        assessment = assess_indicator(
            ind,
            value,
            year=judged_year,
            fraction_of_period=fraction,
            reported_met=met,
            still_achievable=None if forecast is None else forecast.status is not Status.OFF_TRACK,
            target=override,
        )
        if override is not None:
            objective = (inputs or {}).get("target_class")
            assessment = Assessment(
                assessment.status,
                f"按断面水质目标{objective}类判断（规划未写明目标类别）：{assessment.reason}",
            )
        if forecast is not None and forecast.status is not Status.NO_DATA:
            # The forecast knows the remaining days: its verdict is sharper than the generic year-to-date one.
            assessment = Assessment(forecast.status, forecast.reason)
        assessment = _count_already_exceeded(ind, value, fraction, assessment)
        rows.append(
            IndicatorStatusRow(
                id=ind.id,
                name=ind.name,
                unit=ind.unit,
                baseline_year=ind.baseline_year,
                baseline=ind.baseline,
                target_year=ind.target_year,
                target=ind.target,
                comparator=ind.comparator,
                attribute=ind.attribute,
                method=ind.method,
                clause=ind.clause,
                value=value,
                status=assessment.status.value,
                forecast=None if forecast is None else forecast.reason,
                year=value_year,
                value_source=source,
                status_label=STATUS_LABELS[assessment.status],
                reason=assessment.reason,
                kind=ind.kind,
                target_text=ind.target_text,
                target_pending=ind.target_pending,
                unverified=ind.unverified,
                formula=ind.formula,
                standard=ind.standard,
                reporting_unit=ind.reporting_unit,
                plan=plan.id,
                inputs=inputs,
                fraction_of_period=fraction,
            )
        )
    return rows


def record_value(
    session: Session,
    *,
    indicator_id: str,
    year: int,
    value: float | None,
    actor: Actor,
    plan_id: str | None = None,
    fraction_of_period: float = 1.0,
    met: bool | None = None,
    source: str = "reported",
    reported_by: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
    inputs: dict[str, Any] | None = None,
) -> IndicatorValue:
    """Record (or replace) an indicator's value for a year; audited."""
    if source not in VALUE_SOURCES:
        raise ValidationError(f"source must be one of {', '.join(VALUE_SOURCES)}", code="plan_value_source")
    if not 0 < fraction_of_period <= 1:
        raise ValidationError("fraction_of_period must be in (0, 1]", code="plan_value_fraction")
    plan_row = _record(session, plan_id)
    item = _indicator_row(session, plan_row, indicator_id)
    old = session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == item.id, IndicatorValue.year == year)
    )
    before = None if old is None else {"value": old.value, "met": old.met, "source": old.source}
    if old is not None:
        session.execute(delete(IndicatorValue).where(IndicatorValue.id == old.id))
    entry = IndicatorValue(
        indicator_id=item.id,
        year=year,
        value=value,
        fraction_of_period=fraction_of_period,
        met=met,
        source=source,
        reported_by=reported_by,
        evidence=evidence,
        note=note,
        inputs=inputs,
    )
    session.add(entry)
    session.flush()
    record(
        session,
        actor=actor,
        action="plan.indicator_value",
        entity_type="plan_indicator",
        entity_id=f"{plan_row.key}/{indicator_id}/{year}",
        before=before,
        after={"value": value, "met": met, "source": source, "fraction_of_period": fraction_of_period},
    )
    return entry


def indicator_history(session: Session, *, indicator_id: str, plan_id: str | None = None) -> dict[int, float]:
    """Stored values of an indicator by year (complete and year-to-date alike; None values left out)."""
    plan_row = _record(session, plan_id)
    item = _indicator_row(session, plan_row, indicator_id)
    rows = session.execute(
        select(IndicatorValue.year, IndicatorValue.value)
        .where(IndicatorValue.indicator_id == item.id)
        .order_by(IndicatorValue.year)
    )
    return {year: value for year, value in rows if value is not None}


def indicator_values(
    session: Session, *, indicator_id: str, plan_id: str | None = None
) -> list[dict[str, Any]]:
    """Every stored value of an indicator with its source, inputs and evidence, oldest first."""
    plan_row = _record(session, plan_id)
    item = _indicator_row(session, plan_row, indicator_id)
    values = session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_id == item.id).order_by(IndicatorValue.year)
    )
    return [
        {
            "year": v.year,
            "value": v.value,
            "fraction_of_period": v.fraction_of_period,
            "met": v.met,
            "source": v.source,
            "inputs": v.inputs,
            "reported_by": v.reported_by,
            "evidence": v.evidence,
            "note": v.note,
            "recorded_at": v.recorded_at.isoformat() if v.recorded_at else None,
        }
        for v in values
    ]


def tasks_for(session: Session, *, plan_id: str | None = None, unit: str | None = None) -> list[TaskRow]:
    """The plan's 附件1 tasks, optionally those of one unit (as lead or cooperating; variant spellings accepted)."""
    plan = get_plan(session, plan_id)
    wanted: str | None = None
    if unit is not None:
        try:
            wanted = plan.unit_by_name(unit.strip()).name
        except KeyError:
            raise NotFoundError(
                f"unit {unit!r} is not named by plan {plan.id!r}", code="plan_unit_not_found"
            ) from None
    rows: list[TaskRow] = []
    for task in plan.tasks:
        role = None
        if wanted is not None:
            role = "lead" if wanted in task.lead else "cooperating" if wanted in task.cooperating else None
            if role is None:
                continue
        rows.append(
            TaskRow(
                id=task.id,
                clause=task.clause,
                area=task.area,
                measure=task.measure,
                content=task.content,
                lead=list(task.lead),
                cooperating=list(task.cooperating),
                plan_clause=task.plan_clause,
                indicators=list(task.indicators),
                role=role,
                plan=plan.id,
            )
        )
    return rows


def issue_target(
    session: Session,
    *,
    indicator_id: str,
    target: float,
    issued_by: str,
    actor: Actor,
    plan_id: str | None = None,
) -> Indicator:
    """Fill in a target the plan leaves to the city (由市级下达), e.g. when 市级 issues the 能耗 reduction target.

    The stored plan document is updated (``target`` set, ``target_pending`` cleared, ``target_issued_by`` noted in
    ``note``) and re-validated; the change is audited.
    """
    row = _record(session, plan_id)
    document = json.loads(json.dumps(row.document))
    for item in document.get("indicators", []):
        if item["id"] == indicator_id:
            break
    else:
        raise NotFoundError(
            f"plan {row.key!r} has no indicator {indicator_id!r}", code="plan_indicator_not_found"
        )
    if not item.get("target_pending"):
        raise ConflictError(
            f"{indicator_id} has no pending target (由市级下达)", code="plan_target_not_pending"
        )
    item["target"] = target
    item["target_pending"] = False
    item["note"] = "; ".join(filter(None, [item.get("note"), f"目标由市级下达：{issued_by}"]))
    plan = parse_plan(document, source=f"database plan {row.key}")
    row.document = document
    record(
        session,
        actor=actor,
        action="plan.issue_target",
        entity_type="plan_indicator",
        entity_id=f"{row.key}/{indicator_id}",
        before={"target": None, "target_pending": True},
        after={"target": target, "issued_by": issued_by},
    )
    return plan.indicator(indicator_id)


def indicators_for_unit(session: Session, *, unit: str, plan_id: str | None = None) -> list[str]:
    """ids of the indicators a unit answers for: those it reports, and those served by tasks it leads."""
    plan = get_plan(session, plan_id)
    try:
        name = plan.unit_by_name(unit.strip()).name
    except KeyError:
        raise NotFoundError(
            f"unit {unit!r} is not named by plan {plan.id!r}", code="plan_unit_not_found"
        ) from None
    ids = {i.id for i in plan.indicators if i.reporting_unit == name}
    ids.update(ref for t in plan.tasks if name in t.lead for ref in t.indicators)
    return [i.id for i in plan.indicators if i.id in ids]


__all__ = [
    "IndicatorStatusRow",
    "PlanSummary",
    "TaskRow",
    "ensure_default_plan",
    "get_plan",
    "indicator_history",
    "indicator_statuses",
    "indicator_values",
    "indicators_for_unit",
    "issue_target",
    "list_plans",
    "record_value",
    "store_plan",
    "tasks_for",
]
