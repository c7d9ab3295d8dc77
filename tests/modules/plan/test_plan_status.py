"""Indicator status and the year-to-date air forecasts, checked against hand computations and invariants."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ljeco.modules.plan.loader import load_shipped_plan
from ljeco.modules.plan.status import (
    STATUS_RANK,
    Status,
    assess,
    assess_indicator,
    good_days_budget,
    period_progress,
    pm25_required_mean,
)

PLAN = load_shipped_plan("liangjiang_2021_2025")


# ------------------------------------------------------------------------------------------------ good-day budget
def test_budget_for_a_whole_year_at_the_plan_target() -> None:
    # 92.87 % of 365 days = 338.9755 → 339 good days needed → at most 365 − 339 = 26 non-good days.
    f = good_days_budget(target_percent=92.87, good_days=0, valid_days=0, remaining_days=365)
    assert f.max_non_good_days == 26
    assert f.status is Status.ON_TRACK
    assert "26" in f.reason and "365" in f.reason


def test_budget_mid_year() -> None:
    # 300 good of 320 valid, 45 days left: 300 + 45 − 0.9287 × 365 = 6.0245 → 6 more non-good days.
    f = good_days_budget(target_percent=92.87, good_days=300, valid_days=320, remaining_days=45)
    assert f.max_non_good_days == 6
    assert f.ratio_so_far == pytest.approx(93.75)
    # 339 good of 365 = 92.877 % ≥ 92.87; 338 of 365 = 92.603 % < 92.87.
    assert Fraction(300 + 45 - 6, 365) >= Fraction(9287, 10000) > Fraction(300 + 45 - 7, 365)
    # The required share of good days in the rest (0.8661) is below the pace so far (0.9375): on track.
    assert f.status is Status.ON_TRACK


def test_budget_at_risk_and_impossible() -> None:
    # 280 of 320 so far (87.5 %), 45 left: 280 + 45 − 338.9755 < 0: even 45 good days cannot reach 92.87 %.
    f = good_days_budget(target_percent=92.87, good_days=280, valid_days=320, remaining_days=45)
    assert f.max_non_good_days is None and f.status is Status.OFF_TRACK
    # 295 of 320 (92.19 %), 45 left: slack 1.0245 → 1 non-good day; the rest needs 97.8 % good days: at risk.
    f = good_days_budget(target_percent=92.87, good_days=295, valid_days=320, remaining_days=45)
    assert f.max_non_good_days == 1 and f.status is Status.AT_RISK


def test_budget_year_end_2020_baseline() -> None:
    # 第一章: 优良天数333天 in 2020; 专栏6 baseline 91.23 % → 333 / 365 valid days = 91.233 %.
    f = good_days_budget(target_percent=92.87, good_days=333, valid_days=365, remaining_days=0)
    assert round(f.ratio_so_far or 0, 2) == 91.23
    assert f.status is Status.OFF_TRACK
    f = good_days_budget(
        target_percent=82, good_days=333, valid_days=365, remaining_days=0
    )  # 专栏5 2020 target
    assert f.status is Status.MET


@given(
    valid=st.integers(0, 366),
    good_share=st.floats(0, 1),
    remaining=st.integers(0, 366),
    target_hundredths=st.integers(5000, 9999),
)
def test_budget_is_exactly_the_largest_affordable(
    valid: int, good_share: float, remaining: int, target_hundredths: int
) -> None:
    good = int(valid * good_share)
    target = target_hundredths / 100
    f = good_days_budget(target_percent=target, good_days=good, valid_days=valid, remaining_days=remaining)
    share = Fraction(target_hundredths, 10000)
    if remaining == 0:
        return
    if f.max_non_good_days is None:
        assert Fraction(good + remaining, valid + remaining) < share
        return
    n = f.max_non_good_days
    assert 0 <= n <= remaining
    assert Fraction(good + remaining - n, valid + remaining) >= share
    if n < remaining:
        assert Fraction(good + remaining - n - 1, valid + remaining) < share


@given(valid=st.integers(1, 300), remaining=st.integers(1, 65), extra=st.integers(0, 10))
def test_budget_never_shrinks_with_more_good_days(valid: int, remaining: int, extra: int) -> None:
    base_good = valid // 2
    more_good = min(valid, base_good + extra)
    a = good_days_budget(
        target_percent=92.87, good_days=base_good, valid_days=valid, remaining_days=remaining
    )
    b = good_days_budget(
        target_percent=92.87, good_days=more_good, valid_days=valid, remaining_days=remaining
    )
    assert (b.max_non_good_days if b.max_non_good_days is not None else -1) >= (
        a.max_non_good_days if a.max_non_good_days is not None else -1
    )


def test_budget_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        good_days_budget(target_percent=92.87, good_days=10, valid_days=5, remaining_days=3)


# ----------------------------------------------------------------------------------------------- PM2.5 rest of year
def test_pm25_required_mean_hand_computed() -> None:
    # (35 × 365 − 38 × 300) / 65 = 1375 / 65 = 21.1538… → 21.15 (floored to 0.01)
    f = pm25_required_mean(limit=35, mean_so_far=38, days_so_far=300, remaining_days=65)
    assert f.required_mean == 21.15
    assert f.status is Status.AT_RISK  # 21.15 < 38, the pace so far
    # A cleaner first half: (35 × 365 − 30 × 182) / 183 = 7315 / 183 = 39.97…
    f = pm25_required_mean(limit=35, mean_so_far=30, days_so_far=182, remaining_days=183)
    assert f.required_mean == 39.97 and f.status is Status.ON_TRACK
    assert "39.97" in f.reason


def test_pm25_impossible_and_final() -> None:
    # (35 × 365 − 60 × 330) / 35 = (12775 − 19800) / 35 < 0
    f = pm25_required_mean(limit=35, mean_so_far=60, days_so_far=330, remaining_days=35)
    assert f.required_mean is None and f.status is Status.OFF_TRACK
    assert (
        pm25_required_mean(limit=35, mean_so_far=34.9, days_so_far=365, remaining_days=0).status is Status.MET
    )
    assert (
        pm25_required_mean(limit=35, mean_so_far=35.2, days_so_far=365, remaining_days=0).status
        is Status.OFF_TRACK
    )
    assert (
        pm25_required_mean(limit=30, mean_so_far=None, days_so_far=0, remaining_days=0).status
        is Status.NO_DATA
    )


@given(
    mean=st.floats(0, 150),
    days=st.integers(1, 365),
    remaining=st.integers(1, 365),
    limit=st.sampled_from([25.0, 30.0, 35.0]),
)
def test_pm25_required_mean_keeps_the_annual_mean_within_the_limit(
    mean: float, days: int, remaining: int, limit: float
) -> None:
    f = pm25_required_mean(limit=limit, mean_so_far=mean, days_so_far=days, remaining_days=remaining)
    if f.required_mean is None:
        assert days * mean > limit * (days + remaining) - 1e-6
        return
    annual = (days * mean + remaining * f.required_mean) / (days + remaining)
    assert annual <= limit + 1e-9
    # and it is the largest such mean to 0.01: 0.02 more breaks the limit
    assert (days * mean + remaining * (f.required_mean + 0.02)) / (days + remaining) > limit


# ------------------------------------------------------------------------------------------------------- assess()
def test_core_06_green_coverage_trajectory() -> None:
    # 专栏6 row 6: 45.14 (2020) → 45.5 (2025), ≥. In 2023 (progress 3/5) the line expects 45.14 + 0.36 × 0.6 = 45.356.
    ind = PLAN.indicator("core-06")
    assert period_progress(2023, 2020, 2025) == pytest.approx(0.6)
    on = assess_indicator(ind, 45.40, year=2023)
    assert on.status is Status.ON_TRACK and on.expected == pytest.approx(45.356)
    assert assess_indicator(ind, 45.30, year=2023).status is Status.AT_RISK
    assert assess_indicator(ind, 45.10, year=2023).status is Status.OFF_TRACK
    assert assess_indicator(ind, 45.60, year=2023).status is Status.MET
    assert assess_indicator(ind, 45.40, year=2025).status is Status.OFF_TRACK
    assert assess_indicator(ind, 45.50, year=2025).status is Status.MET


def test_box5_results_against_2020_targets() -> None:
    # 专栏5: 绿地率 52 → 40.14 (not met), 绿化覆盖率 41 → 45.14 (met), NOx [82.9] → [89] (met)
    assert assess_indicator(PLAN.indicator("r13-02"), 40.14, year=2020).status is Status.OFF_TRACK
    assert assess_indicator(PLAN.indicator("r13-03"), 45.14, year=2020).status is Status.MET
    assert assess_indicator(PLAN.indicator("r13-14-nox"), 89, year=2020).status is Status.MET
    assert assess_indicator(PLAN.indicator("r13-11"), None, year=2020, reported_met=True).status is Status.MET


def test_pending_target_is_no_data_until_issued() -> None:
    ind = PLAN.indicator("core-01")
    a = assess_indicator(ind, 3.1, year=2022)
    assert a.status is Status.NO_DATA and "市级下达" in a.reason
    # once the city issues 14 %: 2022 is 2/5 through; the line expects 12 + (14 − 12) × 0.4 = 12.8
    assert assess_indicator(ind, 13.0, year=2022, target=14).status is Status.ON_TRACK


def test_lower_is_better_and_year_to_date() -> None:
    ind = PLAN.indicator("t-ch5-pm25-annual")  # ≤ 35 µg/m³
    assert assess_indicator(ind, 33, year=2023).status is Status.MET
    assert assess_indicator(ind, 33, year=2023, fraction_of_period=0.5).status is Status.ON_TRACK
    assert assess_indicator(ind, 36, year=2023, fraction_of_period=0.5).status is Status.AT_RISK
    off = assess_indicator(ind, 36, year=2023, fraction_of_period=0.9, still_achievable=False)
    assert off.status is Status.OFF_TRACK
    assert assess_indicator(ind, 36, year=2025).status is Status.OFF_TRACK


def test_stable_text_and_missing() -> None:
    assert assess(comparator="stable", target=None, actual=95.0, baseline=95.0).status is Status.MET
    assert assess(comparator="stable", target=None, actual=94.0, baseline=95.0).status is Status.OFF_TRACK
    assert (
        assess(comparator="stable", target=None, actual=94.0, baseline=95.0, tolerance=1.0).status
        is Status.MET
    )
    assert assess(comparator="stable", target=None, actual=1.0, baseline=None).status is Status.NO_DATA
    assert assess(comparator="text", target=None, actual=None).status is Status.NO_DATA
    assert assess(comparator="text", target=None, actual=None, reported_met=False).status is Status.OFF_TRACK
    assert assess(comparator="≥", target=92.87, actual=None).status is Status.NO_DATA
    assert assess(comparator="≥", target=None, actual=93.0).status is Status.NO_DATA
    assert assess(comparator="=", target=100, actual=99.96, tolerance=0.05).status is Status.MET


@given(
    a=st.floats(0, 200, allow_nan=False),
    b=st.floats(0, 200, allow_nan=False),
    target=st.floats(1, 150),
    baseline=st.one_of(st.none(), st.floats(0, 150)),
    progress=st.floats(0, 1),
    fraction=st.sampled_from([0.25, 0.5, 1.0]),
    comparator=st.sampled_from(["≥", "≤"]),
)
def test_a_better_value_never_gets_a_worse_status(
    a: float,
    b: float,
    target: float,
    baseline: float | None,
    progress: float,
    fraction: float,
    comparator: str,
) -> None:
    worse, better = (min(a, b), max(a, b)) if comparator == "≥" else (max(a, b), min(a, b))
    statuses = [
        assess(
            comparator="≥" if comparator == "≥" else "≤",
            target=target,
            actual=value,
            baseline=baseline,
            progress=progress,
            fraction_of_period=fraction,
        ).status
        for value in (worse, better)
    ]
    s_worse, s_better = statuses
    assert STATUS_RANK[s_better] >= STATUS_RANK[s_worse]


def test_printed_results_of_box5() -> None:
    from ljeco.modules.plan.status import assess_printed_result

    statuses = {i.id: assess_printed_result(i).status for i in PLAN.indicators if i.kind == "review"}
    # Hand-judged from 专栏5: not met are 生态保护区域比例 (13.64 < 20) and 绿地率 (40.14 < 52); 大宗工业固废 has
    # no result (no producer) and VOCs had no 2020 target (“—”).
    assert {k for k, v in statuses.items() if v is Status.OFF_TRACK} == {"r13-01", "r13-02"}
    assert {k for k, v in statuses.items() if v is Status.NO_DATA} == {"r13-08", "r13-14-voc"}
    assert sum(v is Status.MET for v in statuses.values()) == 16
    assert assess_printed_result(PLAN.indicator("core-05")).status is Status.NO_DATA


def test_year_to_date_forecast_dispatch() -> None:
    from ljeco.modules.plan.status import GoodDaysForecast, MeanForecast, year_to_date_forecast

    core5 = PLAN.indicator("core-05")
    f = year_to_date_forecast(core5, 93.75, {"good_days": 300, "valid_days": 320, "remaining_days": 45})
    assert isinstance(f, GoodDaysForecast) and f.max_non_good_days == 6
    pm = year_to_date_forecast(
        PLAN.indicator("t-ch5-pm25-annual"), 38, {"days_so_far": 300, "remaining_days": 65}
    )
    assert isinstance(pm, MeanForecast) and pm.required_mean == 21.15
    assert year_to_date_forecast(core5, 93.75, {"good_days": 300}) is None  # counts missing
    assert year_to_date_forecast(PLAN.indicator("core-06"), 45.3, {"remaining_days": 10}) is None
    assert year_to_date_forecast(PLAN.indicator("core-01"), 3.0, {"remaining_days": 10}) is None  # pending
