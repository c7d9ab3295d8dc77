"""JSON behind the monitoring pages: dashboard, map layers, object details, series for charts, explorer and export.

Everything is scoped by the caller's role (:func:`ljeco.modules.monitoring.catalog.visible_to`).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.modules.monitoring import geo, objects, queries, service
from ljeco.web.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/api/v1/monitoring", tags=["monitoring"])

#: Exports larger than this run as the store's background export job (with progress) instead of a direct download.
EXPORT_MAX_ROWS = 100_000


@router.get("/dashboard", summary="Dashboard figures: station AQI now, good days, PM2.5, water, data arrival")
def dashboard(session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return service.dashboard(session, user=user)


@router.get("/map/layers", summary="The map's layers (id, label, geometry kind, default visibility, colour)")
def map_layers(user: CurrentUser) -> dict[str, Any]:
    data = [
        {"id": x.id, "label": x.label, "geometry": x.geometry, "group": x.group, "default_on": x.default_on,
         "colour": x.colour}
        for x in geo.LAYERS
    ]  # fmt: skip
    return {"data": data, "count": len(data)}


@router.get(
    "/map/layers/{layer_id}",
    summary="One map layer as a GeoJSON FeatureCollection (WGS-84)",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def map_layer(layer_id: str, session: SessionDep, user: CurrentUser) -> Response:
    if layer_id not in geo.LAYER_BY_ID:
        raise NotFoundError(f"没有图层 {layer_id}", code="monitoring.unknown_layer")
    # The site layers show the newest hour: rebuilt at most once a minute per layer and scope, and kept serialised
    # (walking a large GeoJSON through FastAPI's encoder costs more than building it).
    key = f"layer|{session.get_bind().engine.url}|{layer_id}|{service.scope_key(user)}"
    body = service.cached(
        key,
        lambda: json.dumps(
            geo.layer(session, layer_id, user=user, now=utcnow()), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8"),
    )
    return Response(body, media_type="application/geo+json")


@router.get("/search", summary="Places by name or code: sites, enterprises, admin units")
def search(
    session: SessionDep, user: CurrentUser, q: Annotated[str, Query(max_length=50)] = ""
) -> dict[str, Any]:
    data = geo.search(session, q, user=user)
    return {"data": data, "count": len(data)}


@router.get("/sites/{code}", summary="A site with its newest values, parameters and (water) class")
def site(code: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    info = objects.require_site(session, code, user)
    return objects.site_detail(session, info, now=utcnow())


def _parse_day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ValidationError(f"日期格式应为 YYYY-MM-DD：{text}", code="monitoring.bad_date") from exc


def _check_interval(interval: str) -> str:
    if interval not in queries.INTERVALS:
        raise ValidationError(
            f"interval 应为 {', '.join(queries.INTERVALS)} 之一", code="monitoring.bad_interval"
        )
    return interval


@router.get("/sites/{code}/series", summary="One parameter's values over a range, decimated keeping peaks")
def site_series(
    code: str,
    session: SessionDep,
    user: CurrentUser,
    parameter: str,
    interval: str = "hour",
    from_: Annotated[str | None, Query(alias="from", description="First local day, YYYY-MM-DD")] = None,
    to: Annotated[str | None, Query(description="Last local day (inclusive), YYYY-MM-DD")] = None,
    max_points: Annotated[int, Query(ge=10, le=20000)] = 2000,
) -> dict[str, Any]:
    info = objects.require_site(session, code, user)
    ref = objects.ref_for(session, info, parameter)
    today = utcnow().astimezone(CST).date()
    day_to = _parse_day(to, today)
    day_from = _parse_day(from_, day_to - timedelta(days=6))
    if day_from > day_to:
        raise ValidationError("起始日期晚于结束日期", code="monitoring.bad_range")
    lo, hi = objects.local_day_range(day_from, day_to)
    _check_interval(interval)
    # A series coarser than hourly (4-hourly water, monthly samples) has no hourly level: its values as stored.
    effective = "raw" if interval == "hour" and ref.interval_s > 3600 else interval
    # The observation store answers the query (its scoping, rollups and peak-keeping decimation).
    from ljeco.observations.quality import STAT_FLAGS
    from ljeco.observations.queries import series_values

    result = series_values(session, user=user, series_id=ref.series_id, t_from=lo, t_to=hi,
                           interval=effective, max_points=max_points)  # type: ignore[arg-type]  # fmt: skip
    data = []
    for p in result.data:
        valid = p.valid if p.valid is not None else (
            p.value is not None and p.flag in STAT_FLAGS and p.review != "invalidated"
        )  # fmt: skip
        cov = None if effective in ("raw", "hour") or p.coverage is None else round(100 * p.coverage)
        data.append([int(p.period_from.timestamp()) * 1000, p.value, bool(valid), p.flag or "", cov])
    step = ref.interval_s if effective in ("raw", "hour") else None
    return {
        "site": info.code, "site_name": info.name, "parameter": ref.parameter, "name": ref.name_zh,
        "unit": result.unit, "decimals": ref.decimals, "interval": effective, "interval_s": step,
        "from": day_from.isoformat(), "to": day_to.isoformat(), "count": result.total, "returned": len(data),
        "decimated": result.decimated, "rule": result.rule_id, "rule_source": result.rule_source,
        # [period start ms, value, valid, flag, coverage %]
        "data": data,
    }  # fmt: skip


@router.get("/sites/{code}/calendar", summary="Daily AQI of an air station for a year (calendar heat map)")
def site_calendar(
    code: str, session: SessionDep, user: CurrentUser, year: int | None = None
) -> dict[str, Any]:
    info = objects.require_site(session, code, user)
    today = utcnow().astimezone(CST).date()
    return objects.cached_calendar(session, info, year or today.year, today)


@router.get(
    "/sites/{code}/assessment", summary="HJ 663 assessment of an air station, year to date, both editions"
)
def site_assessment(
    code: str, session: SessionDep, user: CurrentUser, year: int | None = None
) -> dict[str, Any]:
    info = objects.require_site(session, code, user)
    today = utcnow().astimezone(CST).date()
    key = f"assessment|{session.get_bind().engine.url}|{info.code}|{year}|{today}"
    return dict(service.cached(key, lambda: objects.air_assessment(session, info, year or today.year, today)))


@router.get("/sites/{code}/monthly", summary="Monthly means of each parameter with validity (last 12 months)")
def site_monthly(code: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    info = objects.require_site(session, code, user)
    return objects.monthly_table(session, info, utcnow())


@router.get(
    "/enterprises/{uscc}", summary="一企一档: an enterprise, its outlets, devices, newest values, exceedances"
)
def enterprise(uscc: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return objects.enterprise_detail(session, uscc, user=user, now=utcnow())


@router.get("/units/{code}", summary="An admin unit: what lies in it and its indicators")
def unit(code: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    return objects.unit_detail(session, code, user=user, now=utcnow())


def _selection(
    session: Any, user: Any, sites: str, parameters: str, interval: str, from_: str | None, to: str | None
) -> tuple[list[tuple[Any, queries.SeriesRef]], datetime, datetime]:
    """The (site, series) pairs of an explorer query and its UTC bounds."""
    today = utcnow().astimezone(CST).date()
    day_to = _parse_day(to, today)
    day_from = _parse_day(from_, day_to - timedelta(days=6))
    if day_from > day_to:
        raise ValidationError("起始日期晚于结束日期", code="monitoring.bad_range")
    lo, hi = objects.local_day_range(day_from, day_to)
    _check_interval(interval)
    codes = [c.strip() for c in sites.split(",") if c.strip()]
    params = [p.strip() for p in parameters.split(",") if p.strip()]
    if not codes or not params:
        raise ValidationError("请至少选择一个点位和一个监测项目", code="monitoring.empty_query")
    pairs = []
    for code in codes:
        info = objects.require_site(session, code, user)
        for p in params:
            try:
                pairs.append((info, objects.ref_for(session, info, p)))
            except NotFoundError:
                continue
    return pairs, lo, hi


def explore_rows(
    session: Any,
    user: Any,
    sites: str,
    parameters: str,
    interval: str,
    from_: str | None,
    to: str | None,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    pairs, lo, hi = _selection(session, user, sites, parameters, interval, from_, to)
    rows: list[dict[str, Any]] = []
    total = 0
    for info, ref in pairs:
        pts = queries.series_points(session, ref, interval=interval, t_from=lo, t_to=hi)
        total += len(pts)
        for pt in pts[: max(0, limit - len(rows))]:
            rows.append({
                "time": datetime.fromtimestamp(pt.t, CST).strftime("%Y-%m-%d %H:%M"),
                "site": info.code, "site_name": info.name, "parameter": ref.parameter, "name": ref.name_zh,
                "value": queries.shown(pt.value, ref.decimals), "unit": ref.unit,
                "flag": pt.flag, "valid": pt.valid,
                "coverage": None if pt.coverage is None else round(100 * pt.coverage),
            })  # fmt: skip
    return rows, total


@router.get("/explore", summary="Explorer query: sites × parameters × interval × range, as rows")
def explore(
    session: SessionDep,
    user: CurrentUser,
    sites: str,
    parameters: str,
    interval: str = "hour",
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 2000,
) -> dict[str, Any]:
    rows, total = explore_rows(session, user, sites, parameters, interval, from_, to, limit)
    return {"data": rows, "count": total, "returned": len(rows)}


_HEADERS = [
    "时间(开始,北京时间)",
    "点位编码",
    "点位名称",
    "项目编码",
    "项目",
    "数值",
    "单位",
    "数据标记",
    "有效",
    "覆盖率%",
]
_KEYS = ["time", "site", "site_name", "parameter", "name", "value", "unit", "flag", "valid", "coverage"]


@router.get("/export", summary="Export an explorer query as CSV (UTF-8 with BOM, opens in Excel) or XLSX")
def export(
    session: SessionDep,
    user: CurrentUser,
    sites: str,
    parameters: str,
    interval: str = "hour",
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    format: str = "csv",
) -> Response:
    if format not in ("csv", "xlsx"):
        raise ValidationError("format 应为 csv 或 xlsx", code="monitoring.bad_format")
    rows, total = explore_rows(session, user, sites, parameters, interval, from_, to, EXPORT_MAX_ROWS)
    if total > EXPORT_MAX_ROWS:
        return _background_export(session, user, sites, parameters, interval, from_, to, format, total)
    stamp = utcnow().astimezone(CST).strftime("%Y%m%d%H%M")
    if format == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("数据")
        ws.append(_HEADERS)
        for r in rows:
            ws.append([("是" if r[k] else "否") if k == "valid" else r[k] for k in _KEYS])
        buf = io.BytesIO()
        wb.save(buf)
        return Response(
            buf.getvalue(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="ljeco-{stamp}.xlsx"'},
        )
    text = io.StringIO()
    w = csv.writer(text)
    w.writerow(_HEADERS)
    for r in rows:
        w.writerow(
            [("是" if r[k] else "否") if k == "valid" else ("" if r[k] is None else r[k]) for k in _KEYS]
        )
    return Response(
        ("\ufeff" + text.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ljeco-{stamp}.csv"'},
    )


def _background_export(
    session: Any,
    user: Any,
    sites: str,
    parameters: str,
    interval: str,
    from_: str | None,
    to: str | None,
    format: str,
    total: int,
) -> Response:
    """More than :data:`EXPORT_MAX_ROWS` rows: the store's background export job (202 with the job; the page polls
    ``/api/v1/exports/{id}`` for progress and then downloads the file)."""
    from fastapi.responses import JSONResponse

    from ljeco.core.db import write_session
    from ljeco.observations import exports as store_exports

    pairs, lo, hi = _selection(session, user, sites, parameters, interval, from_, to)
    query = store_exports.ExportQuery(
        series_ids=[ref.series_id for _, ref in pairs],
        time_from=lo,
        time_to=hi,
        interval=interval,
        format=format,
    )
    with write_session() as ws:
        job = store_exports.start_job(ws, user=user, query=query, total=total)
        job_id = job.id
        body = store_exports.job_out(job).model_dump(mode="json")
    store_exports.run_in_thread(job_id)
    return JSONResponse(body, status_code=202)
