"""Reading hourly air values from the observation store into the air engine's hourly frame.

Which values are read
---------------------
* Sites of kind ``air_station`` the caller may see (:func:`ljeco.observations.queries.site_scope`; ``user=None`` is
  the operator at the command line, unscoped); a named site the caller may not see answers "not found".
* Series of the six AQI pollutants (``so2, no2, co, o3, pm10, pm25``) with a one-hour interval, in µg/m³ (CO
  mg/m³); a series stored in another unit is refused rather than judged in the wrong unit.
* One query for all series and the whole period (the driver's tuples, epoch seconds), not one call per series or
  hour. A stored value counts only when it has a value, its HJ 212 flag is in ``STAT_FLAGS`` (``N``) and it is
  not invalidated by review — the rule the rollups apply (:func:`~ljeco.observations.quality.counts_in_statistics`).
  A station-hour that has only non-counting values keeps its row with the value missing, as a blank in a file.
* Time: a stored hourly value's time is its period START in UTC; its CNEMC label is the local (UTC+8) END, so the
  value stored at 2022-01-04 07:00Z is labelled ``2022-01-04 16:00``. A period of local days ``start`` … ``end``
  reads the values labelled ``start`` 01:00 … ``end`` 24:00 (period starts in [start 00:00, end + 1 day 00:00)
  local time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import ConfigError, NotFoundError, ValidationError
from ljeco.core.timeutil import CST
from ljeco.observations.models import Parameter, Review, Series, Site, SiteKind
from ljeco.observations.quality import STAT_FLAGS
from ljeco.observations.queries import site_scope
from ljeco.standards.air.frames import HOURLY_COLUMNS

#: The AQI pollutants as the store names them (the engine's hourly columns).
AIR_PARAMETERS: Final[tuple[str, ...]] = HOURLY_COLUMNS
#: The unit each pollutant must be stored in (HJ 633 Table 1 units).
UNITS: Final[dict[str, str]] = {p: ("mg/m³" if p == "co" else "µg/m³") for p in AIR_PARAMETERS}
HOUR_S: Final = 3600
#: Local time − UTC [s] (China Standard Time, no daylight saving).
CST_OFFSET_S: Final = 8 * 3600
#: Stated with every result: which stored values were used.
DATA_RULE: Final = (
    "hourly series (interval 3600 s) of so2,no2,co,o3,pm10,pm25; values with flag in {flags} and not "
    "invalidated by review; stored time = period start (UTC), label = local end (CNEMC)"
)


def data_rule() -> str:
    return DATA_RULE.format(flags=",".join(sorted(STAT_FLAGS)))


@dataclass(frozen=True)
class StoreHourly:
    """Hourly values of some air stations, as the engine takes them.

    ``frame``: ``station, time, so2, no2, co, o3, pm10, pm25`` — one row per station-hour with any stored value,
    ``time`` the local CNEMC end-of-hour label (naive ``datetime64``), NaN = missing or not counting.
    ``sites``: the stations read (code → Site), in code order; ``urban``: codes of those with
    ``attributes["urban_assessment"]`` (the city's stations, HJ 663-2013 §5).
    """

    frame: pd.DataFrame
    sites: dict[str, Site]
    urban: list[str]

    def labelled(self) -> pd.DataFrame:
        """The frame with ``time`` as text (``YYYY-MM-DD HH:MM``): the file CLI's input, byte for byte."""
        return self.frame.assign(time=self.frame["time"].dt.strftime("%Y-%m-%d %H:%M"))


def air_sites(session: Session, *, user: User | None, site_codes: Sequence[str] | None = None) -> list[Site]:
    """Air stations the user may see: the named ones (each must exist and be visible) or all active ones."""
    stmt = select(Site).where(Site.kind == SiteKind.air_station.value)
    if user is not None:
        scope = site_scope(session, user)
        if scope is not None:
            stmt = stmt.where(scope)
    if site_codes is None:
        return list(session.scalars(stmt.where(Site.active.is_(True)).order_by(Site.code)))
    codes = list(dict.fromkeys(site_codes))
    if not codes:
        raise ValidationError("name at least one air station", code="air.no_site")
    found = {s.code: s for s in session.scalars(stmt.where(Site.code.in_(codes)))}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise NotFoundError(f"no air station {', '.join(unknown)}", code="air.unknown_site")
    return sorted(found.values(), key=lambda s: s.code)


def is_urban(site: Site) -> bool:
    """The station is one of the city's assessment stations (城市点; ``attributes["urban_assessment"]``)."""
    return bool((site.attributes or {}).get("urban_assessment", False))


def local_day_bounds(start: date, end: date) -> tuple[int, int]:
    """Epoch seconds [local 00:00 of ``start``, local 00:00 of the day after ``end``): the period starts of the
    hours labelled ``start`` 01:00 … ``end`` 24:00."""
    if end < start:
        raise ValidationError(f"the period ends ({end}) before it starts ({start})", code="air.bad_period")
    lo = datetime.combine(start, time(0), CST)
    hi = datetime.combine(end + timedelta(days=1), time(0), CST)
    return int(lo.timestamp()), int(hi.timestamp())


def _fetch(session: Session, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows as the driver's tuples: a station-year is ~52,000 values and SQLAlchemy rows would triple the cost."""
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    if session.get_bind().dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur = dbapi.cursor()
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall())
    finally:
        cur.close()


def _series(session: Session, sites: Sequence[Site]) -> dict[int, tuple[int, int]]:
    """Hourly AQI series of ``sites``: series id → (site index, pollutant index); units checked."""
    index = {s.id: i for i, s in enumerate(sites)}
    stmt = (
        select(Series.id, Series.site_id, Series.unit, Parameter.code)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .where(
            Series.site_id.in_(sorted(index)),
            Series.interval_s == HOUR_S,
            Parameter.code.in_(AIR_PARAMETERS),
        )
    )
    out: dict[int, tuple[int, int]] = {}
    for sid, site_id, unit, code in session.execute(stmt):
        if unit != UNITS[code]:
            raise ConfigError(
                f"series of {code} at {sites[index[site_id]].code} is stored in {unit}; the AQI tables use "
                f"{UNITS[code]}: convert the series first",
                code="air.unit",
            )
        out[sid] = (index[site_id], AIR_PARAMETERS.index(code))
    return out


def read_hourly(session: Session, sites: Sequence[Site], t_from: int, t_to: int) -> StoreHourly:
    """Values of ``sites`` with period start in [``t_from``, ``t_to``) (epoch seconds) as the hourly frame."""
    sites = sorted(sites, key=lambda s: s.code)
    codes = np.array([s.code for s in sites], dtype=object)
    urban = [s.code for s in sites if is_urban(s)]
    by_code = {s.code: s for s in sites}
    series = _series(session, sites) if sites else {}
    rows: list[tuple[Any, ...]] = []
    if series:
        ids = sorted(series)
        flags = sorted(STAT_FLAGS)
        # counts_in_statistics in SQL: a value that does not count comes back as NULL, its row stays.
        rows = _fetch(
            session,
            f"SELECT series_id, t, CASE WHEN flag IN ({','.join('?' * len(flags))}) AND review != ? "
            f"THEN value END FROM observations WHERE series_id IN ({','.join('?' * len(ids))}) AND t >= ? AND t < ?",
            [*flags, int(Review.invalidated), *ids, t_from, t_to],
        )
    if not rows:
        empty = pd.DataFrame(
            {"station": pd.Series(dtype=object), "time": pd.Series(dtype="datetime64[ns]")}
            | {p: pd.Series(dtype=np.float64) for p in AIR_PARAMETERS}
        )
        return StoreHourly(empty, by_code, urban)
    # One conversion of the driver's tuples (NULL → NaN); ids and epoch seconds are exact in float64.
    block = np.array(rows, dtype=np.float64)
    sid, t, value = block[:, 0].astype(np.int64), block[:, 1].astype(np.int64), block[:, 2]
    lookup_ids = np.array(sorted(series), dtype=np.int64)
    pos = np.searchsorted(lookup_ids, sid)
    site_of = np.array([series[i][0] for i in lookup_ids], dtype=np.int64)[pos]
    param_of = np.array([series[i][1] for i in lookup_ids], dtype=np.int64)[pos]
    hour = (t - t_from) // HOUR_S
    n_hours = (t_to - t_from) // HOUR_S + 1
    key = site_of * n_hours + hour
    cells, row_of = np.unique(key, return_inverse=True)
    grid = np.full((len(cells), len(AIR_PARAMETERS)), np.nan)
    grid[row_of, param_of] = value
    starts = t_from + (cells % n_hours) * HOUR_S
    label_minutes = (starts + HOUR_S + CST_OFFSET_S) // 60  # local end of the hour
    frame = pd.DataFrame(
        {
            "station": codes[cells // n_hours],
            "time": label_minutes.astype("datetime64[m]").astype("datetime64[ns]"),
        }
        | {p: grid[:, i] for i, p in enumerate(AIR_PARAMETERS)}
    )
    return StoreHourly(frame, by_code, urban)


__all__ = [
    "AIR_PARAMETERS",
    "UNITS",
    "StoreHourly",
    "air_sites",
    "data_rule",
    "is_urban",
    "local_day_bounds",
    "read_hourly",
]
