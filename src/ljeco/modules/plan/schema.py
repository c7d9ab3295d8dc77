"""The plan model: a plan is data, not code.

A plan (规划) has chapters and sections (as numbered in the plan), goals (主要目标), indicators and targets (指标),
tasks (附件1 重点任务, each with lead and cooperating units), key projects (专栏) and a registry of the units it names.
Every item keeps its clause reference in the plan (``"第三章第一节（一）"``, ``"专栏6 第5行"``, ``"附件1 第12行"``), so
that every figure on a page or in a report can say where the plan asked for it.

These pydantic models validate one item at a time; :mod:`ljeco.modules.plan.loader` checks the references between
items (units, goals, formulas). :func:`plan_json_schema` exports the JSON Schema of a plan file.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: How an indicator's value is compared with its target. ``stable`` = no worse than the baseline (保持稳定);
#: ``text`` = a target stated in words only, judged by a reviewer (达标, 处于国内领先水平 …).
Comparator = Literal["≥", "≤", "=", "stable", "text"]
NUMERIC_COMPARATORS: frozenset[str] = frozenset({"≥", "≤", "="})

#: 指标属性 as printed in the plan's indicator table. Targets stated only in the text carry none.
Attribute = Literal["约束性", "预期性"]

#: ``computed``: from monitoring data by a named formula (see :mod:`ljeco.modules.plan.formulas`);
#: ``reported``: entered by the responsible unit with evidence and reviewed by the bureau.
Method = Literal["computed", "reported"]

IndicatorKind = Literal["review", "core", "target", "project_output", "rule"]
UnitKind = Literal["department", "agency", "institution", "soe", "group", "leadership", "external"]
ProjectKind = Literal["programme", "achievement"]
MilestoneKind = Literal["annual", "midterm", "final"]

#: A clause reference must name a place in the plan: a chapter, a box, an annex or the preface.
_CLAUSE_RE = re.compile(r"^(前言|第[一二三四五六七八九十]+章|专栏\d+|附件\d+)")


def _check_clause(value: str) -> str:
    if not _CLAUSE_RE.match(value):
        raise ValueError(f"clause {value!r} does not start with 前言, 第…章, 专栏N or 附件N")
    return value


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(_Item):
    """A responsible unit (or a collective such as 各街道办事处) named by the plan."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=2, description="Canonical name, as the plan spells it most often.")
    kind: UnitKind
    aliases: tuple[str, ...] = Field(default=(), description="Variant spellings found in the plan.")
    parent: str | None = Field(default=None, description="id of the unit this one belongs to.")
    note: str | None = None


class Subsection(_Item):
    id: str
    number: str = Field(description="As printed, e.g. （一）.")
    title: str
    clause: str

    @model_validator(mode="after")
    def _clause(self) -> Subsection:
        _check_clause(self.clause)
        return self


class Section(_Item):
    id: str
    number: str = Field(description="第N节 (the plan numbers sections 一、二、…).")
    title: str
    clause: str
    subsections: tuple[Subsection, ...] = ()

    @model_validator(mode="after")
    def _clause(self) -> Section:
        _check_clause(self.clause)
        return self


class Chapter(_Item):
    id: str
    number: str = Field(description="第N章.")
    title: str
    clause: str
    sections: tuple[Section, ...] = ()


class Goal(_Item):
    id: str
    title: str
    text: str
    target_year: int
    clause: str
    parent: str | None = None

    @model_validator(mode="after")
    def _clause(self) -> Goal:
        _check_clause(self.clause)
        return self


class Milestone(_Item):
    id: str
    kind: MilestoneKind
    year: int | None = Field(default=None, description="None for the annual evaluation (every year).")
    text: str
    clause: str


class ScopeArea(_Item):
    text: str
    area_km2: float | None = None
    clause: str


class Indicator(_Item):
    """An indicator or a quantitative target.

    ``target`` is a number where the plan states one (or where a standard gives the number behind the plan's
    words, see ``interpretation``); ``target_text`` keeps the plan's own words. A target “由市级下达” is
    ``target_pending`` with ``target`` None until the city issues it.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    name: str
    unit: str | None = Field(
        default=None, description="Unit of value, baseline and target, e.g. %, µg/m³, 类, km."
    )
    kind: IndicatorKind
    category: str | None = Field(
        default=None, description="类别 column of the plan's table, where there is one."
    )
    baseline_year: int | None = None
    baseline: float | None = None
    baseline_text: str | None = None
    target_year: int | None = None
    target: float | None = None
    target_text: str | None = None
    target_pending: bool = Field(
        default=False, description="由市级下达: the target is issued later by the city."
    )
    cumulative: bool = Field(default=False, description="[x] in the plan: a five-year cumulative figure.")
    comparator: Comparator
    attribute: Attribute | None = None
    method: Method
    formula: str | None = Field(default=None, description="Name of the computing formula (method computed).")
    formula_params: dict[str, Any] = Field(default_factory=dict)
    standard: str | None = Field(default=None, description="Standard and edition that judges the value.")
    reporting_unit: str | None = Field(
        default=None, description="Canonical unit name that reports the value."
    )
    evidence: str | None = Field(default=None, description="What evidence the reporting unit attaches.")
    result_year: int | None = Field(default=None, description="For 专栏5: the year of the printed result.")
    result: float | None = None
    result_text: str | None = None
    result_met: bool | None = Field(
        default=None, description="A result stated in words that the plan counts as met."
    )
    goal: str | None = None
    clause: str
    located_at: str | None = Field(default=None, description="The section that holds the clause.")
    also_stated: tuple[str, ...] = ()
    interpretation: str | None = Field(
        default=None, description="How the plan's words were read as a number."
    )
    unverified: bool = Field(default=False, description="A value the plan does not state; configure it.")
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        _check_clause(self.clause)
        for clause in self.also_stated:
            _check_clause(clause)
        if self.target_pending and self.target is not None:
            raise ValueError(f"{self.id}: a pending target (由市级下达) cannot have a value yet")
        if self.method == "computed" and not self.formula:
            raise ValueError(f"{self.id}: a computed indicator needs a formula")
        if self.method == "reported" and not self.reporting_unit:
            raise ValueError(f"{self.id}: a reported indicator needs a reporting_unit")
        if (
            self.comparator in NUMERIC_COMPARATORS
            and self.target is None
            and not (self.target_pending or self.unverified)
        ):
            raise ValueError(
                f"{self.id}: comparator {self.comparator} needs a numeric target (or target_pending/unverified)"
            )
        if self.target is None and self.target_text is None and not self.target_pending:
            raise ValueError(f"{self.id}: no target and no target_text")
        return self

    @property
    def chapter(self) -> str | None:
        """第N章 of the section holding the indicator (None for a box outside any chapter)."""
        match = re.match(r"^第[一二三四五六七八九十]+章", self.located_at or self.clause)
        return match.group(0) if match else None


class Task(_Item):
    """One row of 附件1 重点任务."""

    id: str = Field(pattern=r"^T\d{3}$")
    clause: str = Field(
        description="附件1 第N行: the N-th task row in table order (area header rows not counted)."
    )
    area: str = Field(description="领域, the table's group header, e.g. 一、推进绿色低碳发展.")
    measure: str = Field(
        description="措施; carried down from the row above where the plan leaves the cell empty."
    )
    measure_printed: bool = Field(
        default=True, description="False where the plan leaves the 措施 cell empty."
    )
    plan_clause: str = Field(description="The section of the plan text the row implements.")
    content: str = Field(description="主要内容, as printed.")
    lead_text: str = Field(description="责任单位 cell as printed.")
    cooperating_text: str = Field(description="配合单位 cell as printed ('/' = none).")
    lead: tuple[str, ...] = Field(min_length=1, description="Canonical unit names (registry).")
    cooperating: tuple[str, ...] = ()
    indicators: tuple[str, ...] = Field(default=(), description="ids of indicators the task serves.")

    @model_validator(mode="after")
    def _clauses(self) -> Task:
        _check_clause(self.clause)
        _check_clause(self.plan_clause)
        return self

    @property
    def row(self) -> int:
        return int(self.id[1:])


class KeyProject(_Item):
    """One item of a 专栏 box: a 十四五 programme (or, in 专栏1–4, a 十三五 achievement)."""

    id: str
    column: str = Field(description="专栏N.")
    column_title: str
    kind: ProjectKind
    name: str
    content: str
    clause: str
    plan_clause: str | None = Field(default=None, description="The section the box sits in.")
    lead: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _clauses(self) -> KeyProject:
        _check_clause(self.clause)
        return self


class Plan(_Item):
    """A whole plan, as loaded from its data files."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    short_name: str | None = None
    region: str
    period_start: int
    period_end: int
    baseline_year: int
    vision_year: int | None = None
    sample: bool = Field(
        default=False, description="True for a sample plan that is not an official document."
    )
    notice: str | None = Field(default=None, description="Shown wherever the plan is shown (e.g. 示例规划).")
    standards: dict[str, str] = Field(
        default_factory=dict, description="Standards (with edition) judging the data."
    )
    standards_edition: str = Field(description="Edition family used to judge computed indicators, e.g. 2012.")
    scope: tuple[ScopeArea, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    goals: tuple[Goal, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    units: tuple[Unit, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    tasks: tuple[Task, ...] = ()
    projects: tuple[KeyProject, ...] = ()

    @model_validator(mode="after")
    def _period(self) -> Plan:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        raise KeyError(indicator_id)

    def unit_by_name(self, name: str) -> Unit:
        for unit in self.units:
            if unit.name == name or name in unit.aliases:
                return unit
        raise KeyError(name)


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a whole plan document (all data files merged)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "LJ Eco plan"
    return schema


__all__ = [
    "NUMERIC_COMPARATORS",
    "Attribute",
    "Chapter",
    "Comparator",
    "Goal",
    "Indicator",
    "KeyProject",
    "Method",
    "Milestone",
    "Plan",
    "ScopeArea",
    "Section",
    "Subsection",
    "Task",
    "Unit",
    "plan_json_schema",
]
