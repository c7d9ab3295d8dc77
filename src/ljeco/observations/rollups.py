"""Rollups hour → day → month → year with count, expected count, coverage, min, max, mean and the validity rule.

Periods follow the standards' local time (UTC+8): a day is the 24 hourly values labelled 01:00 … 24:00, i.e. the
hours whose period *starts* at local 00:00 … 23:00 (``ljeco.core.timeutil.cnemc_day``). Rollup rows are stored
with the UTC epoch second of the period start.

* hour  — from sub-hourly values (minute data): count of values, expected ``3600 / interval``; validity compares
  the minutes covered with the rule (GB 3095: ≥ 45 min). Hourly series are their own hour level (not copied).
* day   — from valid hours (the hourly series' values, or the hour rollups' means): expected 24.
* month — from valid days: mean of the valid daily means (GB 3095-2012 §3 definitions), expected = days in month.
* year  — from the month rows (Σ count, Σ(mean·count)/Σ count = the mean of the valid daily means of the year).

Only values that count in statistics enter (:func:`ljeco.observations.quality.counts_in_statistics`).
Rollups are recomputable at any time from the observations (:func:`rebuild`); :func:`refresh` folds in only the
days queued by writes and reviews (``rollup_dirty``) and the months and years containing them.
"""

from __future__ import annotations

import calendar
import logging
import math
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, delete, insert, select, text
from sqlalchemy.orm import Session

from ljeco.core.db import write_session
from ljeco.observations import quality
from ljeco.observations.models import Parameter, Rollup, RollupDirty, Series

logger = logging.getLogger(__name__)

CST_OFFSET_S = 8 * 3600
ROLLUPS = cast(Table, Rollup.__table__)
LEVELS = ("hour", "day", "month", "year")


@dataclass(frozen=True, slots=True)
class RollupRule:
    """A data-validity rule: the minimum inputs for each level to be valid.

    ``day_min_hours`` applies to a day of 24 expected hours; for coarser series (e.g. 4-hourly water samples) it
    is scaled by the expected count and rounded up.
    """

    id: str
    label: str
    source: str
    verification: str
    hour_min_minutes: int
    day_min_hours: int
    month_min_days: int
    feb_min_days: int
    year_min_days: int
    fraction: float | None = None  # when set, month/year minimum = ceil(fraction × days in the period)

    def day_min(self, expected: int) -> int:
        return self.day_min_hours if expected == 24 else math.ceil(expected * self.day_min_hours / 24)

    def month_min(self, year: int, month: int) -> int:
        if self.fraction is not None:
            return math.ceil(self.fraction * calendar.monthrange(year, month)[1])
        return self.feb_min_days if month == 2 else self.month_min_days

    def year_min(self, year: int) -> int:
        if self.fraction is not None:
            return math.ceil(self.fraction * (366 if calendar.isleap(year) else 365))
        return self.year_min_days


RULES: dict[str, RollupRule] = {
    rule.id: rule
    for rule in (
        RollupRule(
            id="GB3095-T4",
            label="GB 3095 数据有效性规定",
            source="GB 3095-2012 Table 4 (same content in GB 3095-2026 Table 4)",
            verification="2026 Table 4 read; 2012 Table 4 inferred from HJ 663-2013 §6.1.1 (medium-high)",
            hour_min_minutes=45,  # 1-hour: ≥ 45 min of sampling per hour
            day_min_hours=20,  # 24-hour: ≥ 20 hourly means per day
            month_min_days=27,  # ≥ 27 daily means per month …
            feb_min_days=25,  # … February ≥ 25
            year_min_days=324,  # annual: ≥ 324 daily means per year
        ),
        RollupRule(
            id="coverage-75",
            label="覆盖率不低于75%",
            source="platform default (no national rule for this parameter); configurable per parameter",
            verification="our choice",
            hour_min_minutes=45,
            day_min_hours=18,
            month_min_days=0,
            feb_min_days=0,
            year_min_days=0,
            fraction=0.75,
        ),
        RollupRule(
            id="any",
            label="有数据即有效",
            source="platform default for sampled media (noise, soil, groundwater): one value makes the period",
            verification="our choice",
            hour_min_minutes=1,
            day_min_hours=1,
            month_min_days=1,
            feb_min_days=1,
            year_min_days=1,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class RollupStats:
    series: int
    rows: int


def local_month_start(year: int, month: int) -> int:
    """UTC epoch seconds of local (UTC+8) 00:00 on the 1st of ``month``."""
    return calendar.timegm((year, month, 1, 0, 0, 0)) - CST_OFFSET_S


def local_year_month(t: int) -> tuple[int, int]:
    local = datetime.fromtimestamp(t + CST_OFFSET_S, UTC)
    return local.year, local.month


def _valid_sql(prefix: str = "") -> str:
    flags = ", ".join(f"'{f}'" for f in sorted(quality.STAT_FLAGS) if f.isalnum())
    return (
        f"{prefix}value IS NOT NULL AND {prefix}review <> 2 AND {prefix}flag IN ({flags})"
        if flags
        else "1 = 0"
    )


def _rule_of(session: Session) -> dict[int, tuple[Series, RollupRule]]:
    rows = session.execute(
        select(Series, Parameter.rule_id).join(Parameter, Parameter.id == Series.parameter_id)
    )
    return {s.id: (s, RULES.get(rule_id, RULES["coverage-75"])) for s, rule_id in rows}


def month_rows(
    days: Iterable[tuple[int, int, float, float, float]], rule: RollupRule, series_id: int
) -> list[dict[str, Any]]:
    """Month rollups from valid day rows ``(t, count, min, max, mean)`` (pure; tested by hand-computed cases)."""
    groups: dict[tuple[int, int], list[tuple[int, int, float, float, float]]] = defaultdict(list)
    for day in days:
        groups[local_year_month(day[0])].append(day)
    out = []
    for (year, month), rows in sorted(groups.items()):
        n = len(rows)
        expected = calendar.monthrange(year, month)[1]
        out.append(
            _row(
                series_id,
                "month",
                local_month_start(year, month),
                n,
                expected,
                min(r[2] for r in rows),
                max(r[3] for r in rows),
                sum(r[4] for r in rows) / n,
                n >= rule.month_min(year, month),
                rule,
            )
        )
    return out


def year_rows(months: Iterable[dict[str, Any]], rule: RollupRule, series_id: int) -> list[dict[str, Any]]:
    """Year rollups from month rows (Σ valid days; mean = Σ(mean·count)/Σ count = mean of the valid daily means)."""
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in months:
        if m["count"]:
            groups[local_year_month(m["t"])[0]].append(m)
    out = []
    for year, rows in sorted(groups.items()):
        n = sum(r["count"] for r in rows)
        expected = 366 if calendar.isleap(year) else 365
        out.append(
            _row(
                series_id,
                "year",
                local_month_start(year, 1),
                n,
                expected,
                min(r["min"] for r in rows),
                max(r["max"] for r in rows),
                sum(r["mean"] * r["count"] for r in rows) / n,
                n >= rule.year_min(year),
                rule,
            )
        )
    return out


def _row(
    series_id: int,
    level: str,
    t: int,
    count: int,
    expected: int,
    lo: float | None,
    hi: float | None,
    mean: float | None,
    valid: bool,
    rule: RollupRule,
) -> dict[str, Any]:
    return {
        "series_id": series_id,
        "level": level,
        "t": int(t),
        "count": int(count),
        "expected": int(expected),
        "coverage": count / expected if expected else 0.0,
        "min": lo,
        "max": hi,
        "mean": mean,
        "valid": bool(valid),
        "rule_id": rule.id,
    }


def _delete(session: Session, series_id: int, level: str, lo: int, hi: int) -> None:
    session.execute(
        text("DELETE FROM rollups WHERE series_id = :s AND level = :l AND t >= :lo AND t < :hi"),
        {"s": series_id, "l": level, "lo": lo, "hi": hi},
    )


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(ROLLUPS), rows)


def recompute(session: Session, series: Series, rule: RollupRule, lo: int, hi: int) -> int:
    """Recompute every level of ``series`` for the local days in [lo, hi) and the months/years containing them."""
    conn = session.connection()
    interval = series.interval_s
    rows: list[dict[str, Any]] = []
    params = {"s": series.id, "lo": lo, "hi": hi}
    if interval < 3600:
        _delete(session, series.id, "hour", lo, hi)
        per_hour = 3600 // interval
        hours = conn.execute(
            text(
                "SELECT (t / 3600) * 3600 AS h, count(*), min(value), max(value), avg(value) FROM observations "
                f"WHERE series_id = :s AND t >= :lo AND t < :hi AND {_valid_sql()} GROUP BY (t / 3600) * 3600"
            ),
            params,
        ).all()
        hour_rows = [
            _row(series.id, "hour", h, n, per_hour, a, b, m, n * interval >= rule.hour_min_minutes * 60, rule)
            for h, n, a, b, m in hours
        ]
        _insert(session, hour_rows)
        rows += hour_rows
        day_source = (
            "SELECT ((t + 28800) / 86400) * 86400 - 28800 AS d, count(*), min(mean), max(mean), avg(mean) "
            "FROM rollups WHERE series_id = :s AND level = 'hour' AND valid AND t >= :lo AND t < :hi "
            "GROUP BY ((t + 28800) / 86400) * 86400 - 28800"
        )
    else:
        day_source = (
            "SELECT ((t + 28800) / 86400) * 86400 - 28800 AS d, count(*), min(value), max(value), avg(value) "
            f"FROM observations WHERE series_id = :s AND t >= :lo AND t < :hi AND {_valid_sql()} "
            "GROUP BY ((t + 28800) / 86400) * 86400 - 28800"
        )
    if interval <= 86400:
        expected = 86400 // max(interval, 3600)
        _delete(session, series.id, "day", lo, hi)
        day_rows = [
            _row(series.id, "day", d, n, expected, a, b, m, n >= rule.day_min(expected), rule)
            for d, n, a, b, m in conn.execute(text(day_source), params)
        ]
        _insert(session, day_rows)
        rows += day_rows
    rows += _months_and_years(session, series.id, rule, lo, hi)
    return len(rows)


def _months_and_years(
    session: Session, series_id: int, rule: RollupRule, lo: int, hi: int
) -> list[dict[str, Any]]:
    y0, m0 = local_year_month(lo)
    y1, m1 = local_year_month(hi - 1)
    m_lo = local_month_start(y0, m0)
    m_hi = local_month_start(y1 + (m1 == 12), m1 % 12 + 1)
    days = session.execute(
        text(
            "SELECT t, count, min, max, mean FROM rollups WHERE series_id = :s AND level = 'day' AND valid "
            "AND t >= :lo AND t < :hi ORDER BY t"
        ),
        {"s": series_id, "lo": m_lo, "hi": m_hi},
    ).all()
    _delete(session, series_id, "month", m_lo, m_hi)
    months = month_rows([tuple(d) for d in days], rule, series_id)
    _insert(session, months)
    yr_lo, yr_hi = local_month_start(y0, 1), local_month_start(y1 + 1, 1)
    all_months = session.execute(
        text(
            "SELECT t, count, min, max, mean FROM rollups WHERE series_id = :s AND level = 'month' "
            "AND t >= :lo AND t < :hi"
        ),
        {"s": series_id, "lo": yr_lo, "hi": yr_hi},
    ).mappings()
    _delete(session, series_id, "year", yr_lo, yr_hi)
    years = year_rows([dict(m) for m in all_months], rule, series_id)
    _insert(session, years)
    return months + years


def rebuild(session: Session, series_ids: Iterable[int] | None = None) -> RollupStats:
    """Recompute all rollups (of ``series_ids``, default every series) from the observations."""
    rules = _rule_of(session)
    wanted = set(series_ids) if series_ids is not None else set(rules)
    spans = session.execute(
        text("SELECT series_id, min(t), max(t) FROM observations GROUP BY series_id")
    ).all()
    if series_ids is None:
        session.execute(delete(Rollup))
    else:
        for sid in wanted:
            session.execute(delete(Rollup).where(Rollup.series_id == sid))
    session.execute(delete(RollupDirty).where(RollupDirty.series_id.in_(wanted)))
    total, count = 0, 0
    for sid, t_min, t_max in spans:
        if sid not in wanted or sid not in rules:
            continue
        series, rule = rules[sid]
        lo = (int(t_min) + CST_OFFSET_S) // 86400 * 86400 - CST_OFFSET_S
        hi = (int(t_max) + CST_OFFSET_S) // 86400 * 86400 - CST_OFFSET_S + 86400
        total += recompute(session, series, rule, lo, hi)
        count += 1
    return RollupStats(series=count, rows=total)


def refresh(session: Session, series_ids: Iterable[int] | None = None) -> RollupStats:
    """Fold in the days queued by writes and reviews since the last refresh (incremental, set-based)."""
    from ljeco.observations.incremental import refresh as refresh_queued

    return refresh_queued(session, series_ids)


def start_worker(every_s: float = 60.0, engine: Engine | None = None) -> threading.Event:
    """Refresh the rollups every ``every_s`` seconds in a daemon thread; set the returned event to stop it.

    For the web process (call it at start-up) or any long-running writer; ``ljeco rollup watch`` does the same in
    the foreground. A failed round is logged and retried at the next tick.
    """
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                with write_session(engine) as session:
                    refresh(session)
            except Exception:  # keep the worker alive; the next round retries the same queue
                logger.exception("rollup refresh failed")

    threading.Thread(target=loop, name="rollup-refresh", daemon=True).start()
    return stop


__all__ = [
    "LEVELS",
    "RULES",
    "RollupRule",
    "RollupStats",
    "local_month_start",
    "local_year_month",
    "month_rows",
    "rebuild",
    "recompute",
    "refresh",
    "start_worker",
    "year_rows",
]
