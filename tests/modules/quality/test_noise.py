"""Noise from the store, the API and the file CLI (GB 3096-2008 zone class 1: day 55, night 45, Lmax ≤ 60 dB(A)).

Hand checks:
* 10 Jan day: 8 h at 50 and 8 h at 60 → 10·lg((8·10⁵ + 8·10⁶)/16) = 10·lg(5.5·10⁵) = 57.40 → exceeds by 2.4 dB.
* night from 10 Jan 22:00: 8 h at 44 → 44.0 ≤ 45, but one hour's Lmax 61 > 45 + 15 → the night fails (5.4).
* 11 Jan: day 54.0 ≤ 55, night 40.0 ≤ 45 with Lmax 55 ≤ 60 → both comply.
* rates over the two days: day 1/2, night 1/2. Hours 00–06 of 10 Jan belong to the night of 9 Jan (not asked).
"""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ljeco.cli import app as cli
from tests.conftest import token

from .conftest import NOISE, Seeded

runner = CliRunner()
PERIOD = {"from": "2024-01-10", "to": "2024-01-11"}
#: (date, day Leq, night Leq, night Lmax, day ok, night ok) by hand, see the module doc.
EXPECTED = [
    ("2024-01-10", 57.4, 44.0, 61.0, False, False),
    ("2024-01-11", 54.0, 40.0, 55.0, True, True),
]


def _file(tmp_path: Path) -> Path:
    """The seeded hours as the file CLI's input, labelled by their END (CNEMC), local time."""
    path = tmp_path / "noise.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["station", "time", "leq", "lmax", "zone_class"])
        for start, leq, lmax in NOISE:
            w.writerow(["N1", (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"), leq, lmax, "1"])
    return path


def test_store_api_and_file_agree(seeded: Seeded, client: TestClient, tmp_path: Path) -> None:
    body = client.get("/api/v1/noise/stations/N1/days", params=PERIOD, headers=token("pub", "public")).json()
    got = [
        (d["date"], d["day_leq"], d["night_leq"], d["night_lmax"], d["day_ok"], d["night_ok"])
        for d in body["data"]
    ]
    assert got == EXPECTED
    first = body["data"][0]
    assert (first["day_limit"], first["night_limit"], first["night_lmax_limit"]) == (55.0, 45.0, 60.0)
    assert first["day_exceedance_db"] == pytest.approx(2.4) and first["night_exceedance_db"] == 0.0
    assert (first["n_day_hours"], first["n_night_hours"]) == (16, 8)
    assert first["standard"] == "GB 3096-2008" and first["unit"] == "dB(A)"
    assert body["day_compliance_rate"] == 0.5 and body["night_compliance_rate"] == 0.5

    from_file = runner.invoke(cli, ["noise", "assess", str(_file(tmp_path))])
    assert from_file.exit_code == 0, from_file.output
    file_rows = [
        r for r in csv.DictReader(from_file.output.splitlines()) if r["date"] in ("2024-01-10", "2024-01-11")
    ]
    from_store = runner.invoke(
        cli, ["noise", "assess", "--site", "N1", "--from", "2024-01-10", "--to", "2024-01-11"]
    )
    assert from_store.exit_code == 0, from_store.output
    store_rows = list(csv.DictReader(from_store.output.splitlines()))
    assert store_rows == file_rows  # same columns, same values
    assert [(r["date"], float(r["day_leq"]), r["day_ok"], r["night_ok"]) for r in file_rows] == [
        (d, day, str(dok), str(nok)) for d, day, _, _, dok, nok in EXPECTED
    ]


def test_summary_from_the_store_and_missing_zone(seeded: Seeded, client: TestClient) -> None:
    out = runner.invoke(
        cli, ["noise", "assess", "--all", "--from", "2024-01-10", "--to", "2024-01-11", "--summary"]
    )
    assert out.exit_code == 0, out.output
    row = next(csv.DictReader(out.output.splitlines()))
    assert (row["station"], row["day_compliance_rate"], row["night_compliance_rate"]) == ("N1", "0.5", "0.5")
    missing = runner.invoke(cli, ["noise", "assess", "--site", "N1"])
    assert getattr(missing.exception, "instance_code", "") == "bad_option"


def test_every_station_route(seeded: Seeded, client: TestClient) -> None:
    body = client.get("/api/v1/noise/days", params=PERIOD, headers=token("staff", "bureau")).json()
    assert body["count"] == 1 and body["data"][0]["station"] == "N1" and body["data"][0]["count"] == 2
    assert (
        client.get(
            "/api/v1/noise/days",
            params=PERIOD,
            headers=token("firm", "enterprise", scope_enterprise="91500000TEST00001X"),
        ).json()["count"]
        == 0
    )


def test_store_path_refuses_options_it_cannot_honour(seeded: Seeded) -> None:
    args = [
        "noise",
        "assess",
        "--site",
        "N1",
        "--from",
        "2024-01-10",
        "--to",
        "2024-01-11",
        "--standard",
        "gb12348",
    ]
    assert getattr(runner.invoke(cli, args).exception, "instance_code", "") == "bad_option"


def test_zone_compliance_pools_station_days(seeded: Seeded, client: TestClient) -> None:
    # One zone-1 station with 2 judged days (1 compliant) and 2 judged nights (1 compliant).
    body = client.get("/api/v1/noise/zones", params=PERIOD, headers=token("staff", "bureau")).json()
    assert body["count"] == 1
    zone = body["data"][0]
    assert (zone["zone_class"], zone["stations"], zone["n_days"], zone["n_nights"]) == ("1", ["N1"], 2, 2)
    assert (zone["day_compliance_rate"], zone["night_compliance_rate"]) == (0.5, 0.5)
    assert (zone["day_limit"], zone["night_limit"]) == (55.0, 45.0)
    backwards = client.get(
        "/api/v1/noise/zones",
        params={"from": "2024-01-11", "to": "2024-01-10"},
        headers=token("pub", "public"),
    )
    assert backwards.status_code == 422 and backwards.json()["code"] == "quality.bad_period"
