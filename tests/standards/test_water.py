"""GB 3838-2002 Table 1 and 环办〔2011〕22号, checked against the standard's own rows and hand-worked cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ljeco.core.errors import ValidationError
from ljeco.standards.water import (
    CLASS_ITEMS,
    TABLE1,
    assess_section,
    classify_array,
    classify_item,
    classify_sample,
    code_of,
    exceedance_multiple,
    main_pollutants,
    overall_status,
    region_status,
    section_status,
)

# GB 3838-2002 表1 地表水环境质量标准基本项目标准限值 (mg/L; 粪大肠菌群 个/L), classes I–V, typed from the standard.
GB3838_TABLE1_ROWS = {
    "do": (7.5, 6, 5, 3, 2),
    "codmn": (2, 4, 6, 10, 15),
    "cod": (15, 15, 20, 30, 40),
    "bod5": (3, 3, 4, 6, 10),
    "nh3n": (0.15, 0.5, 1.0, 1.5, 2.0),
    "tp": (0.02, 0.1, 0.2, 0.3, 0.4),
    "tn": (0.2, 0.5, 1.0, 1.5, 2.0),
    "cu": (0.01, 1.0, 1.0, 1.0, 1.0),
    "zn": (0.05, 1.0, 1.0, 2.0, 2.0),
    "fluoride": (1.0, 1.0, 1.0, 1.5, 1.5),
    "se": (0.01, 0.01, 0.01, 0.02, 0.02),
    "as": (0.05, 0.05, 0.05, 0.1, 0.1),
    "hg": (0.00005, 0.00005, 0.0001, 0.001, 0.001),
    "cd": (0.001, 0.005, 0.005, 0.005, 0.01),
    "cr6": (0.01, 0.05, 0.05, 0.05, 0.1),
    "pb": (0.01, 0.01, 0.05, 0.05, 0.1),
    "cn": (0.005, 0.05, 0.2, 0.2, 0.2),
    "phenol": (0.002, 0.002, 0.005, 0.01, 0.1),
    "petroleum": (0.05, 0.05, 0.05, 0.5, 1.0),
    "las": (0.2, 0.2, 0.2, 0.3, 0.3),
    "sulfide": (0.05, 0.1, 0.2, 0.5, 1.0),
    "fecal_coliform": (200, 2000, 10000, 20000, 40000),
}
# 总磷 湖、库 (the bracketed values of row 8).
TP_LAKE = (0.01, 0.025, 0.05, 0.1, 0.2)


def test_table_matches_the_standard_row_by_row() -> None:
    assert {name: row.limits for name, row in TABLE1.items()} == GB3838_TABLE1_ROWS
    assert TABLE1["tp"].lake_limits == TP_LAKE
    assert [name for name, row in TABLE1.items() if row.minimum] == ["do"]


@pytest.mark.parametrize("name", [n for n in GB3838_TABLE1_ROWS if n != "do"])
def test_value_at_each_limit_takes_the_best_class_that_limit_allows(name: str) -> None:
    limits = GB3838_TABLE1_ROWS[name]
    for k, limit in enumerate(limits, start=1):
        best = limits.index(limit) + 1  # equal limits (COD I = II = 15): the better class
        assert classify_item(name, [limit])[0] == best, (name, k)
        above = limit * 1.001
        expected_above = next((j + 1 for j, lim in enumerate(limits) if lim >= above), 6)
        assert classify_item(name, [above])[0] == expected_above, (name, k)


def test_dissolved_oxygen_is_a_minimum() -> None:
    # Row 3: ≥ 7.5 I, ≥ 6 II, ≥ 5 III, ≥ 3 IV, ≥ 2 V, below 2 劣Ⅴ.
    values = [9.0, 7.5, 7.49, 6.0, 5.99, 5.0, 4.99, 3.0, 2.99, 2.0, 1.99, 0.0]
    assert classify_item("do", values).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]


def test_ph_is_a_range_for_every_class() -> None:
    # Row 2: 6–9 in every class; outside the range no class is met (劣Ⅴ).
    assert classify_item("ph", [6.0, 7.2, 9.0, 5.99, 9.01, math.nan]).tolist() == [1, 1, 1, 6, 6, 0]


def test_total_phosphorus_river_against_lake() -> None:
    values = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.41]
    assert classify_item("tp", values, "river").tolist() == [1, 1, 2, 2, 2, 3, 4, 5, 6]
    assert classify_item("tp", values, "lake").tolist() == [1, 2, 2, 3, 4, 5, 6, 6, 6]


def test_the_21_items_exclude_temperature_total_nitrogen_and_fecal_coliform() -> None:
    assert len(CLASS_ITEMS) == 21
    assert not {"temp", "tn", "fecal_coliform"} & set(CLASS_ITEMS)


def test_sample_class_is_the_worst_item_and_names_the_limiting_items() -> None:
    # Hand-worked: DO 6.2 → II, CODMn 5.8 → III, NH3-N 1.2 → IV, TP 0.28 → IV, Cd 0.002 → II.
    r = classify_sample({"do": 6.2, "codmn": 5.8, "nh3n": 1.2, "tp": 0.28, "cd": 0.002, "ph": 7.4})
    assert r.water_class == "IV"
    assert r.limiting_items == ("nh3n", "tp")
    assert r.item_classes == {"ph": "I", "do": "II", "codmn": "III", "nh3n": "IV", "tp": "IV", "cd": "II"}


def test_total_nitrogen_and_fecal_coliform_never_decide_the_class() -> None:
    river = classify_sample({"nh3n": 0.1, "tn": 5.0, "fecal_coliform": 100000})
    assert river.water_class == "I"
    assert river.reference_classes == {"fecal_coliform": "劣V"}  # TN not evaluated for rivers
    lake = classify_sample({"nh3n": 0.1, "tn": 1.2, "tp": 0.04}, "lake")
    assert lake.water_class == "III"  # TP 0.04 lake → III
    assert lake.reference_classes == {"tn": "IV"}


def test_worse_than_v() -> None:
    r = classify_sample({"nh3n": 2.01, "do": 5.0})
    assert (r.water_class, r.limiting_items) == ("劣V", ("nh3n",))


def test_class_i_sample_has_no_limiting_item_and_empty_sample_has_no_class() -> None:
    assert classify_sample({"nh3n": 0.1, "do": 8}).limiting_items == ()
    assert classify_sample({}).water_class == ""


def test_array_and_sample_paths_agree() -> None:
    rng = np.random.default_rng(7)
    items = list(CLASS_ITEMS)
    upper = np.array(
        [7.5 * 2 if n == "do" else (10 if n == "ph" else TABLE1[n].limits[4] * 1.5) for n in items]
    )
    block = rng.uniform(0, 1, (200, len(items))) * upper
    block[rng.uniform(size=block.shape) < 0.1] = np.nan
    sample_class, _ = classify_array(block, items)
    for i in range(len(block)):
        values = {n: block[i, j] for j, n in enumerate(items) if not np.isnan(block[i, j])}
        assert classify_sample(values).code == sample_class[i]


def test_mean_landing_on_a_limit_is_judged_as_the_limit() -> None:
    mean = (0.1 + 0.2) / 2  # 0.15000000000000002 in binary
    assert classify_item("nh3n", [mean])[0] == 1


def test_exceedance_multiple_against_class_iii() -> None:
    # 环办〔2011〕22号: (C − C_III) / C_III; NH3-N 2.3 → (2.3 − 1.0)/1.0 = 1.3; CODMn 13.2 → (13.2 − 6)/6 = 1.2.
    assert exceedance_multiple("nh3n", 2.3) == pytest.approx(1.3)
    assert exceedance_multiple("codmn", 13.2) == pytest.approx(1.2)
    assert exceedance_multiple("codmn", 6.0) == 0.0
    assert exceedance_multiple("ph", 10.0) is None
    assert exceedance_multiple("do", 1.0) is None
    # against a target class II: TP 0.15 in a river → (0.15 − 0.1)/0.1 = 0.5
    assert exceedance_multiple("tp", 0.15, against="II") == pytest.approx(0.5)


def test_main_pollutants_worst_class_then_multiple_with_heavy_metals_first() -> None:
    means = {"codmn": 13.2, "nh3n": 2.3, "tp": 0.35, "cod": 25.0, "pb": 0.06}
    # Pb 0.06 → IV exceeds III (0.2×) and takes priority; then NH3-N 劣Ⅴ (1.3); then TP V (0.75) vs CODMn V (1.2)
    assert main_pollutants(means) == ("铅(0.2)", "氨氮(1.3)", "高锰酸盐指数(1.2)")


def test_section_status_words() -> None:
    words = [section_status(c).status for c in ("I", "II", "III", "IV", "V", "劣V")]
    assert words == ["优", "优", "良好", "轻度污染", "中度污染", "重度污染"]
    assert section_status("劣V").colour == "红色" and section_status("劣V").colour_verified


@pytest.mark.parametrize(
    ("classes", "status"),
    [
        (["II"] * 9 + ["IV"], "优"),  # 90 % I–III
        (["II"] * 8 + ["IV"] * 2, "良好"),  # 80 %
        (["III"] * 3 + ["IV"], "良好"),  # 75 % exactly (with 4 → use 8 sections below)
        (["III"] * 7 + ["V"] * 3, "轻度污染"),  # 70 %, 劣Ⅴ 0 %
        (["III"] * 5 + ["IV"] * 3 + ["劣V"] * 2, "中度污染"),  # 劣Ⅴ 20 %
        (["III"] * 4 + ["IV"] * 2 + ["劣V"] * 4, "重度污染"),  # 劣Ⅴ 40 %
    ],
)
def test_region_status_by_class_share(classes: list[str], status: str) -> None:
    if len(classes) < 5:
        classes = classes * 2
    assert region_status(classes).status == status


def test_region_status_needs_five_sections() -> None:
    with pytest.raises(ValidationError):
        region_status(["I"] * 4)


def test_period_class_averages_first_then_classifies() -> None:
    # Two samples: NH3-N 0.9 (III) and 1.2 (IV) → mean 1.05 → IV; DO 4.0 (IV) and 8.0 (I) → mean 6.0 → II.
    a = assess_section("S", [{"nh3n": 0.9, "do": 4.0}, {"nh3n": 1.2, "do": 8.0}], target_class="III")
    assert a.means == pytest.approx({"nh3n": 1.05, "do": 6.0})
    assert (a.water_class, a.limiting_items, a.target_met) == ("IV", ("nh3n",), False)
    assert a.exceedances == {"nh3n": pytest.approx(0.05)}
    assert a.status is not None and a.status.status == "轻度污染"


def test_overall_status_fewer_than_five_sections_averages_sections() -> None:
    sections = [
        assess_section("A", [{"nh3n": 0.4}]),  # II
        assess_section("B", [{"nh3n": 1.6}]),  # V
    ]
    overall = overall_status(sections)
    assert (overall.water_class, overall.status) == ("III", "良好")  # mean 1.0 → III


def test_code_of_accepts_roman_numerals() -> None:
    assert [code_of(x) for x in ("Ⅲ类", "III", "3", "劣Ⅴ", "劣V")] == [3, 3, 3, 6, 6]
    with pytest.raises(ValidationError):
        code_of("VI")


_positive = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(_positive, min_size=len(CLASS_ITEMS), max_size=len(CLASS_ITEMS)),
    which=st.integers(min_value=0, max_value=len(CLASS_ITEMS) - 1),
    factor=st.floats(min_value=1.0, max_value=100.0),
    lake=st.booleans(),
)
def test_worsening_any_item_never_improves_the_class(
    values: list[float], which: int, factor: float, lake: bool
) -> None:
    items = list(CLASS_ITEMS)
    waterbody = "lake" if lake else "river"
    worse = list(values)
    name = items[which]
    if name == "do":
        worse[which] = values[which] / factor  # less oxygen is worse
    elif name == "ph":
        worse[which] = values[which] * factor + 9.0  # moving out of 6–9 is worse
        values[which] = 7.0
    else:
        worse[which] = values[which] * factor
    before, _ = classify_array([values], items, waterbody)
    after, _ = classify_array([worse], items, waterbody)
    assert after[0] >= before[0]
