"""What an object page shows: a station or section, an enterprise (一企一档), an admin unit."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ljeco.core.errors import LjecoError, NotFoundError, PermissionDeniedError
from ljeco.core.timeutil import CST
from ljeco.modules.monitoring import airstats, queries
from ljeco.modules.monitoring.catalog import (
    SiteInfo,
    all_sites,
    enterprise_visible_to,
    region,
    site_info,
    visible_to,
)
from ljeco.modules.monitoring.service import station_now, water_sections
from ljeco.observations.models import SiteKind


def require_site(session: Session, code: str, user: Any) -> SiteInfo:
    site = site_info(session, code)
    if site is None:
        raise NotFoundError(f"没有编码为 {code} 的监测点位", code="monitoring.unknown_site")
    if not visible_to(user, site):
        raise PermissionDeniedError("无权查看此点位的数据", code="monitoring.forbidden")
    return site


def parameters_of(session: Session, site: SiteInfo) -> list[dict[str, Any]]:
    if site.db_id is None:
        return []
    refs = queries.preferred(queries.series_of_sites(session, [site.db_id])).values()
    return [{"code": r.parameter, "name": r.name_zh, "unit": r.unit, "interval_s": r.interval_s,
             "series_id": r.series_id} for r in refs]  # fmt: skip


def ref_for(session: Session, site: SiteInfo, parameter: str) -> queries.SeriesRef:
    if site.db_id is not None:
        for r in queries.preferred(queries.series_of_sites(session, [site.db_id])).values():
            if r.parameter == parameter:
                return r
    raise NotFoundError(f"{site.name} 没有 {parameter} 的监测数据", code="monitoring.unknown_series")


def monthly_table(session: Session, site: SiteInfo, now: datetime, months: int = 12) -> dict[str, Any]:
    """Monthly means of each parameter over the last ``months`` months with their validity."""
    params = parameters_of(session, site)
    t_from = now - timedelta(days=31 * months)
    periods: set[int] = set()
    cells: dict[str, dict[int, dict[str, Any]]] = {}
    for p in params:
        ref = ref_for(session, site, p["code"])
        for pt in queries.series_points(session, ref, interval="month", t_from=t_from, t_to=now):
            periods.add(pt.t)
            cells.setdefault(p["code"], {})[pt.t] = {
                "value": queries.shown(pt.value, ref.decimals),
                "valid": pt.valid, "coverage": None if pt.coverage is None else round(100 * pt.coverage),
            }  # fmt: skip
    cols = sorted(periods)
    return {
        "months": [datetime.fromtimestamp(t, CST).strftime("%Y-%m") for t in cols],
        "rows": [{"code": p["code"], "name": p["name"], "unit": p["unit"],
                  "cells": [cells.get(p["code"], {}).get(t) for t in cols]} for p in params],
    }  # fmt: skip


def cached_calendar(session: Session, site: SiteInfo, year: int, today: date) -> dict[str, Any]:
    """:func:`air_calendar` cached for a minute per site, year and day (past days rarely change)."""
    from ljeco.modules.monitoring.service import cached

    key = f"calendar|{session.get_bind().engine.url}|{site.code}|{year}|{today}"
    return dict(cached(key, lambda: air_calendar(session, site, year, today), seconds=600.0))


def air_calendar(session: Session, site: SiteInfo, year: int, today: date) -> dict[str, Any]:
    """Daily AQI of one station for a calendar year (up to yesterday)."""
    if site.db_id is None:
        return {"year": year, "days": []}
    last = min(date(year, 12, 31), today - timedelta(days=1))
    if last < date(year, 1, 1):
        return {"year": year, "days": []}
    daily = airstats.daily_air(session, [site.db_id], date(year, 1, 1), last)
    g = airstats.good_days(daily)
    days = []
    for i, d in enumerate(daily.days):
        if daily.aqi[i] is None:
            continue
        cat, colour = airstats.level_style(daily.level[i])
        days.append({"day": d.isoformat(), "aqi": daily.aqi[i], "level": daily.level[i], "category": cat,
                     "colour": colour, "primary": daily.primary[i], "edition": daily.edition[i]})  # fmt: skip
    return {"year": year, "days": days, "good_days": g.good, "valid_days": g.valid,
            "good_day_ratio": None if g.ratio is None else round(g.ratio, 1)}  # fmt: skip


def noise_days(session: Session, site: SiteInfo, now: datetime, days: int = 14) -> list[dict[str, Any]]:
    """Day and night Leq (energy means) and compliance per day (GB 3096-2008 via the noise engine)."""
    import pandas as pd

    from ljeco.standards.noise import assess_hourly

    if site.db_id is None or not site.noise_zone_class:
        return []
    try:
        ref = ref_for(session, site, "leq")
    except NotFoundError:
        return []
    pts = queries.series_points(session, ref, interval="raw", t_from=now - timedelta(days=days), t_to=now)
    pts = [p for p in pts if p.valid and p.value is not None]
    if not pts:
        return []
    frame = pd.DataFrame({
        "station": site.code,
        "time": [datetime.fromtimestamp(p.t, CST).replace(tzinfo=None) for p in pts],
        "leq": [p.value for p in pts],
        "zone_class": site.noise_zone_class,
    })  # fmt: skip
    out = assess_hourly(frame, label="start")
    rows = []
    for rec in out.to_dict("records"):
        rows.append({k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()})
    return rows


def site_detail(session: Session, site: SiteInfo, *, now: datetime) -> dict[str, Any]:
    st = station_now(session, site, now)
    detail: dict[str, Any] = {
        "code": site.code, "name": site.name, "kind": site.kind, "kind_label": site.kind_label,
        "lon": site.lon, "lat": site.lat, "approximate": site.approximate, "source": site.source,
        "admin_unit": site.admin_unit_code, "now": asdict(st), "parameters": parameters_of(session, site),
        "water_target_class": site.water_target_class, "noise_zone_class": site.noise_zone_class,
    }  # fmt: skip
    if site.admin_unit_code:
        try:
            detail["admin_unit_name"] = region().unit(site.admin_unit_code).name
        except StopIteration:
            detail["admin_unit_name"] = site.admin_unit_code
    if site.kind == SiteKind.water_section:
        detail["water"] = water_sections(session, [site], now)[0]
    return detail


def enterprise_detail(session: Session, uscc: str, *, user: Any, now: datetime) -> dict[str, Any]:
    if not enterprise_visible_to(user, uscc):
        raise PermissionDeniedError("无权查看此企业档案", code="monitoring.forbidden")
    ent = next((e for e in region().enterprises if e.uscc == uscc), None)
    if ent is None:
        raise NotFoundError(f"没有统一社会信用代码为 {uscc} 的企业", code="monitoring.unknown_enterprise")
    sites = [s for s in all_sites(session) if s.kind == SiteKind.outlet and s.enterprise_uscc == uscc]
    by_mn = {s.extra.get("mn") or "": s for s in sites}
    by_suffix = {s.code.rsplit("-", 1)[-1]: s for s in sites}
    outlets: list[dict[str, Any]] = []
    for o in ent.outlets:
        site = by_suffix.get(o.code) or (by_mn.get(o.mn or "") if o.mn else None)
        st = station_now(session, site, now) if site is not None else None
        pollutants: list[dict[str, Any]] = []
        for pol in o.pollutants:
            latest = st.values.get(pol.parameter) if st else None
            over = None
            if latest and latest["valid"] and latest["value"] is not None and pol.limit is not None:
                over = latest["value"] > pol.limit or (
                    pol.limit_low is not None and latest["value"] < pol.limit_low
                )
            pollutants.append({"parameter": pol.parameter, "unit": pol.unit, "limit": pol.limit,
                               "limit_low": pol.limit_low, "limit_source": pol.limit_source,
                               "limit_verified": pol.limit_verified, "latest": latest, "exceeds": over})  # fmt: skip
        outlets.append({"code": o.code, "name": o.name, "medium": "废气" if o.medium == "air" else "废水",
                        "monitored": o.monitored, "mn": o.mn, "site_code": site.code if site else None,
                        "status_text": st.status_text if st else ("未接入在线监控数据" if o.monitored else "非在线监测排放口"),
                        "time": st.time if st else None, "pollutants": pollutants})  # fmt: skip
    reg = region()
    unit_code = ent.admin_units.get(reg.default_frame)
    return {
        "compliance": _compliance_30d(session, user, uscc, now),
        "code": ent.code, "name": ent.name, "uscc": ent.uscc, "industry_code": ent.industry_code,
        "industry_name": ent.industry_name, "lon": ent.lon, "lat": ent.lat, "approximate": ent.approximate,
        "source": ent.source, "key_units": list(ent.key_units), "admin_unit": unit_code,
        "admin_unit_name": _unit_name(unit_code), "outlets": outlets,
        "exceedances": [(o["code"], p["parameter"]) for o in outlets for p in o["pollutants"] if p["exceeds"]],
    }  # fmt: skip


def _compliance_30d(session: Session, user: Any, uscc: str, now: datetime) -> dict[str, Any]:
    """Hours over the limit in the last 30 days, from the pollution-sources module (its service, not its tables)."""
    try:
        from ljeco.modules.sources import service as sources
    except ImportError:  # pragma: no cover - the sources module ships with the platform
        return {"available": False, "reason": "污染源模块未安装", "rows": []}
    try:
        rows = sources.compliance(session, user=user, uscc=uscc, t_from=now - timedelta(days=30), t_to=now)
    except NotFoundError:
        return {
            "available": False,
            "reason": "企业名录尚未同步到数据库（污染源 → 企业名录），暂无排放限值比对",
            "rows": [],
        }
    except LjecoError as exc:  # the register's data cannot be judged (e.g. only daily CEMS values): say why
        return {"available": False, "reason": f"暂无法比对排放限值：{exc.message}", "rows": []}
    return {
        "available": True, "reason": None,
        "rows": [{"outlet": r.outlet_code.rsplit("-", 1)[-1], "parameter": r.parameter, "unit": r.unit,
                  "limit": r.limit, "limit_low": r.limit_low, "limit_verified": r.limit_verified,
                  "valid": r.summary.valid, "missing": r.summary.missing, "exceeding": r.summary.exceeding,
                  "max_value": r.summary.max_value, "max_multiple": r.summary.max_multiple} for r in rows],
    }  # fmt: skip


def _unit_name(code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return region().unit(code).name
    except StopIteration:
        return code


def unit_detail(session: Session, code: str, *, user: Any, now: datetime) -> dict[str, Any]:
    reg = region()
    unit = next((u for u in reg.units if u.code == code), None)
    if unit is None:
        raise NotFoundError(f"没有编码为 {code} 的行政区划单元", code="monitoring.unknown_unit")
    codes = {code}
    frontier = [code]
    while frontier:
        parent = frontier.pop()
        for u in reg.units:
            if u.parent == parent and u.code not in codes:
                codes.add(u.code)
                frontier.append(u.code)
    children = [{"code": u.code, "name": u.name, "level": u.level} for u in reg.units if u.parent == code]
    sites = [s for s in all_sites(session) if s.admin_unit_code in codes and visible_to(user, s)]
    rows: list[dict[str, Any]] = []
    for s in sorted(sites, key=lambda s: (s.kind, s.code)):
        if s.kind == SiteKind.outlet:
            continue
        st = station_now(session, s, now)
        rows.append({"code": s.code, "name": s.name, "kind_label": s.kind_label, "status_text": st.status_text,
                     "aqi": st.aqi, "category": st.category, "colour": st.colour, "time": st.time})  # fmt: skip
    frame = unit.frame
    enterprises = [
        {"uscc": e.uscc, "name": e.name, "industry": e.industry_name, "key_unit": e.is_key_unit}
        for e in reg.enterprises
        if e.admin_units.get(frame) in codes and enterprise_visible_to(user, e.uscc)
    ]
    air = [r for r in rows if r["aqi"] is not None]
    return {
        "code": unit.code, "name": unit.name, "level": unit.level, "frame": reg.frame(frame).name,
        "approximate": unit.approximate, "source": unit.source, "parent": unit.parent,
        "parent_name": _unit_name(unit.parent), "children": children, "sites": rows, "enterprises": enterprises,
        "indicators": {
            "air_stations": len(air), "air_good_now": sum(1 for r in air if (r["aqi"] or 0) <= 100),
            "sites": len(rows), "enterprises": len(enterprises),
            "key_units": sum(1 for e in enterprises if e["key_unit"]),
        },
    }  # fmt: skip


def local_day_range(day_from: date, day_to: date) -> tuple[datetime, datetime]:
    """UTC bounds of local days ``day_from`` … ``day_to`` inclusive."""
    lo = datetime.combine(day_from, datetime.min.time(), CST).astimezone(UTC)
    hi = datetime.combine(day_to + timedelta(days=1), datetime.min.time(), CST).astimezone(UTC)
    return lo, hi


#: Statistics shown in the assessment panel: (key of the engine's record, Chinese label, unit).
ASSESSMENT_ITEMS = (
    ("pm25_mean", "PM2.5 平均浓度", "µg/m³"),
    ("pm10_mean", "PM10 平均浓度", "µg/m³"),
    ("so2_mean", "SO2 平均浓度", "µg/m³"),
    ("no2_mean", "NO2 平均浓度", "µg/m³"),
    ("co_p95", "CO 日均值第95百分位数", "mg/m³"),
    ("o3_8h_p90", "O3 日最大8小时第90百分位数", "µg/m³"),
)


def air_assessment(session: Session, site: SiteInfo, year: int, today: date) -> dict[str, Any]:
    """HJ 663 assessment of one station from 1 January to yesterday under both editions (air engine), to compare."""
    import numpy as np
    import pandas as pd

    from ljeco.standards.air.assess import assess_period
    from ljeco.standards.air.daily import daily_statistics

    start, end = date(year, 1, 1), min(date(year, 12, 31), today - timedelta(days=1))
    out: dict[str, Any] = {"year": year, "from": start.isoformat(), "to": end.isoformat(), "editions": [],
                           "items": [{"key": k, "label": lbl, "unit": u} for k, lbl, u in ASSESSMENT_ITEMS]}  # fmt: skip
    if site.db_id is None or end < start:
        return out
    refs = {
        r.parameter: r for r in queries.preferred(queries.series_of_sites(session, [site.db_id])).values()
    }
    refs = {p: r for p, r in refs.items() if p in airstats.AQI_PARAMETERS and r.interval_s == 3600}
    if not refs:
        return out
    lo, hi = local_day_range(start, end)
    rows = queries.values_at(session, [r.series_id for r in refs.values()], lo, hi)
    if not rows:
        return out
    by_id = {r.series_id: p for p, r in refs.items()}
    frame = pd.DataFrame(rows, columns=["sid", "t", "value", "flag", "review"])
    frame["value"] = np.where((frame["flag"] == "N") & (frame["review"] != 2), frame["value"], np.nan)
    frame["parameter"] = frame["sid"].map(by_id)
    wide = frame.pivot_table(index="t", columns="parameter", values="value", aggfunc="first", dropna=False)
    ends = pd.to_datetime(wide.index + 3600, unit="s", utc=True).tz_convert("Asia/Shanghai").tz_localize(None)
    hourly = pd.DataFrame({"station": site.code, "time": ends.strftime("%Y-%m-%d %H:%M")})
    for p in airstats.AQI_PARAMETERS:
        hourly[p] = wide[p].to_numpy() if p in wide.columns else np.nan
    daily = daily_statistics(hourly)
    for edition in ("2012", "2026"):
        result = assess_period(daily, start, end, edition=edition, city=False)[0].to_dict()
        out["editions"].append({
            "edition": edition, "limits": result.get("limits"), "valid_days": result.get("valid_days"),
            "good_days": result.get("good_days"), "good_day_ratio": result.get("good_day_ratio"),
            "values": {k: result.get(k) for k, _, _ in ASSESSMENT_ITEMS},
            "valid": {k: result.get(f"{k}_valid") for k, _, _ in ASSESSMENT_ITEMS},
            "composite_index": result.get("composite_index"), "attained": result.get("attained"),
            "missing_items": result.get("missing_items") or [], "notes": result.get("notes") or [],
        })  # fmt: skip
    return out


def water_class_history(
    session: Session, site: SiteInfo, now: datetime, months: int = 12
) -> list[dict[str, Any]]:
    """Class of each month's means (GB 3838-2002 single-factor method) against the section's target, newest first."""
    from ljeco.modules.monitoring.service import WATER_PARAMETERS, name_zh, water_month_means
    from ljeco.standards.water.classify import classify_sample, code_of

    if site.db_id is None:
        return []
    refs = [r for r in queries.preferred(queries.series_of_sites(session, [site.db_id])).values()
            if r.parameter in WATER_PARAMETERS]  # fmt: skip
    today = now.astimezone(CST).date()
    by_month = water_month_means(session, refs, today - timedelta(days=31 * months), today).get(
        site.db_id, {}
    )
    out = []
    for t in sorted(by_month, reverse=True):
        result = classify_sample(by_month[t])
        met = None
        if site.water_target_class and result.code:
            met = result.code <= code_of(site.water_target_class)
        out.append({
            "month": datetime.fromtimestamp(t, CST).strftime("%Y-%m"), "class": result.water_class, "met": met,
            "limiting": [name_zh(i) for i in result.limiting_items], "items": len(by_month[t]),
        })  # fmt: skip
    return out


__all__ = [
    "air_assessment",
    "air_calendar",
    "cached_calendar",
    "enterprise_detail",
    "local_day_range",
    "monthly_table",
    "noise_days",
    "parameters_of",
    "ref_for",
    "require_site",
    "site_detail",
    "unit_detail",
    "water_class_history",
]
