"""Docstring examples of the region modules run as tests."""

from __future__ import annotations

import doctest

import pytest

import ljeco.regions
import ljeco.regions.uscc


@pytest.mark.parametrize("module", [ljeco.regions, ljeco.regions.uscc])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
