"""``ljeco plan``: the plan as data — list and load plans, indicators with status, tasks by unit.

Every command works on a freshly migrated database: when no plan is loaded, the Liangjiang plan shipped with the
package (重庆两江新区生态环境保护“十四五”规划) is loaded first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

app = typer.Typer(
    help="Plan cockpit: plans, indicators and their status, tasks and responsible units.",
    no_args_is_help=True,
)

_PLAN = typer.Option(None, "--plan", help="Plan id (default: the Liangjiang 2021–2025 plan).")
_FORMAT = typer.Option("table", "--format", help="table or json.")


def _check_format(fmt: str) -> None:
    from ljeco.core.errors import ValidationError

    if fmt not in ("table", "json"):
        raise ValidationError("--format must be table or json", code="bad_format")


def _prepare() -> None:
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.modules.plan.service import ensure_default_plan

    ensure_migrated()
    with write_session() as session:
        if ensure_default_plan(session, actor=CLI):
            typer.echo("no plan was loaded: loaded the shipped plan liangjiang_2021_2025", err=True)


def _emit_json(rows: list[Any]) -> None:
    typer.echo(json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False, indent=2))


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


@app.command("list")
def list_(fmt: str = _FORMAT) -> None:
    """Loaded plans."""
    from rich.console import Console
    from rich.table import Table

    from ljeco.core.db import read_session
    from ljeco.modules.plan.service import list_plans

    _check_format(fmt)
    _prepare()
    with read_session() as session:
        plans = list_plans(session)
    if fmt == "json":
        _emit_json(plans)
        return
    table = Table("id", "规划", "期限", "标准版本", "指标", "任务", "专栏项目", "单位", "说明")
    for p in plans:
        table.add_row(
            p.id,
            p.name,
            f"{p.period_start}–{p.period_end}",
            p.standards_edition,
            str(p.indicators),
            str(p.tasks),
            str(p.projects),
            str(p.units),
            "示例（非正式文件）" if p.sample else "",
        )
    Console(width=200).print(table)


@app.command("load")
def load(
    path: Path = typer.Argument(..., help="A plan directory (plan.yaml + parts) or one YAML/JSON plan file."),
    replace: bool = typer.Option(False, "--replace", help="Replace a loaded plan with the same id."),
) -> None:
    """Validate a plan file and load it."""
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.modules.plan.loader import load_plan
    from ljeco.modules.plan.service import store_plan

    plan = load_plan(path)
    ensure_migrated()
    with write_session() as session:
        summary = store_plan(session, plan, source=str(path), actor=CLI, replace=replace)
    typer.echo(
        f"loaded plan {summary.id}: {summary.indicators} indicators, {summary.tasks} tasks, "
        f"{summary.projects} projects, {summary.units} units"
    )


@app.command("indicators")
def indicators(
    plan: str | None = _PLAN,
    year: int | None = typer.Option(None, "--year", help="Year of the values (default: each one's latest)."),
    fmt: str = _FORMAT,
) -> None:
    """Indicators and targets with value and status (met / on_track / at_risk / off_track / no_data)."""
    from rich.console import Console
    from rich.table import Table

    from ljeco.core.db import read_session
    from ljeco.modules.plan.service import indicator_statuses

    _check_format(fmt)
    _prepare()
    with read_session() as session:
        rows = indicator_statuses(session, plan_id=plan, year=year)
    if fmt == "json":
        _emit_json(rows)
        return
    table = Table(
        "id", "指标", "单位", "基准", "目标", "属性", "方式", "条款", "年份", "实际值", "状态", "说明"
    )
    for r in rows:
        baseline = f"{_num(r.baseline)} ({r.baseline_year})" if r.baseline is not None else ""
        target = r.target_text if r.target is None else f"{r.comparator}{_num(r.target)}"
        if r.unverified:
            target = f"{target or ''} [UNVERIFIED]"
        table.add_row(
            r.id,
            r.name,
            r.unit or "",
            baseline,
            f"{target or ''} ({r.target_year})" if r.target_year else target or "",
            r.attribute or "",
            "计算" if r.method == "computed" else "填报",
            r.clause,
            str(r.year or ""),
            _num(r.value),
            r.status_label,
            r.reason,
        )
    Console(width=240).print(table)


@app.command("tasks")
def tasks(
    unit: str | None = typer.Option(
        None, "--unit", help="Only the tasks of this unit (lead or cooperating)."
    ),
    plan: str | None = _PLAN,
    fmt: str = _FORMAT,
) -> None:
    """附件1 重点任务 with their lead (责任单位) and cooperating (配合单位) units."""
    from rich.console import Console
    from rich.table import Table

    from ljeco.core.db import read_session
    from ljeco.modules.plan.service import tasks_for

    _check_format(fmt)
    _prepare()
    with read_session() as session:
        rows = tasks_for(session, plan_id=plan, unit=unit)
    if fmt == "json":
        _emit_json(rows)
        return
    table = Table("id", "条款", "措施", "主要内容", "责任单位", "配合单位", *(["角色"] if unit else []))
    for r in rows:
        role = ["牵头" if r.role == "lead" else "配合"] if unit else []
        table.add_row(
            r.id, r.clause, r.measure, r.content, "、".join(r.lead), "、".join(r.cooperating), *role
        )
    Console(width=240).print(table)


@app.command("forecast-good-days")
def forecast_good_days(
    good: int = typer.Option(..., "--good", help="Good days (AQI ≤ 100) so far this year."),
    valid: int = typer.Option(..., "--valid", help="Valid days so far this year."),
    remaining: int = typer.Option(..., "--remaining", help="Days left in the year."),
    target: float = typer.Option(92.87, "--target", help="Target 优良天数比率 [%] (default: 专栏6 row 5)."),
) -> None:
    """How many more non-good days the rest of the year can afford and still reach the target."""
    from ljeco.modules.plan.status import STATUS_LABELS, good_days_budget

    f = good_days_budget(target_percent=target, good_days=good, valid_days=valid, remaining_days=remaining)
    typer.echo(f"{STATUS_LABELS[f.status]} ({f.status.value}): {f.reason}")


@app.command("forecast-pm25")
def forecast_pm25(
    mean: float = typer.Option(..., "--mean", help="Mean of the daily means so far [µg/m³]."),
    days: int = typer.Option(..., "--days", help="Valid days so far."),
    remaining: int = typer.Option(..., "--remaining", help="Days left in the year."),
    limit: float = typer.Option(
        35, "--limit", help="Annual limit [µg/m³] (GB 3095-2012 Class 2: 35; 2026: 30)."
    ),
) -> None:
    """The mean PM2.5 the rest of the year must not exceed for the annual mean to attain."""
    from ljeco.modules.plan.status import STATUS_LABELS, pm25_required_mean

    f = pm25_required_mean(limit=limit, mean_so_far=mean, days_so_far=days, remaining_days=remaining)
    typer.echo(f"{STATUS_LABELS[f.status]} ({f.status.value}): {f.reason}")


@app.command("compute")
def compute(
    year: int | None = typer.Option(
        None, "--year", help="Year to compute (default: this year, to yesterday)."
    ),
    until: str | None = typer.Option(None, "--until", help="Last day (YYYY-MM-DD) of a year-to-date value."),
    plan: str | None = _PLAN,
) -> None:
    """Compute every computed indicator for a year from the store and store each value with its inputs."""
    from datetime import date, datetime

    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.core.errors import ValidationError
    from ljeco.core.timeutil import CST
    from ljeco.modules.plan.compute import compute_and_store

    try:
        last = date.fromisoformat(until) if until else None
    except ValueError:
        raise ValidationError("--until must be YYYY-MM-DD", code="bad_date") from None
    _prepare()
    chosen = year or datetime.now(CST).year
    with write_session() as session:
        results = compute_and_store(session, year=chosen, until=last, plan_id=plan, actor=CLI)
    done = 0
    for c in results:
        if c.result is None:
            typer.echo(f"{c.indicator}: no data ({c.formula})")
            continue
        done += 1
        part = "" if c.result.fraction_of_period >= 1 else f" (to {c.result.inputs.get('to')})"
        typer.echo(f"{c.indicator}: {c.result.value:.4g}{part} [{c.result.standard}]")
    typer.echo(f"computed {done} of {len(results)} computed indicators for {chosen}")


@app.command("report")
def report(
    kind: str = typer.Option(..., "--kind", help="annual, midterm or final."),
    year: int | None = typer.Option(None, "--year", help="Year assessed (default: mid year / last year)."),
    output: Path = typer.Option(..., "-o", "--output", help="FILE.docx, FILE.xlsx or FILE.html."),
    plan: str | None = _PLAN,
) -> None:
    """Assessment report (年度/中期/终期评估) generated from the data."""
    from ljeco.core.db import read_session
    from ljeco.modules.plan.reports import build_report, write_report

    _prepare()
    with read_session() as session:
        data = build_report(session, kind=kind, year=year, plan_id=plan)
    write_report(data, output)
    typer.echo(
        f"wrote {output}: {data.title} — {len(data.indicators)} indicators, {len(data.problems)} problems, "
        f"{len(data.tasks_by_unit)} units"
    )


@app.command("overdue")
def overdue(
    year: int = typer.Option(..., "--year", help="Reported year."),
    unit: str | None = typer.Option(None, "--unit", help="Only this unit's items."),
    plan: str | None = _PLAN,
    fmt: str = _FORMAT,
) -> None:
    """Reminders: reported indicators and led tasks past their deadline without an accepted submission."""
    from rich.console import Console
    from rich.table import Table

    from ljeco.core.db import read_session
    from ljeco.modules.plan.workflow import overdue as overdue_items

    _check_format(fmt)
    _prepare()
    with read_session() as session:
        rows = overdue_items(session, year=year, plan_id=plan, unit=unit)
    if fmt == "json":
        _emit_json(rows)
        return
    table = Table("单位", "类型", "编号", "事项", "截止日期", "状态")
    for r in rows:
        kind = "指标" if r.item_kind == "indicator" else "任务"
        table.add_row(r.unit, kind, r.item_id, r.name, r.due.isoformat(), r.status_label)
    Console(width=200).print(table)
    typer.echo(f"{len(rows)} overdue items for {year}")
