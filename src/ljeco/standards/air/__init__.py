"""Ambient air quality by national standard, in both editions (2012/2013 rules up to 2026-02-28, 2026 rules after).

* HJ 633-2012 / HJ 633-2026 — AQI: :func:`hourly_aqi`, :func:`daily_aqi`, :func:`iaqi` (:mod:`.aqi`, :mod:`.tables`)
* GB 3095-2012 / GB 3095-2026 — limits (:mod:`.limits`) and data validity, daily statistics from hourly data:
  :func:`daily_statistics` (:mod:`.daily`)
* HJ 663-2013 — period assessment of stations and the city: :func:`assess_period` (:mod:`.assess`)
* GB/T 8170 rounding: :func:`round_gbt8170`, :func:`round_half_even` (:mod:`.rounding`)
* The edition of a value comes from its own time (:mod:`.editions`); every function also takes a forced edition.

Everything here is pure: numpy/pandas in, numpy/pandas out; no database, network or clock. The CLI
(``ljeco air``), the observation store and the API call these same functions. Rules, clauses and our choices
where the standards are silent: ``docs/standards/air.md``.
"""

from ljeco.standards.air.aqi import AQIResult, daily_aqi, hourly_aqi, iaqi, level_of, sensitive_groups
from ljeco.standards.air.assess import PeriodAssessment, Statistic, assess_period, percentile_hj663
from ljeco.standards.air.daily import DailyStatistics, HourlyGrid, daily_statistics, moving_mean
from ljeco.standards.air.editions import day_editions, hour_editions
from ljeco.standards.air.frames import parse_hourly_frame
from ljeco.standards.air.hourly import hourly_aqi_frame
from ljeco.standards.air.limits import LIMIT_SETS, LimitSet, limits_for_period
from ljeco.standards.air.rounding import round_gbt8170, round_half_even
from ljeco.standards.air.tables import BREAKPOINTS, CODES, EDITIONS, LEVELS, AQILevel, BreakpointTable

__all__ = [
    "BREAKPOINTS",
    "CODES",
    "EDITIONS",
    "LEVELS",
    "LIMIT_SETS",
    "AQILevel",
    "AQIResult",
    "BreakpointTable",
    "DailyStatistics",
    "HourlyGrid",
    "LimitSet",
    "PeriodAssessment",
    "Statistic",
    "assess_period",
    "daily_aqi",
    "daily_statistics",
    "day_editions",
    "hour_editions",
    "hourly_aqi",
    "hourly_aqi_frame",
    "iaqi",
    "level_of",
    "limits_for_period",
    "moving_mean",
    "parse_hourly_frame",
    "percentile_hj663",
    "round_gbt8170",
    "round_half_even",
    "sensitive_groups",
]
