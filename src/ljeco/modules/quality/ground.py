"""Groundwater (GB/T 14848-2017) and soil (GB 36600-2018, GB 15618-2018) on stored samples."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import ValidationError
from ljeco.modules.quality import schemas as s
from ljeco.modules.quality.reading import (
    data_rule,
    finite,
    local_day_bounds,
    local_iso,
    read_frame,
    row_values,
    site_attributes,
    visible_sites,
)
from ljeco.observations.models import Site, SiteKind

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
        values = row_values(row, items)
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
                local_time=local_iso(row["time"]),
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


def soil_land(site: Site, land: str | None = None) -> tuple[str, str, str, bool]:
    """(land, agricultural land use, where it came from, whether that mapping is UNVERIFIED) for ``site``."""
    from ljeco.standards.soil import LAND_USES, LANDS

    attrs = site_attributes(site)
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
            values = row_values(row, items_cols)
            ph = finite(row["ph"]) if "ph" in frame.columns else None
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
                    local_time=local_iso(row["time"]),
                    land=land_cat,
                    land_use=use if land_cat == "agricultural" else None,
                    ph=ph,
                    standard=str(rec["standard"]),
                    result=str(rec["result"]),
                    result_cn=str(rec["result_cn"]),
                    items_above_screening=list(j.above_screening),
                    items_above_intervention=list(j.above_intervention),
                    max_ratio_screening=finite(rec["max_ratio_screening"]),
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


__all__ = ["LAND_USE_CATEGORY", "groundwater_samples", "soil_assessment", "soil_land"]
