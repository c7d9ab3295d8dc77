from __future__ import annotations

import doctest

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ljeco.modules.sources import compliance
from ljeco.modules.sources.compliance import exceedance_summary


def test_docstring_examples():
    assert doctest.testmod(compliance).failed == 0


def test_hand_computed_multiple():
    # SO2 limit 100 mg/m³: hourly means 80, 150, 100 (at the limit is compliant), 99.9.
    s = exceedance_summary([80.0, 150.0, 100.0, 99.9], limit=100.0)
    assert (s.valid, s.exceeding, s.max_value) == (4, 1, 150.0)
    assert s.max_multiple == 0.5
    assert s.compliance_rate == 75.0


def test_silent_device_is_not_compliant():
    s = exceedance_summary([None, None, None], limit=10.0)
    assert (s.valid, s.missing, s.compliance_rate) == (0, 3, None)


@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=50), st.floats(1, 500))
def test_raising_a_value_never_lowers_the_exceedance_count(values, limit):
    base = exceedance_summary(values, limit=limit)
    raised = exceedance_summary(list(np.asarray(values) + 1.0), limit=limit)
    assert raised.exceeding >= base.exceeding
    assert base.valid == raised.valid == len(values)
