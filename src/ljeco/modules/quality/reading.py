"""Reading the observation store into the frames the water, noise, groundwater and soil engines take.

A frame has one row per (site, time) and one column per canonical parameter, exactly the shape of the file CLI's
input (``ljeco water assess IN.csv`` …), so the store path and the file path run the same engine code.

Which values are read
---------------------
* Only values that count in statistics (:func:`ljeco.observations.quality.counts_in_statistics`: a value, flag
  in ``STAT_FLAGS`` — ``N`` by default — and not invalidated by review). The same rule the rollups apply.
* ``time`` is the stored period start (UTC); a sample's local date is the local date of that start, which for
  hourly data is the CNEMC day (hours labelled 01:00 … 24:00 start at 00:00 … 23:00).
* When a site has several series of one parameter (4-hourly automatic values and monthly manual samples), the
  series with the shortest interval is used unless the caller names an interval; the standards do not say how to
  mix them and mixing would weight one source by its sampling rate (our choice, docs/standards/water.md).
* The stored unit must be the unit the engine's table uses (the vocabulary's unit for the medium); a series in
  another unit is refused rather than silently judged in the wrong unit.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, Engine, select, type_coerce
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import ConfigError, NotFoundError, ValidationError
from ljeco.core.timeutil import CST
from ljeco.observations.catalog import KIND_MEDIUM
from ljeco.observations.models import Observation, Parameter, Review, Series, Site, SiteKind
from ljeco.observations.quality import STAT_FLAGS
from ljeco.observations.queries import site_scope

#: Stated with every result: which stored values were used.
DATA_RULE = (
    "stored values with flag in {flags} and not invalidated by review (ljeco.observations.quality); "
    "per parameter the series with the shortest interval"
)


def data_rule() -> str:
    return DATA_RULE.format(flags=",".join(sorted(STAT_FLAGS)))


@dataclass(frozen=True, slots=True)
class StoreFrame:
    """Wide values of some sites: ``site``, ``time`` (UTC period start) and one column per parameter."""

    frame: pd.DataFrame
    units: dict[str, str]
    sites: dict[str, Site]


def check_store(engine: Engine | None = None) -> None:
    """Refuse, with the fix, to read a database that has no observation store yet (CLI ``--site``/``--all``).

    A read command does not migrate: migrating a production database is an operator's decision.
    """
    from sqlalchemy import inspect

    from ljeco.core.db import get_engine

    if not inspect(engine or get_engine()).has_table("observations"):
        raise ConfigError(
            "the configured database has no observation store: run `ljeco db upgrade` and load data first",
            code="quality.no_store",
        )


def local_day_bounds(date_from: date, date_to: date, *, extra_hours: int = 0) -> tuple[datetime, datetime]:
    """[local 00:00 of ``date_from``, local 00:00 of the day after ``date_to`` + ``extra_hours``) as aware times."""
    if date_to < date_from:
        raise ValidationError("'to' is before 'from'", code="quality.bad_period")
    lo = datetime.combine(date_from, time(0), CST)
    hi = datetime.combine(date_to + timedelta(days=1), time(0), CST) + timedelta(hours=extra_hours)
    return lo, hi


def visible_sites(
    session: Session, *, user: User | None, kind: SiteKind, code: str | None = None
) -> list[Site]:
    """Active sites of ``kind`` the user may see (``user=None``: the operator, unscoped), or the one site ``code``.

    A site the caller may not see answers "not found", as in the observation API (its existence is not disclosed).
    """
    stmt = select(Site).where(Site.kind == kind.value)
    if user is not None:
        scope = site_scope(session, user)
        if scope is not None:
            stmt = stmt.where(scope)
    if code is not None:
        site = session.scalar(stmt.where(Site.code == code))
        if site is None:
            raise NotFoundError(f"no {kind.label} {code!r}", code="quality.unknown_site")
        return [site]
    return list(session.scalars(stmt.where(Site.active.is_(True)).order_by(Site.code)))


def read_frame(
    session: Session,
    sites: Sequence[Site],
    *,
    t_from: datetime | None = None,
    t_to: datetime | None = None,
    parameters: Collection[str] | None = None,
    interval_s: int | None = None,
) -> StoreFrame:
    """Values of ``sites`` with period start in [``t_from``, ``t_to``) as a wide frame (see the module doc)."""
    from ljeco.standards.parameters import PARAMETERS

    by_id = {s.id: s for s in sites}
    series_stmt = (
        select(Series.id, Series.site_id, Series.interval_s, Series.unit, Parameter.code)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .where(Series.site_id.in_(sorted(by_id)))
    )
    if parameters is not None:
        series_stmt = series_stmt.where(Parameter.code.in_(sorted(parameters)))
    if interval_s is not None:
        series_stmt = series_stmt.where(Series.interval_s == interval_s)
    chosen: dict[tuple[int, str], tuple[int, int, str]] = {}  # (site, parameter) → (interval, series, unit)
    for sid, site_id, interval, unit, code in session.execute(series_stmt) if by_id else ():
        key = (site_id, code)
        if key not in chosen or interval < chosen[key][0]:
            chosen[key] = (interval, sid, unit)
    units: dict[str, str] = {}
    for (site_id, code), (_, _, unit) in chosen.items():
        medium = KIND_MEDIUM.get(by_id[site_id].kind, "")
        vocab = PARAMETERS.get(code)
        expected = vocab.unit_in(medium) if vocab is not None else unit
        if unit != expected:
            raise ValidationError(
                f"series of {code} at {by_id[site_id].code} is stored in {unit}, the standard's table uses "
                f"{expected}; convert the series first",
                code="quality.unit",
            )
        units[code] = unit
    series_ids = {sid: key for key, (_, sid, _) in chosen.items()}
    columns = ["site", "time", *sorted(units, key=_vocab_order)]
    if not series_ids:
        return StoreFrame(pd.DataFrame(columns=columns), units, {s.code: s for s in sites})
    # The raw epoch seconds, not one datetime object per row (a year of a section is ~10⁵ values).
    epoch = type_coerce(Observation.time, BigInteger)
    stmt = select(Observation.series_id, epoch, Observation.value).where(
        Observation.series_id.in_(sorted(series_ids)),
        Observation.value.is_not(None),
        Observation.flag.in_(sorted(STAT_FLAGS)),
        Observation.review != int(Review.invalidated),
    )
    if t_from is not None:
        stmt = stmt.where(Observation.time >= t_from)
    if t_to is not None:
        stmt = stmt.where(Observation.time < t_to)
    rows = session.execute(stmt).all()
    if not rows:
        return StoreFrame(pd.DataFrame(columns=columns), units, {s.code: s for s in sites})
    long = pd.DataFrame(
        {
            "site": [by_id[series_ids[r[0]][0]].code for r in rows],
            "parameter": [series_ids[r[0]][1] for r in rows],
            "time": pd.to_datetime(np.array([r[1] for r in rows], dtype=np.int64), unit="s", utc=True),
            "value": np.array([r[2] for r in rows], dtype=np.float64),
        }
    )
    long = long[~np.isnan(long["value"].to_numpy())]
    wide = long.pivot_table(index=["site", "time"], columns="parameter", values="value", aggfunc="first")
    wide = wide.reset_index().sort_values(["site", "time"], kind="stable").reset_index(drop=True)
    wide.columns.name = None
    for col in columns:
        if col not in wide.columns:
            wide[col] = np.nan
    return StoreFrame(wide[columns], units, {s.code: s for s in sites})


def _vocab_order(name: str) -> tuple[int, str]:
    from ljeco.standards.parameters import PARAMETERS

    keys = list(PARAMETERS)
    return (keys.index(name), name) if name in PARAMETERS else (len(keys), name)


def site_attributes(site: Site) -> dict[str, Any]:
    """The site's free attributes (``Site.attributes``), never ``None``."""
    return dict(site.attributes or {})


def local_iso(t: pd.Timestamp) -> str:
    """A UTC timestamp as China Standard Time, ISO 8601."""
    return t.tz_convert(CST).isoformat()


def finite(value: Any) -> float | None:
    """``None`` for a missing or NaN value, else the float."""
    if value is None:
        return None
    x = float(value)
    return None if math.isnan(x) else x


def row_values(row: pd.Series, columns: list[str]) -> dict[str, float]:
    """The measured (non-NaN) values of ``columns`` in one frame row."""
    return {c: float(row[c]) for c in columns if not math.isnan(float(row[c]))}


__all__ = [
    "StoreFrame",
    "check_store",
    "data_rule",
    "finite",
    "local_day_bounds",
    "local_iso",
    "read_frame",
    "row_values",
    "site_attributes",
    "visible_sites",
]
