"""Groundwater and soil from the store, the API and the file CLI.

Groundwater (GB/T 14848-2017 Table 1, class I…IV upper limits): As 0.001/0.001/0.01/0.05 mg/L, so 0.02 → IV;
NH3-N 0.02/0.1/0.5/1.5 → 0.3 is III, 0.05 is II; Fe 0.1/0.2/0.3/2.0 → 0.25 is III; benzene 0.5/1.0/10/120 µg/L →
5 is III; pH 6.5–8.5 → I; 嗅和味 无 → I. The worst item decides (6.3): sample 1 IV (As), sample 2 III (benzene).

Soil: S1 is residential → GB 36600-2018 first category: As screening 20, intervention 120 → 45 is between
(ratio 2.25); Cd 10 ≤ 20 and Pb 300 ≤ 400 are below. S2 is a paddy field at pH 6.8 (GB 15618-2018 band
6.5 < pH ≤ 7.5): Cd screening 0.6 (Table 1, 水田), intervention 3.0 (Table 3) → 0.8 is between → 安全利用类;
Zn 180 ≤ 250 is below.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ljeco.cli import app as cli
from tests.conftest import token

from .conftest import GROUNDWATER, SOIL, Seeded

runner = CliRunner()


def _csv(path: Path, rows: list[tuple[str, str, dict[str, object]]], id_col: str = "site") -> Path:
    items: list[str] = []
    for _, _, values in rows:
        items += [k for k in values if k not in items]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([id_col, "time", *items])
        for code, when, values in rows:
            w.writerow([code, when, *[values.get(i, "") for i in items]])
    return path


def test_groundwater_store_api_and_file_agree(seeded: Seeded, client: TestClient, tmp_path: Path) -> None:
    body = client.get("/api/v1/groundwater/wells/G1/samples", headers=token("staff", "bureau")).json()
    assert body["count"] == 2
    got = [(x["local_time"][:10], x["water_class"], x["worst_items"]) for x in body["data"]]
    assert got == [("2024-02-15", "IV", ["as"]), ("2024-05-15", "III", ["benzene"])]
    assert body["data"][0]["item_classes"] == {"ph": "I", "nh3n": "III", "fe": "III", "as": "IV"}
    assert body["data"][1]["item_classes"]["odor"] == "I"
    assert body["data"][1]["units"]["benzene"] == "µg/L" and body["basis"]["standard"] == "GB/T 14848-2017"
    only_may = client.get(
        "/api/v1/groundwater/wells/G1/samples",
        params={"from": "2024-05-01", "to": "2024-05-31"},
        headers=token("pub", "public"),
    ).json()
    assert [x["water_class"] for x in only_may["data"]] == ["III"]

    # The file path: 嗅和味 is written as the standard's word.
    rows = [(c, w, {k: ("无" if k == "odor" else v) for k, v in vals.items()}) for c, w, vals in GROUNDWATER]
    from_file = runner.invoke(cli, ["groundwater", "classify", str(_csv(tmp_path / "gw.csv", rows))])
    from_store = runner.invoke(cli, ["groundwater", "classify", "--site", "G1"])
    assert from_file.exit_code == 0 and from_store.exit_code == 0, from_store.output
    pick = ("site", "water_class", "worst_items", "flags")
    by_file = [tuple(r[k] for k in pick) for r in csv.DictReader(from_file.output.splitlines())]
    by_store = [tuple(r[k] for k in pick) for r in csv.DictReader(from_store.output.splitlines())]
    assert by_store == by_file == [("G1", "IV", "as", ""), ("G1", "III", "benzene", "")]


def test_soil_store_api_and_file_agree(seeded: Seeded, client: TestClient, tmp_path: Path) -> None:
    headers = token("staff", "bureau")
    s1 = client.get("/api/v1/soil/points/S1/assessment", headers=headers).json()
    assert s1["land"] == "first" and "land_use=residential" in s1["land_source"]
    x = s1["data"][0]
    assert (x["result"], x["items_above_screening"], x["max_ratio_screening"]) == ("between", ["as"], 2.25)
    assert x["standard"].startswith("GB 36600-2018")
    assert any("land category" in u for u in x["unverified_values_used"])  # clause 3 mapping is UNVERIFIED
    arsenic = next(i for i in x["items"] if i["name"] == "as")
    assert (arsenic["screening"], arsenic["intervention"], arsenic["unit"]) == (20, 120, "mg/kg")
    s2 = client.get("/api/v1/soil/points/S2/assessment", headers=headers).json()
    y = s2["data"][0]
    assert (s2["land"], y["land_use"], y["ph"]) == ("agricultural", "paddy", 6.8)
    assert (y["result"], y["category"], y["items_above_screening"]) == ("between", "安全利用类", ["cd"])
    cd = next(i for i in y["items"] if i["name"] == "cd")
    assert (cd["screening"], cd["intervention"]) == (pytest.approx(0.6), pytest.approx(3.0))
    # The caller may judge a point under another land category (second: As screening 60 → below).
    second = client.get(
        "/api/v1/soil/points/S1/assessment", params={"land": "second"}, headers=headers
    ).json()
    assert second["land_source"] == "caller" and second["data"][0]["result"] == "below_screening"

    pick = ("site", "standard", "result", "items_above_screening", "max_ratio_screening", "category")
    s1_file = _csv(tmp_path / "s1.csv", [r for r in SOIL if r[0] == "S1"])  # type: ignore[arg-type]
    s2_file = _csv(tmp_path / "s2.csv", [r for r in SOIL if r[0] == "S2"])  # type: ignore[arg-type]
    runs = [
        (["soil", "assess", str(s1_file), "--land", "first"], ["soil", "assess", "--site", "S1"]),
        (
            ["soil", "assess", str(s2_file), "--land", "agricultural", "--land-use", "paddy"],
            ["soil", "assess", "--site", "S2"],
        ),
    ]
    for file_args, store_args in runs:
        a, b = runner.invoke(cli, file_args), runner.invoke(cli, store_args)
        assert a.exit_code == 0 and b.exit_code == 0, b.output
        by_file = [tuple(r[k] for k in pick) for r in csv.DictReader(a.output.splitlines())]
        by_store = [tuple(r[k] for k in pick) for r in csv.DictReader(b.output.splitlines())]
        assert by_store == by_file
    everything = runner.invoke(cli, ["soil", "assess", "--all"])
    rows = list(csv.DictReader(everything.output.splitlines()))
    assert [(r["site"], r["land"], r["result"]) for r in rows] == [
        ("S1", "first", "between"),
        ("S2", "agricultural", "between"),
    ]


def test_every_well_and_point_routes(seeded: Seeded, client: TestClient) -> None:
    headers = token("staff", "bureau")
    wells = client.get("/api/v1/groundwater/samples", headers=headers).json()
    assert [x["water_class"] for x in wells["data"]] == ["IV", "III"]
    points = client.get("/api/v1/soil/assessment", headers=headers).json()
    assert points["count"] == 2 and [p["point"] for p in points["data"]] == ["S1", "S2"]
    unknown = client.get("/api/v1/soil/points/NOPE/assessment", headers=headers)
    assert unknown.status_code == 404 and unknown.json()["code"] == "quality.unknown_site"
    bad = client.get("/api/v1/soil/points/S1/assessment", params={"land": "moon"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "bad_land"
