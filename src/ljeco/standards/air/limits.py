"""GB 3095 concentration limits of the six basic pollutants, by edition and stage.

Three limit sets apply in turn (GB 3095-2026 §4.4): GB 3095-2012 (as amended in 2018) up to 2026-02-28, the
GB 3095-2026 *transitional* limits from 2026-03-01 to 2030-12-31, and the GB 3095-2026 *final* limits from
2031-01-01. Every limit is a pair (class-1 zone, class-2 zone) [µg/m³; CO mg/m³]; Liangjiang's urban stations
are class-2 zones (GB 3095 §4.1).

Examples
--------
>>> limits_for_period(date(2022, 12, 31)).annual_limit("pm25")
35
>>> limits_for_period(date(2026, 12, 31)).annual_limit("pm25")
30
>>> limits_for_period(date(2031, 12, 31)).daily_limit("pm25")
50
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from ljeco.core.errors import ValidationError

LimitSetId = Literal["2012", "2026-transitional", "2026-final"]
ZoneClass = Literal[1, 2]

#: First day of GB 3095-2026 (and of HJ 633-2026 / HJ 663-2026).
EDITION_2026_START: Final = date(2026, 3, 1)
#: First day of the GB 3095-2026 final limits (§4.4).
FINAL_LIMITS_START: Final = date(2031, 1, 1)

Pair = tuple[float, float]


@dataclass(frozen=True)
class LimitSet:
    """The basic-item limits of one GB 3095 edition/stage.

    ``daily`` holds the 24-hour (daily) limits of SO2, NO2, CO, PM10 and PM2.5 and the O3 daily-maximum-8-hour
    limit under ``"o3_8h"``; ``hourly`` the 1-hour limits of SO2, NO2, CO and O3 (``"o3_1h"``).
    """

    id: LimitSetId
    title: str
    valid_from: date | None
    valid_to: date | None
    annual: dict[str, Pair]
    daily: dict[str, Pair]
    hourly: dict[str, Pair]
    clause: str
    source: str
    verification: str

    def annual_limit(self, pollutant: str, zone_class: ZoneClass = 2) -> float:
        """Annual-mean limit [µg/m³] of SO2, NO2, PM10 or PM2.5 for a zone class."""
        return self.annual[pollutant][zone_class - 1]

    def daily_limit(self, pollutant: str, zone_class: ZoneClass = 2) -> float:
        """24-hour limit [µg/m³; CO mg/m³]; ``"o3_8h"`` gives the O3 daily max 8-hour limit."""
        return self.daily[pollutant][zone_class - 1]

    def hourly_limit(self, pollutant: str, zone_class: ZoneClass = 2) -> float:
        """1-hour limit of ``so2``, ``no2``, ``co`` or ``o3_1h``."""
        return self.hourly[pollutant][zone_class - 1]


_HOURLY: dict[str, Pair] = {"so2": (150, 500), "no2": (200, 200), "co": (10, 10), "o3_1h": (160, 200)}

LIMIT_SETS: Final[dict[LimitSetId, LimitSet]] = {
    "2012": LimitSet(
        id="2012",
        title="GB 3095-2012",
        valid_from=None,
        valid_to=date(2026, 2, 28),
        annual={"so2": (20, 60), "no2": (40, 40), "pm10": (40, 70), "pm25": (15, 35)},
        daily={"so2": (50, 150), "no2": (80, 80), "co": (4, 4), "pm10": (50, 150), "pm25": (35, 75), "o3_8h": (100, 160)},
        hourly=_HOURLY,
        clause="GB 3095-2012 Table 1",
        source="GB 3095-2012 Table 1 via a public mirror page; equals the HJ 633-2012 IAQI-100 breakpoints",
        verification="single source",
    ),
    "2026-transitional": LimitSet(
        id="2026-transitional",
        title="GB 3095-2026 (过渡阶段)",
        valid_from=EDITION_2026_START,
        valid_to=date(2030, 12, 31),
        annual={"so2": (20, 60), "no2": (40, 40), "pm10": (40, 60), "pm25": (15, 30)},
        daily={"so2": (50, 150), "no2": (80, 80), "co": (4, 4), "pm10": (50, 120), "pm25": (35, 60), "o3_8h": (100, 160)},
        hourly=_HOURLY,
        clause="GB 3095-2026 Table 1 (transitional limits), §4.4",
        source="GB 3095-2026 scanned official PDF, Table 1, read page by page",
        verification="verified",
    ),
    "2026-final": LimitSet(
        id="2026-final",
        title="GB 3095-2026",
        valid_from=FINAL_LIMITS_START,
        valid_to=None,
        annual={"so2": (20, 20), "no2": (30, 30), "pm10": (20, 50), "pm25": (10, 25)},
        daily={"so2": (50, 50), "no2": (50, 50), "co": (4, 4), "pm10": (50, 100), "pm25": (25, 50), "o3_8h": (100, 160)},
        hourly={"so2": (150, 150), "no2": (200, 200), "co": (10, 10), "o3_1h": (160, 200)},
        clause="GB 3095-2026 Table 1 (limits), §4.4",
        source="GB 3095-2026 scanned official PDF, Table 1, read page by page",
        verification="verified",
    ),
}  # fmt: skip


def limits_for_period(period_end: date, choice: str = "auto", *, edition: str = "auto") -> LimitSet:
    """The GB 3095 limit set to judge a period by.

    Parameters
    ----------
    period_end : date
        Last day of the period. GB 3095 is silent on periods that straddle a change of limits; we judge a period
        by the limits in force on its last day (documented in ``docs/standards/air.md``).
    choice : {"auto", "2012", "2026-transitional", "2026-final"}
        Force a limit set; ``"auto"`` follows the date and the edition.
    edition : {"auto", "2012", "2026"}
        The HJ 633 edition forced for the same computation: ``"2012"`` implies GB 3095-2012, ``"2026"`` the
        GB 3095-2026 stage of ``period_end`` (transitional for any period ending before 2031).
    """
    if choice != "auto":
        if choice not in LIMIT_SETS:
            raise ValidationError(
                f"unknown limit set {choice!r}; use auto, 2012, 2026-transitional or 2026-final",
                code="air.bad_limits",
            )
        return LIMIT_SETS[choice]
    if edition == "2012" or (edition == "auto" and period_end < EDITION_2026_START):
        return LIMIT_SETS["2012"]
    return LIMIT_SETS["2026-final" if period_end >= FINAL_LIMITS_START else "2026-transitional"]


__all__ = [
    "EDITION_2026_START",
    "FINAL_LIMITS_START",
    "LIMIT_SETS",
    "LimitSet",
    "LimitSetId",
    "ZoneClass",
    "limits_for_period",
]
