"""Hourly environmental noise at the functional-zone stations (leq, lmax [dB(A)]).

Levels follow each station's GB 3096-2008 class (Table 1: class 1 55/45, 2 60/50, 3 65/55, 4a 70/55, 4b 70/60
dB(A) day/night; day 06:00–22:00): residential and mixed zones sit a few dB under their limits, arterial-road
(4a) stations exceed the night limit on about half the nights, as they do in Chinese cities, and railway-side (4b) stations show
train passes in lmax. Evenings are louder in summer (outdoor life). Times are UTC period starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import hour_axis, local_parts, monthly_curve, rng_for, smooth_noise
from ljeco.regions.models import Site
from ljeco.standards.noise import GB3096_TABLE1

#: GB 3096-2008 Table 1 limits [dB(A)] (day, night) per class: the engine's own table, so the demo is calibrated
#: against exactly what judges it.
ZONE_LIMITS: dict[str, tuple[float, float]] = GB3096_TABLE1

# Typical level relative to the limit (day, night) [dB]: demo calibration.
_OFFSET: dict[str, tuple[float, float]] = {
    "0": (-4.0, -3.0),
    "1": (-3.0, -1.5),
    "2": (-3.5, -2.0),
    "3": (-5.0, -3.0),
    "4a": (-2.5, -0.5),
    "4b": (-4.0, -1.0),
}

# Relative hourly shape (local hour 0…23) [dB]: quiet before dawn, rush hours, busy evening.
_SHAPE = np.array(
    [-3, -4, -5, -5, -4, -2, 0, 1.5, 2, 1, 0.5, 0.5, 0, 0, 0.5, 0.5, 1, 2, 2, 1.5, 1, 0.5, 0, -1.5]
)


def noise_hourly(sites: Sequence[Site], start: date, end: date, seed: int) -> pd.DataFrame:
    """Columns ``site``, ``time`` (UTC period start), ``leq``, ``lmax`` [dB(A)] rounded to 0.1 dB."""
    sites = [s for s in sites if s.kind == "noise"]
    times = hour_axis(start, end)
    hour, doy, _ = local_parts(times)
    night = (hour >= 22) | (hour < 6)
    summer_evening = monthly_curve((0, 0, 0.2, 0.5, 0.8, 1.2, 1.5, 1.5, 1, 0.5, 0.2, 0), doy) * (
        (hour >= 19) & (hour <= 23)
    )
    n_h = len(times)
    leq_rows, lmax_rows = [], []
    for s in sites:
        r = rng_for(seed, "noise", s.code)
        zone = s.zone_class or "2"
        day_lim, night_lim = ZONE_LIMITS[zone]
        d_off, n_off = _OFFSET[zone]
        site_offset = rng_for(0, "noise-site", s.code).normal(0.0, 1.2)  # each place has its own level
        base = np.where(night, night_lim + n_off, day_lim + d_off) + site_offset
        # Night shape is already in the night base; the day shape adds rush hours.
        shape = np.where(night, 0.3 * _SHAPE[hour], _SHAPE[hour])
        leq = base + shape + summer_evening + smooth_noise(r, (1, n_h), 1.4, 3)[0]
        events = r.exponential(12.0 if zone == "4b" else 8.0, size=n_h)
        # Night events are rarer and quieter (no traffic peaks): the night Lmax is the maximum of 8 hourly Lmax,
        # so Leq + 8 + Exp(8) made almost every zone-1 night fail GB 3096 §5.4 (Lmax ≤ limit + 15). With
        # Leq + 5 + Exp(3) about one night in six exceeds outside construction, near what city bulletins report.
        night_events = r.exponential(5.0 if zone == "4b" else 3.0, size=n_h)
        lmax = np.where(night, leq + 5.0 + night_events, leq + 8.0 + events)
        # A few hours of night construction a month near the residential and mixed zones.
        if zone in ("1", "2"):
            works = r.random(n_h) < 0.004
            leq = leq + works * night * r.uniform(6, 12, size=n_h)
            lmax = np.maximum(lmax, leq + 10.0)
        leq_rows.append(np.round(leq, 1))
        lmax_rows.append(np.round(lmax, 1))
    return pd.DataFrame(
        {
            "site": np.repeat([s.code for s in sites], n_h),
            "time": np.tile(times, len(sites)),
            "leq": np.concatenate(leq_rows) if leq_rows else np.empty(0),
            "lmax": np.concatenate(lmax_rows) if lmax_rows else np.empty(0),
        }
    )


__all__ = ["ZONE_LIMITS", "noise_hourly"]
