"""Deterministic generator of a region's demo enterprise register.

The input is ``<pack>/enterprise_profiles.yaml`` (industry profiles, outlet templates, counts per area); the output
is ``<pack>/enterprises.yaml``, which :func:`ljeco.regions.load_region` validates and loads like any other pack file.
The same seed always gives the same register (a test regenerates it and compares), so the committed file can be
rebuilt after a profile change with ``python -m ljeco.regions.enterprise_gen liangjiang``.

Each enterprise gets a unified social credit code whose two check characters are computed
(:mod:`ljeco.regions.uscc`, GB 32100-2015 / GB 11714-1997), a GB/T 4754-2017 industry class, outlets coded
``DA001…`` (air) and ``DW001…`` (water) as in the discharge-permit convention, and an HJ 212-2017 MN (24 hex
characters) for every monitored outlet. Names are anonymised ("水土某显示面板企业A"): the demo shows alarms.
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ljeco.regions.uscc import USCC_CHARSET, make_uscc

PACKS_DIR = Path(__file__).resolve().parent

_SHORT_SUFFIXES = ("两江新区", "街道", "新城", "片区", "功能区", "保税港区")


def _short_name(name: str) -> str:
    for suffix in _SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _mn(division: str, enterprise_index: int, outlet_index: int) -> str:
    """HJ 212-2017 MN, 24 hex characters laid out as EPC-96 (header 8 bit, manager 28, class 24, serial 36).

    Header ``4C`` is an arbitrary demo value; the manager field carries the division code, the class field the
    enterprise index and the serial field the outlet index, so an MN can be traced back by eye.
    """
    return f"4C{int(division):07d}{enterprise_index:06X}{outlet_index:09X}"


def _random_point(rng: np.random.Generator, geom: Any) -> tuple[float, float]:
    from shapely.geometry import Point

    minx, miny, maxx, maxy = geom.bounds
    for _ in range(1000):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if geom.contains(Point(lon, lat)):
            return round(float(lon), 5), round(float(lat), 5)
    raise RuntimeError("no point found inside the area")  # pragma: no cover - only for degenerate polygons


def _circle(lon: float, lat: float, radius_m: float, n: int = 32) -> list[tuple[float, float]]:
    """Ring of a circle of ``radius_m`` [m] around (lon, lat) [°], local equirectangular approximation."""
    theta = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    dlon = radius_m / (111_320.0 * np.cos(np.radians(lat)))
    dlat = radius_m / 110_540.0
    return [(lon + dlon * np.cos(t), lat + dlat * np.sin(t)) for t in theta]


def _district2025(area: str) -> str:
    if area == "ZGQ-SHUITU":
        return "LJQ-SHUITU"
    street_codes = {"RENHE", "YUANYANG", "TIANGONGDIAN", "CUIYUN", "DAZHULIN", "LIJIA", "JINSHAN", "KANGMEI"}
    tail = area.removeprefix("ZGQ-")
    return f"LJQ-{tail}" if tail in street_codes else "LJQ"


def generate_enterprises(profiles: dict[str, Any], admin_units: dict[str, Any]) -> dict[str, Any]:
    """Build the register from the profile document and the pack's admin-unit FeatureCollection.

    Parameters
    ----------
    profiles : dict
        Parsed ``enterprise_profiles.yaml`` (``seed``, ``divisions``, ``outlet_templates``, ``profiles``,
        ``areas``, ``area_points``).
    admin_units : dict
        Parsed ``admin_units.geojson``; an area without a polygon must be listed in ``area_points``.

    Returns
    -------
    dict
        ``{"seed", "generator", "note", "enterprises": [...]}`` ready to dump as ``enterprises.yaml``.
    """
    from shapely.geometry import Polygon, shape

    seed = int(profiles["seed"])
    rng = np.random.default_rng(seed)
    units = {f["properties"]["code"]: f for f in admin_units["features"]}
    divisions: dict[str, str] = profiles["divisions"]
    templates: dict[str, Any] = profiles["outlet_templates"]
    letters: dict[tuple[str, str], int] = {}
    out: list[dict[str, Any]] = []
    for area, counts in profiles["areas"].items():
        if area in profiles.get("area_points", {}):
            spec = profiles["area_points"][area]
            geom = Polygon(_circle(spec["lon"], spec["lat"], spec["radius_m"]))
            area_name = "唐家沱"
        else:
            geom = shape(units[area]["geometry"])
            area_name = _short_name(units[area]["properties"]["name"])
        division = divisions.get(area, divisions["default"])
        for profile_id, count in counts.items():
            prof = profiles["profiles"][profile_id]
            for _ in range(int(count)):
                index = len(out) + 1
                key = (area_name, prof["label"])
                letters[key] = letters.get(key, 0) + 1
                suffix = string.ascii_uppercase[letters[key] - 1]
                authority, entity_type = prof.get("entity", ["9", "1"])
                body = "MA" + "".join(rng.choice(list(USCC_CHARSET), size=6))
                lon, lat = _random_point(rng, geom)
                outlets: list[dict[str, Any]] = []
                per_medium = {"air": 0, "water": 0}
                for template_id, monitored in prof["outlets"]:
                    tpl = templates[template_id]
                    per_medium[tpl["medium"]] += 1
                    prefix = "DA" if tpl["medium"] == "air" else "DW"
                    outlet: dict[str, Any] = {
                        "code": f"{prefix}{per_medium[tpl['medium']]:03d}",
                        "medium": tpl["medium"],
                        "name": tpl["name"],
                        "monitored": bool(monitored),
                    }
                    if monitored:
                        outlet["mn"] = _mn(division, index, len(outlets) + 1)
                    outlet["pollutants"] = [dict(p) for p in tpl["pollutants"]]
                    outlets.append(outlet)
                out.append(
                    {
                        "code": f"LJ-E-{index:03d}",
                        "name": f"{area_name}某{prof['label']}{suffix}",
                        "uscc": make_uscc(authority, entity_type, division, body),
                        "industry_code": prof["industry_code"],
                        "industry_name": prof["industry_name"],
                        "profile": profile_id,
                        "area": area,
                        "lon": lon,
                        "lat": lat,
                        "admin_units": {
                            "plan2021": area if area.startswith("ZGQ-") else None,
                            "district2025": _district2025(area),
                        },
                        "key_units": list(prof["key_units"]),
                        "outlets": outlets,
                        "approximate": True,
                        "source": f"generated by ljeco.regions.enterprise_gen from enterprise_profiles.yaml (seed {seed}); anonymised demo register",
                    }
                )
    return {
        "seed": seed,
        "generator": "ljeco.regions.enterprise_gen",
        "note": "Generated file: edit enterprise_profiles.yaml and rerun `python -m ljeco.regions.enterprise_gen liangjiang`.",
        "enterprises": out,
    }


def generate_for_pack(name: str) -> dict[str, Any]:
    """Generate the register of the pack ``name`` from its own profile and admin-unit files."""
    pack = PACKS_DIR / name
    profiles = yaml.safe_load((pack / "enterprise_profiles.yaml").read_text(encoding="utf-8"))
    admin_units = json.loads((pack / "admin_units.geojson").read_text(encoding="utf-8"))
    return generate_enterprises(profiles, admin_units)


def dump_register(register: dict[str, Any]) -> str:
    """The YAML text written to ``enterprises.yaml``."""
    header = (
        "# GENERATED by ljeco.regions.enterprise_gen from enterprise_profiles.yaml; do not edit by hand.\n"
    )
    return header + yaml.safe_dump(register, allow_unicode=True, sort_keys=False, width=200)


def main(argv: list[str] | None = None) -> int:
    """Regenerate ``<pack>/enterprises.yaml``: ``python -m ljeco.regions.enterprise_gen liangjiang``."""
    args = sys.argv[1:] if argv is None else argv
    name = args[0] if args else "liangjiang"
    text = dump_register(generate_for_pack(name))
    (PACKS_DIR / name / "enterprises.yaml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

__all__ = ["dump_register", "generate_enterprises", "generate_for_pack", "main"]
