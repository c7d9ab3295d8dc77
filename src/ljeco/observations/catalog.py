"""Admin units, sites, parameters and series: the catalogue the observations hang on.

Parameters are seeded from the platform vocabulary (:mod:`ljeco.standards.parameters`), adding what the store
needs: the medium, the rollup rule and the physically possible range used to reject impossible input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.observations.models import AdminUnit, Parameter, Series, Site, SiteKind

#: The medium a site kind measures in (selects the parameter's unit, e.g. mg/kg for soil).
KIND_MEDIUM: dict[str, str] = {
    SiteKind.air_station: "air",
    SiteKind.micro_station: "air",
    SiteKind.water_section: "surface_water",
    SiteKind.noise_station: "noise",
    SiteKind.groundwater_well: "groundwater",
    SiteKind.soil_point: "soil",
    SiteKind.outlet: "flue_gas",
}

#: Air pollutants whose rollups follow GB 3095 Table 4; the rest use the configurable default.
GB3095_PARAMETERS = frozenset({"so2", "no2", "co", "o3", "pm10", "pm25", "nox", "tsp"})


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """What the store needs to know about a parameter (built from the standards vocabulary or by hand)."""

    code: str
    name_zh: str
    unit: str
    decimals: int
    medium: str
    hj212_code: str | None = None
    rule_id: str = "coverage-75"
    min_value: float | None = None
    max_value: float | None = None


def _physical_range(code: str, unit: str) -> tuple[float | None, float | None]:
    """Impossible values: negative concentrations and levels, pH outside 0–14 (by definition of the scale)."""
    if code == "ph":
        return 0.0, 14.0
    if code in {"temp", "wt"}:
        return -50.0, 100.0
    if "/" in unit or unit.startswith("dB"):
        return 0.0, None
    return None, None


def vocabulary_specs() -> list[ParameterSpec]:
    """Parameter specs from :data:`ljeco.standards.parameters.PARAMETERS` (the platform's one vocabulary)."""
    from ljeco.standards.parameters import PARAMETERS

    specs = []
    for p in PARAMETERS.values():
        medium = p.media[0] if p.media else "other"
        if p.name in GB3095_PARAMETERS:
            rule = "GB3095-T4"
        elif medium in {"noise", "soil", "groundwater"}:
            rule = "any"  # sampled (not continuous) media: one value makes the period
        else:
            rule = "coverage-75"
        lo, hi = _physical_range(p.name, p.unit)
        specs.append(ParameterSpec(p.name, p.name_cn, p.unit, p.decimals, medium, p.hj212_code, rule, lo, hi))
    return specs


def seed_parameters(session: Session, specs: Iterable[ParameterSpec] | None = None) -> int:
    """Insert or update parameters from ``specs`` (default: the platform vocabulary); returns how many changed.

    The rollup rule of an existing parameter is left alone: it is configuration an operator may have changed.
    """
    existing = {p.code: p for p in session.scalars(select(Parameter))}
    changed = 0
    for spec in specs if specs is not None else vocabulary_specs():
        row = existing.get(spec.code)
        if row is None:
            session.add(
                Parameter(
                    code=spec.code,
                    hj212_code=spec.hj212_code,
                    name_zh=spec.name_zh,
                    unit=spec.unit,
                    decimals=spec.decimals,
                    medium=spec.medium,
                    rule_id=spec.rule_id,
                    min_value=spec.min_value,
                    max_value=spec.max_value,
                )
            )
            changed += 1
            continue
        fields: dict[str, object] = {
            "hj212_code": spec.hj212_code,
            "name_zh": spec.name_zh,
            "unit": spec.unit,
        }
        fields |= {"decimals": spec.decimals, "medium": spec.medium}
        for key, value in fields.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed += 1
    session.flush()
    return changed


def set_parameter_rule(session: Session, code: str, rule_id: str) -> Parameter:
    """Configure the rollup validity rule of a parameter (recompute rollups afterwards)."""
    from ljeco.observations.rollups import RULES

    if rule_id not in RULES:
        raise ValidationError(f"unknown rollup rule {rule_id!r}; known: {', '.join(RULES)}", code="obs.rule")
    param = parameter_by_code(session, code)
    param.rule_id = rule_id
    return param


def parameter_by_code(session: Session, code: str) -> Parameter:
    param = session.scalar(select(Parameter).where(Parameter.code == code))
    if param is None:
        param = session.scalar(select(Parameter).where(Parameter.hj212_code == code))
    if param is None:
        raise NotFoundError(f"unknown parameter {code!r}", code="obs.unknown_parameter")
    return param


def add_admin_unit(
    session: Session,
    *,
    code: str,
    name: str,
    kind: str,
    parent_code: str | None = None,
    valid_from: date = date(2000, 1, 1),
    valid_to: date | None = None,
) -> AdminUnit:
    unit = AdminUnit(
        code=code, name=name, kind=kind, parent_code=parent_code, valid_from=valid_from, valid_to=valid_to
    )
    session.add(unit)
    session.flush()
    return unit


def unit_and_descendants(session: Session, code: str, on: date | None = None) -> set[str]:
    """``code`` and every unit below it, following the hierarchy valid on ``on`` (default: any version)."""
    stmt = select(AdminUnit.code, AdminUnit.parent_code)
    if on is not None:
        stmt = stmt.where(AdminUnit.valid_from <= on)
        stmt = stmt.where((AdminUnit.valid_to.is_(None)) | (AdminUnit.valid_to > on))
    children: dict[str, set[str]] = {}
    for child, parent in session.execute(stmt):
        if parent is not None:
            children.setdefault(parent, set()).add(child)
    found = {code}
    frontier = [code]
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def add_site(session: Session, *, code: str, name: str, kind: str, **fields: Any) -> Site:
    if kind not in SiteKind.__members__:
        raise ValidationError(f"unknown site kind {kind!r}", code="obs.site_kind")
    site = Site(code=code, name=name, kind=kind, **fields)
    session.add(site)
    session.flush()
    return site


def site_by_code(session: Session, code: str) -> Site:
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise NotFoundError(f"unknown site {code!r}", code="obs.unknown_site")
    return site


def ensure_series(
    session: Session, *, site: Site | str, parameter: Parameter | str, interval_s: int
) -> Series:
    """The series site × parameter × interval, created on first use (unit from the site's medium)."""
    if interval_s <= 0:
        raise ValidationError("interval_s must be positive [s]", code="obs.interval")
    site_row = site_by_code(session, site) if isinstance(site, str) else site
    param = parameter_by_code(session, parameter) if isinstance(parameter, str) else parameter
    series = session.scalar(
        select(Series).where(
            Series.site_id == site_row.id,
            Series.parameter_id == param.id,
            Series.interval_s == interval_s,
        )
    )
    if series is None:
        series = Series(
            site_id=site_row.id,
            parameter_id=param.id,
            interval_s=interval_s,
            unit=unit_for(param, KIND_MEDIUM.get(site_row.kind, param.medium)),
        )
        session.add(series)
        session.flush()
    return series


def unit_for(param: Parameter, medium: str) -> str:
    """The parameter's unit in ``medium`` (the vocabulary knows media-specific units, e.g. soil mg/kg)."""
    if medium == param.medium:
        return param.unit
    try:
        from ljeco.standards.parameters import PARAMETERS

        vocab = PARAMETERS.get(param.code)
    except ImportError:  # pragma: no cover - the vocabulary ships with the package
        vocab = None
    return vocab.unit_in(medium) if vocab is not None else param.unit


__all__ = [
    "GB3095_PARAMETERS",
    "KIND_MEDIUM",
    "ParameterSpec",
    "add_admin_unit",
    "add_site",
    "ensure_series",
    "parameter_by_code",
    "seed_parameters",
    "set_parameter_rule",
    "site_by_code",
    "unit_and_descendants",
    "unit_for",
    "vocabulary_specs",
]
