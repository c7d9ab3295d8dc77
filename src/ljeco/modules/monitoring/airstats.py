"""Air figures for the pages: current hourly AQI per station, daily AQI per station or for the district, good days.

The AQI itself comes from the air engine (:func:`ljeco.standards.air.aqi.hourly_aqi` and ``daily_aqi``, HJ 633 in
the edition of the data's time). The daily O3 8-hour maximum is computed here from the hourly values because the
engine's daily-statistics function was not in the tree yet (adapter; replace with the engine's when it lands):
8-hour moving means labelled by their last hour with ≥ 6 of 8 hours (GB 3095-2012 Table 4), the maximum over the
windows labelled 08:00 … 24:00 (HJ 663-2013 §6.1.2), valid with ≥ 14 of those 17 windows, or when the maximum
already exceeds the 160 µg/m³ limit (the same clause: an invalid-count day that exceeds still counts).

The district's daily concentration is the mean over its assessment stations of their valid daily means
(HJ 663-2013 §5: city concentration = arithmetic mean of the stations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from ljeco.core.timeutil import CST
from ljeco.modules.monitoring import queries
from ljeco.standards.air.aqi import daily_aqi, hourly_aqi
from ljeco.standards.air.tables import LEVELS, NAME_CN

#: Pollutants of the AQI as the store names them.
AQI_PARAMETERS = ("so2", "no2", "co", "o3", "pm10", "pm25")
DAILY_MEAN_PARAMETERS = ("so2", "no2", "co", "pm10", "pm25")

MDA8_MIN_WINDOWS = 14  # of the 17 windows labelled 08:00 … 24:00 (HJ 663-2013 §6.1.2)
O3_8H_LIMIT = 160.0  # µg/m³, GB 3095 grade II daily max 8-h (same in 2012 and 2026)


@dataclass(frozen=True, slots=True)
class AqiInfo:
    aqi: int | None
    level: int | None
    category: str | None
    colour: str | None
    primary: list[str]
    primary_zh: list[str]
    edition: str
    flags: list[str]


def _info(record: Mapping[str, object]) -> AqiInfo:
    primary = [str(p) for p in record.get("primary_pollutant") or []]  # type: ignore[attr-defined]
    aqi = record.get("aqi")
    level = record.get("level")
    return AqiInfo(
        aqi=int(aqi) if isinstance(aqi, int | float) else None,
        level=int(level) if isinstance(level, int | float) else None,
        category=record.get("category"),  # type: ignore[arg-type]
        colour=record.get("colour"),  # type: ignore[arg-type]
        primary=primary,
        primary_zh=[NAME_CN.get(p, p) for p in primary],
        edition=str(record.get("edition")),
        flags=[str(f) for f in record.get("flags") or []],  # type: ignore[attr-defined]
    )


def hour_aqi(conc: Mapping[str, float | None], hour_end_local: datetime) -> AqiInfo:
    """Real-time AQI of one station-hour (HJ 633, edition of the hour's label)."""
    arrays = {k: np.array([np.nan if conc.get(k) is None else conc[k]], dtype=float) for k in AQI_PARAMETERS}
    result = hourly_aqi(arrays, [hour_end_local.replace(tzinfo=None)], edition="auto")
    return _info(result.record(0))


def level_style(level: int | None) -> tuple[str, str]:
    """(category, colour hex) of an AQI level; ("无有效数据", grey) when none."""
    if level is None or level not in LEVELS:
        return "无有效数据", "#9AA4AE"
    return LEVELS[level].category, LEVELS[level].hex


def _local_day(epoch_start: int) -> date:
    return datetime.fromtimestamp(epoch_start, CST).date()


def mda8(rows: Sequence[tuple[int, float | None, bool]]) -> dict[date, float]:
    """O3 daily maximum 8-hour mean [µg/m³] per standards' day from hourly ``(period start epoch s, value,
    counts)`` rows of one station."""
    valid = [(t, v) for t, v, ok in rows if ok and v is not None]
    if not valid:
        return {}
    ends = pd.to_datetime([t + 3600 for t, _ in valid], unit="s", utc=True).tz_convert("Asia/Shanghai")
    s = pd.Series([v for _, v in valid], index=ends.tz_localize(None), dtype=float)
    full = pd.date_range(s.index.min(), s.index.max(), freq="h")
    s = s.reindex(full)
    roll = s.rolling(8, min_periods=6).mean()
    label_hour = roll.index.hour  # 0 stands for 24:00 of the previous day
    use = (label_hour >= 8) | (label_hour == 0)
    frame = pd.DataFrame(
        {"v": roll.to_numpy()[use], "day": (roll.index[use] - pd.Timedelta(hours=1)).normalize()}
    )
    stats = frame.groupby("day")["v"].agg(["max", "count"])  # count skips NaN: the valid windows
    keep = stats[(stats["count"] >= MDA8_MIN_WINDOWS) | (stats["max"] > O3_8H_LIMIT)]
    out: dict[date, float] = {d.date(): float(v) for d, v in keep["max"].items()}
    return out


@dataclass(frozen=True, slots=True)
class DailyAir:
    days: list[date]
    conc: dict[str, list[float | None]]  # so2 … pm25 daily means, o3_8h; µg/m³ (CO mg/m³)
    aqi: list[int | None]
    level: list[int | None]
    primary: list[list[str]]
    edition: list[str]


def daily_air(session: Session, site_ids: Sequence[int], day_from: date, day_to: date) -> DailyAir:
    """Daily concentrations and AQI of the mean over ``site_ids`` (one site: that station) for
    ``day_from`` … ``day_to`` inclusive (standards' days, local)."""
    refs = [r for r in queries.series_of_sites(session, site_ids) if r.parameter in AQI_PARAMETERS]
    pref = queries.preferred(refs)
    t_from = datetime.combine(day_from, datetime.min.time(), CST).astimezone(UTC)
    t_to = datetime.combine(day_to + timedelta(days=1), datetime.min.time(), CST).astimezone(UTC)
    days = [day_from + timedelta(days=i) for i in range((day_to - day_from).days + 1)]
    index = {d: i for i, d in enumerate(days)}
    per_param: dict[str, list[list[float]]] = {
        p: [[] for _ in days] for p in (*DAILY_MEAN_PARAMETERS, "o3_8h")
    }
    day_refs = [r for (_, p), r in pref.items() if p in DAILY_MEAN_PARAMETERS]
    by_id = {r.series_id: r for r in day_refs}
    for sid, t, mean, valid in queries.day_means(session, list(by_id), t_from, t_to):
        i = index.get(_local_day(t))
        if valid and mean is not None and i is not None:
            per_param[by_id[sid].parameter][i].append(mean)
    o3_refs = [r for (_, p), r in pref.items() if p == "o3" and r.interval_s == 3600]
    rows = queries.values_at(session, [r.series_id for r in o3_refs], t_from - timedelta(hours=8), t_to)
    by_series: dict[int, list[tuple[int, float | None, bool]]] = {}
    for sid, t, v, flag, review in rows:
        by_series.setdefault(sid, []).append((t, v, flag == "N" and review != 2))
    for series_rows in by_series.values():
        for d, v in mda8(series_rows).items():
            i = index.get(d)
            if i is not None:
                per_param["o3_8h"][i].append(v)
    conc: dict[str, list[float | None]] = {
        p: [float(np.mean(vals)) if vals else None for vals in lists] for p, lists in per_param.items()
    }
    if not days:
        return DailyAir([], conc, [], [], [], [])
    arrays = {
        p: np.array([np.nan if v is None else v for v in vals], dtype=float) for p, vals in conc.items()
    }
    result = daily_aqi(arrays, np.array(days, dtype="datetime64[D]"), edition="auto")
    aqi = [None if np.isnan(a) else int(a) for a in result.aqi]
    level = [int(lv) or None for lv in result.level]
    primary = [p.split(",") if p else [] for p in result.primary_text()]
    editions = ["2012" if e == 0 else "2026" for e in result.edition]
    return DailyAir(days, conc, aqi, level, primary, editions)


@dataclass(frozen=True, slots=True)
class GoodDays:
    good: int
    valid: int
    total: int

    @property
    def ratio(self) -> float | None:
        """优良天数比例 [%] over valid days (HJ 663-2013 §6.3)."""
        return 100.0 * self.good / self.valid if self.valid else None


def good_days(daily: DailyAir) -> GoodDays:
    valid = [a for a in daily.aqi if a is not None]
    return GoodDays(good=sum(1 for a in valid if a <= 100), valid=len(valid), total=len(daily.days))


__all__ = [
    "AQI_PARAMETERS",
    "AqiInfo",
    "DailyAir",
    "GoodDays",
    "daily_air",
    "good_days",
    "hour_aqi",
    "level_style",
    "mda8",
]
