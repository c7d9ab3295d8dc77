"""Time conventions.

Observations are stored in UTC. Chinese monitoring data are labelled in local time (Asia/Shanghai, UTC+8, no
daylight saving) and CNEMC labels an hourly value by the **end** of its hour: "01:00" is 00:00–01:00 and
"24:00" (written "00:00" of the next day in many exports) closes the day. A day in the standards' sense is
therefore the 24 values labelled 01:00 … 24:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

#: China Standard Time. Fixed offset: China has no daylight saving, and a fixed offset keeps vectorised maths simple.
CST = timezone(timedelta(hours=8), name="Asia/Shanghai")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (the only clock call services should use)."""
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """A timezone-aware UTC datetime; naive input is taken as local (Asia/Shanghai) time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CST)
    return moment.astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """The same instant in Asia/Shanghai; naive input is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CST)


def cnemc_day(hour_end: datetime) -> date:
    """The standards' day an hourly value belongs to, from the local end-of-hour label.

    >>> cnemc_day(datetime(2022, 1, 5, 0, 0, tzinfo=CST))   # "24:00" of 4 January
    datetime.date(2022, 1, 4)
    >>> cnemc_day(datetime(2022, 1, 4, 1, 0, tzinfo=CST))
    datetime.date(2022, 1, 4)
    """
    return (to_local(hour_end) - timedelta(hours=1)).date()


__all__ = ["CST", "cnemc_day", "to_local", "to_utc", "utcnow"]
