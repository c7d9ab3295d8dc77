"""GB/T 14848-2017 Tables 1–2 and clause 6, against the standard's rows and hand-worked samples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ljeco.core.errors import ValidationError
from ljeco.standards.gb14848_table import ROWS, TABLE
from ljeco.standards.groundwater import classify_item, classify_sample, classify_values

# GB/T 14848-2017 表1 常规指标, plain "≤" rows, classes I–IV (mg/L unless noted; organics µg/L).
TABLE1_LE = {
    "color": (5, 5, 15, 25),
    "turbidity": (3, 3, 3, 10),
    "hardness": (150, 300, 450, 650),
    "tds": (300, 500, 1000, 2000),
    "sulfate": (50, 150, 250, 350),
    "chloride": (50, 150, 250, 350),
    "fe": (0.1, 0.2, 0.3, 2.0),
    "mn": (0.05, 0.05, 0.10, 1.50),
    "cu": (0.01, 0.05, 1.00, 1.50),
    "zn": (0.05, 0.5, 1.00, 5.00),
    "al": (0.01, 0.05, 0.20, 0.50),
    "phenol": (0.001, 0.001, 0.002, 0.01),
    "codmn": (1.0, 2.0, 3.0, 10.0),
    "nh3n": (0.02, 0.10, 0.50, 1.50),
    "sulfide": (0.005, 0.01, 0.02, 0.10),
    "na": (100, 150, 200, 400),
    "total_coliform": (3.0, 3.0, 3.0, 100),
    "plate_count": (100, 100, 100, 1000),
    "nitrite": (0.01, 0.10, 1.00, 4.80),
    "nitrate": (2.0, 5.0, 20.0, 30.0),
    "cn": (0.001, 0.01, 0.05, 0.1),
    "fluoride": (1.0, 1.0, 1.0, 2.0),
    "iodide": (0.04, 0.04, 0.08, 0.50),
    "hg": (0.0001, 0.0001, 0.001, 0.002),
    "as": (0.001, 0.001, 0.01, 0.05),
    "se": (0.01, 0.01, 0.01, 0.1),
    "cd": (0.0001, 0.001, 0.005, 0.01),
    "cr6": (0.005, 0.01, 0.05, 0.10),
    "pb": (0.005, 0.005, 0.01, 0.10),
    "chloroform": (0.5, 6, 60, 300),
    "carbon_tetrachloride": (0.5, 0.5, 2.0, 50.0),
    "benzene": (0.5, 1.0, 10.0, 120),
    "toluene": (0.5, 140, 700, 1400),
}
# GB/T 14848-2017 表2 非常规指标, in table order (mg/L for rows 1–9, µg/L for the rest).
TABLE2 = [
    (0.0001, 0.0001, 0.002, 0.06), (0.02, 0.10, 0.50, 2.00), (0.0001, 0.0005, 0.005, 0.01),
    (0.01, 0.10, 0.70, 4.00), (0.002, 0.002, 0.02, 0.10), (0.005, 0.005, 0.05, 0.10),
    (0.001, 0.01, 0.07, 0.15), (0.001, 0.01, 0.05, 0.10), (0.0001, 0.0001, 0.0001, 0.001),
    (1, 2, 20, 500), (0.5, 3.0, 30.0, 40.0), (0.5, 400, 2000, 4000), (0.5, 0.5, 5.0, 60.0),
    (0.5, 0.5, 5.0, 60.0), (0.5, 10.0, 100, 800), (0.5, 0.5, 5.0, 90.0), (0.5, 3.0, 30.0, 60.0),
    (0.5, 5.0, 50.0, 60.0), (0.5, 7.0, 70.0, 210), (0.5, 4.0, 40.0, 300), (0.5, 60.0, 300, 600),
    (0.5, 200, 1000, 2000), (0.5, 30.0, 300, 600), (0.5, 4.0, 20.0, 180), (0.5, 30.0, 300, 600),
    (0.5, 100, 500, 1000), (0.5, 2.0, 20.0, 40.0), (0.1, 0.5, 5.0, 60.0), (0.1, 0.5, 5.0, 30.0),
    (1, 10, 100, 600), (1, 360, 1800, 3600), (1, 50, 240, 480), (0.1, 0.4, 4.0, 8.0),
    (0.002, 0.002, 0.01, 0.50), (0.05, 0.05, 0.50, 10.0), (3, 3, 8.0, 300), (0.05, 20.0, 200, 300),
    (0.05, 0.90, 9.0, 18.0), (0.01, 0.50, 5.00, 300), (0.01, 0.20, 2.00, 150), (0.01, 0.10, 1.00, 2.00),
    (0.01, 0.10, 1.00, 2.00), (0.01, 0.04, 0.40, 0.80), (0.1, 6.0, 30.0, 150), (0.05, 1.40, 7.00, 14.0),
    (0.05, 0.60, 3.00, 30.0), (0.05, 0.10, 1.00, 2.00), (0.05, 4.00, 20.0, 40.0), (0.05, 25.0, 250, 500),
    (0.05, 16.0, 80.0, 160), (0.05, 6.00, 30.0, 60.0), (0.05, 1.00, 10.0, 150), (0.05, 0.40, 2.00, 600),
    (0.1, 140, 700, 1400),
]  # fmt: skip


def test_tables_match_the_standard() -> None:
    assert {r.name: r.limits for r in ROWS if r.table == 1 and r.kind == "le"} == TABLE1_LE
    assert [r.limits for r in ROWS if r.table == 2] == TABLE2
    assert sum(r.table == 1 for r in ROWS) == 39 and sum(r.table == 2 for r in ROWS) == 54


@pytest.mark.parametrize("row", [r for r in ROWS if r.kind == "le"], ids=lambda r: r.name)
def test_every_limit_gives_the_best_class_sharing_it_and_above_iv_is_v(row: object) -> None:
    from ljeco.standards.gb14848_table import Gb14848Row

    assert isinstance(row, Gb14848Row)
    for limit in row.limits:
        assert classify_item(row.name, limit) == row.limits.index(limit) + 1  # 从优不从劣
    assert classify_item(row.name, row.limits[3] * 1.001) == 5


def test_clause_6_2_example_volatile_phenol() -> None:
    assert classify_item("phenol", 0.001) == 1


@pytest.mark.parametrize(
    ("ph", "cls"),
    [(6.5, 1), (8.5, 1), (7.0, 1), (6.49, 4), (5.5, 4), (8.51, 4), (9.0, 4), (5.49, 5), (9.01, 5)],
)
def test_ph_bands(ph: float, cls: int) -> None:
    assert classify_item("ph", ph) == cls


def test_text_items_and_surfactant_not_detected() -> None:
    assert (classify_item("odor", "无"), classify_item("visible", "有")) == (1, 5)
    assert classify_item("las", "0.05L") == 1  # I = 不得检出
    assert [classify_item("las", v) for v in (0.05, 0.1, 0.2, 0.3, 0.31)] == [2, 2, 3, 3, 5]
    with pytest.raises(ValidationError):
        classify_item("odor", "slight")


def test_gross_radioactivity_above_iii_is_flagged() -> None:
    assert [classify_item("gross_alpha", v) for v in (0.1, 0.5, 0.6)] == [1, 3, 4]
    r = classify_sample({"gross_beta": 1.5, "nh3n": 0.05})
    assert r.water_class == "IV" and r.flags and "radionuclide" in r.flags[0]


def test_non_detect_takes_the_class_of_its_detection_limit() -> None:
    assert classify_item("benzene", "<0.5") == 1
    assert classify_item("benzene", "2L") == 3  # proves only ≤ 2 µg/L


def test_sample_worst_item_decides() -> None:
    # NH3-N 0.3 III, Fe 0.25 III, Mn 0.2 IV, NO3 25 IV, As 0.0005 I → IV by Mn and nitrate.
    r = classify_sample({"nh3n": 0.3, "fe": 0.25, "mn": 0.2, "nitrate": 25.0, "as": 0.0005, "ph": 7.2})
    assert (r.water_class, r.worst_items) == ("IV", ("mn", "nitrate"))


def test_vectorised_matches_scalar() -> None:
    values = [0.0, 0.02, 0.021, 0.1, 0.5, 1.5, 1.51, float("nan")]
    assert classify_values("nh3n", values).tolist() == [1, 1, 2, 2, 3, 4, 5, 0]
    assert classify_values("ph", [7.0, 6.0]).tolist() == [1, 4]


@given(
    name=st.sampled_from([r.name for r in ROWS if r.kind == "le"]),
    value=st.floats(min_value=0, max_value=1e5),
    factor=st.floats(min_value=1, max_value=100),
)
def test_more_never_improves_the_class(name: str, value: float, factor: float) -> None:
    assert classify_item(name, value * factor) >= classify_item(name, value)


def test_all_items_known() -> None:
    assert set(TABLE) >= {"ph", "las", "odor", "visible", "gross_alpha", "gross_beta", "glyphosate"}
