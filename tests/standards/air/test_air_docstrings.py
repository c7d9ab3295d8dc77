"""Docstring examples of the air engine are run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "ljeco.standards.air.aqi",
    "ljeco.standards.air.assess",
    "ljeco.standards.air.daily",
    "ljeco.standards.air.editions",
    "ljeco.standards.air.frames",
    "ljeco.standards.air.hourly",
    "ljeco.standards.air.limits",
    "ljeco.standards.air.rounding",
    "ljeco.standards.air.tables",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0 and failures == 0
