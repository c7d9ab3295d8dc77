"""Hourly ambient air at the national and micro stations (so2, no2, co, o3, pm10, pm25).

Shape of the model (all in log space, per station and hour)::

    c = climatology(month) × station factor × diurnal(hour) × exp(regional day factor + episode
        + station day factor + smoothed hourly noise)

* Climatology: monthly means of the area for the district's national stations, chosen so that the annual PM2.5
  mean is ≈32 µg/m³ and the year has ≈330 good days (Chongqing main city 2020–2023: 325–333 good days, PM2.5
  annual mean ≈30–35; reference/region liangjiang_context.md §5). Winter PM2.5 60–120 on bad days, summer O3 1-h
  120–210: the same note's CNEMC samples.
* The regional day factor is AR(1) across days (φ 0.7) and shared by every station: a stagnant day is stagnant
  everywhere. PM2.5, PM10, CO and NO2 share it; O3 has its own (sunny, hot days).
* Episodes: 2–3 winter PM2.5 episodes (Dec–Jan) and 1–3 summer O3 episodes (Jul–Aug) per year.
* 礼嘉 reads cleaner than 两路/空港/唐家沱 (near the airport, port and industry); 缙云山 is the clean control.

Values are rounded as CNEMC publishes them (µg/m³ integers; CO mg/m³ to 0.1). Missing hours (≈0.7 %, in short
gaps) are NaN. Times are UTC period starts (an hour labelled 01:00 CST by CNEMC starts at 00:00 CST = 16:00 UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import (
    ar1,
    episodes,
    hour_axis,
    local_day_index,
    local_parts,
    monthly_curve,
    rng_for,
    smooth_noise,
)
from ljeco.regions.models import Site

AIR_PARAMETERS = ("so2", "no2", "co", "o3", "pm10", "pm25")
"""Canonical names (ljeco.standards.parameters); units µg/m³ except co [mg/m³]."""

# Monthly climatology of the area (Jan…Dec). PM2.5 [µg/m³] annual mean 33; O3 is the daily maximum 8-h mean.
PM25_MONTHLY = (55, 43, 35, 28, 23, 19, 17, 17, 19, 26, 37, 50)
O3_8H_MONTHLY = (50, 62, 85, 106, 123, 125, 135, 138, 113, 85, 62, 48)
NO2_MONTHLY = (50, 45, 40, 36, 32, 28, 26, 27, 32, 40, 46, 50)
SO2_MONTHLY = (11, 10, 9, 8, 8, 7, 7, 7, 7, 8, 9, 11)
CO_MONTHLY = (1.05, 0.95, 0.85, 0.75, 0.7, 0.65, 0.6, 0.6, 0.65, 0.75, 0.9, 1.0)  # mg/m³
PM10_RATIO_MONTHLY = (1.45, 1.55, 1.75, 1.8, 1.75, 1.6, 1.55, 1.55, 1.55, 1.55, 1.5, 1.45)

#: Day-to-day sd of the regional log PM factor per month (log units): winter stagnation makes it wider.
#: Upper bound of the regional log PM factor (×2.3 over the climatology).
PM_DAY_CAP = 0.85
PM_DAY_SIGMA_MONTHLY = (0.46, 0.4, 0.3, 0.25, 0.22, 0.22, 0.22, 0.22, 0.24, 0.28, 0.38, 0.46)

# Station factors for (pm, no2, o3): demo calibration, not measured ratios.
STATION_FACTORS: dict[str, tuple[float, float, float]] = {
    "1427A": (0.93, 0.92, 1.02),  # 礼嘉: residential, cleaner
    "1425A": (1.04, 1.08, 0.98),  # 空港: airport
    "1417A": (1.05, 1.10, 0.97),  # 两路
    "1420A": (1.07, 1.12, 0.96),  # 唐家沱: port and industry
    "1428A": (0.98, 0.95, 1.02),  # 蔡家
    "1416A": (0.96, 0.90, 1.03),  # 天生 (北碚)
    "1414A": (0.72, 0.40, 1.12),  # 缙云山: regional control
}


def _diurnal_pm(hour: np.ndarray) -> np.ndarray:
    # Night and morning peaks (boundary layer), afternoon minimum; mean 1 over the day.
    return 1.0 + 0.15 * np.cos(2 * np.pi * (hour - 10) / 12.0)


def _diurnal_no2(hour: np.ndarray) -> np.ndarray:
    return 1.0 + 0.22 * np.cos(2 * np.pi * (hour - 9) / 12.0) - 0.08 * np.cos(2 * np.pi * (hour - 3) / 24.0)


def _diurnal_o3(hour: np.ndarray) -> tuple[np.ndarray, float]:
    """O3 shape peaking at 15:00 and its maximum 8-h mean, so the daily max 8-h equals the climatology."""
    h = np.arange(24)
    d = (h - 15 + 12) % 24 - 12
    g = 0.22 + 0.9 * np.exp(-((d / 3.6) ** 2))
    roll = np.array([np.mean(np.take(g, range(s, s + 8), mode="wrap")) for s in range(24)])
    dd = (hour - 15 + 12) % 24 - 12
    return 0.22 + 0.9 * np.exp(-((dd / 3.6) ** 2)), float(roll.max())


def _factors(sites: Sequence[Site]) -> np.ndarray:
    """(pm, no2, o3) factor per site; a micro station takes its nearest national station's factors."""
    national = {s.code: s for s in sites if s.kind == "air_national"}
    out = []
    for s in sites:
        if s.code in STATION_FACTORS:
            out.append(STATION_FACTORS[s.code])
            continue
        near = "1427A"  # without national stations in the list, the district's reference station
        if national:
            near = min(national.values(), key=lambda n: (n.lon - s.lon) ** 2 + (n.lat - s.lat) ** 2).code
        base = STATION_FACTORS.get(near, (1.0, 1.0, 1.0))
        jitter = rng_for(0, "micro-factor", s.code).uniform(0.92, 1.1, size=3)
        out.append(tuple(b * j for b, j in zip(base, jitter, strict=True)))
    return np.asarray(out, dtype=float)


def air_hourly(sites: Sequence[Site], start: date, end: date, seed: int) -> pd.DataFrame:
    """Hourly concentrations for ``sites`` from local midnight of ``start`` to local midnight of ``end``.

    Returns
    -------
    DataFrame
        Columns ``site``, ``time`` (UTC period start), ``so2``, ``no2``, ``o3``, ``pm10``, ``pm25`` [µg/m³] and
        ``co`` [mg/m³]; one row per site and hour, NaN for a missing hour.
    """
    sites = [s for s in sites if s.kind in ("air_national", "air_micro")]
    times = hour_axis(start, end)
    hour, doy, _ = local_parts(times)
    day = local_day_index(times)
    n_days = int(day[-1]) + 1
    n_s, n_h = len(sites), len(times)
    local_days = pd.Timestamp(start) + pd.to_timedelta(np.arange(n_days), unit="D")
    day_doy = np.asarray(local_days.dayofyear, dtype=float) - 1.0
    day_year = np.asarray(local_days.year, dtype=np.int64)

    reg = rng_for(seed, "air", "regional")
    pm_sigma = monthly_curve(PM_DAY_SIGMA_MONTHLY, day_doy)
    pm_day = ar1(reg, n_days, 0.7, 1.0)[0] * pm_sigma
    pm_day += episodes(reg, day_doy, day_year, (335, 31), (2, 3), (3, 6), 0.5)
    # Cap: Chongqing has had no heavy-pollution day (AQI > 200, PM2.5 > 150) in recent years.
    pm_day = np.minimum(pm_day, PM_DAY_CAP)
    o3_day = ar1(reg, n_days, 0.6, 0.2)[0]
    o3_day += episodes(reg, day_doy, day_year, (181, 242), (1, 3), (3, 5), 0.22)
    other_day = ar1(reg, n_days, 0.6, 0.2)[0]

    fac = _factors(sites)
    frames = {}
    site_rngs = [rng_for(seed, "air", s.code) for s in sites]
    st_day = np.vstack([ar1(r, n_days, 0.5, 0.08)[0] for r in site_rngs])
    noise = np.vstack([smooth_noise(r, (1, n_h), 0.18)[0] for r in site_rngs])
    micro = np.array([s.kind == "air_micro" for s in sites])
    noise[micro] *= 1.4  # low-cost sensors scatter more

    pm_log = pm_day[day][None, :] + st_day[:, day] + noise
    pm25 = monthly_curve(PM25_MONTHLY, doy)[None, :] * fac[:, :1] * _diurnal_pm(hour)[None, :]
    pm25 = pm25 * np.exp(pm_log - 0.5 * (pm_sigma[day][None, :] ** 2 + 0.08**2 + 0.18**2))
    frames["pm25"] = pm25
    coarse = np.vstack(
        [rng_for(seed, "air-coarse", s.code).normal(0.0, 0.12, size=n_h) for s in sites]
    ).reshape(n_s, n_h)
    frames["pm10"] = pm25 * monthly_curve(PM10_RATIO_MONTHLY, doy)[None, :] * np.exp(coarse - 0.0072)
    stag = 0.6 * pm_day[day][None, :] + 0.4 * other_day[day][None, :] + 0.7 * noise
    frames["no2"] = (
        monthly_curve(NO2_MONTHLY, doy)[None, :]
        * fac[:, 1:2]
        * _diurnal_no2(hour)[None, :]
        * np.exp(stag - 0.06)
    )
    frames["co"] = monthly_curve(CO_MONTHLY, doy)[None, :] * np.sqrt(fac[:, :1]) * np.exp(0.5 * stag - 0.02)
    frames["so2"] = (
        monthly_curve(SO2_MONTHLY, doy)[None, :]
        * np.sqrt(fac[:, 1:2])
        * (1.0 + 0.2 * np.cos(2 * np.pi * (hour - 12) / 24.0))[None, :]
        * np.exp(0.5 * other_day[day][None, :] + 0.5 * noise - 0.03)
    )
    shape, peak8 = _diurnal_o3(hour)
    o3_log = o3_day[day][None, :] + 0.5 * st_day[:, day] + 0.6 * noise
    frames["o3"] = (
        monthly_curve(O3_8H_MONTHLY, doy)[None, :]
        / peak8
        * fac[:, 2:3]
        * shape[None, :]
        * np.exp(o3_log - 0.5 * (0.2**2 + 0.0016 + 0.0117))
    )

    # Missing hours: a few short gaps per station (instrument maintenance, transmission).
    missing = np.zeros((n_s, n_h), dtype=bool)
    for i, s in enumerate(sites):
        r = rng_for(seed, "air-gaps", s.code)
        for start_idx in r.integers(0, n_h, size=max(1, n_h // 2000)):
            missing[i, start_idx : start_idx + int(r.integers(1, 7))] = True

    out = pd.DataFrame(
        {
            "site": np.repeat([s.code for s in sites], n_h),
            "time": np.tile(times, n_s),
        }
    )
    for name in AIR_PARAMETERS:
        values = frames[name]
        values = np.round(values, 1) if name == "co" else np.round(values)
        values = np.maximum(values, 0.1 if name == "co" else 1.0)
        values[missing] = np.nan
        out[name] = values.reshape(-1)
    return out


__all__ = ["AIR_PARAMETERS", "STATION_FACTORS", "air_hourly"]
