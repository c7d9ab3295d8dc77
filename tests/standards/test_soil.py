"""GB 36600-2018 and GB 15618-2018 against the standards' rows and hand-worked samples."""

from __future__ import annotations

import pytest

from ljeco.core.errors import ValidationError
from ljeco.standards.soil import (
    agricultural_screening,
    judge_agricultural,
    judge_construction,
    ph_band,
)
from ljeco.standards.soil_tables import GB15618_TABLE1, GB15618_TABLE3, GB36600, GB36600_ROWS

# GB 36600-2018 表1 (45 basic items): name → (screening 1st, screening 2nd, intervention 1st, intervention 2nd).
GB36600_TABLE1 = {
    "as": (20, 60, 120, 140), "cd": (20, 65, 47, 172), "cr6": (3.0, 5.7, 30, 78), "cu": (2000, 18000, 8000, 36000),
    "pb": (400, 800, 800, 2500), "hg": (8, 38, 33, 82), "ni": (150, 900, 600, 2000),
    "carbon_tetrachloride": (0.9, 2.8, 9, 36), "chloroform": (0.3, 0.9, 5, 10), "chloromethane": (12, 37, 21, 120),
    "dichloroethane_11": (3, 9, 20, 100), "dichloroethane_12": (0.52, 5, 6, 21),
    "dichloroethylene_11": (12, 66, 40, 200), "cis_dichloroethylene_12": (66, 596, 200, 2000),
    "trans_dichloroethylene_12": (10, 54, 31, 163), "dichloromethane": (94, 616, 300, 2000),
    "dichloropropane_12": (1, 5, 5, 47), "tetrachloroethane_1112": (2.6, 10, 26, 100),
    "tetrachloroethane_1122": (1.6, 6.8, 14, 50), "tetrachloroethylene": (11, 53, 34, 183),
    "trichloroethane_111": (701, 840, 840, 840), "trichloroethane_112": (0.6, 2.8, 5, 15),
    "trichloroethylene": (0.7, 2.8, 7, 20), "trichloropropane_123": (0.05, 0.5, 0.5, 5),
    "vinyl_chloride": (0.12, 0.43, 1.2, 4.3), "benzene": (1, 4, 10, 40), "chlorobenzene": (68, 270, 200, 1000),
    "dichlorobenzene_12": (560, 560, 560, 560), "dichlorobenzene_14": (5.6, 20, 56, 200),
    "ethylbenzene": (7.2, 28, 72, 280), "styrene": (1290, 1290, 1290, 1290), "toluene": (1200, 1200, 1200, 1200),
    "m_p_xylene": (163, 570, 500, 570), "o_xylene": (222, 640, 640, 640), "nitrobenzene": (34, 76, 190, 760),
    "aniline": (92, 260, 211, 663), "chlorophenol_2": (250, 2256, 500, 4500),
    "benzo_a_anthracene": (5.5, 15, 55, 151), "benzo_a_pyrene": (0.55, 1.5, 5.5, 15),
    "benzo_b_fluoranthene": (5.5, 15, 55, 151), "benzo_k_fluoranthene": (55, 151, 550, 1500),
    "chrysene": (490, 1293, 4900, 12900), "dibenzo_ah_anthracene": (0.55, 1.5, 5.5, 15),
    "indeno_123cd_pyrene": (5.5, 15, 55, 151), "naphthalene": (25, 70, 255, 700),
}  # fmt: skip


# GB 36600-2018 表2 (40 other items), same column order. Single transcription: UNVERIFIED.
GB36600_TABLE2 = [
    (20, 180, 40, 360), (15, 29, 98, 290), (20, 70, 190, 350), (5.0, 45, 10, 120), (165, 752, 330, 1500),
    (22, 135, 44, 270), (0.29, 1.2, 2.9, 12), (32, 103, 320, 1030), (9.3, 33, 93, 330), (0.07, 0.24, 0.7, 2.4),
    (1.1, 5.2, 2.3, 10), (1.8, 5.2, 18, 52), (117, 843, 234, 1690), (39, 137, 78, 560), (78, 562, 156, 1130),
    (1.1, 2.7, 12, 27), (42, 121, 420, 1210), (312, 900, 3120, 9000), (390, 2812, 800, 5700), (1.3, 3.6, 13, 36),
    (2.6, 7.4, 26, 74), (2.0, 6.2, 20, 62), (2.5, 7.1, 25, 71), (2.0, 7.0, 20, 70), (2.0, 6.7, 21, 67),
    (1.8, 5.0, 18, 50), (86, 619, 170, 1240), (234, 1687, 470, 3400), (0.13, 0.37, 1.3, 3.7), (0.09, 0.3, 0.9, 3),
    (0.32, 0.92, 3.2, 9.2), (0.62, 1.9, 6.2, 19), (0.33, 1, 3.3, 10), (0.03, 0.09, 0.3, 0.9), (0.14, 0.38, 1.4, 3.8),
    (0.00004, 0.0001, 0.0004, 0.001), (0.0001, 0.0004, 0.001, 0.004), (0.00001, 0.00004, 0.0001, 0.0004),
    (0.02, 0.06, 0.2, 0.6), (826, 4500, 5000, 9000),
]  # fmt: skip


def test_gb36600_table2_rows() -> None:
    assert [(*r.screening, *r.intervention) for r in GB36600_ROWS if r.table == 2] == GB36600_TABLE2


def test_gb15618_table2() -> None:
    from ljeco.standards.soil_tables import GB15618_TABLE2

    assert GB15618_TABLE2 == {"hch": 0.10, "ddt": 0.10, "benzo_a_pyrene": 0.55}


def test_gb36600_table1_rows() -> None:
    got = {r.name: (*r.screening, *r.intervention) for r in GB36600_ROWS if r.table == 1}
    assert got == GB36600_TABLE1
    assert sum(r.table == 2 for r in GB36600_ROWS) == 40
    assert {r.name for r in GB36600_ROWS if r.background} == {"as", "cobalt", "v"}
    assert {r.verification for r in GB36600_ROWS if r.table == 2} == {"UNVERIFIED"}
    assert {r.verification for r in GB36600_ROWS if r.table == 1 and r.no >= 35} == {"single source"}


@pytest.mark.parametrize("row", GB36600_ROWS, ids=lambda r: r.name)
@pytest.mark.parametrize("land", ["first", "second"])
def test_every_gb36600_row_at_its_values(row: object, land: str) -> None:
    from ljeco.standards.soil_tables import Gb36600Row

    assert isinstance(row, Gb36600Row)
    col = 0 if land == "first" else 1
    screen, inter = row.screening[col], row.intervention[col]
    assert judge_construction({row.name: screen}, land=land).result == "below_screening"
    just_above = screen * 1.0001
    expected = "between" if just_above <= inter else "above_intervention"
    assert judge_construction({row.name: just_above}, land=land).result == expected
    assert judge_construction({row.name: inter}, land=land).result in ("below_screening", "between")
    assert judge_construction({row.name: inter * 1.0001}, land=land).result == "above_intervention"


def test_construction_sample_and_background_note() -> None:
    j = judge_construction({"as": 45, "pb": 350, "benzene": 2.0}, land="first")
    assert (j.result, j.above_screening, j.above_intervention) == ("between", ("as", "benzene"), ())
    with_bg = judge_construction({"as": 45}, land="first", backgrounds={"as": 50})
    assert with_bg.result == "below_screening" and "注①" in with_bg.items[0].note
    assert judge_construction({"as": 45}, land="second").result == "below_screening"  # 2nd-category 60


def test_unverified_values_are_reported() -> None:
    j = judge_construction({"tph_c10_c40": 900, "naphthalene": 1}, land="first")
    assert j.unverified == ("tph_c10_c40(UNVERIFIED)", "naphthalene(single source)")


# GB 15618-2018 表1 / 表3 typed from the standard (pH bands ≤5.5, 5.5–6.5, 6.5–7.5, >7.5).
GB15618_T1 = {
    ("cd", "paddy"): (0.3, 0.4, 0.6, 0.8), ("cd", "other"): (0.3, 0.3, 0.3, 0.6),
    ("hg", "paddy"): (0.5, 0.5, 0.6, 1.0), ("hg", "other"): (1.3, 1.8, 2.4, 3.4),
    ("as", "paddy"): (30, 30, 25, 20), ("as", "other"): (40, 40, 30, 25),
    ("pb", "paddy"): (80, 100, 140, 240), ("pb", "other"): (70, 90, 120, 170),
    ("cr", "paddy"): (250, 250, 300, 350), ("cr", "other"): (150, 150, 200, 250),
    ("cu", "orchard"): (150, 150, 200, 200), ("cu", "other"): (50, 50, 100, 100),
    ("ni", "all"): (60, 70, 100, 190), ("zn", "all"): (200, 200, 250, 300),
}  # fmt: skip
GB15618_T3 = {
    "cd": (1.5, 2.0, 3.0, 4.0), "hg": (2.0, 2.5, 4.0, 6.0), "as": (200, 150, 120, 100),
    "pb": (400, 500, 700, 1000), "cr": (800, 850, 1000, 1300),
}  # fmt: skip
BAND_PH = (5.0, 6.0, 7.0, 8.0)


def test_gb15618_tables() -> None:
    assert {(k, u): v for k, rows in GB15618_TABLE1.items() for u, v in rows.items()} == GB15618_T1
    assert GB15618_TABLE3 == GB15618_T3


@pytest.mark.parametrize(("key", "values"), list(GB15618_T1.items()), ids=lambda x: str(x))
def test_every_gb15618_screening_value_by_ph_band(key: tuple[str, str], values: tuple[float, ...]) -> None:
    name, use = key
    for ph, value in zip(BAND_PH, values, strict=True):
        assert agricultural_screening(name, ph, "other" if use == "all" else use) == value


@pytest.mark.parametrize(("name", "values"), list(GB15618_T3.items()))
def test_every_gb15618_intervention_value(name: str, values: tuple[float, ...]) -> None:
    for ph, inter in zip(BAND_PH, values, strict=True):
        assert judge_agricultural({name: inter}, ph=ph).result in ("below_screening", "between")
        assert judge_agricultural({name: inter * 1.0001}, ph=ph).result == "above_intervention"


def test_ph_band_boundaries() -> None:
    assert [ph_band(x) for x in (4.0, 5.5, 5.500001, 6.5, 6.51, 7.5, 7.6)] == [0, 0, 1, 1, 2, 2, 3]


def test_rotation_takes_the_stricter_value_and_orchard_only_changes_copper() -> None:
    assert agricultural_screening("cd", 7.0, "rotation") == 0.3  # min(paddy 0.6, other 0.3)
    assert agricultural_screening("hg", 7.0, "rotation") == 0.6  # min(paddy 0.6, other 2.4)
    assert agricultural_screening("cd", 7.0, "orchard") == 0.3  # orchard uses 其他 for Cd
    assert agricultural_screening("cu", 7.0, "orchard") == 200


def test_agricultural_categories() -> None:
    # Paddy, pH 6.0: Cd screening 0.4, intervention 2.0.
    assert judge_agricultural({"cd": 0.4}, ph=6.0, land_use="paddy").category == "优先保护类"
    assert judge_agricultural({"cd": 0.5}, ph=6.0, land_use="paddy").category == "安全利用类"
    assert judge_agricultural({"cd": 2.1}, ph=6.0, land_use="paddy").category == "严格管控类"
    # Zn has no intervention value: it can never reach 严格管控类.
    assert judge_agricultural({"zn": 5000}, ph=6.0).category == "安全利用类"
    # Table 2 item, single source, reported as such.
    j = judge_agricultural({"benzo_a_pyrene": 0.6}, ph=6.0)
    assert (j.result, j.unverified) == ("between", ("benzo_a_pyrene(single source)",))


def test_missing_ph_and_unknown_items() -> None:
    with pytest.raises(ValidationError):
        judge_agricultural({"cd": 0.2}, ph=float("nan"))
    with pytest.raises(ValidationError):
        judge_construction({"cadmium": 1.0}, land="first")
    with pytest.raises(ValidationError):
        judge_construction({"cd": 1.0}, land="third")


def test_names_are_unique_across_tables() -> None:
    assert len(GB36600) == 85
