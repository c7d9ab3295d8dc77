from __future__ import annotations

import pytest

from ljeco.ingest.hj212.codes import CODES_2005, GAS_2005, WATER_2005, code_2017


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # HJ 212-2017 Table B.1, column 原编码
        ("B01", "w00000"), ("001", "w01001"), ("011", "w01018"), ("060", "w21003"), ("065", "w21001"),
        ("101", "w21011"), ("020", "w20111"),
        # Table B.2
        ("B02", "a00000"), ("01", "a34013"), ("02", "a21026"), ("03", "a21002"), ("04", "a21005"),
        ("S01", "a19001"), ("S02", "a01011"), ("S03", "a01012"), ("S08", "a01013"),
    ],
)  # fmt: skip
def test_table_rows(old: str, new: str) -> None:
    assert code_2017(old) == new


def test_tables_are_disjoint_and_complete_by_kind() -> None:
    assert not set(WATER_2005) & set(GAS_2005)
    assert all(v.startswith("w") for v in WATER_2005.values())
    assert all(v.startswith("a") for v in GAS_2005.values())
    assert len(set(CODES_2005.values())) == len(CODES_2005)  # one 2017 code per 2005 code
    assert code_2017("B11") is None and code_2017("w01018") is None  # vendor totaliser; already a 2017 code
