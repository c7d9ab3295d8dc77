"""The hourly (real-time) AQI report of an hourly frame: what ``ljeco air aqi``, the store and the API return.

One row per input row: ``station, time`` as given, then the columns of
:meth:`~ljeco.standards.air.aqi.AQIResult.to_frame`. The SO2 24-hour mean needed by the 2012 rule "SO2 1-h > 800
→ IAQI of the 24-hour mean" (HJ 633-2012 Table 1 note 2) is the moving mean of the 24 hourly values labelled
X−23 … X of the same station, valid with ≥ 20 of them (GB 3095 Table 4); it is computed only when a 2012 record
needs it.

Examples
--------
>>> import pandas as pd
>>> raw = pd.DataFrame({"station": ["1417A"], "time": ["2022-01-01 10:00"], "so2": [8], "no2": [40],
...                     "co": [0.9], "o3": [20], "pm10": [95], "pm25": [81]})
>>> hourly_aqi_frame(raw).loc[0, ["aqi", "primary_pollutant", "category", "edition"]].astype(str).tolist()
['108', 'pm25', '轻度污染', '2012']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ljeco.standards.air.aqi import hourly_aqi
from ljeco.standards.air.daily import HourlyGrid, moving_mean
from ljeco.standards.air.editions import check_edition
from ljeco.standards.air.frames import HourlyColumns, parse_hourly_columns
from ljeco.standards.air.rounding import round_half_even

if TYPE_CHECKING:
    import pandas as pd


def so2_24h_moving(cols: HourlyColumns) -> npt.NDArray[np.float64]:
    """SO2 24-hour moving mean [µg/m³] ending at each row's hour (≥ 20 of 24 valid, else NaN)."""
    grid = HourlyGrid.from_columns(cols)
    mean, _ = moving_mean(grid.values["so2"], 24, 20, 0)
    return mean.ravel()[grid.row_cell]


def hourly_aqi_frame(raw: pd.DataFrame, *, edition: str = "auto") -> pd.DataFrame:
    """Hourly AQI of every row of an hourly frame (columns as in :mod:`~ljeco.standards.air.frames`)."""
    import pandas as pd

    check_edition(edition)
    cols = parse_hourly_columns(raw, require_all=True)
    so2_24h = None
    if edition != "2026" and (round_half_even(cols.values["so2"]) > 800).any():
        so2_24h = so2_24h_moving(cols)
    result = hourly_aqi(cols.values, cols.time, edition=edition, so2_24h=so2_24h)
    head = pd.DataFrame({"station": cols.station, "time": cols.time_as_given})
    return pd.concat([head, result.to_frame()], axis=1)


__all__ = ["hourly_aqi_frame", "so2_24h_moving"]
