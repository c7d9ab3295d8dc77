"""Dashboard aggregates (驾驶舱): current AQI per station, good days today and this year against the plan, PM2.5
year to date against the limit, water sections against their targets, data-arrival health.

Every figure carries its unit, the period it covers and whether it is valid; a tile with nothing to show says why.
Open alarms and plan indicators at risk are not shown: no alarms module exists yet, and the plan module's status
service was still being written (a tile is omitted rather than faked).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ljeco.core.timeutil import CST, utcnow
from ljeco.modules.monitoring import airstats, queries
from ljeco.modules.monitoring.catalog import SiteInfo, all_sites, visible_to
from ljeco.observations.models import SiteKind
from ljeco.standards.air.limits import limits_for_period

#: The plan's air target: 优良天数比率 ≥ 92.87 % (两江新区“十四五”生态环境保护规划, 主要指标表).
GOOD_DAY_TARGET_PCT = 92.87
GOOD_DAY_TARGET_SOURCE = "两江新区“十四五”生态环境保护规划 主要指标：空气质量优良天数比率 ≥ 92.87%"

#: A continuous device whose newest value is older than this is offline (设备离线) [s].
OFFLINE_AFTER_S = 3 * 3600

#: Water: the class of the latest month with data (monthly assessment, 环办〔2011〕22号).
WATER_PARAMETERS = (
    "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "cu", "zn", "fluoride", "se", "as", "hg", "cd", "cr6",
    "pb", "cn", "phenol", "petroleum", "las", "sulfide", "fecal_coliform",
)  # fmt: skip

_CACHE: dict[str, tuple[float, Any]] = {}
CACHE_SECONDS = 60.0


def cached(key: str, build: Any, *, seconds: float = CACHE_SECONDS) -> Any:
    """Dashboard figures change with the hourly data: recomputing them at most once a minute is enough."""
    hit = _CACHE.get(key)
    if hit is not None and time.monotonic() - hit[0] < seconds:
        return hit[1]
    value = build()
    _CACHE[key] = (time.monotonic(), value)
    return value


def clear_cache() -> None:
    _CACHE.clear()


def local_label(t: datetime) -> str:
    return t.astimezone(CST).strftime("%Y-%m-%d %H:%M")


@dataclass(slots=True)
class StationNow:
    code: str
    name: str
    kind: str
    status: str  # ok, offline, no_data
    status_text: str
    time: str | None  # local end-of-hour label of the newest hour
    aqi: int | None
    level: int | None
    category: str
    colour: str
    primary: list[str]
    edition: str | None
    values: dict[str, dict[str, Any]]


def station_now(
    session: Session,
    site: SiteInfo,
    now: datetime,
    refs: list[queries.SeriesRef] | None = None,
    latest: dict[int, queries.LatestValue] | None = None,
) -> StationNow:
    """The station's newest hour: values with units and flags, hourly AQI, online status."""
    if site.db_id is None:
        return StationNow(site.code, site.name, site.kind, "no_data", "暂无数据（尚未接入）", None, None, None,
                          "无有效数据", "#9AA4AE", [], None, {})  # fmt: skip
    if refs is None:
        refs = queries.series_of_sites(session, [site.db_id])
    pref = [r for (sid, _), r in queries.preferred(refs).items() if sid == site.db_id]
    if latest is None:
        latest = queries.latest_values(session, pref)
    vals = [latest[r.series_id] for r in pref if r.series_id in latest]
    if not vals:
        return StationNow(site.code, site.name, site.kind, "no_data", "暂无数据", None, None, None, "无有效数据",
                          "#9AA4AE", [], None, {})  # fmt: skip
    newest = max(v.end for v in vals)
    values: dict[str, dict[str, Any]] = {
        v.ref.parameter: {
            "name": v.ref.name_zh,
            "value": queries.shown(v.value, v.ref.decimals),
            "unit": v.ref.unit,
            "flag": v.flag,
            "valid": v.value is not None and v.flag == "N" and v.review != 2,
            "time": local_label(v.end),
        }
        for v in vals
        if v.end == newest
    }
    offline = (now - newest).total_seconds() > OFFLINE_AFTER_S
    info: airstats.AqiInfo | None = None
    if site.kind in (SiteKind.air_station, SiteKind.micro_station):
        conc = {p: (float(d["value"]) if d["valid"] else None) for p, d in values.items()}
        if any(conc.get(p) is not None for p in airstats.AQI_PARAMETERS):
            info = airstats.hour_aqi(conc, newest.astimezone(CST))
    category, colour = airstats.level_style(info.level if info else None)
    status = "offline" if offline else "ok"
    text = f"设备离线（最新数据 {local_label(newest)}）" if offline else "在线"
    return StationNow(
        code=site.code, name=site.name, kind=site.kind, status=status, status_text=text, time=local_label(newest),
        aqi=info.aqi if info else None, level=info.level if info else None, category=category, colour=colour,
        primary=info.primary_zh if info else [], edition=info.edition if info else None, values=values,
    )  # fmt: skip


def _assessment_stations(sites: list[SiteInfo]) -> list[SiteInfo]:
    """The district's assessment stations: national stations in the area (the pack's ``role: in_area``)."""
    stations = [s for s in sites if s.kind == SiteKind.air_station and s.db_id is not None]
    in_area = [s for s in stations if s.extra.get("role") in (None, "in_area")]
    return in_area or stations


def name_zh(code: str) -> str:
    from ljeco.standards.parameters import PARAMETERS

    p = PARAMETERS.get(code)
    return p.name_cn if p is not None else code


def water_month_means(
    session: Session, refs: list[queries.SeriesRef], first_day: date, last_day: date
) -> dict[int, dict[int, dict[str, float]]]:
    """Monthly means per site, month (local start, epoch s) and parameter, as the mean of the valid daily means.

    Daily rollups are used rather than month rollups: a municipal section sampled once a month has one valid day a
    month, which the store's continuous-monitoring month rule (≥ 75 % of the days) would reject, while
    环办〔2011〕22号 assesses a section's month by its sample(s) of that month.
    """
    by_id = {r.series_id: r for r in refs}
    lo = datetime.combine(first_day, datetime.min.time(), CST).astimezone(UTC)
    hi = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), CST).astimezone(UTC)
    sums: dict[tuple[int, int, str], list[float]] = {}
    for sid, t, mean, valid in queries.rollup_means(session, list(by_id), "day", lo, hi):
        if valid and mean is not None:
            d = datetime.fromtimestamp(t, CST)
            month = int(datetime(d.year, d.month, 1, tzinfo=CST).timestamp())
            ref = by_id[sid]
            sums.setdefault((ref.site_id, month, ref.parameter), []).append(mean)
    out: dict[int, dict[int, dict[str, float]]] = {}
    for (site_id, month, param), values in sums.items():
        out.setdefault(site_id, {}).setdefault(month, {})[param] = sum(values) / len(values)
    return out


def water_sections(session: Session, sections: list[SiteInfo], now: datetime) -> list[dict[str, Any]]:
    from ljeco.standards.water.classify import classify_sample, code_of

    out: list[dict[str, Any]] = []
    ids = [s.db_id for s in sections if s.db_id is not None]
    refs = [
        r
        for r in queries.preferred(queries.series_of_sites(session, ids)).values()
        if r.parameter in WATER_PARAMETERS
    ]
    by_site: dict[int, list[queries.SeriesRef]] = {}
    for r in refs:
        by_site.setdefault(r.site_id, []).append(r)
    # This month and the last: the latest month with data is assessed.
    local = now.astimezone(CST)
    first = date(local.year, local.month, 1) - timedelta(days=1)
    site_months = water_month_means(session, refs, date(first.year, first.month, 1), local.date())
    for s in sections:
        row: dict[str, Any] = {"code": s.code, "name": s.name, "target": s.water_target_class, "class": None,
                               "met": None, "limiting": [], "period": None, "status_text": "暂无数据"}  # fmt: skip
        site_refs = by_site.get(s.db_id or -1, [])
        months = site_months.get(s.db_id or -1, {})
        if months:
            t = max(months)
            result = classify_sample(months[t])
            row["class"] = result.water_class
            row["limiting"] = [name_zh(item) for item in result.limiting_items]
            row["period"] = datetime.fromtimestamp(t, CST).strftime("%Y年%m月")
            row["status_text"] = f"{row['period']}月均值评价"
            if s.water_target_class and result.code:
                row["met"] = result.code <= code_of(s.water_target_class)
        elif site_refs:
            row["status_text"] = "本月数据不足，暂无有效月均值"
        out.append(row)
    return out


def _arrival(session: Session, sites: list[SiteInfo], now: datetime) -> list[dict[str, Any]]:
    """Per site kind: sites reporting within :data:`OFFLINE_AFTER_S`, and today's hourly values received vs expected."""
    from ljeco.observations.models import SITE_KIND_LABELS

    kinds = (SiteKind.air_station, SiteKind.micro_station, SiteKind.water_section, SiteKind.noise_station,
             SiteKind.outlet)  # fmt: skip
    with_db = [s for s in sites if s.db_id is not None]
    refs = queries.series_of_sites(session, [s.db_id for s in with_db if s.db_id is not None])
    latest = queries.latest_values(session, refs)
    newest: dict[int, datetime] = {}
    for v in latest.values():
        sid = v.ref.site_id
        if sid not in newest or v.end > newest[sid]:
            newest[sid] = v.end
    midnight = datetime.combine(now.astimezone(CST).date(), datetime.min.time(), CST).astimezone(UTC)
    hours_elapsed = max(0, int((now - midnight).total_seconds() // 3600))
    hourly = [r for r in refs if r.interval_s == 3600]
    received: dict[int, int] = {}
    if hourly and hours_elapsed:
        from sqlalchemy import func, select

        from ljeco.observations.models import Observation

        stmt = (
            select(Observation.series_id, func.count())
            .where(Observation.series_id.in_([r.series_id for r in hourly]), Observation.time >= midnight)
            .group_by(Observation.series_id)
        )
        received = {int(sid): int(n) for sid, n in session.execute(stmt)}
    out = []
    for kind in kinds:
        ks = [s for s in sites if s.kind == kind]
        if not ks:
            continue
        ids = {s.db_id for s in ks if s.db_id is not None}
        online = sum(1 for i in ids if i in newest and (now - newest[i]).total_seconds() <= OFFLINE_AFTER_S)
        k_hourly = [r for r in hourly if r.site_id in ids]
        got = sum(min(received.get(r.series_id, 0), hours_elapsed) for r in k_hourly)
        expected = len(k_hourly) * hours_elapsed
        out.append({
            "kind": str(kind), "label": SITE_KIND_LABELS[kind], "sites": len(ks), "connected": len(ids),
            "online": online, "received": got, "expected": expected,
            "rate": round(100.0 * got / expected, 1) if expected else None,
        })  # fmt: skip
    return out


def dashboard(session: Session, *, user: Any, now: datetime | None = None) -> dict[str, Any]:
    """Every figure of the dashboard (JSON-ready)."""
    now = now or utcnow()
    key = f"{session.get_bind().engine.url}|{scope_key(user)}|{now.replace(minute=0, second=0, microsecond=0).isoformat()}"
    return dict(cached(key, lambda: _dashboard(session, user=user, now=now)))


def scope_key(user: Any) -> str:
    """A cache key part for what ``user`` may see (district-wide roles share one)."""
    if user is None:
        return "anonymous"
    if getattr(user, "district_wide", False):
        return "all"
    return f"{user.role}:{user.scope_unit}:{user.scope_enterprise}"


#: The year-to-date figures change once a day (new day rollups): recomputed at most every 10 minutes.
YTD_CACHE_SECONDS = 600.0


def year_to_date(session: Session, assess_ids: list[int], today: date) -> airstats.DailyAir:
    """Daily district figures from 1 January to yesterday (cached; warmed at start-up by the pages module)."""
    jan1, yesterday = date(today.year, 1, 1), today - timedelta(days=1)
    key = f"ytd|{session.get_bind().engine.url}|{sorted(assess_ids)}|{today}"
    return cached(
        key, lambda: airstats.daily_air(session, assess_ids, jan1, yesterday), seconds=YTD_CACHE_SECONDS
    )


def warm(session: Session) -> None:
    """Compute the cached year-to-date figures of the district and the AQI calendars of the air stations."""
    today = utcnow().astimezone(CST).date()
    ids = [s.db_id for s in _assessment_stations(all_sites(session)) if s.db_id is not None]
    if ids and today.timetuple().tm_yday > 1:
        year_to_date(session, ids, today)
    from ljeco.modules.monitoring.objects import cached_calendar

    for site in all_sites(session):
        if site.kind == SiteKind.air_station and site.db_id is not None:
            cached_calendar(session, site, today.year, today)


def _dashboard(session: Session, *, user: Any, now: datetime) -> dict[str, Any]:
    sites = [s for s in all_sites(session) if visible_to(user, s)]
    air = [s for s in sites if s.kind == SiteKind.air_station]
    air_ids = [s.db_id for s in air if s.db_id is not None]
    refs = queries.series_of_sites(session, air_ids)
    pref = list(queries.preferred(refs).values())
    latest = queries.latest_values(session, pref)
    # In-area stations first, then neighbours and the control (background) station.
    role_order = {"in_area": 0, None: 0, "neighbour": 1, "control": 2}
    air.sort(key=lambda s: (role_order.get(s.extra.get("role"), 1), s.code))
    stations = [asdict(station_now(session, s, now, refs, latest)) for s in air]
    for st, s in zip(stations, air, strict=True):
        st["role"] = {"neighbour": "周边站", "control": "对照站"}.get(s.extra.get("role") or "", "")

    today = now.astimezone(CST).date()
    yesterday = today - timedelta(days=1)
    jan1 = date(today.year, 1, 1)
    assess = _assessment_stations(sites)
    assess_ids = [s.db_id for s in assess if s.db_id is not None]
    ytd: dict[str, Any] = {
        "from": jan1.isoformat(), "to": yesterday.isoformat(), "stations": [s.name for s in assess],
        "good_days": None, "valid_days": 0, "days": 0, "good_day_ratio": None, "target": GOOD_DAY_TARGET_PCT,
        "target_source": GOOD_DAY_TARGET_SOURCE, "meets_target": None, "pm25_mean": None, "pm25_days": 0,
        "pm25_limit": None, "pm25_limit_source": None, "unit": "µg/m³",
    }  # fmt: skip
    trend: dict[str, Any] = {"days": [], "aqi": [], "colour": []}
    latest_day: dict[str, Any] | None = None
    if assess_ids and yesterday >= jan1:
        daily = year_to_date(session, assess_ids, today)
        g = airstats.good_days(daily)
        pm = [v for v in daily.conc["pm25"] if v is not None]
        limits = limits_for_period(yesterday)
        ytd |= {
            "good_days": g.good, "valid_days": g.valid, "days": g.total,
            "good_day_ratio": None if g.ratio is None else round(g.ratio, 1),
            "target": GOOD_DAY_TARGET_PCT, "target_source": GOOD_DAY_TARGET_SOURCE,
            "meets_target": None if g.ratio is None else g.ratio >= GOOD_DAY_TARGET_PCT,
            "pm25_mean": round(sum(pm) / len(pm), 1) if pm else None, "pm25_days": len(pm),
            "pm25_limit": limits.annual_limit("pm25"), "pm25_limit_source": f"{limits.title} 年平均二级浓度限值",
            "unit": "µg/m³",
        }  # fmt: skip
        tail = max(0, len(daily.days) - 30)
        for i in range(tail, len(daily.days)):
            cat, colour = airstats.level_style(daily.level[i])
            trend["days"].append(daily.days[i].strftime("%m-%d"))
            trend["aqi"].append(daily.aqi[i])
            trend["colour"].append(colour)
        for i in range(len(daily.days) - 1, -1, -1):
            if daily.aqi[i] is not None:
                cat, colour = airstats.level_style(daily.level[i])
                latest_day = {"day": daily.days[i].isoformat(), "aqi": daily.aqi[i], "category": cat,
                              "colour": colour, "good": (daily.aqi[i] or 0) <= 100, "edition": daily.edition[i]}  # fmt: skip
                break
    online = [s for s in stations if s["status"] == "ok" and s["aqi"] is not None]
    now_tile = {
        "stations": len(online),
        "good": sum(1 for s in online if s["aqi"] <= 100),
        "time": max((s["time"] for s in online), default=None),
    }
    sections = [s for s in sites if s.kind == SiteKind.water_section]
    water = water_sections(session, sections, now)
    judged = [w for w in water if w["met"] is not None]
    return {
        "plan": plan_indicators(session),
        "generated_at": local_label(now),
        "stations": stations,
        "now": now_tile,
        "latest_day": latest_day,
        "ytd": ytd,
        "trend": trend,
        "water": {"sections": water, "judged": len(judged), "met": sum(1 for w in judged if w["met"])},
        "arrival": _arrival(session, sites, now),
    }


def plan_indicators(session: Session) -> dict[str, Any] | None:
    """Plan indicators by status with those at risk or behind first (the plan module's service); ``None`` when no
    plan is stored (the tile is then omitted)."""
    try:
        from ljeco.modules.plan import service as plan
        from ljeco.modules.plan.status import STATUS_RANK, Status
    except ImportError:  # pragma: no cover - the plan module ships with the platform
        return None
    from ljeco.core.errors import LjecoError

    try:
        rows = plan.indicator_statuses(session)
    except LjecoError:
        return None
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    risky = sorted(
        (r for r in rows if r.status in (Status.AT_RISK.value, Status.OFF_TRACK.value)),
        key=lambda r: STATUS_RANK[Status(r.status)],
    )
    return {
        "plan": rows[0].plan if rows else None, "total": len(rows), "counts": counts,
        "risky": [{"id": r.id, "name": r.name, "status": r.status_label, "reason": r.reason, "value": r.value,
                   "unit": r.unit, "target": r.target, "year": r.year} for r in risky[:5]],
        "with_data": len(rows) - counts.get(Status.NO_DATA.value, 0),
    }  # fmt: skip


__all__ = [
    "GOOD_DAY_TARGET_PCT",
    "OFFLINE_AFTER_S",
    "StationNow",
    "cached",
    "clear_cache",
    "dashboard",
    "local_label",
    "name_zh",
    "plan_indicators",
    "scope_key",
    "station_now",
    "warm",
    "water_month_means",
    "year_to_date",
]
