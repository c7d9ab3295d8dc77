"""Which edition judges a value: by the data's own time, never by today's date.

HJ 633-2026, HJ 663-2026 and GB 3095-2026 took effect on 2026-03-01 (local time, Asia/Shanghai). An hourly value
is labelled by the **end** of its hour (CNEMC convention, HJ 663-2013 Table A.1), so the value labelled
``2026-03-01 00:00`` is the mean over 23:00–24:00 of 28 February and is judged by the 2012 edition; the first
2026 hour is the one labelled ``2026-03-01 01:00``. Put differently: a value belongs to the edition of the
standards' day it belongs to (:func:`ljeco.core.timeutil.cnemc_day`), so an hour and its day never disagree.

Examples
--------
>>> hour_editions(np.array(["2026-03-01T00:00", "2026-03-01T01:00"], dtype="datetime64[m]")).tolist()
[0, 1]
>>> day_editions(np.array(["2026-02-28", "2026-03-01"], dtype="datetime64[D]"), "2012").tolist()
[0, 0]
"""

from __future__ import annotations

from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError
from ljeco.standards.air.tables import EDITIONS, Edition

EditionChoice = Literal["auto", "2012", "2026"]

#: The first standards' day of the 2026 editions.
SWITCH_DAY: Final = np.datetime64("2026-03-01", "D")
#: The first hour label judged by the 2026 editions (local time, end-of-hour label).
SWITCH_FIRST_HOUR_LABEL: Final = np.datetime64("2026-03-01T01:00", "m")


def check_edition(edition: str) -> EditionChoice:
    """``edition`` if it is ``auto``, ``2012`` or ``2026``; a :class:`ValidationError` otherwise."""
    if edition not in ("auto", "2012", "2026"):
        raise ValidationError(f"unknown edition {edition!r}; use auto, 2012 or 2026", code="air.bad_edition")
    return edition  # type: ignore[return-value]


def local_datetime64(times: Any) -> npt.NDArray[np.datetime64]:
    """Local (Asia/Shanghai) wall-clock times as naive ``datetime64[m]``.

    Accepts numpy ``datetime64`` (taken as local), pandas Series/Index (timezone-aware values are converted to
    Asia/Shanghai; naive ones are taken as local), sequences of ``datetime`` or ISO strings.
    """
    import pandas as pd

    if isinstance(times, np.ndarray) and np.issubdtype(times.dtype, np.datetime64):
        return times.astype("datetime64[m]")
    if not isinstance(times, pd.Series | pd.Index | np.ndarray):
        times = np.atleast_1d(np.asarray(times, dtype=object))
    stamps = pd.DatetimeIndex(pd.to_datetime(times))
    if stamps.tz is not None:
        stamps = stamps.tz_convert("Asia/Shanghai").tz_localize(None)
    return stamps.to_numpy().astype("datetime64[m]")


def _codes(mask_2026: npt.NDArray[np.bool_]) -> npt.NDArray[np.int8]:
    return mask_2026.astype(np.int8)


def hour_editions(labels: npt.NDArray[np.datetime64], edition: str = "auto") -> npt.NDArray[np.int8]:
    """Edition code (0 = 2012, 1 = 2026) of each hourly value from its local end-of-hour label."""
    edition = check_edition(edition)
    labels = np.asarray(labels).astype("datetime64[m]")
    if edition != "auto":
        return np.full(labels.shape, EDITIONS.index(edition), dtype=np.int8)
    return _codes(labels >= SWITCH_FIRST_HOUR_LABEL)


def day_editions(days: npt.NDArray[np.datetime64], edition: str = "auto") -> npt.NDArray[np.int8]:
    """Edition code (0 = 2012, 1 = 2026) of each standards' day."""
    edition = check_edition(edition)
    days = np.asarray(days).astype("datetime64[D]")
    if edition != "auto":
        return np.full(days.shape, EDITIONS.index(edition), dtype=np.int8)
    return _codes(days >= SWITCH_DAY)


def edition_name(code: int) -> Edition:
    """``"2012"`` or ``"2026"`` for an edition code."""
    return EDITIONS[code]


__all__ = [
    "SWITCH_DAY",
    "SWITCH_FIRST_HOUR_LABEL",
    "EditionChoice",
    "check_edition",
    "day_editions",
    "edition_name",
    "hour_editions",
    "local_datetime64",
]
