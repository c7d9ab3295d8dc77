"""JSON API of the enterprise registry (一企一档) and CEMS compliance."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from ljeco.core.errors import ValidationError
from ljeco.modules.sources import service
from ljeco.modules.sources.models import Enterprise
from ljeco.modules.sources.schemas import (
    ComplianceRow,
    EnterpriseDetail,
    EnterprisePublic,
    OutletLimitPublic,
    OutletPublic,
)
from ljeco.web.deps import ApiPage, CurrentUser, SessionDep
from ljeco.web.schemas import ListOf

router = APIRouter(prefix="/api/v1/enterprises", tags=["sources"])


@router.get("", response_model=ListOf[EnterprisePublic], summary="List enterprises (scoped to the caller)")
def list_enterprises(
    user: CurrentUser,
    session: SessionDep,
    page: ApiPage,
    q: Annotated[str | None, Query(max_length=100, description="Name or USCC contains.")] = None,
    area: str | None = None,
    industry_code: Annotated[str | None, Query(description="GB/T 4754 code prefix.")] = None,
    key_unit: Annotated[str | None, Query(description="water, air, soil, noise or risk.")] = None,
) -> ListOf[EnterprisePublic]:
    filters = service.EnterpriseFilter(q=q, area=area, industry_code=industry_code, key_unit=key_unit)
    rows, total = service.list_enterprises(
        session, user=user, filters=filters, offset=page.offset, limit=page.limit
    )
    return ListOf[EnterprisePublic](data=[EnterprisePublic.model_validate(e) for e in rows], count=total)


def _detail(session: SessionDep, ent: Enterprise) -> EnterpriseDetail:
    outlets = [
        OutletPublic(
            code=s.code,
            name=s.name,
            mn=s.mn,
            medium=(s.attributes or {}).get("medium"),
            monitored=(s.attributes or {}).get("monitored"),
        )
        for s in service.outlets_of(session, enterprise=ent)
    ]
    base = EnterprisePublic.model_validate(ent).model_dump()
    limits = [OutletLimitPublic.model_validate(lim) for lim in ent.limits]
    return EnterpriseDetail(**base, outlets=outlets, limits=limits)


@router.get("/{uscc}", response_model=EnterpriseDetail, summary="One enterprise with its outlets and limits")
def get_enterprise(uscc: str, user: CurrentUser, session: SessionDep) -> EnterpriseDetail:
    return _detail(session, service.get_enterprise(session, user=user, uscc=uscc))


@router.get(
    "/{uscc}/compliance",
    response_model=ListOf[ComplianceRow],
    summary="Hourly CEMS values against each outlet limit over a period",
)
def get_compliance(
    uscc: str,
    user: CurrentUser,
    session: SessionDep,
    since: Annotated[datetime, Query(alias="from", description="Start (ISO 8601; naive = Asia/Shanghai).")],
    until: Annotated[datetime, Query(alias="to", description="End, exclusive.")],
) -> ListOf[ComplianceRow]:
    from ljeco.core.timeutil import to_utc

    t_from, t_to = to_utc(since), to_utc(until)
    if t_to <= t_from:
        raise ValidationError("结束时间须晚于开始时间", code="sources.bad_range")
    if (t_to - t_from).days > 366:
        raise ValidationError("查询区间不能超过一年", code="sources.range_too_long")
    rows = [
        ComplianceRow(
            outlet_code=c.outlet_code,
            parameter=c.parameter,
            unit=c.unit,
            limit=c.limit,
            limit_low=c.limit_low,
            limit_verified=c.limit_verified,
            valid_hours=c.summary.valid,
            missing_hours=c.summary.missing,
            exceeding_hours=c.summary.exceeding,
            compliance_rate=c.summary.compliance_rate,
            max_value=c.summary.max_value,
            max_multiple=c.summary.max_multiple,
        )
        for c in service.compliance(session, user=user, uscc=uscc, t_from=t_from, t_to=t_to)
    ]
    return ListOf[ComplianceRow](data=rows, count=len(rows))
