"""Incremental rollups, set-based: fold the queued days of every series in a handful of statements.

``rollups.recompute`` works series by series (about ten statements each), fine for a rebuild but too chatty when a
new hour arrives for a thousand series at once. Here the queued (series, local day) pairs are staged in a temporary
table and each level is recomputed for all of them with one grouped query; only the month and year arithmetic (a
few rows per series) runs in Python, with the same functions as the rebuild, so both give identical rows (tested).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ljeco.observations.rollups import (
    CST_OFFSET_S,
    ROLLUPS,
    RollupStats,
    _row,
    _rule_of,
    _valid_sql,
    local_month_start,
    local_year_month,
    month_rows,
    year_rows,
)


def _stage(conn: Connection, name: str, rows: list[dict[str, int]]) -> None:
    conn.execute(
        text(f"CREATE TEMP TABLE IF NOT EXISTS {name} (series_id INTEGER NOT NULL, lo BIGINT, hi BIGINT)")
    )
    conn.execute(text(f"DELETE FROM {name}"))
    if rows:
        conn.execute(text(f"INSERT INTO {name} (series_id, lo, hi) VALUES (:s, :lo, :hi)"), rows)


def _delete_keys(conn: Connection, level: str, keys: list[dict[str, int]]) -> None:
    if keys:
        conn.execute(
            text("DELETE FROM rollups WHERE series_id = :s AND level = :l AND t >= :lo AND t < :hi"),
            [k | {"l": level} for k in keys],
        )


def _insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(ROLLUPS.insert(), rows)


def refresh(session: Session, series_ids: Iterable[int] | None = None) -> RollupStats:
    """Recompute the hours, days, months and years touched since the last refresh (see ``rollup_dirty``).

    ``series_ids`` limits the work to those series (a review refreshes its own series at once).
    """
    conn = session.connection()
    queued = [(int(s), int(d)) for s, d in conn.execute(text("SELECT series_id, day FROM rollup_dirty"))]
    if series_ids is not None:
        wanted = set(series_ids)
        queued = [(s, d) for s, d in queued if s in wanted]
    if not queued:
        return RollupStats(0, 0)
    rules = _rule_of(session)
    pairs = [(s, d) for s, d in queued if s in rules and rules[s][0].interval_s <= 86400]
    days = [{"s": s, "lo": d, "hi": d + 86400} for s, d in pairs]
    _stage(conn, "_roll_days", days)

    # Hours of sub-hourly series.
    sub = [k for k in days if rules[k["s"]][0].interval_s < 3600]
    _delete_keys(conn, "hour", sub)
    hour_rows = []
    for sid, h, n, lo, hi, mean in conn.execute(
        text(
            "SELECT o.series_id, (o.t / 3600) * 3600, count(*), min(o.value), max(o.value), avg(o.value) "
            "FROM _roll_days d JOIN series s ON s.id = d.series_id AND s.interval_s < 3600 "
            "JOIN observations o ON o.series_id = d.series_id AND o.t >= d.lo AND o.t < d.hi "
            f"WHERE {_valid_sql('o.')} GROUP BY o.series_id, (o.t / 3600) * 3600"
        )
    ):
        series, rule = rules[sid]
        per_hour = 3600 // series.interval_s
        valid = n * series.interval_s >= rule.hour_min_minutes * 60
        hour_rows.append(_row(sid, "hour", h, n, per_hour, lo, hi, mean, valid, rule))
    _insert(conn, hour_rows)

    # Days: from the values of hourly-to-daily series, from the valid hour rollups of sub-hourly ones.
    _delete_keys(conn, "day", days)
    day_rows = []
    grouped = conn.execute(
        text(
            "SELECT o.series_id, d.lo, count(*), min(o.value), max(o.value), avg(o.value) "
            "FROM _roll_days d JOIN series s ON s.id = d.series_id AND s.interval_s >= 3600 "
            "JOIN observations o ON o.series_id = d.series_id AND o.t >= d.lo AND o.t < d.hi "
            f"WHERE {_valid_sql('o.')} GROUP BY o.series_id, d.lo "
            "UNION ALL "
            "SELECT r.series_id, d.lo, count(*), min(r.mean), max(r.mean), avg(r.mean) "
            "FROM _roll_days d JOIN rollups r ON r.series_id = d.series_id AND r.level = 'hour' AND r.valid "
            "AND r.t >= d.lo AND r.t < d.hi GROUP BY r.series_id, d.lo"
        )
    ).all()
    for sid, day, n, lo, hi, mean in grouped:
        series, rule = rules[sid]
        expected = 86400 // max(series.interval_s, 3600)
        day_rows.append(_row(sid, "day", day, n, expected, lo, hi, mean, n >= rule.day_min(expected), rule))
    _insert(conn, day_rows)

    # Months containing the touched days, from their valid day rollups.
    month_keys: set[tuple[int, int, int]] = set()
    for s, d in pairs:
        y, m = local_year_month(d)
        month_keys.add((s, local_month_start(y, m), local_month_start(y + (m == 12), m % 12 + 1)))
    months = [{"s": s, "lo": lo, "hi": hi} for s, lo, hi in sorted(month_keys)]
    _stage(conn, "_roll_months", months)
    _delete_keys(conn, "month", months)
    by_series: dict[int, list[tuple[int, int, float, float, float]]] = defaultdict(list)
    for sid, t, n, lo, hi, mean in conn.execute(
        text(
            "SELECT r.series_id, r.t, r.count, r.min, r.max, r.mean FROM _roll_months m JOIN rollups r "
            "ON r.series_id = m.series_id AND r.level = 'day' AND r.valid AND r.t >= m.lo AND r.t < m.hi"
        )
    ):
        by_series[sid].append((t, n, lo, hi, mean))
    new_months = [
        row for sid, rows in by_series.items() for row in month_rows(sorted(rows), rules[sid][1], sid)
    ]
    _insert(conn, new_months)

    # Years containing those months, from all their month rollups.
    year_keys = {(s, local_month_start(local_year_month(lo)[0], 1)) for s, lo, _hi in month_keys}
    years = [
        {"s": s, "lo": lo, "hi": local_month_start(local_year_month(lo)[0] + 1, 1)}
        for s, lo in sorted(year_keys)
    ]
    _stage(conn, "_roll_years", years)
    _delete_keys(conn, "year", years)
    month_by_series: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(
        text(
            "SELECT r.series_id, r.t, r.count, r.min, r.max, r.mean FROM _roll_years y JOIN rollups r "
            "ON r.series_id = y.series_id AND r.level = 'month' AND r.t >= y.lo AND r.t < y.hi"
        )
    ).mappings():
        month_by_series[row["series_id"]].append(dict(row))
    new_years = [row for sid, rows in month_by_series.items() for row in year_rows(rows, rules[sid][1], sid)]
    _insert(conn, new_years)

    conn.execute(
        text("DELETE FROM rollup_dirty WHERE series_id = :s AND day = :d"),
        [{"s": s, "d": d} for s, d in queued],
    )
    written = len(hour_rows) + len(day_rows) + len(new_months) + len(new_years)
    return RollupStats(series=len({s for s, _ in queued}), rows=written)


__all__ = ["CST_OFFSET_S", "refresh"]
