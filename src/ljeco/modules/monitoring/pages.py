"""Pages: the dashboard (驾驶舱, ``/``), the one map (``/map``), object pages and the data explorer.

Pages are rendered on the server with their figures; charts and the map draw in the browser from ``data-*``
attributes and the JSON API (the Content-Security-Policy allows no inline script).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ljeco.core.config import get_settings
from ljeco.core.timeutil import CST, utcnow
from ljeco.modules.monitoring import geo, objects, queries, service
from ljeco.modules.monitoring.catalog import all_sites, region, visible_to
from ljeco.observations.models import SiteKind
from ljeco.web import nav
from ljeco.web.app import on_startup
from ljeco.web.deps import CurrentUser, OptionalUser, SessionDep
from ljeco.web.templating import add_template_dir, render

router = APIRouter(include_in_schema=False)
add_template_dir(Path(__file__).resolve().parent / "templates")


@on_startup
def warm_monitoring_caches() -> None:
    """Load the region pack (about 1 s) and the year-to-date air figures while the server starts, not on the first
    request. Best effort (the app factory logs a failure): a database that is not migrated yet stays cold."""
    region()
    from ljeco.core.db import read_session

    with read_session() as session:
        service.warm(session)


nav.register("map", "一张图", "/map")
nav.register("quality", "监测点位", "/sites")
nav.register("quality", "数据查询", "/explore")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    """The dashboard; an anonymous visitor gets the login form."""
    if user is None:
        return render(request, "login.html", {"next": "/"})
    data = service.dashboard(session, user=user)
    return render(request, "home.html", {"page_title": "驾驶舱", "d": data, "trend_json": _json(data["trend"]),
                                         "stations_json": _json([{"name": s["name"], "aqi": s["aqi"],
                                                                  "colour": s["colour"]} for s in data["stations"]])})  # fmt: skip


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, user: CurrentUser) -> Response:
    reg = region()
    return render(request, "monitoring_map.html", {
        "page_title": "一张图", "tile_url": get_settings().tile_url or "",
        "center": _json([reg.center[1], reg.center[0]]), "layers": geo.LAYERS,
        "class_colours": geo.CLASS_COLOURS,
    })  # fmt: skip


@router.get("/sites", response_class=HTMLResponse)
def sites_page(request: Request, session: SessionDep, user: CurrentUser, kind: str | None = None) -> Response:
    """Every site the user may see, by kind, with its state now (``?kind=air_station`` … for one kind)."""
    now = utcnow()
    groups: dict[str, list[service.StationNow]] = {}
    for s in sorted(all_sites(session), key=lambda s: (s.kind, s.code)):
        if kind and s.kind != kind:
            continue
        if visible_to(user, s) and s.kind != SiteKind.outlet:
            groups.setdefault(s.kind_label, []).append(service.station_now(session, s, now))
    return render(request, "monitoring_sites.html", {"page_title": "监测点位", "groups": groups})


@router.get("/sites/{code}", response_class=HTMLResponse)
def site_page(code: str, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    info = objects.require_site(session, code, user)
    now = utcnow()
    detail = objects.site_detail(session, info, now=now)
    monthly = (
        objects.monthly_table(session, info, now) if info.db_id is not None else {"months": [], "rows": []}
    )
    noise = objects.noise_days(session, info, now) if info.kind == SiteKind.noise_station else []
    water = objects.water_class_history(session, info, now) if info.kind == SiteKind.water_section else []
    params = detail["parameters"]
    default = next((p["code"] for p in params if p["code"] == "pm25"), params[0]["code"] if params else "")
    return render(request, "monitoring_site.html", {
        "page_title": info.name, "s": detail, "monthly": monthly, "noise": noise, "water_history": water, "default_param": default,
        "is_air": info.kind in (SiteKind.air_station, SiteKind.micro_station),
        "year": now.astimezone(CST).year,
    })  # fmt: skip


@router.get("/enterprises/{uscc}", response_class=HTMLResponse)
def enterprise_page(uscc: str, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    e = objects.enterprise_detail(session, uscc, user=user, now=utcnow())
    return render(request, "monitoring_enterprise.html", {"page_title": e["name"], "e": e})


@router.get("/units/{code}", response_class=HTMLResponse)
def unit_page(code: str, request: Request, session: SessionDep, user: CurrentUser) -> Response:
    u = objects.unit_detail(session, code, user=user, now=utcnow())
    return render(request, "monitoring_unit.html", {"page_title": u["name"], "u": u})


@router.get("/explore", response_class=HTMLResponse)
def explore_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    sites = [s for s in all_sites(session) if s.db_id is not None and visible_to(user, s)]
    sites.sort(key=lambda s: (s.kind, s.code))
    groups: dict[str, list[dict[str, str]]] = {}
    for s in sites:
        groups.setdefault(s.kind_label, []).append({"code": s.code, "name": s.name})
    params: dict[str, dict[str, str]] = {}
    # One query for every site's series (a page over 300 sites must not run a query per site).
    for ref in queries.series_of_sites(session, [s.db_id for s in sites if s.db_id is not None]):
        params.setdefault(ref.parameter, {"code": ref.parameter, "name": ref.name_zh, "unit": ref.unit})
    today = utcnow().astimezone(CST).date()
    return render(request, "monitoring_explore.html", {
        "page_title": "数据查询", "groups": groups, "params": list(params.values()),
        "today": today.isoformat(), "week_ago": (today - timedelta(days=6)).isoformat(),
    })  # fmt: skip
