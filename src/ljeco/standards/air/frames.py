"""Hourly air data as a pandas frame: the column contract shared by the CLI, the observation store and the API.

The frame has one row per station-hour: ``station``, ``time`` and the 1-hour means ``so2, no2, co, o3, pm10,
pm25`` (µg/m³; CO mg/m³). ``time`` is local time (Asia/Shanghai) in the CNEMC label convention: the value
labelled X:00 is the mean over (X−1):00–X:00, and ``24:00`` is accepted for ``00:00`` of the next day.
Sentinels become missing values: blank, ``NA``, ``NaN``, ``—``, ``-`` and ``/`` (HJ 633-2026 Tables 4/5 print
"NA" for missing and "/" for not monitored). Negative numbers are kept here and treated as missing (and flagged)
by the AQI functions.

Examples
--------
>>> import pandas as pd
>>> raw = pd.DataFrame({"station": ["1417A"], "time": ["2022-01-04 24:00"], "pm25": ["81"], "co": [""]})
>>> f = parse_hourly_frame(raw)
>>> str(f["time"].iloc[0]), float(f["pm25"].iloc[0]), bool(f["co"].isna().iloc[0]), bool(f["so2"].isna().iloc[0])
('2022-01-05 00:00:00', 81.0, True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd

#: The 1-hour mean columns of the hourly frame, in output order.
HOURLY_COLUMNS: Final[tuple[str, ...]] = ("so2", "no2", "co", "o3", "pm10", "pm25")
#: Strings that mean "no value".
MISSING_TOKENS: Final[frozenset[str]] = frozenset({"", "na", "nan", "null", "none", "—", "–", "-", "--", "/"})

_H24 = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]24:00(:00)?$")


def parse_times(values: pd.Series) -> pd.Series:
    """Local end-of-hour labels as naive ``datetime64``; ``YYYY-MM-DD 24:00`` means ``00:00`` of the next day.

    Timezone-aware input is converted to Asia/Shanghai. Unreadable times raise :class:`ValidationError`
    naming the first bad row.
    """
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        text = values.astype(str).str.strip()
        is24 = text.str.match(_H24)
        base = text.where(~is24, text.str.replace(_H24, r"\1 00:00", regex=True))
        parsed = pd.to_datetime(base, errors="coerce", format="mixed")
        if parsed.isna().any():
            row = int(np.flatnonzero(parsed.isna().to_numpy())[0])
            raise ValidationError(
                f"row {row + 2}: unreadable time {values.iloc[row]!r} (expected e.g. 2022-01-04 16:00)",
                code="air.bad_time",
                details={"row": row + 2},
            )
        parsed = parsed + pd.to_timedelta(is24.astype(int), unit="D")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    return parsed


def _numbers(column: pd.Series, name: str) -> npt.NDArray[np.float64]:
    import pandas as pd

    if pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(dtype=np.float64)  # no copy when already float64
    text = column.astype(str).str.strip()
    text = text.where(~text.str.lower().isin(MISSING_TOKENS), None)
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)
    bad = np.isnan(numbers) & text.notna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValidationError(
            f"row {row + 2}, column {name}: {column.iloc[row]!r} is not a number (leave it blank when missing)",
            code="air.bad_value",
            details={"row": row + 2, "column": name},
        )
    return numbers


def _station_names(column: pd.Series) -> npt.NDArray[np.object_]:
    import pandas as pd

    if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
        names = column.to_numpy(dtype=object)
        if pd.isna(names).any():
            row = int(np.flatnonzero(pd.isna(names))[0])
            raise ValidationError(f"row {row + 2}: the station is empty", code="air.bad_station")
        return names
    return column.astype(str).to_numpy(dtype=object)


@dataclass
class HourlyColumns:
    """A checked hourly frame as plain arrays: ``station`` (object), ``time`` (local ``datetime64[m]`` labels),
    ``time_as_given`` (the input's own time values, echoed in outputs) and ``values[pollutant]`` (float, NaN =
    missing) for every name in :data:`HOURLY_COLUMNS`."""

    station: npt.NDArray[np.object_]
    time: npt.NDArray[np.datetime64]
    time_as_given: npt.NDArray[Any]
    values: dict[str, npt.NDArray[np.float64]]

    def __len__(self) -> int:
        return len(self.station)


def parse_hourly_columns(raw: pd.DataFrame, *, require_all: bool = False) -> HourlyColumns:
    """Check an hourly frame (see module docstring) into arrays; absent pollutant columns become missing.

    Parameters
    ----------
    raw : DataFrame
        Needs ``station`` and ``time``; pollutant columns may be strings (CSV) or numbers.
    require_all : bool
        Refuse a frame without every pollutant column (the CLI's contract ``station,time,so2,no2,co,o3,pm10,pm25``).
    """
    columns = {str(c).strip().lower(): c for c in raw.columns}
    absent = [c for c in ("station", "time") if c not in columns]
    if require_all:
        absent += [c for c in HOURLY_COLUMNS if c not in columns]
    if absent:
        raise ValidationError(
            f"missing column(s) {', '.join(absent)}; expected station,time,{','.join(HOURLY_COLUMNS)}",
            code="air.missing_column",
        )
    n = len(raw)
    return HourlyColumns(
        station=_station_names(raw[columns["station"]]),
        time=parse_times(raw[columns["time"]]).to_numpy().astype("datetime64[m]"),
        time_as_given=raw[columns["time"]].to_numpy(),
        values={
            name: _numbers(raw[columns[name]], name) if name in columns else np.full(n, np.nan)
            for name in HOURLY_COLUMNS
        },
    )


def parse_hourly_frame(raw: pd.DataFrame, *, require_all: bool = False) -> pd.DataFrame:
    """:func:`parse_hourly_columns` as a frame: ``station, time, so2, no2, co, o3, pm10, pm25``."""
    import pandas as pd

    cols = parse_hourly_columns(raw, require_all=require_all)
    return pd.DataFrame({"station": cols.station, "time": cols.time.astype("datetime64[ns]"), **cols.values})


__all__ = [
    "HOURLY_COLUMNS",
    "MISSING_TOKENS",
    "HourlyColumns",
    "parse_hourly_columns",
    "parse_hourly_frame",
    "parse_times",
]
