"""JSON API: air quality of stored data (HJ 633 AQI, GB 3095 daily statistics, HJ 663 assessment), scoped by the
caller's role, and an AQI calculator. Periods are local dates (China Standard Time), ``from`` … ``to``
inclusive (the hours labelled ``from`` 01:00 … ``to`` 24:00). Concentrations in µg/m³, CO in mg/m³.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ljeco.core.errors import ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.modules.airquality import schemas as s
from ljeco.modules.airquality import service
from ljeco.web.deps import CurrentUser, SessionDep
from ljeco.web.schemas import ListOf

router = APIRouter(prefix="/api/v1/air", tags=["air"])

#: Longest period of the hourly list (a quarter of 7 stations is ~15,000 records); the daily list and the
#: assessment read a year and more in well under a second.
MAX_HOURLY_DAYS = 92
MAX_DAYS = 3 * 366


def _read_only(session: SessionDep) -> Session:
    # A read must not flush the token's last_used_at (it would take SQLite's write lock); see ljeco.observations.api.
    session.autoflush = False
    return session


ReadSession = Annotated[Session, Depends(_read_only)]
Sites = Annotated[
    list[str] | None,
    Query(alias="site", description="Air station code (repeat for several); default: every visible station."),
]
DateFrom = Annotated[date, Query(alias="from", description="First local date of the period (YYYY-MM-DD).")]
DateTo = Annotated[date, Query(alias="to", description="Last local date of the period, inclusive.")]
Edition = Annotated[
    str,
    Query(
        pattern="^(auto|2012|2026)$",
        description="auto (by the data's time; 2026 rules from 2026-03-01), 2012 or 2026.",
    ),
]
Limits = Annotated[
    str,
    Query(
        pattern="^(auto|2012|2026-transitional|2026-final)$",
        description="GB 3095 limit set: auto (by period end and edition), 2012, 2026-transitional, 2026-final.",
    ),
]


def _period(date_from: date, date_to: date, most: int) -> None:
    if date_to < date_from:
        raise ValidationError("'to' is before 'from'", code="air.bad_period")
    if (date_to - date_from).days + 1 > most:
        raise ValidationError(f"at most {most} days per request", code="air.period_too_long")


@router.get(
    "/aqi",
    response_model=ListOf[s.HourlyAQI],
    summary="Real-time (hourly) AQI of stored station-hours: IAQIs, primary pollutant, level, colour (HJ 633)",
)
def get_hourly_aqi(
    session: ReadSession,
    user: CurrentUser,
    date_from: DateFrom,
    date_to: DateTo,
    site: Sites = None,
    edition: Edition = "auto",
) -> ListOf[s.HourlyAQI]:
    _period(date_from, date_to, MAX_HOURLY_DAYS)
    rows = service.hourly_aqi_for_sites(
        session, user=user, site_codes=site, start=date_from, end=date_to, edition=edition
    )
    return ListOf(data=rows, count=len(rows))


@router.get(
    "/daily",
    response_model=ListOf[s.DailyAir],
    summary="Daily means, O3 MDA8 and max 1-h with GB 3095 validity, and the daily AQI, per station-day",
)
def get_daily(
    session: ReadSession,
    user: CurrentUser,
    date_from: DateFrom,
    date_to: DateTo,
    site: Sites = None,
    edition: Edition = "auto",
) -> ListOf[s.DailyAir]:
    _period(date_from, date_to, MAX_DAYS)
    rows = service.daily_for_sites(
        session, user=user, site_codes=site, start=date_from, end=date_to, edition=edition
    )
    return ListOf(data=rows, count=len(rows))


@router.get(
    "/assessment",
    response_model=ListOf[s.Assessment],
    summary="HJ 663 assessment of each station and the city (urban assessment stations) over a period",
)
def get_assessment(
    session: ReadSession,
    user: CurrentUser,
    date_from: DateFrom,
    date_to: DateTo,
    site: Sites = None,
    edition: Edition = "auto",
    limits: Limits = "auto",
) -> ListOf[s.Assessment]:
    _period(date_from, date_to, MAX_DAYS)
    results = service.assess_sites(
        session, user=user, site_codes=site, start=date_from, end=date_to, edition=edition, limits=limits
    )
    rows = service.assessment_records(results)
    return ListOf(data=rows, count=len(rows))


@router.get(
    "/current",
    response_model=ListOf[s.CurrentAQI],
    summary="The latest stored hour of every visible air station with its AQI, level, colour, primary pollutant",
)
def get_current(session: ReadSession, user: CurrentUser) -> ListOf[s.CurrentAQI]:
    rows = service.current_aqi(session, user=user)
    return ListOf(data=rows, count=len(rows))


@router.get(
    "/good-days",
    response_model=s.GoodDaySummary,
    response_model_by_alias=True,
    summary="Good days, valid days, 优良天数比例 and PM2.5 mean of a year to date (city and each station)",
)
def get_good_days(
    session: ReadSession,
    user: CurrentUser,
    year: Annotated[
        int | None, Query(ge=2000, le=2100, description="Calendar year (default: this year).")
    ] = None,
    until: Annotated[
        date | None,
        Query(description="Last day included (default: yesterday, or 31 December of a past year)."),
    ] = None,
    edition: Edition = "auto",
) -> s.GoodDaySummary:
    today = utcnow().astimezone(CST).date()
    year = year or today.year
    if until is None:
        until = min(date(year, 12, 31), today - timedelta(days=1))
    return service.good_day_summary(session, user=user, year=year, until=until, edition=edition)


@router.post(
    "/aqi/calculate",
    response_model=s.AQICalculated,
    summary="IAQI and AQI of given concentrations (hourly or daily record, either edition): a calculator",
)
def post_calculate(body: s.AQIInput, user: CurrentUser) -> s.AQICalculated:
    return service.calculate_aqi(body)
