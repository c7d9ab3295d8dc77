"""Air quality of stored data: hourly AQI, daily statistics, HJ 663 assessment, current AQI, good days.

Every function reads the store once (:func:`~ljeco.modules.airquality.reading.read_hourly`) and runs the same
engine functions as the file CLI (``ljeco air aqi|daily|assess``) on the same frame, so the three paths agree.
Periods are local days ``start`` … ``end`` inclusive (the hours labelled ``start`` 01:00 … ``end`` 24:00).
``user=None`` is the operator at the command line (unscoped); otherwise results are scoped by the caller's role.

The ``*_frame`` functions return the engine's frames (what the CLI writes); the others return typed records
(what the API, the plan cockpit and the dashboard use).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.modules.airquality.reading import (
    AIR_PARAMETERS,
    HOUR_S,
    StoreHourly,
    air_sites,
    data_rule,
    local_day_bounds,
    read_hourly,
)
from ljeco.modules.airquality.schemas import (
    AQICalculated,
    AQIInput,
    Assessment,
    CurrentAQI,
    DailyAir,
    GoodDaySummary,
    HourlyAQI,
    StationGoodDays,
)
from ljeco.observations.models import Latest, Parameter, Series
from ljeco.standards.air import assess as engine_assess
from ljeco.standards.air.aqi import daily_aqi, hourly_aqi
from ljeco.standards.air.daily import daily_statistics
from ljeco.standards.air.editions import check_edition
from ljeco.standards.air.hourly import hourly_aqi_frame
from ljeco.standards.air.limits import ZoneClass
from ljeco.standards.air.tables import LEVELS, NAME_CN

#: Hours read before the period for the SO2 24-hour mean of the 2012 rule "SO2 1-h > 800" (HJ 633-2012 Table 1
#: note 2): the first hours of the period get the same 24-hour mean as in a longer file.
SO2_LEAD_HOURS = 23


def read_sites(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    lead_hours: int = 0,
) -> StoreHourly:
    """Hourly values of the named (or all visible) air stations over local days ``start`` … ``end``."""
    sites = air_sites(session, user=user, site_codes=site_codes)
    if not sites:
        raise NotFoundError("no air station visible to you", code="air.no_station")
    lo, hi = local_day_bounds(start, end)
    hourly = read_hourly(session, sites, lo - lead_hours * HOUR_S, hi)
    if hourly.frame.empty:
        raise NotFoundError(
            f"no stored hourly air data for {', '.join(s.code for s in sites)} between {start} and {end}",
            code="air.no_data",
        )
    return hourly


def _first_label(start: date) -> pd.Timestamp:
    return pd.Timestamp(start) + pd.Timedelta(hours=1)


# ---- hourly AQI -------------------------------------------------------------------------------------------


def hourly_aqi_frame_for_sites(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    edition: str = "auto",
) -> pd.DataFrame:
    """The ``ljeco air aqi`` output frame of stored hours (``time`` as ``YYYY-MM-DD HH:MM`` labels)."""
    check_edition(edition)
    hourly = read_sites(
        session, user=user, site_codes=site_codes, start=start, end=end, lead_hours=SO2_LEAD_HOURS
    )
    inside = (hourly.frame["time"] >= _first_label(start)).to_numpy()
    if not inside.any():
        raise NotFoundError(f"no stored hourly air data between {start} and {end}", code="air.no_data")
    result = hourly_aqi_frame(hourly.labelled(), edition=edition)
    return result[inside].reset_index(drop=True)


def hourly_aqi_for_sites(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    edition: str = "auto",
) -> list[HourlyAQI]:
    """Real-time AQI of every stored station-hour (HJ 633; PM scored on the daily breakpoints, as published)."""
    check_edition(edition)
    hourly = read_sites(
        session, user=user, site_codes=site_codes, start=start, end=end, lead_hours=SO2_LEAD_HOURS
    )
    frame = hourly.frame
    inside = (frame["time"] >= _first_label(start)).to_numpy()
    if not inside.any():
        raise NotFoundError(f"no stored hourly air data between {start} and {end}", code="air.no_data")
    result = hourly_aqi_frame(frame, edition=edition)[inside].reset_index(drop=True)
    frame = frame[inside].reset_index(drop=True)
    labels = frame["time"]
    starts = pd.DatetimeIndex(labels - pd.Timedelta(hours=1)).tz_localize(CST).tz_convert(UTC).to_pydatetime()
    conc = {p: _values(frame, p) for p in AIR_PARAMETERS}
    return [
        HourlyAQI(
            station=station,
            time=label,
            period_from=start_utc,
            concentrations={p: conc[p][i] for p in AIR_PARAMETERS},
            **fields,
        )
        for i, (station, label, start_utc, fields) in enumerate(
            zip(
                frame["station"].tolist(),
                labels.dt.strftime("%Y-%m-%d %H:%M").tolist(),
                starts,
                _aqi_records(result),
                strict=True,
            )
        )
    ]


def _values(frame: pd.DataFrame, name: str) -> list[Any]:
    """A column as Python values, ``None`` for NaN/NA (one conversion per column, not per cell)."""
    col = frame[name]
    return list(col.astype(object).where(col.notna(), None).tolist())


def _aqi_records(result: pd.DataFrame) -> list[dict[str, Any]]:
    """The AQI fields of every row of the engine's AQI frame (``AQIResult.to_frame`` columns)."""
    aqi, level = _values(result, "aqi"), _values(result, "level")
    primary, edition, flags = (result[c].tolist() for c in ("primary_pollutant", "edition", "flags"))
    iaqi = {str(c)[5:]: _values(result, str(c)) for c in result.columns if str(c).startswith("iaqi_")}
    out = []
    for i in range(len(result)):
        info = LEVELS.get(int(level[i])) if level[i] is not None else None
        pp = [p for p in str(primary[i] or "").split(",") if p]
        out.append(
            {
                "aqi": None if aqi[i] is None else int(aqi[i]),
                "level": None if level[i] is None else int(level[i]),
                "category": info.category if info else None,
                "colour": info.hex if info else None,
                "primary_pollutant": pp,
                "primary_pollutant_zh": [NAME_CN.get(p, p) for p in pp],
                "iaqi": {k: (None if v[i] is None else int(v[i])) for k, v in iaqi.items()},
                "edition": str(edition[i]),
                "flags": [f for f in str(flags[i] or "").split(";") if f],
            }
        )
    return out


# ---- daily statistics -------------------------------------------------------------------------------------

DAILY_ITEMS = ("so2", "no2", "co", "pm10", "pm25", "o3_8h_max", "o3_1h_max")


def daily_frame_for_sites(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    edition: str = "auto",
    zone_class: ZoneClass = 2,
    o3_1h_in_daily: bool = False,
) -> pd.DataFrame:
    """The ``ljeco air daily`` output frame of stored hours: one row per station-day with data."""
    check_edition(edition)
    hourly = read_sites(session, user=user, site_codes=site_codes, start=start, end=end)
    return daily_statistics(
        hourly.labelled(), edition=edition, zone_class=zone_class, o3_1h_in_daily=o3_1h_in_daily
    )


def daily_for_sites(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    edition: str = "auto",
    zone_class: ZoneClass = 2,
) -> list[DailyAir]:
    """Daily means, MDA8 and daily max 1-h with GB 3095 validity, and the daily AQI, per station-day."""
    check_edition(edition)
    hourly = read_sites(session, user=user, site_codes=site_codes, start=start, end=end)
    frame = daily_statistics(hourly.frame, edition=edition, zone_class=zone_class)
    values = {k: _values(frame, k) for k in DAILY_ITEMS}
    valid = {k: frame[f"{k}_valid"].tolist() for k in DAILY_ITEMS}
    hours = {p: frame[f"{p}_hours"].tolist() for p in AIR_PARAMETERS}
    windows = frame["o3_8h_windows"].tolist()
    return [
        DailyAir(
            station=station,
            date=date.fromisoformat(day),
            concentrations={k: (None if values[k][i] is None else float(values[k][i])) for k in DAILY_ITEMS},
            valid={k: bool(valid[k][i]) for k in DAILY_ITEMS},
            hours={p: int(hours[p][i]) for p in AIR_PARAMETERS},
            o3_8h_windows=int(windows[i]),
            **fields,
        )
        for i, (station, day, fields) in enumerate(
            zip(frame["station"].tolist(), frame["date"].tolist(), _aqi_records(frame), strict=True)
        )
    ]


# ---- period assessment ------------------------------------------------------------------------------------


def assess_sites(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    edition: str = "auto",
    limits: str | None = None,
    zone_class: ZoneClass = 2,
    o3_1h_in_daily: bool = False,
) -> list[engine_assess.PeriodAssessment]:
    """HJ 663 assessment of each station with data, then the city (``station == "city"``).

    The city is the mean of the *urban assessment* stations among those read (``attributes["urban_assessment"]``,
    HJ 663-2013 §5 and Table A.2, ≥ 75 % participation); without any, there is no city row.
    """
    return _assess(
        session,
        user=user,
        site_codes=site_codes,
        start=start,
        end=end,
        edition=edition,
        limits=limits,
        zone_class=zone_class,
        o3_1h_in_daily=o3_1h_in_daily,
    )[0]


def _assess(
    session: Session,
    *,
    user: User | None,
    site_codes: Sequence[str] | None,
    start: date,
    end: date,
    edition: str,
    limits: str | None,
    zone_class: ZoneClass = 2,
    o3_1h_in_daily: bool = False,
) -> tuple[list[engine_assess.PeriodAssessment], StoreHourly]:
    check_edition(edition)
    hourly = read_sites(session, user=user, site_codes=site_codes, start=start, end=end)
    daily = daily_statistics(hourly.frame, zone_class=zone_class)
    results = engine_assess.assess_period(
        daily,
        start,
        end,
        edition=edition,
        limits=limits or "auto",
        zone_class=zone_class,
        city=bool(hourly.urban),
        city_stations=hourly.urban,
        o3_1h_in_daily=o3_1h_in_daily,
    )
    for r in results:
        if r.station == engine_assess.CITY:
            r.notes.append(f"city stations (urban assessment): {', '.join(hourly.urban)}")
        r.notes.append(f"data: {data_rule()}")
    return results, hourly


def assessment_records(results: Sequence[engine_assess.PeriodAssessment]) -> list[Assessment]:
    """The engine's records as the API schema (every field of ``PeriodAssessment.to_dict``)."""
    return [Assessment.model_validate(r.to_dict()) for r in results]


# ---- current AQI ------------------------------------------------------------------------------------------


def current_aqi(session: Session, *, user: User | None, now: datetime | None = None) -> list[CurrentAQI]:
    """The latest stored hour of every visible air station with its real-time AQI, level, colour and primary
    pollutant (edition of the hour's time). Stations without any stored hour are left out."""
    sites = air_sites(session, user=user)
    if not sites:
        return []
    by_id = {s.id: s for s in sites}
    stmt = (
        select(Series.site_id, func.max(Latest.time))
        .join(Series, Series.id == Latest.series_id)
        .join(Parameter, Parameter.id == Series.parameter_id)
        .where(
            Series.site_id.in_(sorted(by_id)), Series.interval_s == HOUR_S, Parameter.code.in_(AIR_PARAMETERS)
        )
        .group_by(Series.site_id)
    )
    latest = {
        by_id[site_id].code: int(t.timestamp()) for site_id, t in session.execute(stmt) if t is not None
    }
    groups: dict[int, list[str]] = {}
    for code, t in latest.items():
        groups.setdefault(t, []).append(code)
    now_s = int((now or utcnow()).timestamp())
    out: list[CurrentAQI] = []
    for t, codes in sorted(groups.items()):  # usually one group: every station reports the same hour
        hourly = read_hourly(
            session, [s for s in sites if s.code in codes], t - SO2_LEAD_HOURS * HOUR_S, t + HOUR_S
        )
        frame = hourly.frame
        result = hourly_aqi_frame(frame, edition="auto")
        label = pd.Timestamp(datetime.fromtimestamp(t + HOUR_S, CST).replace(tzinfo=None))
        conc = {p: _values(frame, p) for p in AIR_PARAMETERS}
        records = _aqi_records(result)
        for i in np.flatnonzero((frame["time"] == label).to_numpy()):
            code = str(frame["station"].iat[i])
            fields = records[i]
            info = LEVELS.get(fields["level"]) if fields["level"] else None
            ed = fields["edition"]
            out.append(
                CurrentAQI(
                    station=code,
                    name=hourly.sites[code].name,
                    time=label.strftime("%Y-%m-%d %H:%M"),
                    period_from=datetime.fromtimestamp(t, UTC),
                    period_to=datetime.fromtimestamp(t + HOUR_S, UTC),
                    age_s=now_s - (t + HOUR_S),
                    concentrations={p: conc[p][i] for p in AIR_PARAMETERS},
                    health_effect=info.health_effect[ed] if info else None,
                    advice=info.advice[ed] if info else None,
                    **fields,
                )
            )
    return sorted(out, key=lambda c: c.station)


# ---- good days of a year ----------------------------------------------------------------------------------


def good_day_summary(
    session: Session, *, user: User | None, year: int, until: date, edition: str = "auto"
) -> GoodDaySummary:
    """Good days, valid days, 优良天数比例 and the PM2.5 mean from 1 January of ``year`` to ``until`` (inclusive,
    capped at 31 December), for the city (mean of the visible urban assessment stations) and each station."""
    start = date(year, 1, 1)
    end = min(until, date(year, 12, 31))
    if end < start:
        raise ValidationError(f"until ({until}) is before {start}", code="air.bad_period")
    results, hourly = _assess(
        session, user=user, site_codes=None, start=start, end=end, edition=edition, limits=None
    )
    city = next((r for r in results if r.station == engine_assess.CITY), None)
    if city is None:
        raise NotFoundError("no urban assessment station with data is visible to you", code="air.no_city")
    stations = [r for r in results if r.station != engine_assess.CITY]
    pm25 = city.statistics["pm25_mean"]
    return GoodDaySummary(
        year=year,
        date_from=start,
        date_to=end,
        edition=city.edition,
        stations=hourly.urban,
        valid_days=city.valid_days,
        good_days=city.good_days,
        good_day_ratio=_float(city.good_day_ratio),
        pm25_mean=None if pm25.value is None else int(pm25.value),
        pm25_mean_valid=pm25.valid,
        by_station=[
            StationGoodDays(
                station=r.station,
                valid_days=r.valid_days,
                good_days=r.good_days,
                good_day_ratio=_float(r.good_day_ratio),
                pm25_mean=None
                if r.statistics["pm25_mean"].value is None
                else int(r.statistics["pm25_mean"].value),
            )
            for r in stations
        ],
        notes=city.notes,
        data_rule=data_rule(),
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# ---- calculator -------------------------------------------------------------------------------------------


def calculate_aqi(body: AQIInput, *, now: datetime | None = None) -> AQICalculated:
    """IAQI and AQI of one set of concentrations (HJ 633; no store): the API's calculator."""
    moment = body.time or (now or utcnow()).astimezone(CST)
    if moment.tzinfo is not None:
        moment = moment.astimezone(CST).replace(tzinfo=None)
    if body.kind == "hourly":
        if body.o3_8h is not None or body.o3_1h is not None:
            raise ValidationError(
                "hourly records take o3 (1-hour mean), not o3_8h/o3_1h", code="air.bad_input"
            )
        conc = {p: getattr(body, p) for p in AIR_PARAMETERS}
        result = hourly_aqi(
            _arrays(conc),
            [moment],
            edition=body.edition,
            so2_24h=None if body.so2_24h is None else np.array([body.so2_24h]),
        )
    else:
        if body.o3 is not None or body.so2_24h is not None:
            raise ValidationError(
                "daily records take o3_8h and o3_1h, not o3 or so2_24h", code="air.bad_input"
            )
        conc = {p: getattr(body, p) for p in ("so2", "no2", "co", "pm10", "pm25", "o3_8h", "o3_1h")}
        result = daily_aqi(_arrays(conc), [np.datetime64(moment.date())], edition=body.edition)
    rec = result.record(0)
    primary = list(rec["primary_pollutant"])
    return AQICalculated(
        kind=body.kind,
        aqi=rec["aqi"],
        level=rec["level"],
        category=rec["category"],
        colour=rec["colour"],
        primary_pollutant=primary,
        primary_pollutant_zh=[NAME_CN.get(p, p) for p in primary],
        iaqi=rec["iaqi"],
        edition=rec["edition"],
        flags=rec["flags"],
        health_effect=rec["health_effect"],
        advice=rec["advice"],
        exceeding_pollutants=rec.get("exceeding_pollutants"),
        sensitive_groups=rec.get("sensitive_groups"),
    )


def _arrays(conc: dict[str, float | None]) -> dict[str, Any]:
    return {k: np.array([np.nan if v is None else v], dtype=np.float64) for k, v in conc.items()}


__all__ = [
    "SO2_LEAD_HOURS",
    "assess_sites",
    "assessment_records",
    "calculate_aqi",
    "current_aqi",
    "daily_for_sites",
    "daily_frame_for_sites",
    "good_day_summary",
    "hourly_aqi_for_sites",
    "hourly_aqi_frame_for_sites",
    "read_sites",
]
