"""Daily statistics from hourly data with GB 3095 / HJ 663 validity, vectorised over stations and days.

Conventions (HJ 663-2013 Table A.1; GB 3095-2026 §3; the national feed):

* An hourly value labelled X:00 is the mean over (X−1):00–X:00, local time. A natural day is the 24 values
  labelled 1:00 … 24:00 (24:00 = 00:00 of the next date).
* Hourly values are rounded per GB/T 8170 before use (HJ 663-2013 §6.3): integers in µg/m³, CO to 0.1 mg/m³.
* Daily mean of SO2, NO2, CO, PM10, PM2.5: the mean of the day's hourly values, valid with ≥ 20 of them
  (GB 3095-2012/2026 Table 4).
* O3 8-hour moving mean labelled X: the mean of the hourly values labelled X−7 … X, valid with ≥ 6 of the 8
  (GB 3095 Table 4). Windows labelled 1:00 … 7:00 reach into the previous day.
* O3 daily maximum 8-hour mean (MDA8): the largest valid 8-hour mean labelled 8:00 … 24:00 (the 17 windows that
  lie inside the day); valid with ≥ 14 valid windows, or with fewer when it exceeds the concentration limit
  (HJ 663-2013 §6.1.2, kept as HJ 663-2026 §6.1.2).
* O3 daily maximum 1-hour mean: the largest valid hourly value of the day. The standards give no completeness
  rule for it; we apply the daily rule (≥ 20 hours) and, as for MDA8, keep it when it exceeds the 1-hour limit
  (our choice, documented).
* Every mean is rounded half to even, exactly: a mean of rounded values is a fraction of integers.

Examples
--------
The 8-hour mean of the verified CNEMC example (1417A, 2022-01-01 08:00; ``air_standards.md`` §5):

>>> moving_mean(np.array([[10, 18, 7, 5, 6, 5, 5, 5.0]]), 8, 6, 0)[0][0, -1]
np.float64(8.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError
from ljeco.standards.air.aqi import AQIResult, daily_aqi, nullable_int
from ljeco.standards.air.frames import HOURLY_COLUMNS, HourlyColumns, parse_hourly_columns
from ljeco.standards.air.limits import LIMIT_SETS, ZoneClass
from ljeco.standards.air.rounding import div_half_even, scaled_half_even

if TYPE_CHECKING:
    import pandas as pd

FloatArray = npt.NDArray[np.float64]

#: Pollutants with a daily (24-hour) mean, in output order.
DAILY_MEAN_POLLUTANTS: Final[tuple[str, ...]] = ("so2", "no2", "co", "pm10", "pm25")
#: GB 3095 Table 4: minimum valid hours of a daily mean; minimum valid hours of an 8-hour mean.
MIN_HOURS_PER_DAY: Final = 20
MIN_HOURS_PER_8H: Final = 6
#: HJ 663-2013 §6.1.2: minimum valid 8-hour means labelled 8:00–24:00 for a valid MDA8.
MIN_MDA8_WINDOWS: Final = 14
#: Largest station × hour grid built at once (about 0.8 GB per pollutant): 1,000 stations × 11 years.
MAX_GRID_CELLS: Final = 100_000_000


def decimals_of(pollutant: str) -> int:
    """HJ 663-2013 Table 3 decimals: 1 for CO [mg/m³], 0 for the others [µg/m³]."""
    return 1 if pollutant.startswith("co") else 0


@dataclass
class HourlyGrid:
    """Hourly values on a dense station × hour grid (what the observation store can hand over directly).

    ``values[p][s, k]`` is the 1-hour mean of pollutant ``p`` at station ``s`` labelled ``first_day`` 01:00 + k
    hours (NaN = missing); ``k`` runs over ``n_days`` × 24 labels, so ``values[p].reshape(S, n_days, 24)`` puts
    each standards' day on one row. ``present[s, d]`` is true for station-days with at least one input row;
    ``row_cell[i]`` is the flat grid cell (``s * n_days * 24 + k``) of input row ``i``.
    """

    stations: npt.NDArray[np.object_]
    first_day: np.datetime64
    n_days: int
    values: dict[str, FloatArray]
    present: npt.NDArray[np.bool_]
    row_cell: npt.NDArray[np.int64]

    @property
    def days(self) -> npt.NDArray[np.datetime64]:
        return self.first_day + np.arange(self.n_days).astype("timedelta64[D]")

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> HourlyGrid:
        """Check an hourly frame (:mod:`~ljeco.standards.air.frames`) and scatter it onto the grid."""
        return cls.from_columns(parse_hourly_columns(frame))

    @classmethod
    def from_columns(cls, cols: HourlyColumns) -> HourlyGrid:
        """Scatter checked hourly columns onto the grid.

        Raises :class:`ValidationError` for times not on the hour and for two rows of one station-hour.
        """
        import pandas as pd

        if len(cols) == 0:
            raise ValidationError("no hourly rows", code="air.empty")
        codes, stations = pd.factorize(cols.station, sort=True)
        minutes = cols.time.astype(np.int64)
        hours = minutes // 60
        off_hour = hours * 60 != minutes
        if off_hour.any():
            row = int(np.flatnonzero(off_hour)[0])
            raise ValidationError(
                f"row {row + 2}: {cols.time[row]} is not on the hour; hourly values are labelled X:00",
                code="air.bad_time",
            )
        hours -= 1  # the hour *starting* the interval: its date is the standards' day
        first_day = int(hours.min()) // 24
        slot = hours - first_day * 24
        n_days = int(slot.max()) // 24 + 1
        n_hours = n_days * 24
        if len(stations) * n_hours > MAX_GRID_CELLS:
            raise ValidationError(
                f"{len(stations)} stations × {n_days} days is too large for one computation "
                f"(at most {MAX_GRID_CELLS:,} station-hours); split the stations or the period",
                code="air.too_large",
            )
        flat = codes.astype(np.int64) * n_hours + slot
        counts = np.bincount(flat, minlength=len(stations) * n_hours)
        if counts.max() > 1:
            dup = int(np.argmax(counts > 1))
            label = np.datetime64(first_day * 24 * 60 + (dup % n_hours + 1) * 60, "m")
            raise ValidationError(
                f"station {stations[dup // n_hours]} has more than one row for {label}",
                code="air.duplicate",
            )
        absent = counts == 0
        present = ~absent.reshape(len(stations), n_days, 24).all(axis=-1)
        values = {}
        for name in HOURLY_COLUMNS:
            grid = np.empty(len(stations) * n_hours)
            grid[flat] = cols.values[name]
            grid[absent] = np.nan  # cells without a row (none for a complete series)
            values[name] = grid.reshape(len(stations), n_hours)
        return cls(
            stations=np.asarray(stations, dtype=object),
            first_day=np.datetime64(first_day, "D"),
            n_days=n_days,
            values=values,
            present=present,
            row_cell=flat,
        )


def moving_mean(
    values: npt.ArrayLike, window: int, min_count: int, decimals: int
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Moving means along the last axis, labelled by the window's last value, rounded per GB/T 8170.

    Parameters
    ----------
    values : array_like, shape (..., H)
        Hourly values in hour order (NaN = missing); rounded to ``decimals`` here before use.
    window, min_count : int
        Window length and minimum valid values (8 and 6 for O3 8-hour means; 24 and 20 for 24-hour means).
    decimals : int
        0, or 1 for CO.

    Returns
    -------
    mean : ndarray
        Same shape; NaN where fewer than ``min_count`` values are valid (including the first windows, which
        reach before the data).
    count : ndarray of int
        Valid values in each window.
    """
    scaled = scaled_half_even(values, decimals)
    valid = ~np.isnan(scaled)
    total = np.cumsum(np.where(valid, scaled, 0.0), axis=-1)  # exact: sums of integers below 2**53
    count = np.cumsum(valid, axis=-1, dtype=np.int64)
    # Window ending at k = cumulative sum at k minus that at k - window; the first windows keep partial sums.
    total[..., window:] -= total[..., :-window].copy()
    count[..., window:] -= count[..., :-window].copy()
    mean = div_half_even(total, count.astype(np.float64))
    mean[count < min_count] = np.nan
    return mean / 10.0**decimals if decimals else mean, count


@dataclass
class DailyStatistics:
    """Daily statistics of every station-day of an :class:`HourlyGrid` (arrays of shape stations × days).

    ``mean[p]`` daily means (NaN = invalid) and ``hours[p]`` valid hours, for p in
    :data:`DAILY_MEAN_POLLUTANTS` (``hours["o3"]`` too); ``o3_8h_max`` (MDA8) with ``o3_8h_windows`` valid 8-hour
    means labelled 8:00–24:00; ``o3_1h_max`` the O3 daily max 1-hour mean.
    """

    stations: npt.NDArray[np.object_]
    days: npt.NDArray[np.datetime64]
    present: npt.NDArray[np.bool_]
    mean: dict[str, FloatArray]
    hours: dict[str, npt.NDArray[np.int64]]
    o3_8h_max: FloatArray
    o3_8h_windows: npt.NDArray[np.int64]
    o3_1h_max: FloatArray

    @classmethod
    def from_grid(cls, grid: HourlyGrid, *, zone_class: ZoneClass = 2) -> DailyStatistics:
        """Compute the statistics; ``zone_class`` picks the limits of the "valid when exceeding" rules."""
        s, d = grid.present.shape
        mean: dict[str, FloatArray] = {}
        hours: dict[str, npt.NDArray[np.int64]] = {}
        for p in DAILY_MEAN_POLLUTANTS:
            dec = decimals_of(p)
            scaled = scaled_half_even(grid.values[p], dec).reshape(s, d, 24)
            valid = ~np.isnan(scaled)
            count = valid.sum(axis=-1)
            m = div_half_even(scaled.sum(axis=-1, where=valid), count.astype(np.float64))
            m[count < MIN_HOURS_PER_DAY] = np.nan  # GB 3095 Table 4: ≥ 20 hourly values per day
            mean[p] = m / 10.0**dec if dec else m
            hours[p] = count
        o3_day = scaled_half_even(grid.values["o3"], 0).reshape(s, d, 24)
        o3_valid = ~np.isnan(o3_day)
        hours["o3"] = o3_valid.sum(axis=-1)
        # The O3 limits are the same in GB 3095-2012 and GB 3095-2026 (both stages).
        limits = LIMIT_SETS["2012"]
        mda8, windows = _mda8(o3_day, o3_valid)
        mda8_limit = limits.daily_limit("o3_8h", zone_class)
        mda8[(windows < MIN_MDA8_WINDOWS) & ~(mda8 > mda8_limit)] = np.nan  # HJ 663 §6.1.2
        max1h = np.fmax.reduce(o3_day, axis=-1)
        max1h_limit = limits.hourly_limit("o3_1h", zone_class)
        max1h[(hours["o3"] < MIN_HOURS_PER_DAY) & ~(max1h > max1h_limit)] = np.nan  # our rule (module notes)
        return cls(
            stations=grid.stations,
            days=grid.days,
            present=grid.present,
            mean=mean,
            hours=hours,
            o3_8h_max=mda8,
            o3_8h_windows=windows,
            o3_1h_max=max1h,
        )

    def concentrations(self) -> dict[str, FloatArray]:
        """The daily AQI inputs (stations × days): ``so2 … pm25``, ``o3_8h`` (MDA8) and ``o3_1h`` (max 1-h)."""
        conc = dict(self.mean)
        conc["o3_8h"] = self.o3_8h_max
        conc["o3_1h"] = self.o3_1h_max
        return conc

    def to_frame(self, *, edition: str = "auto", o3_1h_in_daily: bool = False) -> pd.DataFrame:
        """One row per station-day that has data: statistics, validity, hour counts and the daily AQI."""
        import pandas as pd

        si, di = np.nonzero(self.present)
        conc = {k: v[si, di] for k, v in self.concentrations().items()}
        days = self.days[di]
        frame = pd.DataFrame({"station": self.stations[si], "date": days.astype(str)})
        for p in DAILY_MEAN_POLLUTANTS:
            frame[p] = _column(conc[p], p)
        frame["o3_8h_max"] = _column(conc["o3_8h"], "o3")
        frame["o3_1h_max"] = _column(conc["o3_1h"], "o3")
        for p in DAILY_MEAN_POLLUTANTS:
            frame[f"{p}_valid"] = ~np.isnan(conc[p])
        frame["o3_8h_max_valid"] = ~np.isnan(conc["o3_8h"])
        frame["o3_1h_max_valid"] = ~np.isnan(conc["o3_1h"])
        for p in (*DAILY_MEAN_POLLUTANTS, "o3"):
            frame[f"{p}_hours"] = self.hours[p][si, di]
        frame["o3_8h_windows"] = self.o3_8h_windows[si, di]
        result = daily_aqi(conc, days, edition=edition, o3_1h_in_daily=o3_1h_in_daily)
        return pd.concat([frame, result.to_frame()], axis=1)

    def aqi(self, *, edition: str = "auto", o3_1h_in_daily: bool = False) -> AQIResult:
        """Daily AQI of every station × day cell (flattened row-major)."""
        conc = {k: v.ravel() for k, v in self.concentrations().items()}
        days = np.broadcast_to(self.days, self.present.shape).ravel()
        return daily_aqi(conc, days, edition=edition, o3_1h_in_daily=o3_1h_in_daily)


def _mda8(o3_day: FloatArray, valid: npt.NDArray[np.bool_]) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """MDA8 and the number of valid 8-hour means labelled 8:00–24:00, per station-day (input: days × 24 hours).

    The windows labelled 8:00–24:00 lie inside the day. Rounding is monotone, so the largest rounded 8-hour mean
    is the rounding of the largest exact one: the window is chosen by its float ratio and only that window's
    sum / count is rounded (exactly, half to even); the same result as :func:`moving_mean` and a max.
    """
    total = np.cumsum(np.where(valid, o3_day, 0.0), axis=-1)
    count = np.cumsum(valid, axis=-1, dtype=np.int64)
    zero = np.zeros((*o3_day.shape[:-1], 1))
    w_total = total[..., 7:] - np.concatenate([zero, total[..., :16]], axis=-1)  # labels 8:00 … 24:00
    w_count = count[..., 7:] - np.concatenate([zero.astype(np.int64), count[..., :16]], axis=-1)
    ok = w_count >= MIN_HOURS_PER_8H
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ok, w_total / w_count, -np.inf)
    best = ratio.argmax(axis=-1)[..., None]
    mda8 = div_half_even(
        np.take_along_axis(w_total, best, axis=-1)[..., 0],
        np.take_along_axis(w_count, best, axis=-1)[..., 0].astype(np.float64),
    )
    windows = ok.sum(axis=-1)
    mda8[windows == 0] = np.nan
    return mda8, windows


def _column(values: FloatArray, pollutant: str) -> Any:

    if decimals_of(pollutant):
        return values
    return nullable_int(values)


def daily_statistics(
    hourly: pd.DataFrame,
    *,
    edition: str = "auto",
    zone_class: ZoneClass = 2,
    o3_1h_in_daily: bool = False,
) -> pd.DataFrame:
    """Daily statistics and daily AQI per station and day from an hourly frame.

    Parameters
    ----------
    hourly : DataFrame
        ``station, time, so2, no2, co, o3, pm10, pm25`` (see :mod:`~ljeco.standards.air.frames`).
    edition : {"auto", "2012", "2026"}
        Edition of the daily AQI (``auto``: by each day, switch on 2026-03-01).
    zone_class : {1, 2}
        GB 3095 zone class whose limits decide the "valid when exceeding" rules (class 2 for urban stations).
    o3_1h_in_daily : bool
        2012 only: seven-indicator daily AQI (see :func:`~ljeco.standards.air.aqi.daily_aqi`).

    Returns
    -------
    DataFrame
        ``station, date, so2, no2, co, pm10, pm25, o3_8h_max, o3_1h_max`` (NaN = invalid; µg/m³, CO mg/m³),
        ``<item>_valid``, ``<pollutant>_hours``, ``o3_8h_windows``, then the daily AQI columns of
        :meth:`~ljeco.standards.air.aqi.AQIResult.to_frame`.
    """
    grid = HourlyGrid.from_frame(hourly)
    return DailyStatistics.from_grid(grid, zone_class=zone_class).to_frame(
        edition=edition, o3_1h_in_daily=o3_1h_in_daily
    )


__all__ = [
    "DAILY_MEAN_POLLUTANTS",
    "MIN_HOURS_PER_8H",
    "MIN_HOURS_PER_DAY",
    "MIN_MDA8_WINDOWS",
    "DailyStatistics",
    "HourlyGrid",
    "daily_statistics",
    "decimals_of",
    "moving_mean",
]
