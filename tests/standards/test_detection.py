"""Reading non-detects the way Chinese monitoring reports write them."""

from __future__ import annotations

import math

import pytest

from ljeco.core.errors import ValidationError
from ljeco.standards.detection import Reading, parse_value, substitute


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.01L", Reading(0.01, True)),
        ("0.01l", Reading(0.01, True)),
        ("<0.005", Reading(0.005, True)),
        ("ND(0.02)", Reading(0.02, True)),
        ("未检出（0.02）", Reading(0.02, True)),
        ("1.5", Reading(1.5, False)),
        ("1e-4", Reading(0.0001, False)),
        (2, Reading(2.0, False)),
    ],
)
def test_parse(text: object, expected: Reading) -> None:
    assert parse_value(text) == expected


@pytest.mark.parametrize("blank", ["", "  ", "—", "NaN", None])
def test_blank_is_not_measured(blank: object) -> None:
    assert math.isnan(parse_value(blank).value)


@pytest.mark.parametrize("bad", ["ND", "未检出", "abc"])
def test_unusable_cells_raise(bad: str) -> None:
    with pytest.raises(ValidationError):
        parse_value(bad)


def test_substitution() -> None:
    assert substitute(Reading(0.01, True)) == 0.005
    assert substitute(Reading(0.01, True), 1.0) == 0.01
    assert substitute(Reading(0.3, False)) == 0.3
