"""Groundwater (quarterly) and soil (yearly) results at the pack's wells and soil points.

Groundwater: values sit in GB/T 14848-2017 class III for most items (Table 1), with the natural iron and
manganese of the area's sandstone aquifers sometimes in class IV, nitrate a little higher under agriculture, and
chromium(VI) and nickel traceable at the electroplating park well. Soil: the purple soils' background
(cadmium ≈0.2, chromium ≈75, nickel ≈32 mg/kg), raised heavy metals around industry and the plating park; every
value stays under the GB 36600-2018 second-class screening values for industrial land. Sampling times are UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import rng_for
from ljeco.regions.models import Site

# Median [mg/L] (pH dimensionless) and log-sd of each groundwater item.
GROUNDWATER_MEDIANS: dict[str, tuple[float, float]] = {
    "ph": (7.3, 0.0),
    "hardness": (260.0, 0.2),
    "tds": (480.0, 0.2),
    "sulfate": (85.0, 0.3),
    "chloride": (28.0, 0.3),
    "fe": (0.15, 0.5),
    "mn": (0.06, 0.6),
    "nitrate": (3.5, 0.4),
    "nitrite": (0.01, 0.5),
    "nh3n": (0.12, 0.5),
    "codmn": (1.4, 0.3),
    "fluoride": (0.35, 0.3),
}
_GW_DECIMALS = {"ph": 2, "hardness": 0, "tds": 0, "sulfate": 1, "chloride": 1, "nitrate": 2, "codmn": 2}

SOIL_MEDIANS: dict[str, tuple[float, float]] = {
    "soil_ph": (6.9, 0.0),
    "cd": (0.2, 0.3),
    "hg": (0.07, 0.4),
    "as": (7.0, 0.25),
    "pb": (28.0, 0.25),
    "cr": (75.0, 0.2),
    "cu": (26.0, 0.25),
    "ni": (32.0, 0.2),
    "zn": (85.0, 0.25),
}
# Multipliers at industrial points (all) and the plating park (its metals).
_INDUSTRIAL = {"cd": 1.4, "pb": 1.3, "cu": 1.3, "zn": 1.4, "cr": 1.1, "ni": 1.1}
_PLATING = {"cr": 2.2, "ni": 2.0, "cu": 2.5, "zn": 2.0}


def groundwater_quarterly(sites: Sequence[Site], start: date, end: date, seed: int) -> pd.DataFrame:
    """One sample per well in each quarter's middle month (Feb, May, Aug, Nov), the 15th at 10:00 local.

    Columns ``site``, ``time`` (UTC), then the items of :data:`GROUNDWATER_MEDIANS`, plus ``cr6`` and ``ni``
    at wells marked as near plating (name contains 电镀) [mg/L].
    """
    rows = []
    months = pd.date_range(pd.Timestamp(start).replace(day=1), pd.Timestamp(end), freq="MS")
    for s in (s for s in sites if s.kind == "groundwater"):
        r = rng_for(seed, "groundwater", s.code)
        industrial = s.land_use == "industrial"
        for m in months:
            if m.month not in (2, 5, 8, 11):
                continue
            t = m + pd.Timedelta(days=14, hours=2)  # 10:00 CST
            if not (pd.Timestamp(start) <= t + pd.Timedelta(hours=8) < pd.Timestamp(end)):
                continue
            row: dict[str, object] = {"site": s.code, "time": t.tz_localize("UTC")}
            for k, (med, sd) in GROUNDWATER_MEDIANS.items():
                v = med + r.normal(0, 0.25) if k == "ph" else med * np.exp(r.normal(0, sd))
                if industrial and k in ("nh3n", "codmn", "sulfate", "tds"):
                    v *= 1.3
                row[k] = round(float(v), _GW_DECIMALS.get(k, 3))
            if "电镀" in s.name:
                row["cr6"] = round(float(0.012 * np.exp(r.normal(0, 0.5))), 3)
                row["ni"] = round(float(0.008 * np.exp(r.normal(0, 0.5))), 4)
            rows.append(row)
    return pd.DataFrame(rows)


def soil_yearly(sites: Sequence[Site], start: date, end: date, seed: int) -> pd.DataFrame:
    """One composite sample per soil point each October (the 20th, 10:00 local) [mg/kg; pH dimensionless]."""
    rows = []
    for year in range(start.year, end.year + 1):
        t = pd.Timestamp(year=year, month=10, day=20, hour=2)  # 10:00 CST
        if not (pd.Timestamp(start) <= t + pd.Timedelta(hours=8) < pd.Timestamp(end)):
            continue
        for s in (s for s in sites if s.kind == "soil"):
            r = rng_for(seed, "soil", s.code, year)
            point = rng_for(0, "soil-point", s.code)  # fixed character of the point across years
            row: dict[str, object] = {"site": s.code, "time": t.tz_localize("UTC")}
            for k, (med, sd) in SOIL_MEDIANS.items():
                if k == "soil_ph":
                    row[k] = round(float(med + point.normal(0, 0.6) + r.normal(0, 0.1)), 2)
                    continue
                v = med * np.exp(point.normal(0, sd) + r.normal(0, 0.08))
                if s.land_use == "industrial":
                    v *= _INDUSTRIAL.get(k, 1.0)
                if "电镀" in s.name:
                    v *= _PLATING.get(k, 1.0)
                row[k] = round(float(v), 3 if k in ("cd", "hg") else 1)
            rows.append(row)
    return pd.DataFrame(rows)


__all__ = ["GROUNDWATER_MEDIANS", "SOIL_MEDIANS", "groundwater_quarterly", "soil_yearly"]
