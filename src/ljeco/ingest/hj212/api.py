"""JSON API of the HJ 212 gateway's registry and operator views (mounted under ``/api/v1/hj212``).

Bureau staff read devices, arrival and quarantine and resolve quarantine entries; only administrators register
devices. Every change is audited. ``POST /parse`` checks a frame the way ``ljeco hj212 parse`` does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from ljeco.core import audit
from ljeco.web.deps import AdminUser, BureauUser, CurrentUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.schemas import ListOf

router = APIRouter(prefix="/api/v1/hj212", tags=["hj212"])


class DeviceCreate(BaseModel):
    mn: str = Field(min_length=1, max_length=64, description="设备唯一标识 MN (HJ 212-2017 Table 3).")
    password: str = Field(min_length=1, max_length=64, description="访问密码 PW; stored as a salted hash.")
    site_code: str | None = Field(default=None, description="Site or outlet code the device reports for.")
    outlet: str | None = None
    crc: Literal["hj212", "modbus", "modbus_swapped"] = "hj212"
    length_tolerance: int = Field(default=0, ge=0, le=9999, description="Declared-length tolerance [bytes].")
    cadence: dict[str, int] = Field(default_factory=dict, description="Expected interval per CN [s].")


class DevicePublic(BaseModel):
    mn: str
    site_code: str | None
    outlet: str | None
    crc: str
    length_tolerance: int
    cadence: dict[str, int]
    active: bool
    last_frame: datetime | None = None
    frames_today: int = 0
    online: bool = False
    arrival_today: dict[str, float | None] = Field(
        default_factory=dict, description="CN → arrival [%] today."
    )


class ArrivalPublic(BaseModel):
    mn: str
    cn: str
    day: date
    interval_s: int
    expected: int
    received: int
    arrival_percent: float | None
    gaps: list[list[str]] = Field(
        description="[first missing period start, last missing period start], UTC+8."
    )


class QuarantinePublic(BaseModel):
    id: int
    mn: str | None
    reason: str
    status: str
    peer: str
    received_at: datetime
    frame: str = Field(description="The raw frame as received (UTF-8, invalid bytes replaced).")


class QuarantineResolve(BaseModel):
    action: Literal["registered", "discarded"]


class FrameIn(BaseModel):
    frame: str = Field(max_length=20_000, description="One frame, with or without CR LF.")
    crc: Literal["hj212", "modbus", "modbus_swapped"] = "hj212"
    length_tolerance: int = Field(default=0, ge=0, le=9999)


@router.get(
    "/devices", response_model=ListOf[DevicePublic], summary="Devices with online state and arrival today"
)
def list_devices(
    user: BureauUser,
    session: SessionDep,
    online_after: Annotated[
        float, Query(gt=0, description="Online if the last frame is this recent [s].")
    ] = 900,
) -> ListOf[DevicePublic]:
    from ljeco.ingest.hj212.monitor import device_status

    rows = [DevicePublic(**row) for row in device_status(session, online_after=online_after)]
    return ListOf[DevicePublic](data=rows, count=len(rows))


@router.post("/devices", response_model=DevicePublic, status_code=201, summary="Register a device")
def create_device(
    body: DeviceCreate, user: AdminUser, session: WriteSessionDep, request: Request
) -> DevicePublic:
    from ljeco.ingest.hj212.registry import register_device

    register_device(
        session, actor=audit.Actor.of(user, client_address(request)), mn=body.mn, password=body.password,
        site_code=body.site_code, outlet=body.outlet, crc=body.crc, length_tolerance=body.length_tolerance,
        cadence=body.cadence or None,
    )  # fmt: skip
    after = body.model_dump(exclude={"password"})
    return DevicePublic(**after, active=True)


@router.get(
    "/arrival", response_model=ListOf[ArrivalPublic], summary="Arrival per device and CN for a local day"
)
def arrival(
    user: BureauUser,
    session: SessionDep,
    day: Annotated[date | None, Query(description="Local day (UTC+8); default today.")] = None,
    mn: str | None = None,
) -> ListOf[ArrivalPublic]:
    from ljeco.core.timeutil import CST, utcnow
    from ljeco.ingest.hj212.monitor import arrival_report

    rows = [
        ArrivalPublic(**r) for r in arrival_report(session, day=day or utcnow().astimezone(CST).date(), mn=mn)
    ]
    return ListOf[ArrivalPublic](data=rows, count=len(rows))


@router.get("/quarantine", response_model=ListOf[QuarantinePublic], summary="Quarantined frames with reason")
def quarantine(
    user: BureauUser,
    session: SessionDep,
    status: Annotated[Literal["open", "registered", "discarded"], Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ListOf[QuarantinePublic]:
    from ljeco.ingest.hj212.monitor import quarantine_list

    rows = [QuarantinePublic(**r) for r in quarantine_list(session, status=status, limit=limit)]
    return ListOf[QuarantinePublic](data=rows, count=len(rows))


@router.post(
    "/quarantine/{quarantine_id}/resolve", status_code=204, summary="Close a quarantine entry (audited)"
)
def resolve(
    quarantine_id: int, body: QuarantineResolve, user: BureauUser, session: WriteSessionDep, request: Request
) -> None:
    from ljeco.ingest.hj212.monitor import resolve_quarantine

    resolve_quarantine(
        session, quarantine_id=quarantine_id, action=body.action,
        actor=audit.Actor.of(user, client_address(request)),
    )  # fmt: skip


@router.post("/parse", summary="Check one frame (same verdict as `ljeco hj212 parse`)")
def parse_frame(body: FrameIn, user: CurrentUser) -> dict[str, Any]:
    from ljeco.ingest.hj212.report import frame_report

    raw = body.frame.encode("utf-8").rstrip(b"\r\n")
    return frame_report(raw, body.crc, body.length_tolerance)


__all__ = ["router"]
