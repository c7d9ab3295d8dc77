"""JSON API: surface water, noise, groundwater and soil judged on stored data (scoped by the caller's role).

Periods are local dates (China Standard Time), ``from`` … ``to`` inclusive. Each result names the standard,
edition and rule that judged it, the units of its values, and any UNVERIFIED value or rule it used.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from ljeco.core.errors import NotFoundError
from ljeco.modules.quality import schemas as s
from ljeco.modules.quality import service
from ljeco.web.deps import CurrentUser, SessionDep
from ljeco.web.schemas import ListOf

router = APIRouter(prefix="/api/v1", tags=["quality"])


def _read_only(session: SessionDep) -> Session:
    # A read request must not flush the token's last_used_at (it would take SQLite's write lock); see
    # ljeco.observations.api for the measurement behind this.
    session.autoflush = False
    return session


ReadSession = Annotated[Session, Depends(_read_only)]
DateFrom = Annotated[date, Query(alias="from", description="First local date of the period (YYYY-MM-DD).")]
DateTo = Annotated[date, Query(alias="to", description="Last local date of the period, inclusive.")]
OptFrom = Annotated[date | None, Query(alias="from", description="First local date (default: all).")]
OptTo = Annotated[date | None, Query(alias="to", description="Last local date, inclusive (default: all).")]
MinSamples = Annotated[
    int,
    Query(ge=1, le=366, description="Samples the period needs (quarter 2, year 8 or 12: UNVERIFIED rule)."),
]


@router.get(
    "/water/assessment",
    response_model=s.WaterAssessment,
    summary="Every visible surface-water section over a period (GB 3838-2002), then the overall status",
)
def get_water_assessment(
    session: ReadSession, user: CurrentUser, date_from: DateFrom, date_to: DateTo, min_samples: MinSamples = 1
) -> s.WaterAssessment:
    return service.water_assessment(
        session, user=user, date_from=date_from, date_to=date_to, min_samples=min_samples
    )


@router.get(
    "/water/sections/{code}/assessment",
    response_model=s.WaterSection,
    summary="One section over a period: class of the period means, limiting items, target met, 超标倍数",
)
def get_water_section(
    code: str,
    session: ReadSession,
    user: CurrentUser,
    date_from: DateFrom,
    date_to: DateTo,
    min_samples: MinSamples = 1,
) -> s.WaterSection:
    result = service.water_assessment(
        session, user=user, date_from=date_from, date_to=date_to, code=code, min_samples=min_samples
    )
    if not result.data:
        raise NotFoundError(
            f"section {code} has no valid sample between {date_from} and {date_to}", code="quality.no_data"
        )
    return result.data[0]


@router.get(
    "/water/sections/{code}/samples",
    response_model=s.WaterSamples,
    summary="Class and limiting items of every sample of a section in a period",
)
def get_water_samples(
    code: str, session: ReadSession, user: CurrentUser, date_from: DateFrom, date_to: DateTo
) -> s.WaterSamples:
    return service.water_samples(session, user=user, code=code, date_from=date_from, date_to=date_to)


@router.get(
    "/noise/stations/{code}/days",
    response_model=s.NoiseDays,
    summary="Day/night Leq, night Lmax and GB 3096-2008 compliance per day of a noise station",
)
def get_noise_days(
    code: str, session: ReadSession, user: CurrentUser, date_from: DateFrom, date_to: DateTo
) -> s.NoiseDays:
    return service.noise_days(session, user=user, code=code, date_from=date_from, date_to=date_to)[0]


@router.get(
    "/noise/days",
    response_model=ListOf[s.NoiseDays],
    summary="Station-days and compliance rates of every visible noise station with a zone class",
)
def get_noise_all(
    session: ReadSession, user: CurrentUser, date_from: DateFrom, date_to: DateTo
) -> ListOf[s.NoiseDays]:
    data = service.noise_days(session, user=user, date_from=date_from, date_to=date_to)
    return ListOf[s.NoiseDays](data=data, count=len(data))


@router.get(
    "/noise/zones",
    response_model=ListOf[s.NoiseZone],
    summary="Compliance rate of each GB 3096-2008 functional-zone class over the visible stations",
)
def get_noise_zones(
    session: ReadSession, user: CurrentUser, date_from: DateFrom, date_to: DateTo
) -> ListOf[s.NoiseZone]:
    stations = service.noise_days(session, user=user, date_from=date_from, date_to=date_to)
    data = service.noise_zones(stations)
    return ListOf[s.NoiseZone](data=data, count=len(data))


@router.get(
    "/groundwater/samples",
    response_model=s.GroundwaterSamples,
    summary="GB/T 14848-2017 class of every sample of every visible groundwater well",
)
def get_groundwater_all(
    session: ReadSession, user: CurrentUser, date_from: OptFrom = None, date_to: OptTo = None
) -> s.GroundwaterSamples:
    return service.groundwater_samples(session, user=user, date_from=date_from, date_to=date_to)


@router.get(
    "/groundwater/wells/{code}/samples",
    response_model=s.GroundwaterSamples,
    summary="GB/T 14848-2017 class of every sample of a groundwater well",
)
def get_groundwater_samples(
    code: str, session: ReadSession, user: CurrentUser, date_from: OptFrom = None, date_to: OptTo = None
) -> s.GroundwaterSamples:
    return service.groundwater_samples(session, user=user, code=code, date_from=date_from, date_to=date_to)


@router.get(
    "/soil/assessment",
    response_model=ListOf[s.SoilSamples],
    summary="Every visible soil point's samples against GB 36600-2018 or GB 15618-2018",
)
def get_soil_all(
    session: ReadSession, user: CurrentUser, date_from: OptFrom = None, date_to: OptTo = None
) -> ListOf[s.SoilSamples]:
    data = service.soil_assessment(session, user=user, date_from=date_from, date_to=date_to)
    return ListOf[s.SoilSamples](data=data, count=len(data))


@router.get(
    "/soil/points/{code}/assessment",
    response_model=s.SoilSamples,
    summary="Every sample of a soil point against GB 36600-2018 or GB 15618-2018",
)
def get_soil_assessment(
    code: str,
    session: ReadSession,
    user: CurrentUser,
    land: Annotated[
        str | None,
        Query(description="first | second | agricultural (default: from the site's attributes)."),
    ] = None,
    date_from: OptFrom = None,
    date_to: OptTo = None,
) -> s.SoilSamples:
    return service.soil_assessment(
        session, user=user, code=code, land=land, date_from=date_from, date_to=date_to
    )[0]


__all__ = ["router"]
