"""Assessment reports (年度评估, 中期评估, 终期评估) generated from the data as DOCX, XLSX and HTML.

A report is structured like the plan's own implementation chapter: 一、指标完成情况 (baseline, target, actual,
status of every indicator), 二、重点任务落实情况 (tasks by lead unit), 三、存在问题 (indicators at risk or off
track, with their reasons), 四、图表 (the yearly values of the computed indicators: an openpyxl line chart in XLSX,
a table in DOCX, inline SVG in HTML). Every figure comes from :func:`ljeco.modules.plan.service.indicator_statuses`
(the same rows as the API and ``ljeco plan indicators``), so a report equals the API by construction and the tests
check it on the converted PDF.

Default years: mid-term = the plan's mid year (2023 for 2021–2025), final = the plan's last year.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ljeco.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ljeco.modules.plan.service import IndicatorStatusRow, TaskRow

KINDS = {"annual": "年度评估报告", "midterm": "中期评估报告", "final": "终期评估报告"}
FORMATS = ("docx", "xlsx", "html")
STATUS_COLOURS = {
    "met": "2E7D32",
    "on_track": "1565C0",
    "at_risk": "EF6C00",
    "off_track": "C62828",
    "no_data": "757575",
}


@dataclass
class ReportData:
    kind: str
    year: int
    plan_id: str
    plan_name: str
    title: str
    indicators: list[IndicatorStatusRow]
    tasks_by_unit: dict[str, list[TaskRow]]
    problems: list[IndicatorStatusRow]
    history: dict[str, dict[int, float]] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)


def fmt_value(value: float | None) -> str:
    """The one text form of a value used in every format (and by the tests to compare with the API)."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def target_text(row: IndicatorStatusRow) -> str:
    if row.target is not None and row.comparator in ("≥", "≤", "="):
        return f"{row.comparator}{fmt_value(row.target)}"
    return row.target_text or (fmt_value(row.target) if row.target is not None else "—")


def default_year(kind: str, period_start: int, period_end: int) -> int:
    if kind == "midterm":
        return (period_start + period_end) // 2
    return period_end


def build_report(
    session: Session, *, kind: str, year: int | None = None, plan_id: str | None = None
) -> ReportData:
    """Gather a report's content from the service (no formatting)."""
    from ljeco.modules.plan.service import get_plan, indicator_history, indicator_statuses, tasks_for

    if kind not in KINDS:
        raise ValidationError(f"--kind must be one of {', '.join(KINDS)}", code="plan_report_kind")
    plan = get_plan(session, plan_id)
    chosen = year if year is not None else default_year(kind, plan.period_start, plan.period_end)
    rows = indicator_statuses(session, plan_id=plan.id, year=chosen)
    by_unit: dict[str, list[TaskRow]] = {}
    for task in tasks_for(session, plan_id=plan.id):
        for unit in task.lead or ["（未列责任单位）"]:
            by_unit.setdefault(unit, []).append(task)
    # 专栏5 rows are the previous plan's results (printed in the plan), not problems of this period.
    problems = [r for r in rows if r.status in ("at_risk", "off_track") and r.kind != "review"]
    years = list(range(plan.period_start, chosen + 1))
    history = {
        r.id: {
            y: v
            for y, v in indicator_history(session, plan_id=plan.id, indicator_id=r.id).items()
            if y in years
        }
        for r in rows
        if r.method == "computed"
    }
    history = {k: v for k, v in history.items() if v}
    return ReportData(
        kind=kind,
        year=chosen,
        plan_id=plan.id,
        plan_name=plan.name,
        title=f"{plan.name}{chosen}年{KINDS[kind]}"
        if kind == "annual"
        else f"{plan.name}{KINDS[kind]}（{chosen}年）",
        indicators=rows,
        tasks_by_unit=dict(sorted(by_unit.items())),
        problems=problems,
        history=history,
        years=years,
    )


INDICATOR_HEADER = ("编号", "指标", "单位", "属性", "基准值", "目标值", "实际值", "状态", "说明", "条款")


def indicator_cells(row: IndicatorStatusRow) -> list[str]:
    baseline = fmt_value(row.baseline) if row.baseline is not None else "—"
    if row.baseline is not None and row.baseline_year:
        baseline = f"{baseline}（{row.baseline_year}）"
    target = target_text(row)
    if row.target_year:
        target = f"{target}（{row.target_year}）"
    return [
        row.id,
        row.name,
        row.unit or "",
        row.attribute or "",
        baseline,
        target,
        fmt_value(row.value),
        row.status_label,
        row.reason,
        row.clause,
    ]


def write_docx(data: ReportData, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(9)
    doc.add_heading(data.title, level=0)
    doc.add_paragraph(
        f"规划：{data.plan_name}（{data.plan_id}）；评估年份：{data.year}。数据来源：LJ Eco 规划指标库。"
    )
    doc.add_heading("一、指标完成情况", level=1)
    table = doc.add_table(rows=1, cols=len(INDICATOR_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, INDICATOR_HEADER, strict=True):
        cell.text = text
    for row in data.indicators:
        for cell, text in zip(table.add_row().cells, indicator_cells(row), strict=True):
            cell.text = text
    doc.add_heading("二、重点任务落实情况（按责任单位）", level=1)
    for unit, tasks in data.tasks_by_unit.items():
        doc.add_heading(f"{unit}（{len(tasks)} 项）", level=2)
        t = doc.add_table(rows=1, cols=4)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, ("编号", "措施", "主要内容", "配合单位"), strict=True):
            cell.text = text
        for task in tasks:
            cells = t.add_row().cells
            for cell, text in zip(
                cells, (task.id, task.measure, task.content, "、".join(task.cooperating)), strict=True
            ):
                cell.text = text
    doc.add_heading("三、存在问题", level=1)
    if not data.problems:
        doc.add_paragraph("无存在风险或滞后的指标。")
    for row in data.problems:
        doc.add_paragraph(f"{row.name}（{row.id}）：{row.status_label}。{row.reason}", style="List Bullet")
    doc.add_heading("四、图表：计算指标逐年值", level=1)
    if data.history:
        t = doc.add_table(rows=1, cols=1 + len(data.years))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, ["指标", *map(str, data.years)], strict=True):
            cell.text = text
        names = {r.id: r.name for r in data.indicators}
        for ind_id, values in data.history.items():
            cells = t.add_row().cells
            texts = [names[ind_id], *(fmt_value(values.get(y)) for y in data.years)]
            for cell, text in zip(cells, texts, strict=True):
                cell.text = text
    else:
        doc.add_paragraph("暂无计算指标的逐年值（运行 ljeco plan compute --year Y）。")
    doc.save(str(path))


def write_xlsx(data: ReportData, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标完成情况"
    ws.append([data.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(INDICATOR_HEADER))
    for row in data.indicators:
        ws.append(indicator_cells(row))
        ws.cell(ws.max_row, 8).fill = PatternFill("solid", fgColor=STATUS_COLOURS.get(row.status, "FFFFFF"))
        ws.cell(ws.max_row, 8).font = Font(color="FFFFFF")
    for col, width in zip("ABCDEFGHIJ", (26, 36, 8, 8, 14, 16, 10, 10, 50, 18), strict=True):
        ws.column_dimensions[col].width = width
    tasks = wb.create_sheet("重点任务")
    tasks.append(["责任单位", "编号", "措施", "主要内容", "配合单位"])
    for unit, items in data.tasks_by_unit.items():
        for task in items:
            tasks.append([unit, task.id, task.measure, task.content, "、".join(task.cooperating)])
    problems = wb.create_sheet("存在问题")
    problems.append(["编号", "指标", "状态", "说明"])
    for row in data.problems:
        problems.append([row.id, row.name, row.status_label, row.reason])
    chart_ws = wb.create_sheet("图表")
    chart_ws.append(["指标", *data.years])
    names = {r.id: r.name for r in data.indicators}
    for ind_id, values in data.history.items():
        chart_ws.append([names[ind_id], *(values.get(y) for y in data.years)])
    if data.history and data.years:
        chart = LineChart()
        chart.title = "计算指标逐年值"
        chart.x_axis.title = "年份"
        refs = Reference(
            chart_ws, min_col=1, max_col=1 + len(data.years), min_row=2, max_row=chart_ws.max_row
        )
        chart.add_data(refs, from_rows=True, titles_from_data=True)
        chart.set_categories(
            Reference(chart_ws, min_col=2, max_col=1 + len(data.years), min_row=1, max_row=1)
        )
        chart_ws.add_chart(chart, f"A{chart_ws.max_row + 2}")
    wb.save(str(path))


def sparkline_svg(values: list[float | None], *, width: int = 120, height: int = 30) -> str:
    """An inline SVG polyline of ``values`` (gaps skipped); empty string when fewer than two values."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    lo, hi = min(v for _, v in points), max(v for _, v in points)
    span = hi - lo or 1.0
    step = (width - 4) / max(1, len(values) - 1)
    coords = " ".join(
        f"{2 + i * step:.1f},{height - 2 - (v - lo) / span * (height - 4):.1f}" for i, v in points
    )
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f'<polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="{coords}"/></svg>'
    )


def render_html(data: ReportData) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{e(data.title)}</title><style>table{{border-collapse:collapse}}td,th{{border:1px solid #999;"
        "padding:2px 4px;font-size:12px}}</style></head><body>",
        f"<h1>{e(data.title)}</h1><p>规划：{e(data.plan_name)}（{e(data.plan_id)}）；评估年份：{data.year}</p>",
        "<h2>一、指标完成情况</h2><table><tr>",
        *(f"<th>{e(h)}</th>" for h in INDICATOR_HEADER),
        "</tr>",
    ]
    for row in data.indicators:
        cells = indicator_cells(row)
        parts.append(f"<tr data-id='{e(row.id)}' data-status='{e(row.status)}'>")
        for i, text in enumerate(cells):
            colour = f" style='color:#{STATUS_COLOURS.get(row.status, '000000')}'" if i == 7 else ""
            parts.append(f"<td{colour}>{e(text)}</td>")
        parts.append("</tr>")
    parts.append("</table><h2>二、重点任务落实情况（按责任单位）</h2>")
    for unit, tasks in data.tasks_by_unit.items():
        parts.append(f"<h3>{e(unit)}（{len(tasks)} 项）</h3><ul>")
        parts.extend(f"<li>{e(t.id)} {e(t.measure)}：{e(t.content)}</li>" for t in tasks)
        parts.append("</ul>")
    parts.append("<h2>三、存在问题</h2><ul>")
    parts.extend(
        f"<li>{e(r.name)}（{e(r.id)}）：{e(r.status_label)}。{e(r.reason)}</li>" for r in data.problems
    )
    if not data.problems:
        parts.append("<li>无存在风险或滞后的指标。</li>")
    parts.append("</ul><h2>四、图表：计算指标逐年值</h2><table>")
    names = {r.id: r.name for r in data.indicators}
    parts.append("<tr><th>指标</th>" + "".join(f"<th>{y}</th>" for y in data.years) + "<th>趋势</th></tr>")
    for ind_id, values in data.history.items():
        series = [values.get(y) for y in data.years]
        parts.append(
            f"<tr><td>{e(names[ind_id])}</td>"
            + "".join(f"<td>{fmt_value(v)}</td>" for v in series)
            + f"<td>{sparkline_svg(series)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "".join(parts)


def write_report(data: ReportData, path: Path) -> Path:
    """Write ``data`` in the format named by the suffix of ``path``."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError("the output must end in .docx, .xlsx or .html", code="plan_report_format")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        write_docx(data, path)
    elif fmt == "xlsx":
        write_xlsx(data, path)
    else:
        path.write_text(render_html(data), encoding="utf-8")
    return path


def report_summary(data: ReportData) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "year": data.year,
        "plan": data.plan_id,
        "title": data.title,
        "indicators": len(data.indicators),
        "problems": len(data.problems),
        "units": len(data.tasks_by_unit),
    }


__all__ = [
    "FORMATS",
    "KINDS",
    "ReportData",
    "build_report",
    "fmt_value",
    "indicator_cells",
    "render_html",
    "report_summary",
    "sparkline_svg",
    "write_report",
]
