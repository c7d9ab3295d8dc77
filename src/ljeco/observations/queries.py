"""Reading the store: sites, series values (raw or rolled up, decimated), the latest value of every series.

Every query is scoped by the caller (:func:`site_scope`): bureau and admin see everything; an enterprise only its
own outlets; a street, new town or department the sites of its admin unit and the units below it; the public only
disclosed sites. A series the caller may not see answers "not found" (its existence is not disclosed).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.observations.catalog import unit_and_descendants
from ljeco.observations.models import Latest, Observation, Parameter, Review, Series, Site, SiteKind
from ljeco.observations.quality import counts_in_statistics
from ljeco.observations.rollups import RULES, local_month_start, local_year_month
from ljeco.observations.schemas import Interval, LatestItem, Point, SeriesPublic, SeriesValues, SitePublic
from ljeco.observations.scope import visibility

#: Default and ceiling of ``max_points``: a chart is at most a few thousand pixels wide.
DEFAULT_MAX_POINTS = 2000
MAX_POINTS_CEILING = 20000

_REVIEW_NAMES = {int(r): r.name for r in Review}


def site_scope(session: Session, user: User) -> ColumnElement[bool] | None:
    """The condition on :class:`Site` the user may see (``None`` = everything); the public sees disclosed sites."""
    return visibility(
        session,
        user,
        unit=Site.admin_unit_code,
        enterprise=Site.enterprise_uscc,
        public=Site.disclosed.is_(True),
    )


def _site_out(site: Site) -> SitePublic:
    return SitePublic(
        id=site.id,
        code=site.code,
        name=site.name,
        kind=site.kind,
        kind_label=SiteKind(site.kind).label,
        admin_unit_code=site.admin_unit_code,
        lon=site.lon,
        lat=site.lat,
        disclosed=site.disclosed,
        enterprise_uscc=site.enterprise_uscc,
        water_target_class=site.water_target_class,
        noise_zone_class=site.noise_zone_class,
    )


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    """``"minlon,minlat,maxlon,maxlat"`` (WGS-84 degrees) → a tuple; ``None`` passes through."""
    if bbox is None or not bbox.strip():
        return None
    try:
        parts = tuple(float(p) for p in bbox.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        raise ValidationError("bbox must be minlon,minlat,maxlon,maxlat [°]", code="obs.bbox")
    return parts


def list_sites(
    session: Session,
    *,
    user: User,
    kind: str | None = None,
    admin_unit: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[SitePublic], int]:
    """Sites the user may see, filtered by kind, admin unit (with its children) and bounding box."""
    stmt = select(Site).where(Site.active.is_(True))
    scope = site_scope(session, user)
    if scope is not None:
        stmt = stmt.where(scope)
    if kind:
        if kind not in SiteKind.__members__:
            raise ValidationError(f"unknown site kind {kind!r}", code="obs.site_kind")
        stmt = stmt.where(Site.kind == kind)
    if admin_unit:
        stmt = stmt.where(Site.admin_unit_code.in_(sorted(unit_and_descendants(session, admin_unit))))
    if bbox is not None:
        stmt = stmt.where(Site.lon.between(bbox[0], bbox[2]), Site.lat.between(bbox[1], bbox[3]))
    count = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(stmt.order_by(Site.code).offset(offset).limit(limit))
    return [_site_out(s) for s in rows], count


def _series_out(series: Series, site: Site, param: Parameter) -> SeriesPublic:
    return SeriesPublic(
        id=series.id,
        site_id=site.id,
        site_code=site.code,
        parameter=param.code,
        parameter_name=param.name_zh,
        hj212_code=param.hj212_code,
        unit=series.unit,
        interval_s=series.interval_s,
        rule_id=param.rule_id,
    )


def visible_series(session: Session, *, user: User, series_id: int) -> tuple[Series, Site, Parameter]:
    stmt = (
        select(Series, Site, Parameter)
        .join(Site, Site.id == Series.site_id)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .where(Series.id == series_id)
    )
    scope = site_scope(session, user)
    if scope is not None:
        stmt = stmt.where(scope)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFoundError(f"no series {series_id}", code="obs.unknown_series")
    return row[0], row[1], row[2]


def list_series(session: Session, *, user: User, site_id: int | None = None) -> list[SeriesPublic]:
    stmt = (
        select(Series, Site, Parameter)
        .join(Site, Site.id == Series.site_id)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .order_by(Series.id)
    )
    scope = site_scope(session, user)
    if scope is not None:
        stmt = stmt.where(scope)
    if site_id is not None:
        stmt = stmt.where(Series.site_id == site_id)
    return [_series_out(s, site, p) for s, site, p in session.execute(stmt)]


def minmax_decimate(t: np.ndarray, v: np.ndarray, max_points: int) -> np.ndarray:
    """Indices (sorted) of at most ``max_points`` points keeping each bucket's minimum and maximum.

    The time range is cut into ``max_points // 2`` equal buckets; the lowest and highest value of each bucket are
    kept, so every peak and trough — in particular the global minimum and maximum — survives. Points without a
    value (NaN) are dropped first.

    >>> minmax_decimate(np.arange(6), np.array([1.0, 9.0, 2.0, 8.0, np.nan, 0.0]), 4).tolist()
    [0, 1, 3, 5]
    """
    keep = np.flatnonzero(~np.isnan(v))
    if len(keep) <= max_points:
        return keep
    tk, vk = t[keep], v[keep]
    n_buckets = max(1, max_points // 2)
    span = int(tk[-1] - tk[0]) + 1
    bucket = ((tk - tk[0]) * n_buckets) // span
    order = np.lexsort((vk, bucket))  # by bucket, then value
    sorted_bucket = bucket[order]
    first = np.flatnonzero(np.r_[True, sorted_bucket[1:] != sorted_bucket[:-1]])
    last = np.r_[first[1:] - 1, len(order) - 1]
    chosen = np.unique(np.r_[order[first], order[last]])
    return keep[chosen]


def _fetch(session: Session, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples from the driver (skips SQLAlchemy's row objects: a series-year is 8,760 rows)."""
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    if session.get_bind().dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur = dbapi.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValidationError("from/to need a time zone (e.g. 2024-01-01T00:00+08:00)", code="obs.time")
    return int(moment.timestamp())


def _period_end(level: str, t: int) -> int:
    if level == "hour":
        return t + 3600
    if level == "day":
        return t + 86400
    year, month = local_year_month(t)
    if level == "month":
        return local_month_start(year + (month == 12), month % 12 + 1)
    return local_month_start(year + 1, 1)


def _utc(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def _local(t: int) -> str:
    return datetime.fromtimestamp(t, CST).isoformat()


def series_values(
    session: Session,
    *,
    user: User,
    series_id: int,
    t_from: datetime,
    t_to: datetime,
    interval: Interval = "raw",
    max_points: int | None = DEFAULT_MAX_POINTS,
) -> SeriesValues:
    """Values of one series with period start in [t_from, t_to), raw or rolled up, decimated to ``max_points``."""
    series, site, param = visible_series(session, user=user, series_id=series_id)
    lo, hi = _epoch(t_from), _epoch(t_to)
    if hi <= lo:
        raise ValidationError("'to' must be after 'from'", code="obs.range")
    if max_points is not None and not 2 <= max_points <= MAX_POINTS_CEILING:
        raise ValidationError(f"max_points must be 2–{MAX_POINTS_CEILING}", code="obs.max_points")
    rule = RULES.get(param.rule_id)
    use_raw = interval == "raw" or (interval == "hour" and series.interval_s == 3600)
    if interval == "hour" and series.interval_s > 3600:
        raise ValidationError("this series is coarser than hourly", code="obs.interval")
    if use_raw:
        rows = _fetch(
            session,
            "SELECT t, value, flag, review FROM observations WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t",
            (series_id, lo, hi),
        )
    else:
        rows = _fetch(
            session,
            "SELECT t, mean, min, max, count, expected, coverage, valid FROM rollups "
            "WHERE series_id = ? AND level = ? AND t >= ? AND t < ? ORDER BY t",
            (series_id, interval, lo, hi),
        )
    total = len(rows)
    idx: Any = range(total)
    if max_points is not None and total > max_points:
        t_arr = np.fromiter((r[0] for r in rows), np.int64, total)
        v_arr = np.fromiter((np.nan if r[1] is None else r[1] for r in rows), np.float64, total)
        idx = minmax_decimate(t_arr, v_arr, max_points).tolist()
    points: list[Point] = []
    for i in idx:
        r = rows[i]
        t = int(r[0])
        if use_raw:
            end = t + series.interval_s
            in_stats = counts_in_statistics(r[1], r[2], int(r[3]))
            points.append(
                Point(
                    period_from=_utc(t),
                    period_to=_utc(end),
                    local_from=_local(t),
                    value=r[1],
                    flag=r[2],
                    review=_REVIEW_NAMES.get(int(r[3]), str(r[3])),
                    count=int(in_stats) if interval == "hour" else None,
                    expected=1 if interval == "hour" else None,
                    coverage=float(in_stats) if interval == "hour" else None,
                    valid=in_stats if interval == "hour" else None,
                )
            )
        else:
            points.append(
                Point(
                    period_from=_utc(t),
                    period_to=_utc(_period_end(interval, t)),
                    local_from=_local(t),
                    value=r[1],
                    min=r[2],
                    max=r[3],
                    count=r[4],
                    expected=r[5],
                    coverage=r[6],
                    valid=bool(r[7]),
                )
            )
    return SeriesValues(
        series=_series_out(series, site, param),
        interval=interval,
        unit=series.unit,
        rule_id=rule.id if rule and interval != "raw" else None,
        rule_source=rule.source if rule and interval != "raw" else None,
        rule_verification=rule.verification if rule and interval != "raw" else None,
        total=total,
        decimated=len(points) < total,
        data=points,
        count=len(points),
    )


def latest(
    session: Session, *, user: User, kind: str | None = None, now: datetime | None = None
) -> list[LatestItem]:
    """The newest value of every visible series, with its age (read from the ``obs_latest`` pointer table)."""
    now_s = int((now or utcnow()).timestamp())
    stmt = (
        select(
            Latest.series_id,
            Site.id,
            Site.code,
            Site.name,
            Parameter.code,
            Parameter.name_zh,
            Series.unit,
            Series.interval_s,
            Observation.time,
            Observation.value,
            Observation.flag,
            Observation.review,
        )
        .join(Observation, (Observation.series_id == Latest.series_id) & (Observation.time == Latest.time))
        .join(Series, Series.id == Latest.series_id)
        .join(Site, Site.id == Series.site_id)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .order_by(Latest.series_id)
    )
    scope = site_scope(session, user)
    if scope is not None:
        stmt = stmt.where(scope)
    if kind:
        stmt = stmt.where(Site.kind == kind)
    out = []
    for sid, site_id, code, name, pcode, pname, unit, interval_s, t, value, flag, review in session.execute(
        stmt
    ):
        start = int(t.timestamp())
        end = start + interval_s
        out.append(
            LatestItem(
                series_id=sid,
                site_id=site_id,
                site_code=code,
                site_name=name,
                parameter=pcode,
                parameter_name=pname,
                unit=unit,
                interval_s=interval_s,
                period_from=t,
                period_to=_utc(end),
                value=value,
                flag=flag,
                review=_REVIEW_NAMES.get(int(review), str(review)),
                age_s=now_s - end,
            )
        )
    return out


__all__ = [
    "DEFAULT_MAX_POINTS",
    "latest",
    "list_series",
    "list_sites",
    "minmax_decimate",
    "parse_bbox",
    "series_values",
    "site_scope",
    "visible_series",
]
