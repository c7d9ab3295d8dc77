"""The canonical vocabulary against HJ 212-2017 Appendix B (Tables B.1 and B.2)."""

from __future__ import annotations

import pytest

from ljeco.core.errors import NotFoundError
from ljeco.standards.parameters import PARAMETERS, SURFACE_WATER_ITEMS, by_hj212_code, get

# HJ 212-2017 Table B.1 / B.2 codes and default units, typed from the standard's appendix.
HJ212_2017 = {
    "temp": ("w01010", "℃"),
    "ph": ("w01001", "无量纲"),
    "do": ("w01009", "mg/L"),
    "codmn": ("w01019", "mg/L"),
    "cod": ("w01018", "mg/L"),
    "bod5": ("w01017", "mg/L"),
    "nh3n": ("w21003", "mg/L"),
    "tp": ("w21011", "mg/L"),
    "tn": ("w21001", "mg/L"),
    "cu": ("w20138", "mg/L"),
    "zn": ("w20139", "mg/L"),
    "fluoride": ("w21017", "mg/L"),
    "se": ("w20140", "mg/L"),
    "as": ("w20141", "mg/L"),
    "hg": ("w20142", "µg/L"),
    "cd": ("w20143", "µg/L"),
    "cr6": ("w20117", "µg/L"),
    "pb": ("w20144", "mg/L"),
    "cn": ("w21016", "mg/L"),
    "phenol": ("w23002", "mg/L"),
    "petroleum": ("w22001", "mg/L"),
    "las": ("w19002", "mg/L"),
    "sulfide": ("w21019", "mg/L"),
    "fecal_coliform": ("w02003", "个/L"),
    "so2": ("a21026", "mg/m³"),
    "no2": ("a21004", "mg/m³"),
    "co": ("a21005", "mg/m³"),
    "pm10": ("a34002", "ng/m³"),
    "pm25": ("a34004", "ng/m³"),
}


def test_the_issue_surface_water_names_are_all_present_in_gb3838_order() -> None:
    issue = [
        "temp",
        "ph",
        "do",
        "codmn",
        "cod",
        "bod5",
        "nh3n",
        "tp",
        "tn",
        "cu",
        "zn",
        "fluoride",
        "se",
        "as",
        "hg",
        "cd",
        "cr6",
        "pb",
        "cn",
        "phenol",
        "petroleum",
        "las",
        "sulfide",
        "fecal_coliform",
    ]
    assert list(SURFACE_WATER_ITEMS) == issue


@pytest.mark.parametrize("name", sorted(HJ212_2017))
def test_hj212_codes_and_units(name: str) -> None:
    code, unit = HJ212_2017[name]
    param = PARAMETERS[name]
    assert (param.hj212_code, param.hj212_unit) == (code, unit)
    assert by_hj212_code(code.upper()) is param


def test_conversion_factors_to_canonical_units() -> None:
    # µg/L → mg/L, mg/m³ → µg/m³; the doubtful ng/m³ of PM has no factor.
    assert PARAMETERS["hg"].hj212_factor == 0.001
    assert PARAMETERS["so2"].hj212_factor == 1000.0
    assert PARAMETERS["co"].unit == "mg/m³" and PARAMETERS["co"].hj212_factor == 1.0
    assert PARAMETERS["pm25"].hj212_factor is None
    assert PARAMETERS["o3"].hj212_code == "a05024" and "UNVERIFIED" in PARAMETERS["o3"].note


def test_units_per_medium() -> None:
    assert PARAMETERS["pb"].unit_in("surface_water") == "mg/L"
    assert PARAMETERS["pb"].unit_in("soil") == "mg/kg"
    assert PARAMETERS["leq"].unit == "dB(A)"


def test_unknown_names_and_codes_raise() -> None:
    with pytest.raises(NotFoundError):
        get("nh4")
    with pytest.raises(NotFoundError):
        by_hj212_code("w99999")


def test_parameters_are_frozen_and_hashable() -> None:
    param = PARAMETERS["nh3n"]
    assert hash(param) == hash(PARAMETERS["nh3n"])
    with pytest.raises(AttributeError):
        param.unit = "g/L"  # type: ignore[misc]


def test_every_groundwater_and_soil_item_is_in_the_vocabulary_with_its_unit() -> None:
    from ljeco.standards.gb14848_table import ROWS
    from ljeco.standards.soil_tables import GB15618_TABLE1, GB15618_TABLE2, GB36600_ROWS

    for row in ROWS:
        assert PARAMETERS[row.name].unit_in("groundwater") in (row.unit, "MPN/100mL"), row.name
        assert "groundwater" in PARAMETERS[row.name].media
    for name in [r.name for r in GB36600_ROWS] + list(GB15618_TABLE1) + list(GB15618_TABLE2):
        assert PARAMETERS[name].unit_in("soil") == "mg/kg", name
    assert PARAMETERS["benzene"].unit_in("groundwater") == "µg/L"  # GB/T 14848 prints organics in µg/L
    assert PARAMETERS["tph_c10_c40"].hj212_factor is None  # no HJ 212 code, no conversion


def test_glossaries_list_every_parameter_with_its_unit_and_code() -> None:
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "glossary"
    files = {
        "surface_water": "water.md",
        "air": "water.md",
        "noise": "noise.md",
        "groundwater": "groundwater.md",
        "soil": "soil.md",
    }
    for medium, filename in files.items():
        text = (docs / filename).read_text(encoding="utf-8")
        for p in PARAMETERS.values():
            if medium in p.media:
                line = f"| {p.name_cn} | `{p.name}` | {p.unit_in(medium)} | {p.hj212_code or '—'} |"
                assert line in text, f"{filename} lacks {p.name} ({medium}); regenerate the glossary"
