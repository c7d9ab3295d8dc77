"""Surface water (GB 3838-2002, 环办〔2011〕22号) and black-odorous grading on stored data."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import ValidationError
from ljeco.modules.quality import schemas as s
from ljeco.modules.quality.reading import (
    data_rule,
    local_day_bounds,
    local_iso,
    read_frame,
    row_values,
    site_attributes,
    visible_sites,
)
from ljeco.observations.models import Site, SiteKind

if TYPE_CHECKING:
    from ljeco.standards.water import OverallStatus, SectionAssessment

WATER_STANDARD = "GB 3838-2002"
WATER_METHOD = "环办〔2011〕22号 single-factor method; period class from the period means"


def _waterbody(site: Site) -> str:
    from ljeco.standards.water import WATERBODIES

    wb = str(site_attributes(site).get("waterbody", "river"))
    if wb not in WATERBODIES:
        raise ValidationError(f"site {site.code}: waterbody must be river or lake", code="quality.waterbody")
    return wb


def _water_frame(
    session: Session, sites: list[Site], date_from: date, date_to: date
) -> tuple[pd.DataFrame, dict[str, str]]:
    from ljeco.standards.black_odorous import THRESHOLDS
    from ljeco.standards.parameters import SURFACE_WATER_ITEMS

    lo, hi = local_day_bounds(date_from, date_to)
    wanted = {*SURFACE_WATER_ITEMS, *THRESHOLDS}
    got = read_frame(session, sites, t_from=lo, t_to=hi, parameters=wanted)
    return got.frame.rename(columns={"site": "section"}), got.units


def _black_odorous(rows: pd.DataFrame, site: Site) -> str | None:
    """Point grade where the black-odorous indicators were measured (transparency or ORP: DO and NH3-N alone are
    ordinary river items and do not make a black-odorous survey)."""
    from ljeco.standards.black_odorous import THRESHOLDS, grade_point

    if not any(c in rows.columns and rows[c].notna().any() for c in ("transparency", "orp")):
        return None
    cols = [c for c in THRESHOLDS if c in rows.columns]
    picked = [{k: v for k, v in rec.items() if not math.isnan(v)} for rec in rows[cols].to_dict("records")]
    depth = site_attributes(site).get("depth_cm")
    return grade_point(picked, depth_cm=float(depth) if depth is not None else None) or None


def _water_basis(extra: list[str] | None = None) -> s.Basis:
    return s.Basis(
        standard=WATER_STANDARD, method=WATER_METHOD, data_rule=data_rule(), unverified=extra or []
    )


def water_samples(
    session: Session, *, user: User | None, code: str, date_from: date, date_to: date
) -> s.WaterSamples:
    """Class and limiting items of every sample of section ``code`` in the period."""
    from ljeco.standards.black_odorous import GRADE_CN, THRESHOLDS, grade_sample
    from ljeco.standards.water.frames import classify_frame

    site = visible_sites(session, user=user, kind=SiteKind.water_section, code=code)[0]
    frame, units = _water_frame(session, [site], date_from, date_to)
    waterbody = _waterbody(site)
    items = [c for c in frame.columns if c not in ("section", "time")]
    classes = classify_frame(
        frame.drop(columns=[c for c in items if c in ("transparency", "orp")]), waterbody
    )
    out = []
    for i, row in frame.iterrows():
        values = row_values(row, items)
        c = classes.loc[i]
        grade = None
        if "transparency" in values or "orp" in values:
            depth = site_attributes(site).get("depth_cm")
            picked = {k: v for k, v in values.items() if k in THRESHOLDS}
            grade = grade_sample(picked, depth_cm=float(depth) if depth is not None else None) or None
        out.append(
            s.WaterSample(
                section=site.code,
                time=row["time"].to_pydatetime(),
                local_time=local_iso(row["time"]),
                values=values,
                units={k: units[k] for k in values},
                water_class=str(c["water_class"]),
                limiting_items=[x for x in str(c["limiting_items"]).split(",") if x],
                n_items=int(c["n_items"]),
                reference_classes={
                    k[: -len("_class")]: str(c[k])
                    for k in classes.columns
                    if k.endswith("_class") and k != "water_class" and c[k]
                },
                black_odorous=grade,
                black_odorous_cn=GRADE_CN[grade] if grade else None,
            )
        )
    graded = any(x.black_odorous for x in out)
    extra = ["black-odorous threshold inclusivity (2015 guide)"] if graded else []
    return s.WaterSamples(data=out, count=len(out), basis=_water_basis(extra))


@dataclass(frozen=True, slots=True)
class SectionResult:
    """One section's engine result with what the service adds (site, waterbody, black-odorous grade, units)."""

    assessment: SectionAssessment
    site: Site
    waterbody: str
    black_odorous: str | None
    units: dict[str, str]


def water_section_results(
    session: Session,
    *,
    user: User | None,
    date_from: date,
    date_to: date,
    code: str | None = None,
    min_samples: int = 1,
) -> list[SectionResult]:
    """The engine's :class:`SectionAssessment` of each visible section (or only ``code``) with samples in the
    period, sorted by code — what ``ljeco water assess --site/--all`` prints and the API serialises."""
    from ljeco.standards.water.frames import assess_frame

    sites = visible_sites(session, user=user, kind=SiteKind.water_section, code=code)
    frame, units = _water_frame(session, sites, date_from, date_to)
    by_code = {x.code: x for x in sites}
    targets = {x.code: x.water_target_class for x in sites if x.water_target_class}
    items = [c for c in frame.columns if c not in ("section", "time")]
    class_frame = frame.drop(columns=[c for c in ("transparency", "orp") if c in frame.columns])
    out = []
    for waterbody in sorted({_waterbody(x) for x in sites}):
        mask = frame["section"].map(lambda c, wb=waterbody: _waterbody(by_code[c]) == wb).astype(bool)
        if not mask.any():
            continue
        group = assess_frame(
            class_frame[mask.to_numpy()].reset_index(drop=True),
            start=date_from,
            end=date_to,
            targets=targets,
            waterbody=waterbody,
            min_samples=min_samples,
        )
        for a in group:
            site = by_code[a.section]
            rows = frame[frame["section"] == a.section]
            grade = _black_odorous(rows, site)
            used = {k: units[k] for k in items if rows[k].notna().any()}
            out.append(SectionResult(a, site, waterbody, grade, used))
    return sorted(out, key=lambda r: r.site.code)


def water_overall(results: list[SectionResult]) -> OverallStatus | None:
    """环办〔2011〕22号 status of all sections together (lake rules only when every section is a lake)."""
    from ljeco.standards.water import overall_status

    judged = [r.assessment for r in results if r.assessment.water_class]
    if not judged:
        return None
    kinds = {r.waterbody for r in results}
    return overall_status(judged, "lake" if kinds == {"lake"} else "river")


def water_assessment(
    session: Session,
    *,
    user: User | None,
    date_from: date,
    date_to: date,
    code: str | None = None,
    min_samples: int = 1,
) -> s.WaterAssessment:
    """Each visible section (or only ``code``) over the period, then the overall status of those sections.

    ``min_samples``: samples the period needs (1 for a month; 2 for a quarter and 8 or 12 for a year by the
    UNVERIFIED recalled rule); a section below it still gets its class and says ``enough_samples=false``.
    """
    from ljeco.standards.black_odorous import GRADE_CN

    results = water_section_results(
        session, user=user, date_from=date_from, date_to=date_to, code=code, min_samples=min_samples
    )
    sections: list[s.WaterSection] = []
    for r in results:
        a = r.assessment
        unverified = []
        if a.status and not a.status.colour_verified:
            unverified.append(f"status colour {a.status.colour}")
        if min_samples > 1:
            unverified.append(f"min_samples={min_samples} (quarter/year sample rule)")
        if r.black_odorous is not None:
            unverified.append("black-odorous threshold inclusivity (2015 guide)")
        sections.append(
            s.WaterSection(
                section=a.section,
                name=r.site.name,
                waterbody=r.waterbody,
                period_from=date_from,
                period_to=date_to,
                n_samples=a.n_samples,
                enough_samples=a.enough_samples,
                means=a.means,
                units={k: r.units[k] for k in a.means},
                water_class=a.water_class,
                status=a.status.status if a.status else "",
                colour=a.status.colour if a.status else "",
                colour_verified=a.status.colour_verified if a.status else False,
                limiting_items=list(a.limiting_items),
                main_pollutants=list(a.main_pollutants),
                target_class=a.target_class,
                target_met=a.target_met,
                exceedance_against=a.target_class or "III",
                exceedance_multiples=a.exceedances,
                reference_classes=a.reference_classes,
                black_odorous=r.black_odorous,
                black_odorous_cn=GRADE_CN[r.black_odorous] if r.black_odorous else None,
                basis=_water_basis(unverified),
            )
        )
    o = water_overall(results)
    overall = None
    if o is not None:
        judged = [r.assessment for r in results]
        overall = s.WaterOverall(
            n_sections=o.n_sections,
            method=o.method,
            water_class=o.water_class,
            status=o.status,
            colour=o.colour,
            colour_verified=o.colour_verified,
            share_i_iii=o.share_i_iii,
            share_worse_than_v=o.share_worse_than_v,
            targets_met=sum(1 for a in judged if a.target_met),
            targets_total=sum(1 for a in judged if a.target_met is not None),
        )
    return s.WaterAssessment(
        period_from=date_from, period_to=date_to, data=sections, count=len(sections), overall=overall
    )


__all__ = ["SectionResult", "water_assessment", "water_overall", "water_samples", "water_section_results"]
