"""Quality judgements on stored data: surface water, black-odorous water, noise, groundwater and soil.

The service reads a site's (or every visible site's) values from the observation store into the same frames the
file CLI reads (:mod:`ljeco.modules.quality.reading`) and runs the pure engines of :mod:`ljeco.standards` on them,
so ``ljeco water assess FILE``, ``ljeco water assess --site`` and ``/api/v1/water/...`` give the same answer.

Site attributes the engines need
--------------------------------
* water section: ``water_target_class`` (水质目标, I–V); ``attributes["waterbody"]`` ``river`` (default) or
  ``lake`` (湖库: TP and TN rules); ``attributes["depth_cm"]`` for black-odorous transparency in shallow water;
* noise station: ``noise_zone_class`` (GB 3096-2008: 0, 1, 2, 3, 4a, 4b) — required;
* soil point: ``attributes["soil_land"]`` (``first``, ``second``, ``agricultural``), else derived from
  ``attributes["land_use"]`` (see :data:`LAND_USE_CATEGORY`); ``attributes["agri_land_use"]`` (GB 15618:
  ``paddy``, ``orchard``, ``other``, ``rotation``; default ``other``).

Every function takes ``user`` (scoped by :func:`ljeco.observations.queries.site_scope`; ``None`` is the local
operator of the CLI, unscoped) and local dates ``date_from`` … ``date_to`` inclusive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import ValidationError
from ljeco.core.timeutil import CST
from ljeco.modules.quality import schemas as s
from ljeco.modules.quality.reading import data_rule, local_day_bounds, read_frame, visible_sites
from ljeco.observations.models import Site, SiteKind

if TYPE_CHECKING:
    from ljeco.standards.water import OverallStatus, SectionAssessment

WATER_STANDARD = "GB 3838-2002"
WATER_METHOD = "环办〔2011〕22号 single-factor method; period class from the period means"
#: GB 36600-2018 clause 3 land categories from the region pack's land-use words (clause 3 wording UNVERIFIED;
#: a park is read as first category: community and children's parks are first, and 5.3.1 takes first when the
#: use is unclear).
LAND_USE_CATEGORY: dict[str, str] = {
    "residential": "first",
    "park": "first",
    "industrial": "second",
    "commercial": "second",
    "agricultural": "agricultural",
}


def _attrs(site: Site) -> dict[str, Any]:
    return dict(site.attributes or {})


def _local(t: pd.Timestamp) -> str:
    return t.tz_convert(CST).isoformat()


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    x = float(value)
    return None if math.isnan(x) else x


def _values(row: pd.Series, columns: list[str]) -> dict[str, float]:
    return {c: float(row[c]) for c in columns if not math.isnan(float(row[c]))}


# --------------------------------------------------------------------------------------------- surface water


def _waterbody(site: Site) -> str:
    from ljeco.standards.water import WATERBODIES

    wb = str(_attrs(site).get("waterbody", "river"))
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


def _black_odorous(samples: list[dict[str, float]], site: Site) -> str | None:
    """Grade where the black-odorous indicators were measured (transparency or ORP: DO and NH3-N alone are
    ordinary river items and do not make a black-odorous survey)."""
    from ljeco.standards.black_odorous import THRESHOLDS, grade_point

    picked = [{k: v for k, v in x.items() if k in THRESHOLDS} for x in samples]
    if not any("transparency" in x or "orp" in x for x in picked):
        return None
    depth = _attrs(site).get("depth_cm")
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
        values = _values(row, items)
        c = classes.loc[i]
        grade = None
        if "transparency" in values or "orp" in values:
            depth = _attrs(site).get("depth_cm")
            picked = {k: v for k, v in values.items() if k in THRESHOLDS}
            grade = grade_sample(picked, depth_cm=float(depth) if depth is not None else None) or None
        out.append(
            s.WaterSample(
                section=site.code,
                time=row["time"].to_pydatetime(),
                local_time=_local(row["time"]),
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
    return s.WaterSamples(data=out, count=len(out), basis=_water_basis())


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
            grade = _black_odorous([_values(r, items) for _, r in rows.iterrows()], site)
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


# --------------------------------------------------------------------------------------------- noise


def noise_days(
    session: Session, *, user: User | None, date_from: date, date_to: date, code: str | None = None
) -> list[s.NoiseDays]:
    """Day and night Leq, night Lmax and compliance per station-day against the station's GB 3096 zone class.

    Reads the hourly series (``interval_s`` 3600) of ``leq`` and ``lmax``; the night that begins on the last
    day runs to 06:00 of the next day, so those hours are read too.
    """
    from ljeco.standards.noise import assess_hourly

    sites = visible_sites(session, user=user, kind=SiteKind.noise_station, code=code)
    out = []
    for site in sites:
        if not site.noise_zone_class:
            if code is None:
                continue
            raise ValidationError(
                f"noise station {site.code} has no functional-zone class (GB 3096-2008)",
                code="quality.no_zone_class",
            )
        lo, hi = local_day_bounds(date_from, date_to, extra_hours=6)
        got = read_frame(
            session, [site], t_from=lo, t_to=hi, parameters={"leq", "lmax"}, interval_s=3600
        ).frame
        got = got[got["leq"].notna()] if "leq" in got.columns else got.iloc[0:0]
        rows: list[s.NoiseDay] = []
        if len(got):
            hourly = pd.DataFrame(
                {
                    "station": got["site"],
                    "time": got["time"],
                    "leq": got["leq"],
                    "lmax": got["lmax"] if "lmax" in got.columns else np.nan,
                    "zone_class": site.noise_zone_class,
                }
            )
            days = assess_hourly(hourly, standard="gb3096", label="start")
            for rec in days.to_dict("records"):
                day = date.fromisoformat(str(rec["date"]))
                if not date_from <= day <= date_to:
                    continue
                rows.append(_noise_day(rec, day))
        judged_d = [r.day_ok for r in rows if r.day_ok is not None]
        judged_n = [r.night_ok for r in rows if r.night_ok is not None]
        out.append(
            s.NoiseDays(
                station=site.code,
                zone_class=site.noise_zone_class,
                data=rows,
                count=len(rows),
                day_compliance_rate=sum(judged_d) / len(judged_d) if judged_d else None,
                night_compliance_rate=sum(judged_n) / len(judged_n) if judged_n else None,
                basis=s.Basis(
                    standard="GB 3096-2008",
                    method="Table 1 limits; day 06–22, night 22–06 energy means of hourly Leq; "
                    "night Lmax ≤ night limit + 15 dB(A) (5.4); the night starting on day D is reported with D",
                    data_rule=data_rule() + "; hourly series only",
                ),
            )
        )
    return out


def _noise_day(rec: dict[str, Any], day: date) -> s.NoiseDay:
    def ok(v: Any) -> bool | None:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else bool(v)

    return s.NoiseDay(
        station=str(rec["station"]),
        date=day,
        zone_class=str(rec["zone_class"]),
        standard=str(rec["standard"]),
        n_day_hours=int(rec["n_day_hours"]),
        n_night_hours=int(rec["n_night_hours"]),
        day_leq=_finite(rec["day_leq"]),
        night_leq=_finite(rec["night_leq"]),
        night_lmax=_finite(rec["night_lmax"]),
        day_limit=float(rec["day_limit"]),
        night_limit=float(rec["night_limit"]),
        night_lmax_limit=float(rec["night_lmax_limit"]),
        day_exceedance_db=_finite(rec["day_exceedance_db"]),
        night_exceedance_db=_finite(rec["night_exceedance_db"]),
        day_ok=ok(rec["day_ok"]),
        night_ok=ok(rec["night_ok"]),
        compliant=ok(rec["compliant"]),
    )


# --------------------------------------------------------------------------------------------- groundwater


def _period(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    if date_from is None and date_to is None:
        return None, None
    lo, hi = local_day_bounds(date_from or date(1900, 1, 1), date_to or date(2999, 12, 31))
    return lo, hi


def groundwater_samples(
    session: Session,
    *,
    user: User | None,
    code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> s.GroundwaterSamples:
    """GB/T 14848-2017 class of every sample of well ``code`` (or every visible well) in the period."""
    from ljeco.standards.gb14848_table import TABLE
    from ljeco.standards.groundwater import STANDARD, classify_sample

    sites = visible_sites(session, user=user, kind=SiteKind.groundwater_well, code=code)
    lo, hi = _period(date_from, date_to)
    got = read_frame(session, sites, t_from=lo, t_to=hi, parameters=set(TABLE))
    items = [c for c in got.frame.columns if c not in ("site", "time")]
    out = []
    for _, row in got.frame.iterrows():
        values = _values(row, items)
        judged: dict[str, float | str] = {
            # Text items (嗅和味, 肉眼可见物) are stored as 0 = 无, otherwise 有.
            k: (("有" if v else "无") if TABLE[k].kind == "text" else v)
            for k, v in values.items()
        }
        r = classify_sample(judged)
        out.append(
            s.GroundwaterSample(
                well=str(row["site"]),
                time=row["time"].to_pydatetime(),
                local_time=_local(row["time"]),
                values=values,
                units={k: got.units[k] for k in values},
                water_class=r.water_class,
                worst_items=list(r.worst_items),
                item_classes=r.item_classes,
                flags=list(r.flags),
            )
        )
    basis = s.Basis(
        standard=STANDARD,
        method="6.2 single item (better class at shared limits), 6.3 worst item decides",
        data_rule=data_rule(),
    )
    return s.GroundwaterSamples(data=out, count=len(out), basis=basis)


# --------------------------------------------------------------------------------------------- soil


def soil_land(site: Site, land: str | None = None) -> tuple[str, str, str, bool]:
    """(land, agricultural land use, where it came from, whether that mapping is UNVERIFIED) for ``site``."""
    from ljeco.standards.soil import LAND_USES, LANDS

    attrs = _attrs(site)
    use = str(attrs.get("agri_land_use", "other"))
    if use not in LAND_USES:
        raise ValidationError(
            f"site {site.code}: agri_land_use must be one of {LAND_USES}", code="bad_land_use"
        )
    if land is not None:
        source, unverified = "caller", False
    elif attrs.get("soil_land"):
        land, source, unverified = str(attrs["soil_land"]), "site attribute soil_land", False
    elif attrs.get("land_use") in LAND_USE_CATEGORY:
        land = LAND_USE_CATEGORY[str(attrs["land_use"])]
        source, unverified = f"site land_use={attrs['land_use']} (GB 36600-2018 clause 3)", True
    else:
        land, source, unverified = "first", "unknown use: first category (GB 36600-2018 5.3.1)", False
    if land not in LANDS:
        raise ValidationError(f"land must be one of {', '.join(LANDS)}", code="bad_land")
    return land, use, source, unverified


def soil_assessment(
    session: Session,
    *,
    user: User | None,
    code: str | None = None,
    land: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[s.SoilSamples]:
    """Every sample of soil point ``code`` (or every visible point) against GB 36600-2018 or GB 15618-2018."""
    from ljeco.standards.soil import assess_frame, judge_agricultural, judge_construction
    from ljeco.standards.soil_tables import GB15618_TABLE1, GB15618_TABLE2, GB36600

    sites = visible_sites(session, user=user, kind=SiteKind.soil_point, code=code)
    lo, hi = _period(date_from, date_to)
    out = []
    for site in sites:
        land_cat, use, source, mapped_unverified = soil_land(site, land)
        table = set(GB36600) if land_cat != "agricultural" else {*GB15618_TABLE1, *GB15618_TABLE2}
        got = read_frame(session, [site], t_from=lo, t_to=hi, parameters={*table, "ph"})
        frame = got.frame
        if land_cat != "agricultural" and "ph" in frame.columns:
            frame = frame.drop(columns=["ph"])
        summary = assess_frame(frame, land=land_cat, land_use=use) if len(frame) else pd.DataFrame()
        items_cols = [c for c in frame.columns if c not in ("site", "time", "ph")]
        samples = []
        for i, (_, row) in enumerate(frame.reset_index(drop=True).iterrows()):
            values = _values(row, items_cols)
            ph = _finite(row["ph"]) if "ph" in frame.columns else None
            if land_cat == "agricultural":
                j = judge_agricultural(values, ph=float("nan") if ph is None else ph, land_use=use)
            else:
                j = judge_construction(values, land=land_cat)
            rec = summary.iloc[i]
            unverified = list(j.unverified)
            if mapped_unverified:
                unverified.append(f"land category from land use ({source})")
            samples.append(
                s.SoilSample(
                    point=site.code,
                    time=row["time"].to_pydatetime(),
                    local_time=_local(row["time"]),
                    land=land_cat,
                    land_use=use if land_cat == "agricultural" else None,
                    ph=ph,
                    standard=str(rec["standard"]),
                    result=str(rec["result"]),
                    result_cn=str(rec["result_cn"]),
                    items_above_screening=list(j.above_screening),
                    items_above_intervention=list(j.above_intervention),
                    max_ratio_screening=_finite(rec["max_ratio_screening"]),
                    category=str(rec["category"]) or None,
                    unverified_values_used=unverified,
                    items=[
                        s.SoilItem(
                            name=x.name,
                            value=x.value,
                            unit=got.units.get(x.name, "mg/kg"),
                            screening=x.screening,
                            intervention=x.intervention,
                            result=x.result,
                            verification=x.verification,
                        )
                        for x in j.items
                    ],
                )
            )
        standard = "GB 15618-2018" if land_cat == "agricultural" else "GB 36600-2018"
        method = (
            "chapter 6 by pH band and land use"
            if land_cat == "agricultural"
            else f"5.3 {land_cat}-category screening and intervention values"
        )
        out.append(
            s.SoilSamples(
                point=site.code,
                land=land_cat,
                land_source=source,
                data=samples,
                count=len(samples),
                basis=s.Basis(standard=standard, method=method, data_rule=data_rule()),
            )
        )
    return out


__all__ = [
    "LAND_USE_CATEGORY",
    "SectionResult",
    "groundwater_samples",
    "noise_days",
    "soil_assessment",
    "soil_land",
    "water_assessment",
    "water_overall",
    "water_samples",
    "water_section_results",
]
