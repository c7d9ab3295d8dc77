"""Shared pieces of the demo generators: time axes, seeded random streams, smooth seasonal curves.

Every generator is a pure function of (sites, date range, seed): no clock, no files, no database. A stream's seed
is derived from the run seed and a stable key (a site code, a parameter), so adding a site never changes the data of
the others and the same call always returns the same frame.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]

#: China Standard Time offset [h]; local days and local hours of the demo follow UTC+8.
CST_HOURS = 8


def rng_for(seed: int, *keys: str | int) -> np.random.Generator:
    """A random stream that depends only on ``seed`` and ``keys`` (CRC-32 of the keys, stable across runs)."""
    key = "/".join(str(k) for k in keys).encode()
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(key)])


def hour_axis(start: date, end: date, step_hours: int = 1) -> pd.DatetimeIndex:
    """Period starts [UTC] from local midnight of ``start`` up to (not including) local midnight of ``end``."""
    if end <= start:
        raise ValueError("end must be after start")
    first = pd.Timestamp(start) - pd.Timedelta(hours=CST_HOURS)
    last = pd.Timestamp(end) - pd.Timedelta(hours=CST_HOURS)
    return pd.date_range(first, last, freq=f"{step_hours}h", inclusive="left", tz="UTC")


def local_parts(times: pd.DatetimeIndex) -> tuple[npt.NDArray[np.int64], FloatArray, npt.NDArray[np.int64]]:
    """Local hour of day (0–23), fractional day of year and local month (1–12) of UTC period starts."""
    local = times.tz_convert(None) + pd.Timedelta(hours=CST_HOURS)
    hour = np.asarray(local.hour, dtype=np.int64)
    doy = np.asarray(local.dayofyear, dtype=np.float64) - 1.0 + hour / 24.0
    month = np.asarray(local.month, dtype=np.int64)
    return hour, doy, month


def local_day_index(times: pd.DatetimeIndex) -> npt.NDArray[np.int64]:
    """Index of the local day of each period start, counted from the first one."""
    days = ((times.asi8 // 1_000_000_000 + CST_HOURS * 3600) // 86400).astype(np.int64)
    return days - days[0]


def monthly_curve(monthly: Sequence[float], doy: FloatArray) -> FloatArray:
    """Smooth annual curve through 12 mid-month values, periodic over the year (linear between mid-months)."""
    mids = (np.arange(12) + 0.5) * 365.0 / 12.0
    xp = np.concatenate([[mids[-1] - 365.0], mids, [mids[0] + 365.0]])
    fp = np.concatenate([[monthly[-1]], np.asarray(monthly, dtype=float), [monthly[0]]])
    return np.interp(np.mod(doy, 365.0), xp, fp)


def ar1(rng: np.random.Generator, n: int, phi: float, sigma: float, size: int = 1) -> FloatArray:
    """``size`` AR(1) series of length ``n`` with lag-1 correlation ``phi`` and stationary sd ``sigma``."""
    eps = rng.normal(0.0, sigma * np.sqrt(1.0 - phi * phi), size=(size, n))
    out = np.empty((size, n))
    out[:, 0] = rng.normal(0.0, sigma, size=size)
    for i in range(1, n):  # n is a number of days (≈730): cheap
        out[:, i] = phi * out[:, i - 1] + eps[:, i]
    return out


def smooth_noise(
    rng: np.random.Generator, shape: tuple[int, int], sigma: float, window: int = 4
) -> FloatArray:
    """Gaussian noise smoothed by a moving average of ``window`` steps along axis 1, rescaled to sd ``sigma``."""
    raw = rng.normal(0.0, 1.0, size=(shape[0], shape[1] + window - 1))
    c = np.cumsum(raw, axis=1)
    c = np.concatenate([np.zeros((shape[0], 1)), c], axis=1)
    ma = (c[:, window:] - c[:, :-window]) / window
    return ma * (sigma * np.sqrt(window))


def episodes(
    rng: np.random.Generator,
    day_doy: FloatArray,
    day_year: npt.NDArray[np.int64],
    window: tuple[int, int],
    per_year: tuple[int, int],
    length_days: tuple[int, int],
    height: float,
) -> FloatArray:
    """Additive log-bumps for pollution episodes: a few per year inside the day-of-year ``window`` (may wrap).

    Each episode is a triangle of ``length_days`` with peak ``height`` (log units), placed at random.
    """
    out = np.zeros(len(day_doy))
    lo, hi = window
    inside = (day_doy >= lo) & (day_doy <= hi) if lo <= hi else (day_doy >= lo) | (day_doy <= hi)
    for year in np.unique(day_year):
        candidates = np.flatnonzero(inside & (day_year == year))
        if len(candidates) == 0:
            continue
        for _ in range(int(rng.integers(per_year[0], per_year[1] + 1))):
            centre = int(rng.choice(candidates))
            half = int(rng.integers(length_days[0], length_days[1] + 1)) / 2.0
            idx = np.arange(len(day_doy))
            out += (
                height
                * rng.uniform(0.7, 1.2)
                * np.clip(1.0 - np.abs(idx - centre) / max(half, 1.0), 0.0, None)
            )
    return out


def to_long(frame: pd.DataFrame, id_cols: Sequence[str], value_cols: Sequence[str]) -> pd.DataFrame:
    """Wide → narrow: one row per id × parameter with ``parameter`` and ``value``; missing values dropped."""
    long = frame.melt(
        id_vars=list(id_cols), value_vars=list(value_cols), var_name="parameter", value_name="value"
    )
    return long.dropna(subset=["value"]).reset_index(drop=True)


__all__ = [
    "CST_HOURS",
    "ar1",
    "episodes",
    "hour_axis",
    "local_day_index",
    "local_parts",
    "monthly_curve",
    "rng_for",
    "smooth_noise",
    "to_long",
]
