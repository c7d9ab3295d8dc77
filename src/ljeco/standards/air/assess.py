"""Period assessment of stations and of the city (HJ 663-2013; GB 3095-2012 / GB 3095-2026 limits).

For a period (month, quarter, year or any range of days) and each station, plus the city as the mean of its
urban assessment stations (城市点):

* **Statistics** (HJ 663-2013 Table 1, Appendix A): period means of SO2, NO2, PM10, PM2.5 (the mean of the
  valid daily means, GB 3095-2026 §3.11–3.13); percentiles of the daily series by A.6: SO2 and NO2 98th, PM10 and
  PM2.5 95th, CO 95th, O3 MDA8 90th. Each rounded per HJ 663-2013 §6.3 Table 3 with GB/T 8170 (integers,
  CO 0.1), exactly: sums and interpolations are done on integers and rounded through ``Fraction``/``Decimal``.
* **Validity** (GB 3095 Table 4; HJ 663-2013 §6.1.3): ≥ 324 daily values in a calendar year and ≥ 27 in each
  month (February ≥ 25). For part of a month we require the same share of its days (27 of 31 days → 26 of 30 …
  ceil(days × 27 / month length)); the standard is silent on partial months.
* **City series** (HJ 663-2013 Table A.2, §6.1.4): each day and pollutant, the mean over the city stations with a
  valid value, valid when ≥ 75 % of the city stations take part (≥ 50 % with fewer than 4 stations). The city's
  daily AQI is computed from these concentrations (HJ 633 §4.2.1).
* **Attainment** (HJ 663-2013 §3.5, §5.1): SO2, NO2, PM10, PM2.5 attain when the mean meets the annual limit *and*
  the percentile meets the 24-hour limit; CO by its 95th percentile vs the 24-hour limit; O3 by the MDA8 90th
  percentile vs the 8-hour limit. Overall attainment needs all six; a missing or invalid item makes the result
  "not attained" with the item named (§6.2). Exceedance multiple (C − S)/S to 0.01, listed in descending order.
* **Days**: valid days = days with a published daily AQI; good days = AQI ≤ 100 (levels 1–2); 优良天数比例 =
  good / valid × 100 to 0.1 % (HJ 663 达标率 rule, valid days as denominator); days per level; heavy-pollution
  days = AQI > 200 (levels 5–6); daily attainment rate per pollutant and for all six together (§5.1.1, §5.1.2).
* **Indices** (HJ 663-2013 Appendix C, informative): single index I_i = max(mean / annual limit, percentile /
  24-hour limit) for SO2, NO2, PM10, PM2.5; CO 95th / 24-hour limit; O3 90th / 8-hour limit; class-2 limits;
  综合指数 = Σ I_i (to 0.01), maximum index = max I_i.

Where HJ 663 defines *annual* attainment only, a shorter period is judged against the same limits and the result
says so in ``notes``. HJ 663-2026 (three-year moving assessment, exceptional events, refined rounding) could not
be read; 2026+ periods use the HJ 663-2013 method with GB 3095-2026 limits and say so in ``notes``.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError
from ljeco.standards.air.aqi import daily_aqi
from ljeco.standards.air.daily import decimals_of
from ljeco.standards.air.editions import check_edition, day_editions
from ljeco.standards.air.limits import EDITION_2026_START, LimitSet, ZoneClass, limits_for_period
from ljeco.standards.air.rounding import div_half_even, round_gbt8170, scaled_half_even
from ljeco.standards.air.tables import CODES, EDITIONS

if TYPE_CHECKING:
    import pandas as pd

FloatArray = npt.NDArray[np.float64]

#: The six basic items in assessment order, with their HJ 663-2013 Table 1 percentile.
PERCENTILE_OF: Final[dict[str, int]] = {"so2": 98, "no2": 98, "co": 95, "o3_8h": 90, "pm10": 95, "pm25": 95}
#: Items also judged by their period mean against the annual limit.
MEAN_ITEMS: Final[tuple[str, ...]] = ("so2", "no2", "pm10", "pm25")
#: Daily-frame column of each item.
DAILY_COLUMN: Final[dict[str, str]] = {
    "so2": "so2", "no2": "no2", "co": "co", "o3_8h": "o3_8h_max", "pm10": "pm10", "pm25": "pm25",
}  # fmt: skip
#: GB 3095 Table 4 / HJ 663-2013 §6.1.3 coverage.
MIN_DAYS_PER_YEAR: Final = 324
MIN_DAYS_PER_MONTH: Final = 27
MIN_DAYS_FEBRUARY: Final = 25
#: HJ 663-2013 §6.1.4: share of city stations that must take part (fewer than 4 stations: 50 %).
CITY_SHARE: Final = Fraction(3, 4)
CITY_SHARE_SMALL: Final = Fraction(1, 2)
CITY: Final = "city"


def percentile_hj663(values: npt.ArrayLike, p: float) -> float:
    """The p-th percentile by HJ 663-2013 Appendix A.6 (NaN ignored; NaN when empty).

    Sort ascending X(1) ≤ … ≤ X(n); k = 1 + (n − 1)·p/100; s = int(k); m = X(s) + (X(s+1) − X(s))·(k − s).
    This is numpy's default "linear" method, R type 7 and ``statistics.quantiles(method="inclusive")``.

    >>> percentile_hj663([3, 4, 8, 2, 5, 4], 90)
    6.5
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    x = x[~np.isnan(x)]
    if x.size == 0:
        return float("nan")
    k = 1 + (x.size - 1) * p / 100
    s = int(k)
    upper = x[s] if s < x.size else x[s - 1]
    return float(x[s - 1] + (upper - x[s - 1]) * (k - s))


def _percentile_fractions(scaled: FloatArray, p: int) -> list[Fraction | None]:
    """Exact A.6 percentiles of each row of integer-valued ``scaled`` (NaN = absent), in scaled units."""
    x = np.sort(scaled, axis=1)  # NaN sorts last
    n = (~np.isnan(scaled)).sum(axis=1)
    out: list[Fraction | None] = []
    for row, count in zip(x, n, strict=True):
        if count == 0:
            out.append(None)
            continue
        q, r = divmod((int(count) - 1) * p, 100)  # k - 1 = q + r/100 exactly
        low = int(row[q])
        high = int(row[q + 1]) if r else low
        out.append(Fraction(100 * low + r * (high - low), 100))
    return out


def _months(start: date, end: date) -> list[tuple[date, date, int]]:
    """Calendar-month pieces of [start, end]: (first, last, required valid days)."""
    pieces = []
    first = start
    while first <= end:
        length = calendar.monthrange(first.year, first.month)[1]
        month_end = date(first.year, first.month, length)
        last = min(end, month_end)
        need = MIN_DAYS_FEBRUARY if first.month == 2 else MIN_DAYS_PER_MONTH
        days = (last - first).days + 1
        pieces.append((first, last, -(-days * need // length)))  # ceil(days × need / length)
        first = last + timedelta(days=1)
    return pieces


def coverage_valid(
    valid: npt.NDArray[np.bool_], start: date, end: date
) -> tuple[npt.NDArray[np.bool_], list[list[str]]]:
    """GB 3095 Table 4 / HJ 663 §6.1.3 coverage of daily values over [start, end] (columns = days).

    Returns the validity per row and, per row, the shortfalls as text ("2022-02: 20 of 25 days").
    """
    ok = np.ones(valid.shape[0], dtype=bool)
    shortfalls: list[list[str]] = [[] for _ in range(valid.shape[0])]
    for first, last, need in _months(start, end):
        got = valid[:, (first - start).days : (last - start).days + 1].sum(axis=1)
        for i in np.flatnonzero(got < need):
            shortfalls[i].append(f"{first:%Y-%m}: {int(got[i])} of {need} days")
        ok &= got >= need
    for year in range(start.year, end.year + 1):
        if start <= date(year, 1, 1) and date(year, 12, 31) <= end:
            lo = (date(year, 1, 1) - start).days
            got = valid[:, lo : lo + (date(year, 12, 31) - date(year, 1, 1)).days + 1].sum(axis=1)
            for i in np.flatnonzero(got < MIN_DAYS_PER_YEAR):
                shortfalls[i].append(f"{year}: {int(got[i])} of {MIN_DAYS_PER_YEAR} days")
            ok &= got >= MIN_DAYS_PER_YEAR
    return ok, shortfalls


def city_series(scaled: FloatArray) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """City daily values from station daily values (rows = city stations, integer-valued, NaN = invalid).

    Mean over the valid stations, rounded half to even, valid when enough stations take part (HJ 663-2013
    §6.1.4: ≥ 75 %, or ≥ 50 % with fewer than 4 stations). Returns the city values and the participating counts.
    """
    n = scaled.shape[0]
    valid = ~np.isnan(scaled)
    count = valid.sum(axis=0)
    share = CITY_SHARE if n >= 4 else CITY_SHARE_SMALL
    mean = div_half_even(scaled.sum(axis=0, where=valid), count.astype(np.float64))
    mean[count * share.denominator < share.numerator * n] = np.nan
    return mean, count


@dataclass(frozen=True)
class Statistic:
    """One assessed statistic (e.g. ``pm25_p95``) with its validity and its comparison with the limit."""

    item: str
    pollutant: str
    value: Decimal | None
    valid: bool
    limit: float
    limit_kind: str
    attained: bool | None
    exceedance_multiple: Decimal | None


@dataclass
class PeriodAssessment:
    """The assessment of one station (or of the city, ``station == "city"``) over one period."""

    station: str
    period_from: date
    period_to: date
    edition: str
    limits: LimitSet
    zone_class: int
    days: int
    valid_days: int
    good_days: int
    good_day_ratio: Decimal | None
    days_per_level: dict[int, int]
    heavy_pollution_days: int
    primary_pollutant_days: dict[str, int]
    statistics: dict[str, Statistic]
    valid_days_by_item: dict[str, int]
    daily_attainment_rate: dict[str, Decimal | None]
    all_items_daily_attainment_days: int
    all_items_daily_attainment_rate: Decimal | None
    pollutant_attained: dict[str, bool | None]
    single_index: dict[str, Decimal | None]
    composite_index: Decimal | None
    max_index: Decimal | None
    max_index_pollutant: str | None
    attained: bool
    missing_items: list[str]
    exceedances: list[Statistic]
    stations: int = 1
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready flat record (the CLI's ``--format json`` object and the API body)."""
        rec: dict[str, Any] = {
            "station": self.station,
            "edition": self.edition,
            "limits": self.limits.title,
            "zone_class": self.zone_class,
            "from": self.period_from.isoformat(),
            "to": self.period_to.isoformat(),
            "days": self.days,
            "valid_days": self.valid_days,
            "good_days": self.good_days,
            "good_day_ratio": _num(self.good_day_ratio),
        }
        for item, stat in self.statistics.items():
            rec[item] = _num(stat.value)
        rec.update(
            composite_index=_num(self.composite_index),
            attained=self.attained,
            missing_items=self.missing_items,
            heavy_pollution_days=self.heavy_pollution_days,
        )
        rec.update({f"level{k}_days": v for k, v in self.days_per_level.items()})
        for item, stat in self.statistics.items():
            rec[f"{item}_valid"] = stat.valid
        for p in PERCENTILE_OF:
            rec[f"{p}_valid_days"] = self.valid_days_by_item[p]
            rec[f"{p}_attained"] = self.pollutant_attained[p]
            rec[f"{p}_index"] = _num(self.single_index[p])
            rec[f"{p}_daily_attainment_rate"] = _num(self.daily_attainment_rate[p])
        rec.update(
            max_index=_num(self.max_index),
            max_index_pollutant=self.max_index_pollutant,
            all_items_daily_attainment_days=self.all_items_daily_attainment_days,
            all_items_daily_attainment_rate=_num(self.all_items_daily_attainment_rate),
            exceedances=[
                {
                    "item": s.item,
                    "value": _num(s.value),
                    "limit": s.limit,
                    "multiple": _num(s.exceedance_multiple),
                }
                for s in self.exceedances
            ],
            primary_pollutant_days=self.primary_pollutant_days,
            stations=self.stations,
            notes=self.notes,
        )
        return rec


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return (
        int(value) if value == value.to_integral_value() and value.as_tuple().exponent == 0 else float(value)
    )


def _rate(numerator: int, denominator: int) -> Decimal | None:
    """Percent to 0.1 (HJ 663-2013 Table 3); ``None`` without a denominator."""
    return round_gbt8170(Fraction(100 * numerator, denominator), 1) if denominator else None


def _frame_arrays(
    daily: pd.DataFrame, start: date, end: date
) -> tuple[list[str], dict[str, FloatArray], FloatArray]:
    """Station names and (stations × period days) arrays of the daily items, scaled to integers."""
    import pandas as pd

    need = ["station", "date", *DAILY_COLUMN.values()]
    absent = [c for c in need if c not in daily.columns]
    if absent:
        raise ValidationError(
            f"the daily frame lacks column(s) {', '.join(absent)}", code="air.missing_column"
        )
    days = pd.to_datetime(daily["date"]).to_numpy().astype("datetime64[D]")
    inside = (days >= np.datetime64(start)) & (days <= np.datetime64(end))
    codes, stations = pd.factorize(daily["station"].astype(str), sort=True)
    n_days = (end - start).days + 1
    col = (days - np.datetime64(start)).astype(np.int64)
    rows, col = codes[inside], col[inside]
    arrays: dict[str, FloatArray] = {}
    for item, column in DAILY_COLUMN.items():
        grid = np.full((len(stations), n_days), np.nan)
        grid[rows, col] = scaled_half_even(
            daily[column].to_numpy(dtype=np.float64)[inside], decimals_of(item)
        )
        arrays[item] = grid
    o3_1h = np.full((len(stations), n_days), np.nan)
    if "o3_1h_max" in daily.columns:
        o3_1h[rows, col] = scaled_half_even(daily["o3_1h_max"].to_numpy(dtype=np.float64)[inside], 0)
    return [str(s) for s in stations], arrays, o3_1h


def assess_period(
    daily: pd.DataFrame,
    start: date,
    end: date,
    *,
    edition: str = "auto",
    limits: str = "auto",
    zone_class: ZoneClass = 2,
    city: bool = True,
    city_stations: Collection[str] | None = None,
    o3_1h_in_daily: bool = False,
) -> list[PeriodAssessment]:
    """Assess every station of a daily frame, and the city, over the days ``start`` … ``end`` (inclusive).

    Parameters
    ----------
    daily : DataFrame
        Output of :func:`~ljeco.standards.air.daily.daily_statistics` (at least ``station, date, so2, no2, co,
        pm10, pm25, o3_8h_max``; ``o3_1h_max`` for the 2012 options). NaN = invalid daily value. The daily AQI
        is recomputed here under ``edition``, so one daily frame serves every edition.
    start, end : date
        The period, inclusive, in standards' days.
    edition : {"auto", "2012", "2026"}
        HJ 633 edition of the daily AQI (``auto``: by day).
    limits : {"auto", "2012", "2026-transitional", "2026-final"}
        GB 3095 limit set; ``auto`` follows the period's last day and ``edition``
        (:func:`~ljeco.standards.air.limits.limits_for_period`).
    zone_class : {1, 2}
        GB 3095 zone class of the stations (2: residential, commercial, industrial …).
    city, city_stations
        Add the city (``station == "city"``) computed over ``city_stations`` (default: every station).
    o3_1h_in_daily : bool
        2012 only: seven-indicator daily AQI.
    """
    check_edition(edition)
    if end < start:
        raise ValidationError(f"the period ends ({end}) before it starts ({start})", code="air.bad_period")
    limit_set = limits_for_period(end, limits, edition=edition)
    names, arrays, o3_1h = _frame_arrays(daily, start, end)
    sizes = [1] * len(names)
    members = [i for i, name in enumerate(names) if city_stations is None or name in set(city_stations)]
    if city and members:  # the city is one more row, computed from its stations' rows (HJ 663 Table A.2)
        arrays = {k: np.vstack([v, city_series(v[members])[0]]) for k, v in arrays.items()}
        o3_1h = np.vstack([o3_1h, city_series(o3_1h[members])[0]])
        names.append(CITY)
        sizes.append(len(members))
    if not names:
        return []
    period = _Period(start, end, edition, limit_set, zone_class, arrays, o3_1h, o3_1h_in_daily)
    return [
        period.assessment(row, name, size) for row, (name, size) in enumerate(zip(names, sizes, strict=True))
    ]


class _Period:
    """Everything computed once for all rows (stations, then the city) of one assessment."""

    def __init__(
        self,
        start: date,
        end: date,
        edition: str,
        limit_set: LimitSet,
        zone_class: ZoneClass,
        scaled: dict[str, FloatArray],
        o3_1h: FloatArray,
        o3_1h_in_daily: bool,
    ) -> None:
        self.start, self.end, self.limit_set, self.zone_class = start, end, limit_set, zone_class
        days = np.datetime64(start) + np.arange((end - start).days + 1).astype("timedelta64[D]")
        self.edition = "/".join(EDITIONS[int(c)] for c in np.unique(day_editions(days, edition)))
        conc = {item: v / 10.0 ** decimals_of(item) for item, v in scaled.items()}
        shape = conc["so2"].shape
        result = daily_aqi(
            {**{k: v.ravel() for k, v in conc.items()}, "o3_1h": o3_1h.ravel()},
            np.broadcast_to(days, shape).ravel(),
            edition=edition,
            o3_1h_in_daily=o3_1h_in_daily,
        )
        self.aqi = result.aqi.reshape(shape)
        self.level = result.level.reshape(shape)
        self.primary = result.primary.reshape(shape)
        valid = {item: ~np.isnan(v) for item, v in scaled.items()}
        self.coverage = {item: coverage_valid(valid[item], start, end) for item in PERCENTILE_OF}
        self.percentiles = {item: _percentile_fractions(scaled[item], p) for item, p in PERCENTILE_OF.items()}
        self.counts = {item: valid[item].sum(axis=1) for item in PERCENTILE_OF}
        self.sums = {item: scaled[item].sum(axis=1, where=valid[item]) for item in MEAN_ITEMS}
        self.daily_ok = {
            item: valid[item] & (conc[item] <= limit_set.daily_limit(item, zone_class))
            for item in PERCENTILE_OF
        }
        self.all_valid = np.logical_and.reduce([valid[i] for i in PERCENTILE_OF])
        self.all_ok = np.logical_and.reduce([self.daily_ok[i] for i in PERCENTILE_OF])
        self.notes = _period_notes(start, end, limit_set)

    def statistics(self, row: int) -> dict[str, Statistic]:
        """The HJ 663-2013 Table 1 statistics of one row, rounded and compared with their limits."""
        stats: dict[str, Statistic] = {}
        limits, zone = self.limit_set, self.zone_class
        for item, p in PERCENTILE_OF.items():
            dec = decimals_of(item)
            ok = bool(self.coverage[item][0][row])
            if item in MEAN_ITEMS:
                n = int(self.counts[item][row])
                mean = Fraction(int(self.sums[item][row]), n * 10**dec) if n else None
                limit = limits.annual_limit(item, zone)
                stats[f"{item}_mean"] = _statistic(f"{item}_mean", item, mean, dec, ok, limit, "annual")
            pct = self.percentiles[item][row]
            exact = None if pct is None else pct / 10**dec
            kind = "8h" if item == "o3_8h" else "daily"
            stats[f"{item}_p{p}"] = _statistic(
                f"{item}_p{p}", item, exact, dec, ok, limits.daily_limit(item, zone), kind
            )
        return stats

    def assessment(self, row: int, name: str, stations: int) -> PeriodAssessment:
        stats = self.statistics(row)
        aqi, level = self.aqi[row], self.level[row]
        valid_days = int((~np.isnan(aqi)).sum())
        good_days = int((aqi <= 100).sum())
        per_level = {k: int((level == k).sum()) for k in range(1, 7)}
        primary_days = {c: int(((self.primary[row] >> i) & 1).sum()) for i, c in enumerate(CODES)}
        attained_by: dict[str, bool | None] = {}
        exact_index: dict[str, Fraction] = {}
        for item in PERCENTILE_OF:
            mine = [s for s in stats.values() if s.pollutant == item]
            attained_by[item] = (
                None if any(s.attained is None for s in mine) else all(s.attained for s in mine)
            )
            single = _single_index(mine, self.limit_set)
            if single is not None:
                exact_index[item] = single
        index = {
            item: round_gbt8170(exact_index[item], 2) if item in exact_index else None
            for item in PERCENTILE_OF
        }
        missing = [item for item, ok in attained_by.items() if ok is None]
        complete = len(exact_index) == len(PERCENTILE_OF)
        top = max(exact_index, key=lambda k: exact_index[k]) if complete else None
        notes = list(self.notes)
        for item in PERCENTILE_OF:
            shortfalls = self.coverage[item][1][row]
            if shortfalls:
                notes.append(f"{item} statistics invalid (GB 3095 Table 4): " + "; ".join(shortfalls))
        if name == CITY:
            notes.append(
                f"city = mean of {stations} station(s) per day, ≥ 75 % participation (HJ 663 §6.1.4)"
            )
        n_all, n_all_ok = int(self.all_valid[row].sum()), int(self.all_ok[row].sum())
        return PeriodAssessment(
            station=name,
            period_from=self.start,
            period_to=self.end,
            edition=self.edition,
            limits=self.limit_set,
            zone_class=self.zone_class,
            days=len(aqi),
            valid_days=valid_days,
            good_days=good_days,
            good_day_ratio=_rate(good_days, valid_days),
            days_per_level=per_level,
            heavy_pollution_days=per_level[5] + per_level[6],
            primary_pollutant_days={c: n for c, n in primary_days.items() if n},
            statistics=stats,
            valid_days_by_item={item: int(self.counts[item][row]) for item in PERCENTILE_OF},
            daily_attainment_rate={
                item: _rate(int(self.daily_ok[item][row].sum()), int(self.counts[item][row]))
                for item in PERCENTILE_OF
            },
            all_items_daily_attainment_days=n_all_ok,
            all_items_daily_attainment_rate=_rate(n_all_ok, n_all),
            pollutant_attained=attained_by,
            single_index=index,
            composite_index=round_gbt8170(sum(exact_index.values(), Fraction(0)), 2) if complete else None,
            max_index=index[top] if top else None,
            max_index_pollutant=top,
            attained=not missing
            and all(bool(v) for v in attained_by.values()),  # §6.2: missing → not attained
            missing_items=missing,
            exceedances=sorted(
                (s for s in stats.values() if s.exceedance_multiple is not None),
                key=lambda s: s.exceedance_multiple or Decimal(0),
                reverse=True,
            ),
            stations=stations,
            notes=notes,
        )


def _statistic(
    item: str, pollutant: str, exact: Fraction | None, decimals: int, valid: bool, limit: float, kind: str
) -> Statistic:
    """Round per HJ 663-2013 Table 3 and compare with the limit (§5.1; exceedance multiple to 0.01)."""
    if exact is None:
        return Statistic(item, pollutant, None, False, limit, kind, None, None)
    value = round_gbt8170(exact, decimals)
    if not valid:
        return Statistic(item, pollutant, value, False, limit, kind, None, None)
    exceeds = value > Decimal(str(limit))
    multiple = (
        round_gbt8170((Fraction(value) - Fraction(str(limit))) / Fraction(str(limit)), 2) if exceeds else None
    )
    return Statistic(item, pollutant, value, True, limit, kind, not exceeds, multiple)


def _period_notes(start: date, end: date, limit_set: LimitSet) -> list[str]:
    notes = []
    if not (
        start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year
    ):
        notes.append(
            "HJ 663-2013 defines annual attainment; for this period the annual and 24-hour limits are applied "
            "to the period's statistics (our extension)"
        )
    if start < EDITION_2026_START <= end:
        notes.append("the period spans 2026-03-01: daily AQI by each day's edition, limits of the last day")
    if end >= EDITION_2026_START:
        notes.append(
            "HJ 663-2026 not yet verified: the HJ 663-2013 method is applied (no three-year moving assessment, "
            "no exceptional-event exclusion)"
        )
    notes.append(f"limits: {limit_set.title} ({limit_set.verification})")
    return notes


def _single_index(stats: list[Statistic], limit_set: LimitSet) -> Fraction | None:
    """HJ 663-2013 Appendix C: I_i = max(C_mean / S_annual, C_percentile / S_24h) with the class-2 limits
    whatever the zone class; ``None`` when a statistic is missing or invalid."""
    ratios = []
    for stat in stats:
        if not stat.valid or stat.value is None:
            return None
        if stat.limit_kind == "annual":
            limit = limit_set.annual_limit(stat.pollutant, 2)
        else:
            limit = limit_set.daily_limit(stat.pollutant, 2)
        ratios.append(Fraction(stat.value) / Fraction(str(limit)))
    return max(ratios)


__all__ = [
    "CITY",
    "DAILY_COLUMN",
    "MEAN_ITEMS",
    "MIN_DAYS_FEBRUARY",
    "MIN_DAYS_PER_MONTH",
    "MIN_DAYS_PER_YEAR",
    "PERCENTILE_OF",
    "PeriodAssessment",
    "Statistic",
    "assess_period",
    "city_series",
    "coverage_valid",
    "percentile_hj663",
]
