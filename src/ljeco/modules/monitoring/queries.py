"""Read-only queries on the observation store that the pages need.

This is an adapter: the store's own query layer (``/api/v1/series/{id}/observations``, ``/api/v1/latest``) was not
in the tree when the pages were written. When it lands, these functions should delegate to it; their return types
are what the pages rely on.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ljeco.observations.models import Latest, Observation, Parameter, Rollup, Series

#: Intervals a chart or table can ask for: ``raw`` is the series as stored, the rest are rollup levels.
INTERVALS = ("raw", "hour", "day", "month", "year")

INTERVAL_LABELS = {"raw": "原始", "hour": "小时", "day": "日", "month": "月", "year": "年"}


@dataclass(frozen=True, slots=True)
class SeriesRef:
    series_id: int
    site_id: int
    parameter: str
    name_zh: str
    unit: str
    decimals: int
    interval_s: int
    medium: str


@dataclass(frozen=True, slots=True)
class LatestValue:
    ref: SeriesRef
    time: datetime  # period start, UTC
    value: float | None
    flag: str
    review: int

    @property
    def end(self) -> datetime:
        """End of the value's period (the label CNEMC shows for an hourly value)."""
        return datetime.fromtimestamp(self.time.timestamp() + self.ref.interval_s, UTC)


def shown(value: float | None, decimals: int) -> float | int | None:
    """A value as displayed: rounded half to even (GB/T 8170) to the parameter's decimals; integers as ``int``.

    >>> shown(8.5, 0), shown(0.75, 1), shown(None, 2)
    (8, 0.8, None)
    """
    if value is None:
        return None
    return round(value) if decimals <= 0 else round(value, decimals)


def series_of_sites(session: Session, site_ids: Iterable[int]) -> list[SeriesRef]:
    ids = list(site_ids)
    if not ids:
        return []
    stmt = (
        select(Series, Parameter)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .where(Series.site_id.in_(ids))
        .order_by(Series.site_id, Parameter.id, Series.interval_s)
    )
    return [
        SeriesRef(s.id, s.site_id, p.code, p.name_zh, s.unit, p.decimals, s.interval_s, p.medium)
        for s, p in session.execute(stmt)
    ]


def preferred(refs: Sequence[SeriesRef]) -> dict[tuple[int, str], SeriesRef]:
    """One series per (site, parameter): the hourly one where it exists (the standards' base), else the finest."""
    out: dict[tuple[int, str], SeriesRef] = {}
    for ref in refs:
        key = (ref.site_id, ref.parameter)
        have = out.get(key)
        if (
            have is None
            or (ref.interval_s == 3600)
            or (have.interval_s != 3600 and ref.interval_s < have.interval_s)
        ):
            out[key] = ref
    return out


def latest_values(session: Session, refs: Sequence[SeriesRef]) -> dict[int, LatestValue]:
    """Newest observation of each series (by ``obs_latest``), keyed by series id."""
    by_id = {r.series_id: r for r in refs}
    if not by_id:
        return {}
    stmt = (
        select(
            Observation.series_id, Observation.time, Observation.value, Observation.flag, Observation.review
        )
        .join(Latest, and_(Latest.series_id == Observation.series_id, Latest.time == Observation.time))
        .where(Latest.series_id.in_(list(by_id)))
    )
    return {
        sid: LatestValue(by_id[sid], t, v, flag, review) for sid, t, v, flag, review in session.execute(stmt)
    }


def values_at(
    session: Session, series_ids: Sequence[int], t_from: datetime, t_to: datetime
) -> list[tuple[int, int, float | None, str, int]]:
    """Raw observations ``(series_id, epoch s, value, flag, review)`` with ``t_from <= time < t_to``."""
    if not series_ids:
        return []
    stmt = (
        select(
            Observation.series_id, Observation.time, Observation.value, Observation.flag, Observation.review
        )
        .where(Observation.series_id.in_(list(series_ids)))
        .where(Observation.time >= t_from, Observation.time < t_to)
        .order_by(Observation.series_id, Observation.time)
    )
    return [(sid, int(t.timestamp()), v, f, r) for sid, t, v, f, r in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class Point:
    t: int  # period start, epoch s
    value: float | None
    flag: str  # HJ 212 data flag (raw) or "" for aggregates
    valid: bool  # counts in statistics (raw) / meets the validity rule (aggregates)
    coverage: float | None  # aggregates only, 0…1


def series_points(
    session: Session, ref: SeriesRef, *, interval: str, t_from: datetime, t_to: datetime
) -> list[Point]:
    """Values of one series over ``[t_from, t_to)``: the stored values (``raw``, and ``hour`` for an hourly series) or
    the rollup level (``hour`` for sub-hourly series, ``day``, ``month``, ``year``)."""
    if interval == "raw" or (interval == "hour" and ref.interval_s >= 3600):
        stmt = (
            select(Observation.time, Observation.value, Observation.flag, Observation.review)
            .where(Observation.series_id == ref.series_id)
            .where(Observation.time >= t_from, Observation.time < t_to)
            .order_by(Observation.time)
        )
        return [
            Point(int(t.timestamp()), v, f, v is not None and f == "N" and r != 2, None)
            for t, v, f, r in session.execute(stmt)
        ]
    rstmt = (
        select(Rollup.time, Rollup.mean, Rollup.valid, Rollup.coverage)
        .where(Rollup.series_id == ref.series_id, Rollup.level == interval)
        .where(Rollup.time >= t_from, Rollup.time < t_to)
        .order_by(Rollup.time)
    )
    return [Point(int(t.timestamp()), m, "", bool(ok), cov) for t, m, ok, cov in session.execute(rstmt)]


def rollup_means(
    session: Session, series_ids: Sequence[int], level: str, t_from: datetime, t_to: datetime
) -> list[tuple[int, int, float | None, bool]]:
    """Rollups of one level for many series in one query: ``(series_id, period start epoch s, mean, valid)``."""
    if not series_ids:
        return []
    stmt = (
        select(Rollup.series_id, Rollup.time, Rollup.mean, Rollup.valid)
        .where(Rollup.series_id.in_(list(series_ids)), Rollup.level == level)
        .where(Rollup.time >= t_from, Rollup.time < t_to)
    )
    return [(sid, int(t.timestamp()), m, bool(v)) for sid, t, m, v in session.execute(stmt)]


def day_means(
    session: Session, series_ids: Sequence[int], t_from: datetime, t_to: datetime
) -> list[tuple[int, int, float | None, bool]]:
    """Day rollups ``(series_id, local-day start epoch s, mean, valid)``."""
    if not series_ids:
        return []
    stmt = (
        select(Rollup.series_id, Rollup.time, Rollup.mean, Rollup.valid)
        .where(Rollup.series_id.in_(list(series_ids)), Rollup.level == "day")
        .where(Rollup.time >= t_from, Rollup.time < t_to)
    )
    return [(sid, int(t.timestamp()), m, bool(v)) for sid, t, m, v in session.execute(stmt)]


def decimate(points: Sequence[Point], max_points: int) -> list[Point]:
    """Keep peaks: split into ``max_points // 2`` buckets and keep each bucket's minimum and maximum (in time order).

    Missing values are kept as gaps only where a whole bucket is empty of values.
    """
    n = len(points)
    if max_points <= 0 or n <= max_points:
        return list(points)
    buckets = max(1, max_points // 2)
    edges = np.linspace(0, n, buckets + 1).astype(int)
    values = np.array([np.nan if p.value is None else p.value for p in points], dtype=float)
    out: list[Point] = []
    for lo, hi in itertools.pairwise(edges):
        if hi <= lo:
            continue
        chunk = values[lo:hi]
        if np.isnan(chunk).all():
            out.append(points[lo])
            continue
        i_min = lo + int(np.nanargmin(chunk))
        i_max = lo + int(np.nanargmax(chunk))
        for i in sorted({i_min, i_max}):
            out.append(points[i])
    return out


__all__ = [
    "INTERVALS",
    "INTERVAL_LABELS",
    "LatestValue",
    "Point",
    "SeriesRef",
    "day_means",
    "decimate",
    "latest_values",
    "preferred",
    "rollup_means",
    "series_of_sites",
    "series_points",
    "shown",
    "values_at",
]
