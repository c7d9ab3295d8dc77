"""Load a plan from its data files and check every reference between its items.

A plan is a directory of YAML files (``plan.yaml`` with the metadata, chapters, goals and milestones; optional
``units.yaml``, ``indicators.yaml``, ``tasks.yaml``, ``projects.yaml``) or one YAML/JSON file holding the same keys.
Shipped plans live in ``ljeco/modules/plan/data/<plan id>/``.

Beyond the per-item validation of :mod:`ljeco.modules.plan.schema`, loading checks that ids are unique, that every
unit a task or indicator names is a canonical name of the registry (a variant spelling must be resolved in the data,
not left for the reader), that goals, formulas and chapters referred to exist.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticValidationError

from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.modules.plan.formulas import FORMULAS
from ljeco.modules.plan.schema import Plan

#: The directory of shipped plans.
DATA_DIR = Path(__file__).parent / "data"

#: Files of a plan directory and the key each one holds (plan.yaml holds the top-level keys itself).
PART_FILES = {
    "units.yaml": "units",
    "indicators.yaml": "indicators",
    "tasks.yaml": "tasks",
    "projects.yaml": "projects",
}

#: The plan that ships with the Liangjiang region pack and is loaded when no plan is present.
DEFAULT_PLAN_ID = "liangjiang_2021_2025"


class PlanValidationError(ValidationError):
    code = "plan_invalid"


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotFoundError(f"cannot read plan file {path}: {exc.strerror}", code="plan_not_found") from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise PlanValidationError(
            f"{path.name} is not valid YAML/JSON: {exc}", details={"file": str(path)}
        ) from exc
    if not isinstance(data, dict):
        raise PlanValidationError(
            f"{path.name} must hold a mapping at the top level", details={"file": str(path)}
        )
    return data


def read_plan_document(path: str | Path) -> dict[str, Any]:
    """The raw plan document (all parts merged) from a plan directory or a single file."""
    path = Path(path)
    if path.is_dir():
        document = _read(path / "plan.yaml")
        for name, key in PART_FILES.items():
            part = path / name
            if part.exists():
                if key in document:
                    raise PlanValidationError(f"{key} is given both in plan.yaml and in {name}")
                document[key] = _read(part).get(key, [])
        return document
    return _read(path)


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def check_references(plan: Plan) -> list[str]:
    """Every broken reference between the items of ``plan``, as messages (empty when the plan is consistent)."""
    problems: list[str] = []
    for kind, ids in (
        ("unit id", [u.id for u in plan.units]),
        ("unit name", [n for u in plan.units for n in (u.name, *u.aliases)]),
        ("indicator id", [i.id for i in plan.indicators]),
        ("task id", [t.id for t in plan.tasks]),
        ("project id", [p.id for p in plan.projects]),
        ("goal id", [g.id for g in plan.goals]),
    ):
        problems += [f"duplicate {kind}: {value}" for value in _duplicates(ids)]

    canonical = {u.name for u in plan.units}
    alias_of = {alias: u.name for u in plan.units for alias in u.aliases}
    unit_ids = {u.id for u in plan.units}

    def check_unit(name: str, where: str) -> None:
        if name in canonical:
            return
        if name in alias_of:
            problems.append(
                f"{where}: {name!r} is a variant spelling; use the canonical name {alias_of[name]!r}"
            )
        else:
            problems.append(f"{where}: unit {name!r} is not in the unit registry")

    for unit in plan.units:
        if unit.parent is not None and unit.parent not in unit_ids:
            problems.append(f"unit {unit.id}: parent {unit.parent!r} is not a unit id")
    for task in plan.tasks:
        for name in (*task.lead, *task.cooperating):
            check_unit(name, f"task {task.id} ({task.clause})")
    for project in plan.projects:
        for name in project.lead:
            check_unit(name, f"project {project.id}")

    goal_ids = {g.id for g in plan.goals}
    indicator_ids = {i.id for i in plan.indicators}
    chapters = {c.number for c in plan.chapters}
    for goal in plan.goals:
        if goal.parent is not None and goal.parent not in goal_ids:
            problems.append(f"goal {goal.id}: parent {goal.parent!r} does not exist")
    for ind in plan.indicators:
        where = f"indicator {ind.id} ({ind.clause})"
        if ind.reporting_unit is not None:
            check_unit(ind.reporting_unit, where)
        if ind.goal is not None and ind.goal not in goal_ids:
            problems.append(f"{where}: goal {ind.goal!r} does not exist")
        if ind.formula is not None and ind.formula not in FORMULAS:
            problems.append(
                f"{where}: formula {ind.formula!r} is not declared (see ljeco.modules.plan.formulas)"
            )
        if chapters and ind.chapter is not None and ind.chapter not in chapters:
            problems.append(f"{where}: {ind.chapter} is not a chapter of the plan")
    refs = [(t.id, t.indicators) for t in plan.tasks] + [(p.id, p.indicators) for p in plan.projects]
    for item_id, indicator_refs in refs:
        for ref in indicator_refs:
            if ref not in indicator_ids:
                problems.append(f"{item_id}: indicator {ref!r} does not exist")
    return problems


def parse_plan(document: dict[str, Any], *, source: str = "<document>") -> Plan:
    """Validate a raw plan document (see :func:`read_plan_document`) into a :class:`Plan`."""
    try:
        plan = Plan.model_validate(document)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise PlanValidationError(
            f"{source}: {exc.error_count()} problem(s); first at {location}: {first['msg']}",
            details={"errors": [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()[:20]]},
        ) from exc
    problems = check_references(plan)
    if problems:
        raise PlanValidationError(
            f"{source}: {len(problems)} broken reference(s); first: {problems[0]}",
            details={"problems": problems},
        )
    return plan


def load_plan(path: str | Path) -> Plan:
    """Load and check the plan in ``path`` (a plan directory or a single YAML/JSON file)."""
    return parse_plan(read_plan_document(path), source=str(path))


def shipped_plan_ids() -> list[str]:
    """ids of the plans shipped with the package."""
    return sorted(p.name for p in DATA_DIR.iterdir() if (p / "plan.yaml").exists())


def load_shipped_plan(plan_id: str = DEFAULT_PLAN_ID) -> Plan:
    """A shipped plan by id."""
    if plan_id not in shipped_plan_ids():
        raise NotFoundError(
            f"no shipped plan {plan_id!r}; shipped: {', '.join(shipped_plan_ids())}", code="plan_not_found"
        )
    return load_plan(DATA_DIR / plan_id)


__all__ = [
    "DATA_DIR",
    "DEFAULT_PLAN_ID",
    "PlanValidationError",
    "check_references",
    "load_plan",
    "load_shipped_plan",
    "parse_plan",
    "read_plan_document",
    "shipped_plan_ids",
]
