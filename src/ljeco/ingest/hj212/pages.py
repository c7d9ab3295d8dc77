"""Operator pages of the HJ 212 gateway: devices with online state and arrival, and the quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ljeco.core import audit
from ljeco.core.errors import LjecoError
from ljeco.web import nav
from ljeco.web.deps import AdminUser, BureauUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.forms import CsrfChecked
from ljeco.web.templating import add_template_dir, render

router = APIRouter(include_in_schema=False)
add_template_dir(Path(__file__).resolve().parent / "templates")
nav.register("sources", "在线监控设备", "/devices", roles={"bureau"})
nav.register("sources", "数据隔离区", "/devices/quarantine", roles={"bureau"})

#: A device is online when its last accepted frame is this recent [s] (an hourly device reports within the hour).
ONLINE_AFTER_S = 3900

REASONS = {
    "unknown_device": "未登记设备",
    "inactive_device": "设备已停用",
    "bad_password": "密码错误",
}


def _devices_page(request: Request, session: SessionDep, **extra: object) -> Response:
    from ljeco.ingest.hj212.monitor import device_status

    devices = device_status(session, online_after=ONLINE_AFTER_S)
    online = sum(1 for d in devices if d["online"])
    context = {"devices": devices, "online": online, "online_after_min": ONLINE_AFTER_S // 60, **extra}
    return render(request, "hj212_devices.html", context, status_code=int(str(extra.get("status", 200))))


@router.get("/devices", response_class=HTMLResponse)
def devices_page(request: Request, user: BureauUser, session: SessionDep) -> Response:
    return _devices_page(request, session)


@router.post("/devices", response_class=HTMLResponse)
def register_device(
    request: Request,
    user: AdminUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    mn: Annotated[str, Form()],
    password: Annotated[str, Form()],
    site_code: Annotated[str, Form()] = "",
    crc: Annotated[str, Form()] = "hj212",
    length_tolerance: Annotated[int, Form()] = 0,
) -> Response:
    from ljeco.ingest.hj212.registry import register_device as register

    try:
        register(
            session, actor=audit.Actor.of(user, client_address(request)), mn=mn.strip(), password=password,
            site_code=site_code.strip() or None, crc=crc, length_tolerance=length_tolerance,
        )  # fmt: skip
    except LjecoError as exc:
        session.rollback()
        return _devices_page(
            request,
            session,
            error=exc.message,
            form={"mn": mn, "site_code": site_code},
            status=exc.http_status,
        )
    return RedirectResponse(f"/devices?registered={mn.strip()}", status_code=303)


@router.get("/devices/quarantine", response_class=HTMLResponse)
def quarantine_page(
    request: Request, user: BureauUser, session: SessionDep, status: str = "open"
) -> Response:
    from ljeco.ingest.hj212.monitor import quarantine_list

    status = status if status in {"open", "registered", "discarded"} else "open"
    rows = quarantine_list(session, status=status, limit=200)
    return render(request, "hj212_quarantine.html", {"rows": rows, "status": status, "reasons": REASONS})


@router.post("/devices/quarantine/{quarantine_id}", response_class=HTMLResponse)
def resolve(
    request: Request,
    quarantine_id: int,
    user: BureauUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    action: Annotated[str, Form()],
) -> Response:
    from ljeco.ingest.hj212.monitor import resolve_quarantine

    resolve_quarantine(
        session,
        quarantine_id=quarantine_id,
        action=action,
        actor=audit.Actor.of(user, client_address(request)),
    )
    return RedirectResponse("/devices/quarantine", status_code=303)
