"""What the pages show: the store's sites merged with the region pack's places, and who may see which.

The observation store (:mod:`ljeco.observations`) knows the sites that have data; the region pack
(:mod:`ljeco.regions`) knows every place of the district, its boundaries, rivers, zones and enterprises. A site
the pack knows but the store does not yet hold still appears (on the map, with "暂无数据"), so a fresh installation
shows its district before any data arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.observations.models import SITE_KIND_LABELS, Site, SiteKind
from ljeco.regions import Region, load_region

#: The region pack the platform serves (one district per installation).
REGION_NAME = "liangjiang"

#: Region-pack site kinds → store site kinds.
PACK_KIND: dict[str, str] = {
    "air_national": SiteKind.air_station,
    "air_micro": SiteKind.micro_station,
    "water_section": SiteKind.water_section,
    "water_intake": SiteKind.water_section,
    "noise": SiteKind.noise_station,
    "groundwater": SiteKind.groundwater_well,
    "soil": SiteKind.soil_point,
}


@lru_cache(maxsize=1)
def region() -> Region:
    """The region pack, loaded and validated once per process (loading takes about 1 s)."""
    return load_region(REGION_NAME)


@dataclass(slots=True)
class SiteInfo:
    """A site as the pages show it: store row (if any) and pack entry (if any) merged."""

    code: str
    name: str
    kind: str
    lon: float | None
    lat: float | None
    db_id: int | None = None
    admin_unit_code: str | None = None
    disclosed: bool = False
    enterprise_uscc: str | None = None
    water_target_class: str | None = None
    noise_zone_class: str | None = None
    approximate: bool = False
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        try:
            return SITE_KIND_LABELS[SiteKind(self.kind)]
        except ValueError:
            return self.kind


def _from_pack(code: str) -> SiteInfo | None:
    try:
        s = region().site(code)
    except StopIteration:
        return None
    frame = region().default_frame
    return SiteInfo(
        code=s.code,
        name=s.name,
        kind=PACK_KIND.get(s.kind, s.kind),
        lon=s.lon,
        lat=s.lat,
        admin_unit_code=s.admin_units.get(frame),
        disclosed=s.kind in {"air_national", "water_section"},
        water_target_class=s.target_class,
        noise_zone_class=s.zone_class,
        approximate=s.approximate,
        source=s.source,
        extra={
            "pack_kind": s.kind,
            "water_body": s.water_body,
            "control_level": s.control_level,
            "role": s.role,
            "target_class_verified": s.target_class_verified,
        },
    )


def _merge(row: Site, pack: SiteInfo | None) -> SiteInfo:
    info = pack or SiteInfo(code=row.code, name=row.name, kind=row.kind, lon=row.lon, lat=row.lat)
    info.db_id = row.id
    info.name = row.name
    info.kind = row.kind
    info.lon = row.lon if row.lon is not None else info.lon
    info.lat = row.lat if row.lat is not None else info.lat
    info.admin_unit_code = row.admin_unit_code or info.admin_unit_code
    info.disclosed = bool(row.disclosed)
    info.enterprise_uscc = row.enterprise_uscc
    info.water_target_class = row.water_target_class or info.water_target_class
    info.noise_zone_class = row.noise_zone_class or info.noise_zone_class
    return info


def all_sites(session: Session) -> list[SiteInfo]:
    """Every site: the store's (active ones) and the pack's that the store does not hold yet."""
    rows = list(session.scalars(select(Site).where(Site.active.is_(True))))
    seen = {r.code for r in rows}
    out = [_merge(r, _from_pack(r.code)) for r in rows]
    for s in region().sites:
        if s.code not in seen:
            info = _from_pack(s.code)
            if info is not None:
                out.append(info)
    return out


def site_info(session: Session, code: str) -> SiteInfo | None:
    row = session.scalar(select(Site).where(Site.code == code))
    pack = _from_pack(code)
    if row is not None:
        return _merge(row, pack)
    return pack


def visible_to(user: User | None, site: SiteInfo) -> bool:
    """Role scoping (DESIGN.md, Security): district-wide roles see all; an enterprise its own outlets and the
    public monitoring network; the public only disclosed sites; unit-scoped roles the public network and what lies
    in their unit."""
    if user is None:
        return site.disclosed
    if user.district_wide:
        return True
    if user.role == "public":
        return site.disclosed
    if site.kind == SiteKind.outlet:
        if user.role == "enterprise":
            return site.enterprise_uscc is not None and site.enterprise_uscc == user.scope_enterprise
        return user.scope_unit is None or site.admin_unit_code == user.scope_unit
    return True


def enterprise_visible_to(user: User | None, uscc: str) -> bool:
    if user is None or user.role == "public":
        return False
    if user.role == "enterprise":
        return user.scope_enterprise == uscc
    return True


__all__ = [
    "PACK_KIND",
    "REGION_NAME",
    "SiteInfo",
    "all_sites",
    "enterprise_visible_to",
    "region",
    "site_info",
    "visible_to",
]
