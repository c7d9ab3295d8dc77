"""Typed view of a region pack (pydantic models returned by :func:`ljeco.regions.load_region`).

Coordinates are WGS-84 longitude/latitude [°]. ``approximate`` marks anything drawn or placed for the demo; the UI
shows it. Geometry stays GeoJSON (``dict``) so it crosses module and API boundaries as data; :meth:`shape` gives a
shapely object when a computation needs one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SiteKind = Literal[
    "air_national", "air_micro", "water_section", "water_intake", "noise", "groundwater", "soil"
]
WaterClass = Literal["I", "II", "III", "IV", "V"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Frame(_Frozen):
    """A dated administrative frame (the plan's 直管区, the 2025 district …)."""

    id: str
    name: str
    valid_from: date
    valid_to: date | None
    complete: bool
    source: str | None = None
    note: str | None = None

    def covers(self, day: date) -> bool:
        """True when ``day`` falls inside the frame's validity (both ends inclusive)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class _Feature(_Frozen):
    code: str
    name: str
    approximate: bool = False
    source: str | None = None
    note: str | None = None
    geometry: dict[str, Any] | None = None

    def shape(self) -> Any:
        """The geometry as a shapely object (``None`` when the feature has none)."""
        if self.geometry is None:
            return None
        from shapely.geometry import shape

        return shape(self.geometry)


class AdminUnit(_Feature):
    level: Literal["district", "management_area", "street", "town", "new_town", "functional_area"]
    frame: str
    parent: str | None
    valid_from: date
    valid_to: date | None
    official_code: str | None = None
    same_as: str | None = None
    centroid: tuple[float, float] | None = None


class WaterBody(_Feature):
    kind: Literal["river", "stream", "lake", "reservoir"]
    parent: str | None = None
    function_class: WaterClass
    function_class_verified: bool = False


class Zone(_Feature):
    kind: Literal["water_source_protection", "eco_redline", "forest_park", "wetland_park", "airport", "port"]
    level: int | None = None
    intake: str | None = None
    icao: str | None = None


class Site(_Frozen):
    """A monitoring site; kind-specific attributes are ``None`` for other kinds."""

    code: str
    kind: SiteKind
    name: str
    lon: float
    lat: float
    admin_units: dict[str, str | None]
    admin_units_note: str | None = None
    approximate: bool = False
    source: str | None = None
    note: str | None = None
    confidence: Literal["high", "medium", "low", "very_low"] | None = None
    uncertainty_m: float | None = None
    cnemc_code: str | None = None
    role: Literal["in_area", "neighbour", "control"] | None = None
    urban_assessment: bool | None = None
    grid_cell: str | None = None
    control_level: Literal["national", "municipal", "district"] | None = None
    water_body: str | None = None
    target_class: WaterClass | None = None
    target_class_verified: bool | None = None
    target_class_source: str | None = None
    automatic: bool | None = None
    mn: str | None = None
    protection_zone: str | None = None
    zone_class: Literal["0", "1", "2", "3", "4a", "4b"] | None = None
    land_use: Literal["industrial", "residential", "agricultural", "park", "commercial"] | None = None
    depth_m: float | None = None

    def admin_unit(self, frame: str) -> str | None:
        """The unit code the site lies in under ``frame`` (``None`` outside the frame's units)."""
        return self.admin_units.get(frame)


class Pollutant(_Frozen):
    parameter: str
    hj212_code: str
    unit: str
    limit: float | None
    limit_low: float | None = None
    limit_source: str
    limit_verified: bool = False


class Outlet(_Frozen):
    code: str
    medium: Literal["air", "water"]
    name: str
    monitored: bool
    mn: str | None = None
    pollutants: tuple[Pollutant, ...]


class Enterprise(_Frozen):
    code: str
    name: str
    uscc: str
    industry_code: str = Field(description="GB/T 4754-2017 class (4 digits)")
    industry_name: str
    profile: str | None = None
    area: str
    lon: float
    lat: float
    admin_units: dict[str, str | None]
    key_units: tuple[Literal["water", "air", "soil", "noise", "risk"], ...]
    outlets: tuple[Outlet, ...]
    approximate: bool = False
    source: str | None = None

    @property
    def is_key_unit(self) -> bool:
        """On at least one 重点排污单位 list."""
        return bool(self.key_units)


class Region(_Frozen):
    """A loaded, validated region pack."""

    name: str
    name_zh: str
    crs: str
    timezone: str = "Asia/Shanghai"
    center: tuple[float, float]
    default_frame: str
    frames: tuple[Frame, ...]
    units: tuple[AdminUnit, ...]
    sites: tuple[Site, ...]
    water_bodies: tuple[WaterBody, ...]
    zones: tuple[Zone, ...]
    enterprises: tuple[Enterprise, ...]
    note: str | None = None

    def frame(self, frame_id: str) -> Frame:
        return next(f for f in self.frames if f.id == frame_id)

    def frame_at(self, day: date) -> Frame | None:
        """The frame in force on ``day`` (the latest one starting on or before it)."""
        covering = [f for f in self.frames if f.covers(day)]
        return max(covering, key=lambda f: f.valid_from) if covering else None

    def units_in(self, frame_id: str) -> list[AdminUnit]:
        return [u for u in self.units if u.frame == frame_id]

    def unit(self, code: str) -> AdminUnit:
        return next(u for u in self.units if u.code == code)

    def site(self, code: str) -> Site:
        return next(s for s in self.sites if s.code == code)

    def sites_of(self, *kinds: SiteKind) -> list[Site]:
        return [s for s in self.sites if s.kind in kinds]

    def enterprise(self, code: str) -> Enterprise:
        return next(e for e in self.enterprises if e.code == code)

    def monitored_outlets(self) -> list[tuple[Enterprise, Outlet]]:
        """Every (enterprise, outlet) pair with an online monitoring device (an MN)."""
        return [(e, o) for e in self.enterprises for o in e.outlets if o.monitored]


__all__ = [
    "AdminUnit",
    "Enterprise",
    "Frame",
    "Outlet",
    "Pollutant",
    "Region",
    "Site",
    "SiteKind",
    "WaterBody",
    "WaterClass",
    "Zone",
]
