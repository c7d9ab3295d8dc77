"""The Liangjiang pack: schema validation, provenance marks, the plan's stations and sections, the loader's errors."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.regions import check_region, load_region
from ljeco.regions import loader as loader_mod
from ljeco.regions.uscc import is_valid_uscc

PACK = Path(loader_mod.PACKS_DIR) / "liangjiang"


@pytest.fixture(scope="module")
def region():
    return load_region("liangjiang")


def test_pack_validates_against_its_schema():
    assert check_region("liangjiang") == []


def _all_feature_props():
    for name in ("admin_units.geojson", "water_bodies.geojson", "zones.geojson"):
        for f in json.loads((PACK / name).read_text(encoding="utf-8"))["features"]:
            yield name, f["properties"]
    for s in yaml.safe_load((PACK / "sites.yaml").read_text(encoding="utf-8"))["sites"]:
        yield "sites.yaml", s
    for e in yaml.safe_load((PACK / "enterprises.yaml").read_text(encoding="utf-8"))["enterprises"]:
        yield "enterprises.yaml", e


def test_every_feature_has_a_source_or_an_approximate_mark():
    count = 0
    for file, props in _all_feature_props():
        count += 1
        assert props.get("source") or props.get("approximate") is True, (file, props["code"])
    assert count > 200


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("1427A", "礼嘉"),
        ("1425A", "空港"),
        ("1417A", "两路"),
        ("1420A", "唐家沱"),
        ("1428A", "蔡家"),
        ("1416A", "天生"),
    ],
)
def test_cnemc_stations_present_with_names(region, code, name):
    site = region.site(code)
    assert site.kind == "air_national"
    assert site.cnemc_code == code
    assert site.name == name


def test_cnemc_coordinates_match_the_national_list(region):
    # CNEMC station list (reference/region cnemc_air_stations_chongqing.csv): 礼嘉 106.5616, 29.6453; 空港 106.6205, 29.7166.
    assert (region.site("1427A").lon, region.site("1427A").lat) == (106.5616, 29.6453)
    assert (region.site("1425A").lon, region.site("1425A").lat) == (106.6205, 29.7166)
    assert region.site("1416A").role == "neighbour"


def test_eight_sections_with_target_classes(region):
    sections = region.sites_of("water_section")
    assert len(sections) == 8
    national = {s.name for s in sections if s.control_level == "national"}
    assert national == {"长江寸滩国控断面", "嘉陵江梁沱国控断面", "御临河御临镇国控断面"}
    assert sum(s.control_level == "municipal" for s in sections) == 5
    assert all(s.target_class in {"I", "II", "III", "IV", "V"} for s in sections)
    # The plan: 御临镇 国控断面 稳定达到Ⅲ类; 长江出境断面 水质为优 (II).
    assert region.site("LJ-WS-YULINZHEN").target_class == "III"
    assert region.site("LJ-WS-CUNTAN").target_class == "II"
    # Classes the plan does not state are marked unverified, and say so.
    for s in sections:
        if not s.target_class_verified:
            assert "UNVERIFIED" in (s.target_class_source or "")


def test_admin_frames_and_hierarchy(region):
    plan = region.units_in("plan2021")
    streets = {u.name for u in plan if u.level == "street"}
    assert streets == {
        "人和街道",
        "鸳鸯街道",
        "天宫殿街道",
        "翠云街道",
        "大竹林街道",
        "礼嘉街道",
        "金山街道",
        "康美街道",
    }
    names = {u.name for u in plan}
    for area in (
        "水土新城",
        "龙兴新城",
        "鱼复新城",
        "两江协同创新区",
        "两路寸滩保税港区",
        "悦来片区",
        "江北嘴",
        "果园港",
    ):
        assert area in names
    assert region.unit("ZGQ-KANGMEI").official_code == "500112022"
    assert region.unit("ZGQ-BSG-KONGGANG").parent == "ZGQ-BSG"
    assert region.frame_at(date(2025, 11, 5)).id == "plan2021"
    assert region.frame_at(date(2025, 11, 6)).id == "district2025"
    assert region.frame("district2025").complete is False
    assert region.unit("LJQ-CAIJIAGANG").parent == "LJQ"
    assert region.site("1428A").admin_unit("district2025") == "LJQ-CAIJIAGANG"


def test_required_water_bodies_and_zones(region):
    names = {w.name for w in region.water_bodies}
    for river in (
        "长江",
        "嘉陵江",
        "御临河",
        "竹溪河",
        "后河",
        "朝阳河",
        "桥溪河",
        "盘溪河",
        "肖家河",
        "跳墩河",
        "明月湖",
    ):
        assert river in names
    kinds = {z.kind for z in region.zones}
    assert kinds == {
        "water_source_protection",
        "eco_redline",
        "forest_park",
        "wetland_park",
        "airport",
        "port",
    }
    assert {z.name for z in region.zones if z.kind == "airport"} == {"重庆江北国际机场", "龙兴通用机场"}
    assert {s.name for s in region.sites_of("water_intake")} == {"悦来水厂取水口", "鱼嘴水厂取水口"}


def test_intake_lies_inside_its_level_1_protection_zone(region):
    from shapely.geometry import Point

    for intake in region.sites_of("water_intake"):
        zone = next(z for z in region.zones if z.code == f"{intake.protection_zone}-1")
        assert zone.shape().contains(Point(intake.lon, intake.lat))


def test_noise_stations_cover_the_functional_zone_classes(region):
    assert {s.zone_class for s in region.sites_of("noise")} >= {"1", "2", "3", "4a"}
    assert region.sites_of("groundwater") and region.sites_of("soil")


def test_enterprises(region):
    ents = region.enterprises
    assert 140 <= len(ents) <= 160
    assert all(is_valid_uscc(e.uscc) for e in ents)
    assert len({e.uscc for e in ents}) == len(ents)
    by_area = {}
    for e in ents:
        by_area.setdefault(e.area, set()).add(e.industry_code[:2])
    assert "36" in by_area["ZGQ-LONGXING"]  # 36 汽车制造业 (GB/T 4754-2017)
    assert "39" in by_area["ZGQ-SHUITU"] and "27" in by_area["ZGQ-SHUITU"]  # electronics, pharma
    assert "59" in by_area["ZGQ-GUOYUANGANG"]  # 仓储业
    for e in ents:
        for o in e.outlets:
            assert o.code.startswith("DA" if o.medium == "air" else "DW")
            assert (o.mn is not None) == o.monitored
            if o.mn:
                assert len(o.mn) == 24 and all(c in "0123456789ABCDEF" for c in o.mn)
    assert len(region.monitored_outlets()) > 50
    assert any(e.is_key_unit for e in ents) and not all(e.is_key_unit for e in ents)


def test_unknown_pack_is_not_found():
    with pytest.raises(NotFoundError):
        load_region("atlantis")
    with pytest.raises(ValidationError):
        load_region("../etc")


@pytest.fixture
def broken_pack(tmp_path, monkeypatch):
    """A copy of the pack in a temporary packs folder, for breaking on purpose."""
    dst = tmp_path / "liangjiang"
    shutil.copytree(PACK, dst, ignore=shutil.ignore_patterns("demo", "__pycache__", "*.py"))
    monkeypatch.setattr(loader_mod, "PACKS_DIR", tmp_path)
    load_region.cache_clear()
    yield dst
    load_region.cache_clear()


def test_schema_violation_names_file_and_json_path(broken_pack):
    doc = yaml.safe_load((broken_pack / "sites.yaml").read_text(encoding="utf-8"))
    index = next(i for i, s in enumerate(doc["sites"]) if s["kind"] == "water_section")
    doc["sites"][index]["target_class"] = "VI"
    (broken_pack / "sites.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_region("liangjiang")
    assert info.value.details["file"] == "sites.yaml"
    assert info.value.details["path"] == f"$.sites[{index}].target_class"


def test_missing_provenance_is_rejected(broken_pack):
    doc = json.loads((broken_pack / "zones.geojson").read_text(encoding="utf-8"))
    doc["features"][2]["properties"].pop("source")
    doc["features"][2]["properties"]["approximate"] = False
    (broken_pack / "zones.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    problems = check_region("liangjiang")
    assert problems and problems[0].file == "zones.geojson"
    assert problems[0].path.startswith("$.features[2].properties")


def test_cross_reference_problems(broken_pack):
    doc = yaml.safe_load((broken_pack / "enterprises.yaml").read_text(encoding="utf-8"))
    doc["enterprises"][0]["uscc"] = doc["enterprises"][0]["uscc"][:17] + (
        "0" if doc["enterprises"][0]["uscc"][17] != "0" else "1"
    )
    doc["enterprises"][1]["area"] = "ZGQ-NOWHERE"
    (broken_pack / "enterprises.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    problems = {(p.file, p.path) for p in check_region("liangjiang")}
    assert ("enterprises.yaml", "$.enterprises[0].uscc") in problems
    assert ("enterprises.yaml", "$.enterprises[1].area") in problems
