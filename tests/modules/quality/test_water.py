"""Surface water from the store, the API and the file CLI: same classes, limiting items, targets and 超标倍数.

Hand checks (GB 3838-2002 Table 1, river; I…V upper limits: NH3-N 0.15/0.5/1.0/1.5/2.0, TP 0.02/0.1/0.2/0.3/0.4,
CODMn 2/4/6/10/15 mg/L; DO lower limits 7.5/6/5/3/2 mg/L):

* W1, January (the flag-D value is left out): means DO 7.65 (I), CODMn 2.1 (II), NH3-N 0.16 (II), TP 0.10 (II)
  → class II, limited by CODMn, NH3-N and TP; 优; target III met; nothing exceeds III.
* W2: DO 5.5 (III), CODMn 4.5 (III), NH3-N 1.2 (IV), TP 0.25 (IV) → IV, limited by NH3-N and TP; 轻度污染;
  target II missed; 超标倍数 against II: CODMn (4.5−4)/4 = 0.125, NH3-N (1.2−0.5)/0.5 = 1.4, TP (0.25−0.1)/0.1 = 1.5.
* W3: DO 1.5 < 2 and NH3-N 5.0 > 2 → 劣V; transparency 20 cm and DO 1.5 are 轻度黑臭 (2015 guide), ORP 80 and
  NH3-N 5 are not black-odorous → light. No target: 超标倍数 against III, NH3-N (5.0−1.0)/1.0 = 4.0 (DO has none).
* All three (< 5 sections: mean of the section means): DO 4.88 (IV), NH3-N 2.12 (劣V) → 劣V, 重度污染.
  W1 + W2 only: DO 6.575 (II), CODMn 3.3 (II), NH3-N 0.68 (III), TP 0.175 (III) → III, 良好.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ljeco.cli import app as cli
from ljeco.core.db import read_session
from ljeco.core.errors import NotFoundError
from ljeco.modules.quality import service
from ljeco.standards.parameters import SURFACE_WATER_ITEMS
from tests.conftest import token

from .conftest import WATER, Seeded

runner = CliRunner()
JAN = {"from": "2024-01-01", "to": "2024-01-31"}
EXPECTED = {
    "W1": ("II", ["codmn", "nh3n", "tp"], True, {}),
    "W2": ("IV", ["nh3n", "tp"], False, {"codmn": 0.125, "nh3n": 1.4, "tp": 1.5}),
    "W3": ("劣V", ["do", "nh3n"], None, {"nh3n": 4.0}),
}


def _file(tmp_path: Path) -> tuple[Path, Path]:
    """The seeded samples as the file CLI's input (GB 3838 items only: the file path has no black-odorous
    columns) and the sites' targets."""
    items = [i for i in SURFACE_WATER_ITEMS if any(i in v for _, _, v in WATER)]
    data = tmp_path / "water.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["section", "time", *items])
        for code, when, values in WATER:
            w.writerow([code, when, *[values.get(i, "") for i in items]])
    targets = tmp_path / "targets.csv"
    targets.write_text("section,target_class\nW1,III\nW2,II\n", encoding="utf-8")
    return data, targets


def _cli_json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(
        cli, ["water", "assess", *args, "--from", JAN["from"], "--to", JAN["to"], "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out: dict[str, object] = json.loads(result.output)
    return out


def test_store_api_and_file_agree(seeded: Seeded, client: TestClient, tmp_path: Path) -> None:
    body = client.get("/api/v1/water/assessment", params=JAN, headers=token("staff", "bureau")).json()
    assert body["count"] == 3
    got = {s["section"]: s for s in body["data"]}
    for code, (cls, limiting, met, multiples) in EXPECTED.items():
        assert got[code]["water_class"] == cls
        assert got[code]["limiting_items"] == limiting
        assert got[code]["target_met"] is met
        assert got[code]["exceedance_multiples"] == pytest.approx(multiples)
    assert got["W1"]["n_samples"] == 2  # the February sample and the flag-D value are not in January's mean
    assert got["W1"]["means"]["nh3n"] == pytest.approx(0.16)
    assert got["W1"]["status"] == "优" and got["W2"]["status"] == "轻度污染"
    assert got["W2"]["exceedance_against"] == "II"
    assert got["W2"]["main_pollutants"] == [
        "总磷(0.2)",
        "氨氮(0.2)",
    ]  # both IV; TP exceeds III more (0.25 > 0.2)
    assert got["W1"]["units"]["nh3n"] == "mg/L" and got["W1"]["basis"]["standard"] == "GB 3838-2002"
    assert got["W3"]["black_odorous"] == "light" and got["W3"]["black_odorous_cn"] == "轻度黑臭"
    assert got["W1"]["black_odorous"] is None
    overall = body["overall"]
    assert (overall["water_class"], overall["status"]) == ("劣V", "重度污染")
    assert overall["share_i_iii"] == pytest.approx(1 / 3) and overall["share_worse_than_v"] == pytest.approx(
        1 / 3
    )
    assert (overall["targets_met"], overall["targets_total"]) == (1, 2)

    data, targets = _file(tmp_path)
    from_file = _cli_json([str(data), "--targets", str(targets)])
    from_store = _cli_json(["--all"])
    assert from_store == from_file  # every column of every section and the overall row
    sections = {s["section"]: s for s in from_file["sections"]}  # type: ignore[attr-defined]
    for code, (cls, limiting, _, multiples) in EXPECTED.items():
        assert sections[code]["water_class"] == got[code]["water_class"] == cls
        assert sections[code]["limiting_items"] == ",".join(limiting)
        listed = dict(x.split(":") for x in sections[code]["exceedance_multiples"].split(";") if x)
        assert {k: float(v) for k, v in listed.items()} == {k: round(v, 2) for k, v in multiples.items()}
    assert from_file["overall"]["water_class"] == overall["water_class"]  # type: ignore[index]


def test_one_section_and_its_samples(seeded: Seeded, client: TestClient, tmp_path: Path) -> None:
    headers = token("pub", "public")
    one = client.get("/api/v1/water/sections/W2/assessment", params=JAN, headers=headers).json()
    assert one["water_class"] == "IV" and one["target_class"] == "II" and one["target_met"] is False
    samples = client.get("/api/v1/water/sections/W1/samples", params=JAN, headers=headers).json()
    # 5 Jan: TP 0.08 (II) limits, the rest I → II. 20 Jan: TP 0.12 (III) → III.
    assert [(x["local_time"][:10], x["water_class"], x["limiting_items"]) for x in samples["data"]] == [
        ("2024-01-05", "II", ["tp"]),
        ("2024-01-20", "III", ["tp"]),
    ]
    assert samples["count"] == 2 and samples["data"][0]["units"]["tp"] == "mg/L"
    data, _ = _file(tmp_path)
    out = tmp_path / "classes.csv"
    assert runner.invoke(cli, ["water", "classify", str(data), "-o", str(out)]).exit_code == 0
    with out.open(encoding="utf-8") as fh:
        by_file = [
            (r["time"][:10], r["water_class"], r["limiting_items"].split(",")) for r in csv.DictReader(fh)
        ]
    assert by_file[:2] == [
        (x["local_time"][:10], x["water_class"], x["limiting_items"]) for x in samples["data"]
    ]


def test_black_odorous_sample_grade(seeded: Seeded, client: TestClient) -> None:
    body = client.get(
        "/api/v1/water/sections/W3/samples", params=JAN, headers=token("staff", "bureau")
    ).json()
    sample = body["data"][0]
    assert sample["water_class"] == "劣V" and sample["black_odorous"] == "light"
    assert sample["units"]["transparency"] == "cm" and sample["units"]["orp"] == "mV"


def test_scope_of_the_caller(seeded: Seeded, client: TestClient) -> None:
    street = token("street1", "street", scope_unit="LJ-S1")
    body = client.get("/api/v1/water/assessment", params=JAN, headers=street).json()
    assert [s["section"] for s in body["data"]] == ["W1", "W2"]
    assert (body["overall"]["water_class"], body["overall"]["status"]) == ("III", "良好")
    hidden = client.get("/api/v1/water/sections/W3/samples", params=JAN, headers=token("pub", "public"))
    assert hidden.status_code == 404 and hidden.json()["code"] == "quality.unknown_site"
    assert client.get("/api/v1/water/assessment", params=JAN).status_code == 401
    empty = client.get("/api/v1/water/sections/W1/assessment", params={"from": "2023-01-01", "to": "2023-01-31"},
                       headers=street)  # fmt: skip
    assert empty.status_code == 404 and empty.json()["code"] == "quality.no_data"


def test_service_unscoped_for_the_operator(seeded: Seeded) -> None:
    from datetime import date

    with read_session() as s:
        one = service.water_assessment(
            s, user=None, date_from=date(2024, 2, 1), date_to=date(2024, 2, 29), code="W1"
        )
        # February alone: NH3-N 3.0 > 2.0 → 劣V against target III.
        assert one.data[0].water_class == "劣V" and one.data[0].target_met is False
        with pytest.raises(NotFoundError):
            service.water_samples(
                s, user=None, code="NOPE", date_from=date(2024, 1, 1), date_to=date(2024, 1, 2)
            )


def test_cli_store_options_are_exclusive(seeded: Seeded, tmp_path: Path) -> None:
    data, _ = _file(tmp_path)
    both = runner.invoke(
        cli, ["water", "assess", str(data), "--site", "W1", "--from", "2024-01-01", "--to", "2024-01-31"]
    )
    assert both.exit_code != 0 and getattr(both.exception, "instance_code", "") == "bad_option"
    one = runner.invoke(
        cli, ["water", "assess", "--site", "W2", "--from", "2024-01-01", "--to", "2024-01-31"]
    )
    assert one.exit_code == 0, one.output
    rows = list(csv.DictReader(one.output.splitlines()))
    assert rows[0]["section"] == "W2" and rows[0]["water_class"] == "IV" and rows[0]["target_met"] == "no"


def test_lake_section_uses_the_lake_rows(seeded: Seeded, client: TestClient) -> None:
    # GB 3838-2002 Table 1, TP 湖、库: 0.01/0.025/0.05/0.1/0.2 → 0.04 is III (a river's 0.02/0.1 would make it II);
    # TN (lakes only, a reference item here): 0.2/0.5/1.0/1.5/2.0 → 0.8 is III.
    from ljeco.core.db import write_session
    from ljeco.observations.catalog import add_site

    from .conftest import local, write_values

    with write_session() as s:
        add_site(s, code="L1", name="某水库", kind="water_section", attributes={"waterbody": "lake"})
    write_values(
        "L1",
        [(local("2024-01-09 10:00"), p, v, "N") for p, v in {"do": 8.0, "tp": 0.04, "tn": 0.8}.items()],
        86400,
    )
    headers = token("staff", "bureau")
    one = client.get("/api/v1/water/sections/L1/assessment", params=JAN, headers=headers).json()
    assert (one["waterbody"], one["water_class"], one["limiting_items"]) == ("lake", "III", ["tp"])
    assert one["reference_classes"]["tn"] == "III"
    sample = client.get("/api/v1/water/sections/L1/samples", params=JAN, headers=headers).json()["data"][0]
    assert sample["water_class"] == "III" and sample["reference_classes"]["tn"] == "III"


def test_invalidated_values_drop_out(seeded: Seeded, client: TestClient) -> None:
    # Reviewer invalidates W2's NH3-N (1.2): TP 0.25 alone stays in IV, so W2 is IV limited by TP only.
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.observations.catalog import ensure_series
    from ljeco.observations.models import Review
    from ljeco.observations.quality import review_range

    from .conftest import local

    with write_session() as s:
        sid = ensure_series(s, site="W2", parameter="nh3n", interval_s=86400).id
        t = local("2024-01-06 10:00")
        review_range(
            s, series_id=sid, t_from=t, t_to=t, state=Review.invalidated, reason="瓶子破损", actor=CLI
        )
    one = client.get(
        "/api/v1/water/sections/W2/assessment", params=JAN, headers=token("staff", "bureau")
    ).json()
    assert (one["water_class"], one["limiting_items"]) == ("IV", ["tp"]) and "nh3n" not in one["means"]
