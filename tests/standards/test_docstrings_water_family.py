"""Docstring examples of the water, noise, groundwater and soil engines are run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "ljeco.standards.parameters",
    "ljeco.standards.detection",
    "ljeco.standards.water.classify",
    "ljeco.standards.water.assess",
    "ljeco.standards.black_odorous",
    "ljeco.standards.noise",
    "ljeco.standards.groundwater",
    "ljeco.standards.soil",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0 and failures == 0
