"""Computed indicators: the plan's named formulas evaluated on the observation store by the air and water engines.

Every value is computed by the engines themselves, through the modules' public services
(:func:`ljeco.modules.airquality.service.assess_sites` for HJ 633/HJ 663/GB 3095 on stored hours,
:func:`ljeco.modules.quality.service.water_section_results` for GB 3838 single-factor classes), never by a copy of
their rules, and is stored with its inputs: the sites, the period, the counts and the standard edition.

Choices (the plan and the standards are silent; see ``docs/plan.md``):

* **air, region-wide** = the HJ 663 "city" of the plan's region: every national station of the region pack with
  ``urban_assessment: true`` (the regional control station 1414A is excluded, HJ 663 §4.1 counts only urban
  assessment stations); the daily city value is the mean of the stations' daily values (HJ 663 Table A.2).
* **edition**: the plan's ``standards_edition`` forces the AQI edition and the limit set (2012 → HJ 633-2012 and
  GB 3095-2012 Class 2 limits for the whole 2021–2025 plan, even for days after 2026-03-01; 2026 → HJ 633-2026 and
  the GB 3095-2026 stage in force at the end of the period: transitional before 2031).
* **year to date**: a year that is not over is computed from 1 January to ``until`` (default: yesterday, the last
  complete day) and stored with ``fraction_of_period`` < 1 and ``remaining_days`` for the forecasts.
* **section class of a year** = the class of the year's means (环办〔2011〕22号, the quality module's rule);
  plan section ids map to store site codes in :data:`SECTION_CODES`; the plan leaves the 长江出境断面 unnamed and we
  take 寸滩 (:data:`EXIT_SECTION`, UNVERIFIED, as the region pack notes).
* **劣Ⅴ water bodies** = sections of the region assessed 劣Ⅴ over the year (each section stands for its water body;
  UNVERIFIED: the built-up-area water-body list is not in the plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ljeco.core.timeutil import CST
from ljeco.modules.plan.formulas import FormulaResult

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ljeco.modules.plan.schema import Indicator, Plan
    from ljeco.standards.air.assess import PeriodAssessment

#: Plan section ids → observation-store site codes of the region pack.
SECTION_CODES: dict[str, str] = {
    "ws_cuntan": "LJ-WS-CUNTAN",
    "ws_liangtuo": "LJ-WS-LIANGTUO",
    "ws_yulinzhen": "LJ-WS-YULINZHEN",
    "ws_zhuxihe_shuitu": "LJ-WS-ZHUXIHE-SHUITU",
    "ws_houhe_tiaoshi": "LJ-WS-HOUHE-TIAOSHI",
    "ws_qiaoxihe_guodidang": "LJ-WS-QIAOXIHE-GUODIDANG",
    "ws_chaoyanghe_jinjiaheyuanzi": "LJ-WS-CHAOYANGHE-JJHYZ",
    "ws_chaoyanghe_yuejinqiao": "LJ-WS-CHAOYANGHE-YJQ",
}
#: The 长江出境断面 the plan does not name (UNVERIFIED; configurable).
EXIT_SECTION = "LJ-WS-CUNTAN"

#: Roman class → the plan's class number (Ⅰ=1 … Ⅴ=5, 劣Ⅴ=6).
CLASS_NUMBER = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "inferior_V": 6, "劣V": 6, "VI": 6}
CLASS_CN = {1: "Ⅰ类", 2: "Ⅱ类", 3: "Ⅲ类", 4: "Ⅳ类", 5: "Ⅴ类", 6: "劣Ⅴ类"}

AIR_POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm25")
_POLLUTANT_KEY = {"PM2.5": "pm25", "PM10": "pm10", "SO2": "so2", "NO2": "no2", "CO": "co", "O3": "o3"}


@dataclass(frozen=True)
class Period:
    year: int
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def year_days(self) -> int:
        return (date(self.year + 1, 1, 1) - date(self.year, 1, 1)).days

    @property
    def fraction(self) -> float:
        return self.days / self.year_days

    @property
    def remaining_days(self) -> int:
        return self.year_days - self.days


def period_of(year: int, until: date | None = None, *, today: date | None = None) -> Period | None:
    """1 January … min(31 December, ``until`` or yesterday); None when the year has not begun."""
    today = today or datetime.now(CST).date()
    end = min(date(year, 12, 31), until or today - timedelta(days=1))
    start = date(year, 1, 1)
    return None if end < start else Period(year, start, end)


def _edition(plan: Plan) -> str:
    return "2026" if str(plan.standards_edition).startswith("2026") else "2012"


def _limits(edition: str) -> str:
    """GB 3095 limit set: 2012 for a plan judged by the 2012 editions; for the 2026 editions, the stage in force
    at the end of the period (transitional before 2031, final after: ``limits_for_period``)."""
    return "2012" if edition == "2012" else "auto"


def city_air_stations(session: Session) -> list[str]:
    """Codes of the urban assessment stations (national, ``urban_assessment`` true, not a control station)."""
    from sqlalchemy import select

    from ljeco.observations.models import Site, SiteKind

    sites = list(session.scalars(select(Site).where(Site.kind == SiteKind.air_station).order_by(Site.code)))
    attrs = {s.code: dict(s.attributes or {}) for s in sites}
    flagged = [
        c for c, a in attrs.items() if a.get("urban_assessment") is True and a.get("role") != "control"
    ]
    if flagged or any("urban_assessment" in a for a in attrs.values()):
        return flagged
    # A store without the region pack's marks (tests, other regions): every station but control stations.
    return [c for c, a in attrs.items() if a.get("role") != "control"]


def city_air_assessment(
    session: Session, period: Period, *, edition: str, stations: list[str] | None = None
) -> tuple[PeriodAssessment | None, list[str]]:
    """The HJ 663 assessment of the region's city over ``period``, by the air quality service
    (:func:`ljeco.modules.airquality.service.assess_sites`: the store read with the statistics rule, the air engine,
    the city = mean of the urban assessment stations), with the plan's edition and limit set forced."""
    from ljeco.modules.airquality.service import assess_sites
    from ljeco.standards.air.assess import CITY

    codes = stations if stations is not None else city_air_stations(session)
    if not codes:
        return None, codes
    results = assess_sites(
        session,
        user=None,
        site_codes=codes,
        start=period.start,
        end=period.end,
        edition=edition,
        limits=_limits(edition),
    )
    city = [r for r in results if r.station == CITY and r.valid_days]
    return (city[0] if city else None), codes


def _num(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _air_inputs(a: PeriodAssessment, period: Period, stations: list[str]) -> dict[str, Any]:
    return {
        "stations": stations,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "days": a.days,
        "valid_days": a.valid_days,
        "good_days": a.good_days,
        "heavy_pollution_days": a.heavy_pollution_days,
        "days_per_level": {str(k): v for k, v in a.days_per_level.items()},
        "remaining_days": period.remaining_days,
        "days_so_far": period.days,
        "edition": a.edition,
        "limits": a.limits.title,
    }


def air_formula(
    name: str, a: PeriodAssessment, period: Period, stations: list[str], params: dict[str, Any]
) -> FormulaResult | None:
    """One air formula from the city's assessment."""
    inputs = _air_inputs(a, period, stations)
    standard = f"HJ 633-{a.edition} / {a.limits.title} / HJ 663-2013"
    if name == "air_good_days_ratio":
        if not a.valid_days:
            return None
        value = 100.0 * a.good_days / a.valid_days
        return FormulaResult(value, period.fraction, standard, inputs)
    if name == "air_heavy_polluted_days":
        return FormulaResult(float(a.heavy_pollution_days), period.fraction, standard, inputs)
    if name == "air_annual_mean":
        key = _POLLUTANT_KEY.get(str(params.get("pollutant")), str(params.get("pollutant", "")).lower())
        stat = a.statistics.get(f"{key}_mean")
        if stat is None or stat.value is None:
            return None
        inputs.update(
            statistic=stat.item,
            statistic_valid=stat.valid,
            limit=stat.limit,
            attained=stat.attained,
            valid_days_item=a.valid_days_by_item.get(key),
        )
        return FormulaResult(float(stat.value), period.fraction, standard, inputs)
    return None


def section_code(section: str | None) -> str | None:
    if section is None:
        return EXIT_SECTION
    return SECTION_CODES.get(section, section)


@dataclass(frozen=True)
class SectionYear:
    code: str
    name: str
    water_class: str | None
    number: int | None
    target_class: str | None
    target_met: bool | None
    n_samples: int
    limiting_items: list[str]


def water_sections_year(session: Session, period: Period) -> dict[str, SectionYear]:
    """Each water section's class over ``period`` (quality module, GB 3838-2002)."""
    from ljeco.modules.quality.service import water_section_results

    out = {}
    for r in water_section_results(session, user=None, date_from=period.start, date_to=period.end):
        a = r.assessment
        out[a.section] = SectionYear(
            code=a.section,
            name=r.site.name,
            water_class=a.water_class or None,
            number=CLASS_NUMBER.get(a.water_class) if a.water_class else None,
            target_class=a.target_class,
            target_met=a.target_met,
            n_samples=a.n_samples,
            limiting_items=list(a.limiting_items),
        )
    return out


def water_formula(
    name: str, sections: dict[str, SectionYear], period: Period, params: dict[str, Any]
) -> tuple[FormulaResult | None, bool | None]:
    """One water formula; also the verdict (target met) for a section judged against its own objective."""
    standard = "GB 3838-2002"
    base: dict[str, Any] = {"from": period.start.isoformat(), "to": period.end.isoformat(), "edition": "2002"}
    if name == "water_section_class":
        code = section_code(params.get("section"))
        s = sections.get(code or "")
        if s is None or s.number is None:
            return None, None
        inputs = {
            **base,
            "section": code,
            "section_name": s.name,
            "water_class": s.water_class,
            "class_cn": CLASS_CN[s.number],
            "target_class": s.target_class,
            "n_samples": s.n_samples,
            "limiting_items": s.limiting_items,
            "exit_section_assumed": params.get("section") is None,
        }
        return FormulaResult(float(s.number), period.fraction, standard, inputs), s.target_met
    if name == "surface_water_class_iii_or_better_ratio":
        codes = [section_code(x) or "" for x in params.get("sections", [])]
        judged = [sections[c] for c in codes if c in sections and sections[c].number is not None]
        if not judged:
            return None, None
        good = [s.code for s in judged if s.number is not None and s.number <= 3]
        inputs = {
            **base,
            "sections": codes,
            "judged": [s.code for s in judged],
            "classes": {s.code: s.water_class for s in judged},
            "iii_or_better": good,
            "count": len(good),
            "total": len(judged),
        }
        return FormulaResult(100.0 * len(good) / len(judged), period.fraction, standard, inputs), None
    if name == "inferior_v_water_bodies":
        judged = [s for s in sections.values() if s.number is not None]
        if not judged:
            return None, None
        bad = [s.code for s in judged if s.number == 6]
        inputs = {
            **base,
            "sections": [s.code for s in judged],
            "inferior_v": bad,
            "classes": {s.code: s.water_class for s in judged},
            "unverified": "every section of the region stands for one water body of the built-up area",
        }
        return FormulaResult(float(len(bad)), period.fraction, standard, inputs), None
    return None, None


@dataclass(frozen=True)
class Computed:
    indicator: str
    formula: str
    result: FormulaResult | None
    met: bool | None = None


AIR_FORMULAS = ("air_good_days_ratio", "air_annual_mean", "air_heavy_polluted_days")
WATER_FORMULAS = ("water_section_class", "surface_water_class_iii_or_better_ratio", "inferior_v_water_bodies")


def compute_plan(
    session: Session, plan: Plan, year: int, *, until: date | None = None, today: date | None = None
) -> list[Computed]:
    """Evaluate every computed indicator of ``plan`` for ``year`` (nothing is stored)."""
    period = period_of(year, until, today=today)
    # Results of the previous plan (专栏5: target year before this plan's period) are printed, not computed.
    computed_inds: list[Indicator] = [
        i
        for i in plan.indicators
        if i.method == "computed" and i.formula and (i.target_year or plan.period_end) >= plan.period_start
    ]
    if period is None:
        return [Computed(i.id, i.formula or "", None) for i in computed_inds]
    edition = _edition(plan)
    formulas_used = {i.formula for i in computed_inds}
    air: PeriodAssessment | None = None
    stations: list[str] = []
    if formulas_used & set(AIR_FORMULAS):
        air, stations = city_air_assessment(session, period, edition=edition)
    sections: dict[str, SectionYear] = {}
    if formulas_used & set(WATER_FORMULAS):
        sections = water_sections_year(session, period)
    out = []
    for ind in computed_inds:
        name = ind.formula or ""
        if name in AIR_FORMULAS:
            res = air_formula(name, air, period, stations, dict(ind.formula_params)) if air else None
            out.append(Computed(ind.id, name, res))
        elif name in WATER_FORMULAS:
            res, met = water_formula(name, sections, period, dict(ind.formula_params))
            out.append(Computed(ind.id, name, res, met if ind.target is None else None))
        else:
            out.append(Computed(ind.id, name, None))
    return out


__all__ = [
    "CLASS_CN",
    "CLASS_NUMBER",
    "EXIT_SECTION",
    "SECTION_CODES",
    "Computed",
    "Period",
    "city_air_assessment",
    "city_air_stations",
    "compute_and_store",
    "compute_plan",
    "period_of",
    "water_sections_year",
]


def compute_and_store(
    session: Session,
    *,
    year: int,
    actor: Any,
    plan_id: str | None = None,
    until: date | None = None,
    today: date | None = None,
) -> list[Computed]:
    """Compute every computed indicator of the plan for ``year`` and store each value with its inputs (audited).

    An indicator without data keeps whatever was stored before (nothing is overwritten with "no data").
    """
    from ljeco.modules.plan.service import get_plan, record_value

    plan = get_plan(session, plan_id)
    results = compute_plan(session, plan, year, until=until, today=today)
    for c in results:
        if c.result is None:
            continue
        inputs = {**c.result.inputs, "standard": c.result.standard, "formula": c.formula}
        record_value(
            session,
            plan_id=plan.id,
            indicator_id=c.indicator,
            year=year,
            value=c.result.value,
            fraction_of_period=c.result.fraction_of_period,
            met=c.met,
            source="computed",
            inputs=inputs,
            actor=actor,
            note=None if c.result.fraction_of_period >= 1 else f"截至 {inputs.get('to')}",
        )
    return results
