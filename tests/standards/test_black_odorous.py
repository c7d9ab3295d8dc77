"""Black-odorous water grading (城市黑臭水体整治工作指南, 2015) at every bound of the guide's table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ljeco.core.errors import ValidationError
from ljeco.standards.black_odorous import (
    THRESHOLDS,
    grade_indicator,
    grade_point,
    grade_sample,
    grade_water_body,
    heavy_reaches,
)


@pytest.mark.parametrize(
    ("name", "cases"),
    [
        ("transparency", [(30, "none"), (25, "none"), (24.9, "light"), (10, "light"), (9.9, "heavy")]),
        ("do", [(5, "none"), (2.0, "none"), (1.99, "light"), (0.2, "light"), (0.19, "heavy")]),
        ("orp", [(100, "none"), (50, "none"), (49, "light"), (-200, "light"), (-201, "heavy")]),
        ("nh3n", [(1, "none"), (8.0, "none"), (8.01, "light"), (15, "light"), (15.01, "heavy")]),
    ],
)
def test_every_bound_of_the_table(name: str, cases: list[tuple[float, str]]) -> None:
    assert [grade_indicator(name, v) for v, _ in cases] == [g for _, g in cases]


def test_thresholds_are_the_guides() -> None:
    assert {k: (t.light, t.heavy) for k, t in THRESHOLDS.items()} == {
        "transparency": (25, 10),
        "do": (2.0, 0.2),
        "orp": (50, -200),
        "nh3n": (8.0, 15),
    }


def test_shallow_water_uses_forty_percent_of_depth() -> None:
    # depth 20 cm → threshold 8 cm
    assert grade_indicator("transparency", 8, depth_cm=20) == "none"
    assert grade_indicator("transparency", 7.9, depth_cm=20) == "light"
    assert grade_indicator("transparency", 24, depth_cm=30) == "light"  # deep enough: normal table


def test_sample_is_its_worst_indicator() -> None:
    assert grade_sample({"transparency": 40, "do": 3, "orp": 100, "nh3n": 2}) == "none"
    assert grade_sample({"transparency": 40, "do": 0.1, "nh3n": 2}) == "heavy"
    with pytest.raises(ValidationError):
        grade_sample({"cod": 30})


def test_point_rule_sixty_and_thirty_percent() -> None:
    heavy_nh3 = {"nh3n": 20.0}
    ok = {"nh3n": 5.0, "do": 3.0}
    light = {"nh3n": 10.0}
    # NH3-N heavy in 3 of 5 samples = 60 % → heavy
    assert grade_point([heavy_nh3] * 3 + [ok] * 2) == "heavy"
    # 2 of 5 = 40 % of one indicator only → light
    assert grade_point([heavy_nh3] * 2 + [light] * 3) == "light"
    # two indicators each heavy in 1 of 3 samples (33 % ≥ 30 %) → heavy
    both = [{"nh3n": 20.0, "do": 0.1}, {"nh3n": 5.0, "do": 3.0}, {"nh3n": 5.0, "do": 3.0}]
    assert grade_point(both) == "heavy"
    assert grade_point([ok] * 3) == "none"


def test_water_body_and_reaches() -> None:
    assert grade_water_body(["heavy", "heavy", "heavy", "light", "none"]) == "heavy"  # 60 %
    assert grade_water_body(["heavy", "heavy", "light", "light", "none"]) == "light"
    assert heavy_reaches(["light", "heavy", "heavy", "heavy", "heavy", "none"]) == [(1, 4)]
    assert heavy_reaches(["heavy", "heavy"]) == []


@given(nh3n=st.floats(0, 100), do=st.floats(0, 10), worse=st.floats(1, 10))
def test_worse_water_never_grades_better(nh3n: float, do: float, worse: float) -> None:
    order = {"none": 0, "light": 1, "heavy": 2}
    before = grade_sample({"nh3n": nh3n, "do": do})
    after = grade_sample({"nh3n": nh3n * worse, "do": do / worse})
    assert order[after] >= order[before]
