"""Indicator status and year-to-date forecasts: pure arithmetic, no database, no clock.

Status of an indicator against its target (``met / on_track / at_risk / off_track / no_data``), always with the
reason in the users' words, and the two air forecasts leaders ask for during the year:

* :func:`good_days_budget`: how many more non-good days the rest of the year can afford before the 优良天数比率
  falls below its target (“at most N more non-good days in the remaining M days to reach 92.87 %”);
* :func:`pm25_required_mean`: the mean PM2.5 the rest of the year must not exceed for the annual mean to attain
  (“PM2.5 must average ≤ X µg/m³ for the rest of the year”).

Conventions (where the plan and the standards are silent, our choice):

* a complete-year value (``fraction_of_period`` = 1) that reaches the target is ``met`` for that year, even before
  the plan's target year; a year-to-date value is never ``met``, at best ``on_track``;
* before the target year, a complete-year value short of the target is judged against a straight line from the
  baseline (baseline year) to the target (target year): on or better than the line → ``on_track``; better than the
  baseline but behind the line → ``at_risk``; no better than the baseline → ``off_track``;
* ratios and means are compared unrounded; the HJ 663 rounding of published statistics is not applied (a value that
  only attains after rounding is not counted as attaining).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ljeco.modules.plan.schema import NUMERIC_COMPARATORS, Comparator, Indicator

#: Absolute tolerance of float comparisons [unit of the indicator]; values are given to at most 2 decimals.
EPSILON = 1e-9


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


#: Chinese labels for pages and reports.
STATUS_LABELS: dict[Status, str] = {
    Status.MET: "已达标",
    Status.ON_TRACK: "进度正常",
    Status.AT_RISK: "存在风险",
    Status.OFF_TRACK: "滞后",
    Status.NO_DATA: "暂无数据",
}

#: Order from worst to best, for sorting the cockpit (at-risk first) and for monotonicity tests.
STATUS_RANK: dict[Status, int] = {
    Status.OFF_TRACK: 0,
    Status.AT_RISK: 1,
    Status.ON_TRACK: 2,
    Status.MET: 3,
}


@dataclass(frozen=True)
class Assessment:
    status: Status
    reason: str
    #: The value the straight-line trajectory expects now (None where no trajectory applies).
    expected: float | None = None


def _fmt(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def reaches(comparator: Comparator, actual: float, target: float, *, tolerance: float = 0.0) -> bool:
    """Whether ``actual`` satisfies ``comparator target`` (≥, ≤ or = within ``tolerance``)."""
    if comparator == "≥":
        return actual >= target - tolerance - EPSILON
    if comparator == "≤":
        return actual <= target + tolerance + EPSILON
    if comparator == "=":
        return abs(actual - target) <= tolerance + EPSILON
    raise ValueError(f"comparator {comparator!r} is not numeric")


def _better_than(comparator: Comparator, actual: float, reference: float) -> bool:
    """Strictly better than ``reference`` in the direction the comparator rewards."""
    if comparator == "≥":
        return actual > reference + EPSILON
    if comparator == "≤":
        return actual < reference - EPSILON
    return False


def period_progress(year: int, baseline_year: int, target_year: int) -> float:
    """Fraction of the plan period elapsed at the end of ``year`` (0 at the baseline year, 1 at the target year)."""
    if target_year <= baseline_year:
        return 1.0
    return min(1.0, max(0.0, (year - baseline_year) / (target_year - baseline_year)))


def assess(
    *,
    comparator: Comparator,
    target: float | None,
    actual: float | None,
    baseline: float | None = None,
    progress: float = 1.0,
    fraction_of_period: float = 1.0,
    target_pending: bool = False,
    reported_met: bool | None = None,
    still_achievable: bool | None = None,
    tolerance: float = 0.0,
    higher_is_better: bool = True,
) -> Assessment:
    """Status of one value against its target.

    Parameters
    ----------
    comparator : str
        ``≥``, ``≤``, ``=``, ``stable`` (no worse than ``baseline``) or ``text`` (judged by a reviewer).
    target, actual, baseline : float or None
        In the indicator's unit. ``actual`` None → ``no_data``.
    progress : float
        Fraction of the plan period elapsed (see :func:`period_progress`); 1 in the target year.
    fraction_of_period : float
        For a year-to-date value, the fraction of the year it covers; 1 for a complete year.
    target_pending : bool
        The target is 由市级下达 and not issued yet → ``no_data``.
    reported_met : bool or None
        For ``text`` targets: the reviewer's verdict (None: not reviewed yet).
    still_achievable : bool or None
        For year-to-date values: whether the target can still be reached this year (from a forecast); False
        turns ``at_risk`` into ``off_track``.
    tolerance : float
        Allowed deviation for ``=`` and for ``stable`` [indicator unit].
    higher_is_better : bool
        Direction for ``stable``.
    """
    if target_pending:
        return Assessment(Status.NO_DATA, "目标由市级下达，尚未下达")
    complete = fraction_of_period >= 1.0 - EPSILON
    final = complete and progress >= 1.0 - EPSILON
    missing = actual is None or math.isnan(actual)
    if comparator == "text" or (missing and reported_met is not None):
        # A target in words, or a reported indicator whose unit gave a verdict instead of a value.
        if reported_met is None:
            return Assessment(Status.NO_DATA, "文字目标，待责任单位报送并经审核")
        if reported_met:
            return Assessment(Status.MET, "经审核已达到目标")
        return Assessment(Status.OFF_TRACK if final else Status.AT_RISK, "经审核尚未达到目标")
    if actual is None or math.isnan(actual):
        return Assessment(Status.NO_DATA, "暂无实际值")
    if comparator == "stable":
        if baseline is None:
            return Assessment(Status.NO_DATA, "“保持稳定”类目标缺少基准值")
        worse_by = (baseline - actual) if higher_is_better else (actual - baseline)
        if worse_by <= tolerance + EPSILON:
            status = Status.MET if complete else Status.ON_TRACK
            return Assessment(status, f"实际值{_fmt(actual)}与基准值{_fmt(baseline)}相比保持稳定")
        status = Status.OFF_TRACK if complete else Status.AT_RISK
        return Assessment(status, f"实际值{_fmt(actual)}较基准值{_fmt(baseline)}变差")
    if comparator not in NUMERIC_COMPARATORS:
        raise ValueError(f"unknown comparator {comparator!r}")
    if target is None:
        return Assessment(Status.NO_DATA, "未配置目标值")
    target_words = f"{comparator}{_fmt(target)}"
    if reaches(comparator, actual, target, tolerance=tolerance):
        if complete:
            return Assessment(Status.MET, f"实际值{_fmt(actual)}达到目标{target_words}")
        return Assessment(
            Status.ON_TRACK, f"年内累计值{_fmt(actual)}目前达到目标{target_words}，尚待全年数据"
        )
    if final:
        return Assessment(Status.OFF_TRACK, f"实际值{_fmt(actual)}未达到目标{target_words}")
    if not complete:
        if still_achievable is False:
            return Assessment(Status.OFF_TRACK, f"年内累计值{_fmt(actual)}，本年已无法达到目标{target_words}")
        return Assessment(Status.AT_RISK, f"年内累计值{_fmt(actual)}暂未达到目标{target_words}")
    if baseline is None or comparator == "=":
        return Assessment(Status.AT_RISK, f"实际值{_fmt(actual)}暂未达到目标{target_words}")
    expected = baseline + (target - baseline) * progress
    if reaches(comparator, actual, expected):
        return Assessment(
            Status.ON_TRACK, f"实际值{_fmt(actual)}不低于按期进度应达到的{_fmt(expected)}", expected=expected
        )
    if _better_than(comparator, actual, baseline):
        return Assessment(
            Status.AT_RISK,
            f"实际值{_fmt(actual)}好于基准值但落后于按期进度{_fmt(expected)}",
            expected=expected,
        )
    return Assessment(
        Status.OFF_TRACK, f"实际值{_fmt(actual)}未好于基准值{_fmt(baseline)}", expected=expected
    )


def assess_indicator(
    indicator: Indicator,
    actual: float | None,
    *,
    year: int,
    fraction_of_period: float = 1.0,
    reported_met: bool | None = None,
    still_achievable: bool | None = None,
    target: float | None = None,
) -> Assessment:
    """:func:`assess` with the comparator, target, baseline and years of ``indicator``.

    ``target`` overrides the plan's target (a 由市级下达 value once issued, or a configured unverified value).
    """
    if indicator.target_year is not None and year > indicator.target_year and indicator.kind == "review":
        year = indicator.target_year
    progress = 1.0
    if indicator.target_year is not None and indicator.baseline_year is not None:
        progress = period_progress(year, indicator.baseline_year, indicator.target_year)
    elif indicator.target_year is not None and year < indicator.target_year:
        progress = 0.0
    effective_target = target if target is not None else indicator.target
    return assess(
        comparator=indicator.comparator,
        target=effective_target,
        actual=actual,
        baseline=indicator.baseline,
        progress=progress,
        fraction_of_period=fraction_of_period,
        target_pending=indicator.target_pending and target is None,
        reported_met=reported_met,
        still_achievable=still_achievable,
    )


def assess_printed_result(indicator: Indicator) -> Assessment:
    """Status of the result the plan itself prints (专栏5: the 2020 results against the 2020 targets)."""
    if indicator.result_year is None:
        return Assessment(Status.NO_DATA, "规划未列出完成情况")
    return assess_indicator(
        indicator, indicator.result, year=indicator.result_year, reported_met=indicator.result_met
    )


@dataclass(frozen=True)
class GoodDaysForecast:
    target_percent: float
    good_days: int
    valid_days: int
    remaining_days: int
    #: Ratio so far [%] (None before the first valid day).
    ratio_so_far: float | None
    #: Most non-good days the remaining days may still contain; None when the target can no longer be reached.
    max_non_good_days: int | None
    status: Status
    reason: str


def good_days_budget(
    *, target_percent: float, good_days: int, valid_days: int, remaining_days: int
) -> GoodDaysForecast:
    """How many more non-good days the year can afford and still reach ``target_percent``.

    The 优良天数比率 is good days / valid days (HJ 663-2013 §5; a good day has AQI ≤ 100, HJ 633-2012 Table 2).
    The remaining days are assumed valid. With N non-good days among the M remaining,
    ``(good + M − N) / (valid + M) ≥ T`` gives ``N ≤ good + M − T·(valid + M)``. Computed in exact fractions, so
    92.87 % is 9287/10000, not a binary approximation.

    >>> f = good_days_budget(target_percent=92.87, good_days=300, valid_days=320, remaining_days=45)
    >>> f.max_non_good_days
    6
    """
    if good_days < 0 or valid_days < good_days or remaining_days < 0:
        raise ValueError("need 0 ≤ good_days ≤ valid_days and remaining_days ≥ 0")
    share = Fraction(str(target_percent)) / 100
    total = valid_days + remaining_days
    ratio = None if valid_days == 0 else 100 * good_days / valid_days
    slack = good_days + remaining_days - share * total
    if remaining_days == 0:
        met = valid_days > 0 and good_days >= share * valid_days
        status = Status.MET if met else (Status.OFF_TRACK if valid_days else Status.NO_DATA)
        words = "全年已结束，" + ("达到" if met else "未达到") + f"目标{_fmt(target_percent)}%"
        return GoodDaysForecast(
            target_percent, good_days, valid_days, 0, ratio, 0 if met else None, status, words
        )
    if slack < 0:
        needed = good_days + remaining_days
        reason = (
            f"即使剩余{remaining_days}天全部为优良天，全年比率最多为{_fmt(100 * needed / total)}%，"
            f"无法达到{_fmt(target_percent)}%"
        )
        return GoodDaysForecast(
            target_percent, good_days, valid_days, remaining_days, ratio, None, Status.OFF_TRACK, reason
        )
    budget = min(remaining_days, math.floor(slack))
    required_share = (share * total - good_days) / remaining_days
    # Before the first valid day there is no pace to judge: the whole budget is still available.
    pace_enough = valid_days == 0 or required_share <= Fraction(good_days, valid_days)
    status = Status.ON_TRACK if (pace_enough or budget == remaining_days) else Status.AT_RISK
    reason = f"剩余{remaining_days}天中最多还可出现{budget}个非优良天，才能达到{_fmt(target_percent)}%"
    return GoodDaysForecast(
        target_percent, good_days, valid_days, remaining_days, ratio, budget, status, reason
    )


@dataclass(frozen=True)
class MeanForecast:
    limit: float
    mean_so_far: float | None
    days_so_far: int
    remaining_days: int
    #: Highest mean the remaining days may have [same unit as limit]; None when the limit can no longer be attained.
    required_mean: float | None
    status: Status
    reason: str


def pm25_required_mean(
    *,
    limit: float,
    mean_so_far: float | None,
    days_so_far: int,
    remaining_days: int,
    pollutant: str = "PM2.5",
) -> MeanForecast:
    """The mean the rest of the year must not exceed for the annual mean to stay ≤ ``limit``.

    The annual mean is the mean of the daily means of the year (GB 3095-2012 §3, same in GB 3095-2026). With n
    valid days so far at mean m and M remaining days (assumed valid), ``(n·m + M·X) / (n + M) ≤ L`` gives
    ``X ≤ (L·(n + M) − n·m) / M``. ``limit`` is the standard's annual limit (GB 3095-2012 Class 2: 35 µg/m³).

    >>> pm25_required_mean(limit=35, mean_so_far=38, days_so_far=300, remaining_days=65).required_mean
    21.15
    """
    if days_so_far < 0 or remaining_days < 0:
        raise ValueError("day counts must be ≥ 0")
    if days_so_far > 0 and mean_so_far is None:
        raise ValueError("mean_so_far is required when days_so_far > 0")
    m = mean_so_far if days_so_far > 0 and mean_so_far is not None else 0.0
    if remaining_days == 0:
        if days_so_far == 0:
            return MeanForecast(limit, None, 0, 0, None, Status.NO_DATA, "全年无有效数据")
        met = m <= limit + EPSILON
        status = Status.MET if met else Status.OFF_TRACK
        reason = f"全年{pollutant}均值{_fmt(m)}，" + ("达到" if met else "超过") + f"限值{_fmt(limit)}"
        return MeanForecast(limit, m, days_so_far, 0, None, status, reason)
    required = (limit * (days_so_far + remaining_days) - days_so_far * m) / remaining_days
    # Floored to 0.01 so that the promise errs on the safe side.
    required = math.floor(required * 100 + 1e-6) / 100
    if required < 0:
        reason = f"即使剩余{remaining_days}天浓度为零，全年{pollutant}均值仍将超过{_fmt(limit)}"
        return MeanForecast(limit, mean_so_far, days_so_far, remaining_days, None, Status.OFF_TRACK, reason)
    on_pace = days_so_far == 0 or required >= m - EPSILON
    status = Status.ON_TRACK if on_pace else Status.AT_RISK
    reason = (
        f"剩余{remaining_days}天{pollutant}平均浓度须不高于{_fmt(required)}，全年均值才能不超过{_fmt(limit)}"
    )
    return MeanForecast(limit, mean_so_far, days_so_far, remaining_days, required, status, reason)


def year_to_date_forecast(
    indicator: Indicator, value: float | None, inputs: dict[str, float] | None
) -> GoodDaysForecast | MeanForecast | None:
    """What the rest of the year must achieve, for a year-to-date air value with its counts.

    ``inputs`` are the counts behind the value, as an engine reports them: for ``air_good_days_ratio``
    ``good_days``, ``valid_days``, ``remaining_days``; for ``air_annual_mean`` ``days_so_far``, ``remaining_days``.
    None when the indicator is not such an air indicator, has no numeric target, or the counts are missing.
    """
    if not inputs or indicator.target is None or indicator.formula is None:
        return None
    try:
        if indicator.formula == "air_good_days_ratio":
            return good_days_budget(
                target_percent=indicator.target,
                good_days=int(inputs["good_days"]),
                valid_days=int(inputs["valid_days"]),
                remaining_days=int(inputs["remaining_days"]),
            )
        if indicator.formula == "air_annual_mean" and value is not None:
            return pm25_required_mean(
                limit=indicator.target,
                mean_so_far=value,
                days_so_far=int(inputs["days_so_far"]),
                remaining_days=int(inputs["remaining_days"]),
                pollutant=str(indicator.formula_params.get("pollutant", "")),
            )
    except KeyError:
        return None
    return None


__all__ = [
    "STATUS_LABELS",
    "STATUS_RANK",
    "Assessment",
    "GoodDaysForecast",
    "MeanForecast",
    "Status",
    "assess",
    "assess_indicator",
    "assess_printed_result",
    "good_days_budget",
    "period_progress",
    "pm25_required_mean",
    "reaches",
    "year_to_date_forecast",
]
