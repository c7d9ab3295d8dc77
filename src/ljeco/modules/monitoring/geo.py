"""The one map's layers as GeoJSON: the region pack's own vector layers and the monitoring sites with their state.

Base tiles are optional (``LJECO_TILE_URL``); these layers alone draw the district. Every feature of the pack
carries ``approximate`` (the UI marks it "示意位置") and its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from ljeco.modules.monitoring import queries
from ljeco.modules.monitoring.catalog import SiteInfo, all_sites, enterprise_visible_to, region, visible_to
from ljeco.modules.monitoring.service import station_now, water_sections
from ljeco.observations.models import SiteKind


@dataclass(frozen=True, slots=True)
class Layer:
    id: str
    label: str
    geometry: str  # point, line, polygon
    group: str  # monitoring, sources, base
    default_on: bool
    colour: str


LAYERS: tuple[Layer, ...] = (
    Layer("air", "空气自动站", "point", "monitoring", True, "#0b6e4f"),
    Layer("micro", "空气微型站", "point", "monitoring", False, "#5b8def"),
    Layer("water", "地表水断面", "point", "monitoring", True, "#1f78b4"),
    Layer("noise", "声环境监测点", "point", "monitoring", False, "#8e44ad"),
    Layer("enterprises", "企业与排放口", "point", "sources", True, "#b54708"),
    Layer("rivers", "河流水体", "line", "base", True, "#3a8fd9"),
    Layer("units", "行政区划", "polygon", "base", True, "#5b6673"),
    Layer("protection", "饮用水水源保护区", "polygon", "base", True, "#0891b2"),
    Layer("redlines", "生态保护红线", "polygon", "base", True, "#c2410c"),
    Layer("parks", "森林湿地公园", "polygon", "base", False, "#15803d"),
    Layer("hubs", "机场港口", "polygon", "base", False, "#6b7280"),
)
LAYER_BY_ID = {layer.id: layer for layer in LAYERS}

#: Display colours of water classes (a platform choice; GB 3838-2002 assigns none).
CLASS_COLOURS = {
    "I": "#1d4ed8",
    "II": "#0ea5e9",
    "III": "#16a34a",
    "IV": "#eab308",
    "V": "#f97316",
    "劣V": "#dc2626",
}
NOISE_ZONE_LABELS = {"0": "0类", "1": "1类", "2": "2类", "3": "3类", "4a": "4a类", "4b": "4b类"}

_ZONE_KINDS = {
    "protection": ("water_source_protection",),
    "redlines": ("eco_redline",),
    "parks": ("forest_park", "wetland_park"),
    "hubs": ("airport", "port"),
}


def _fc(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: dict[str, Any] | None, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": props}


@lru_cache(maxsize=8)
def base_layer(layer_id: str) -> dict[str, Any]:
    """A static layer from the region pack (computed once per process)."""
    reg = region()
    feats: list[dict[str, Any]] = []
    if layer_id == "units":
        for u in reg.units_in(reg.default_frame):
            if u.geometry:
                feats.append(_feature(u.geometry, {"code": u.code, "name": u.name, "level": u.level,
                                                   "approximate": u.approximate, "url": f"/units/{u.code}"}))  # fmt: skip
    elif layer_id == "rivers":
        for w in reg.water_bodies:
            if w.geometry:
                feats.append(_feature(w.geometry, {"code": w.code, "name": w.name, "kind": w.kind,
                                                   "function_class": w.function_class,
                                                   "approximate": w.approximate}))  # fmt: skip
    elif layer_id in _ZONE_KINDS:
        for z in reg.zones:
            if z.kind in _ZONE_KINDS[layer_id] and z.geometry:
                feats.append(_feature(z.geometry, {"code": z.code, "name": z.name, "kind": z.kind,
                                                   "level": z.level, "approximate": z.approximate}))  # fmt: skip
    return _fc(feats)


def _point(site: SiteInfo, props: dict[str, Any]) -> dict[str, Any] | None:
    if site.lon is None or site.lat is None:
        return None
    base = {"code": site.code, "name": site.name, "kind": site.kind, "kind_label": site.kind_label,
            "approximate": site.approximate, "url": f"/sites/{site.code}"}  # fmt: skip
    return _feature({"type": "Point", "coordinates": [site.lon, site.lat]}, base | props)


def site_layer(session: Session, layer_id: str, *, user: Any, now: datetime) -> dict[str, Any]:
    kind = {"air": SiteKind.air_station, "micro": SiteKind.micro_station, "water": SiteKind.water_section,
            "noise": SiteKind.noise_station}[layer_id]  # fmt: skip
    sites = [s for s in all_sites(session) if s.kind == kind and visible_to(user, s)]
    ids = [s.db_id for s in sites if s.db_id is not None]
    refs = queries.series_of_sites(session, ids)
    latest = queries.latest_values(session, list(queries.preferred(refs).values()))
    water = {w["code"]: w for w in water_sections(session, sites, now)} if layer_id == "water" else {}
    feats = []
    for s in sites:
        st = station_now(session, s, now, refs, latest)
        props: dict[str, Any] = {
            "status": st.status, "status_text": st.status_text, "time": st.time,
            "values": [{"parameter": p, **v} for p, v in st.values.items()],
            "colour": st.colour if st.status == "ok" else "#9AA4AE",
        }  # fmt: skip
        if layer_id in ("air", "micro"):
            props |= {"aqi": st.aqi, "level": st.level, "category": st.category, "primary": st.primary}
            if st.status != "ok":
                props["category"] = st.status_text
        elif layer_id == "water":
            w = water.get(s.code, {})
            cls = w.get("class")
            props |= {"target": s.water_target_class, "class": cls, "met": w.get("met"), "period": w.get("period"),
                      "limiting": w.get("limiting", []),
                      "colour": CLASS_COLOURS.get(cls or "", "#9AA4AE")}  # fmt: skip
        elif layer_id == "noise":
            props["zone_class"] = NOISE_ZONE_LABELS.get(s.noise_zone_class or "", s.noise_zone_class)
            props["colour"] = "#8e44ad" if st.status == "ok" else "#9AA4AE"
        f = _point(s, props)
        if f is not None:
            feats.append(f)
    return _fc(feats)


def enterprise_layer(session: Session, *, user: Any, now: datetime) -> dict[str, Any]:
    """Enterprises of the pack with their outlets' state (online outlets from the store's outlet sites)."""
    outlets = [s for s in all_sites(session) if s.kind == SiteKind.outlet and s.db_id is not None]
    refs = queries.series_of_sites(session, [s.db_id for s in outlets if s.db_id is not None])
    latest = queries.latest_values(session, list(queries.preferred(refs).values()))
    newest: dict[int, datetime] = {}
    for v in latest.values():
        if v.ref.site_id not in newest or v.end > newest[v.ref.site_id]:
            newest[v.ref.site_id] = v.end
    with_series = {r.site_id for r in refs}
    by_uscc: dict[str, list[SiteInfo]] = {}
    for o in outlets:
        # An outlet counts as connected once it has a series (the register may list outlets with no device data).
        if o.enterprise_uscc and o.db_id in with_series:
            by_uscc.setdefault(o.enterprise_uscc, []).append(o)
    feats = []
    for e in region().enterprises:
        if not enterprise_visible_to(user, e.uscc):
            continue
        connected = by_uscc.get(e.uscc, [])
        online = sum(
            1 for o in connected if o.db_id in newest and (now - newest[o.db_id]).total_seconds() <= 3 * 3600
        )
        monitored = sum(1 for o in e.outlets if o.monitored)
        if not connected:
            status, colour = "未接入在线监控数据", "#9AA4AE"
        elif online == len(connected):
            status, colour = f"排放口在线 {online}/{len(connected)}", "#067647"
        else:
            status, colour = f"排放口离线 {len(connected) - online}/{len(connected)}", "#b42318"
        feats.append(_feature(
            {"type": "Point", "coordinates": [e.lon, e.lat]},
            {"code": e.code, "name": e.name, "kind": "enterprise", "kind_label": "企业", "industry": e.industry_name,
             "key_unit": e.is_key_unit, "outlets": len(e.outlets), "monitored": monitored, "status": "ok",
             "status_text": status, "colour": colour, "approximate": e.approximate, "url": f"/enterprises/{e.uscc}",
             "values": []},
        ))  # fmt: skip
    return _fc(feats)


def layer(session: Session, layer_id: str, *, user: Any, now: datetime) -> dict[str, Any]:
    if layer_id in ("air", "micro", "water", "noise"):
        return site_layer(session, layer_id, user=user, now=now)
    if layer_id == "enterprises":
        return enterprise_layer(session, user=user, now=now)
    return base_layer(layer_id)


def search(session: Session, q: str, *, user: Any, limit: int = 20) -> list[dict[str, Any]]:
    """Places whose name or code contains ``q``: sites, enterprises, admin units."""
    q = q.strip().lower()
    if not q:
        return []
    out: list[dict[str, Any]] = []
    for s in all_sites(session):
        if (q in s.name.lower() or q in s.code.lower()) and visible_to(user, s) and s.lon is not None:
            out.append({"label": s.name, "detail": f"{s.kind_label} {s.code}", "lon": s.lon, "lat": s.lat,
                        "url": f"/sites/{s.code}", "code": s.code})  # fmt: skip
    for e in region().enterprises:
        if q in e.name.lower() and enterprise_visible_to(user, e.uscc):
            out.append({"label": e.name, "detail": f"企业 {e.industry_name}", "lon": e.lon, "lat": e.lat,
                        "url": f"/enterprises/{e.uscc}", "code": e.code})  # fmt: skip
    reg = region()
    for u in reg.units_in(reg.default_frame):
        if q in u.name.lower():
            centre = u.centroid
            if centre is None and u.geometry:
                from shapely.geometry import shape

                c = shape(u.geometry).representative_point()
                centre = (c.x, c.y)
            if centre is not None:
                out.append({"label": u.name, "detail": "行政区划", "lon": centre[0], "lat": centre[1],
                            "url": f"/units/{u.code}", "code": u.code})  # fmt: skip
    return out[:limit]


__all__ = ["CLASS_COLOURS", "LAYERS", "LAYER_BY_ID", "Layer", "base_layer", "layer", "search", "site_layer"]
