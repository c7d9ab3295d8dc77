"""Randomised agreement: many samples drawn around the GB 3838-2002 class limits (a third of them exactly on a
limit) give the same per-sample classes and the same section assessments through the store and through the file.

This does not re-derive the classes (the hand-checked cases are in test_water.py); it guards the store path's own
work — reading, pivoting, period bounds in local time, unit and flag handling — against drifting from the file
path on data with every item, blanks and boundary values.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from typer.testing import CliRunner

from ljeco.cli import app as cli
from ljeco.core.db import write_session
from ljeco.core.timeutil import CST
from ljeco.observations.catalog import add_site, ensure_series, seed_parameters
from ljeco.observations.store import write_observations
from ljeco.standards.water import CLASS_ITEMS, limits_for

runner = CliRunner()
SECTIONS = {"R1": "I", "R2": "II", "R3": "III", "R4": "IV", "R5": "V", "R6": None}


def _draw(rng: np.random.Generator, item: str, level: int) -> float:
    """A value of class about ``level`` (0 = I … 5 = 劣V): on the level's limit a third of the time, else below
    it (above it for DO, where lower is worse)."""
    if item == "ph":
        return float(rng.choice([5.9, 6.0, 9.0, 9.1])) if rng.random() < 0.1 else 7.5
    limits = limits_for(item)
    limit = limits[min(level, 4)]
    if level < 5 and rng.random() < 0.35:
        return float(limit)  # on a limit: the boundary belongs to the better class
    factor = rng.uniform(1.0, 2.0) if level == 5 else rng.uniform(0.3, 1.0)
    if item == "do":
        factor = 1.0 / factor
    return round(float(limit * factor), 5)


def test_store_and_file_agree_on_random_samples(engine: Engine, tmp_path: Path) -> None:
    rng = np.random.default_rng(3838)
    start = datetime(2024, 1, 1, tzinfo=CST)
    rows: list[tuple[str, datetime, dict[str, float]]] = []
    for code in SECTIONS:
        # Distinct hours of January to March (the store keeps one value per series and time), including the hours
        # either side of local midnight.
        for hour in rng.choice(24 * 91, size=25, replace=False):
            t = start + timedelta(hours=int(hour))
            level = int(rng.integers(0, 6))
            values = {i: _draw(rng, i, level) for i in CLASS_ITEMS if rng.random() > 0.2}
            rows.append((code, t, values))
    with write_session() as s:
        seed_parameters(s)
        for code, target in SECTIONS.items():
            add_site(s, code=code, name=code, kind="water_section", water_target_class=target)
        series = {
            (c, i): ensure_series(s, site=c, parameter=i, interval_s=3600).id
            for c in SECTIONS
            for i in CLASS_ITEMS
        }
        obs = [
            {"series_id": series[(c, i)], "time": t, "value": v}
            for c, t, vals in rows
            for i, v in vals.items()
        ]
        write_observations(s, obs, source="test:agreement")

    data = tmp_path / "samples.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["section", "time", *CLASS_ITEMS])
        for code, t, vals in sorted(rows, key=lambda r: (r[0], r[1])):
            w.writerow(
                [
                    code,
                    t.strftime("%Y-%m-%d %H:%M"),
                    *[repr(vals[i]) if i in vals else "" for i in CLASS_ITEMS],
                ]
            )
    targets = tmp_path / "targets.csv"
    targets.write_text("section,target_class\n" + "".join(f"{c},{t}\n" for c, t in SECTIONS.items() if t))

    for period in (("2024-01-01", "2024-01-31"), ("2024-02-01", "2024-03-31"), ("2024-01-15", "2024-01-15")):
        span = ["--from", period[0], "--to", period[1], "--format", "json"]
        by_file = runner.invoke(cli, ["water", "assess", str(data), "--targets", str(targets), *span])
        by_store = runner.invoke(cli, ["water", "assess", "--all", *span])
        if by_file.exit_code:  # a day may have no sample: then both must say so
            assert getattr(by_file.exception, "instance_code", "") == "no_data"
            assert getattr(by_store.exception, "instance_code", "") == "no_data"
            continue
        assert by_store.exit_code == 0, by_store.output
        assert json.loads(by_store.output) == json.loads(by_file.output)

    out = tmp_path / "classes.csv"
    assert runner.invoke(cli, ["water", "classify", str(data), "-o", str(out)]).exit_code == 0
    with out.open(encoding="utf-8") as fh:
        by_file_rows = [(r["section"], r["water_class"], r["limiting_items"]) for r in csv.DictReader(fh)]
    from ljeco.core.db import read_session
    from ljeco.modules.quality.service import water_samples

    by_store_rows = []
    with read_session() as s:
        for code in SECTIONS:
            got = water_samples(
                s, user=None, code=code, date_from=start.date(), date_to=datetime(2024, 3, 31).date()
            )
            by_store_rows += [(x.section, x.water_class, ",".join(x.limiting_items)) for x in got.data]
    assert len(by_store_rows) == len(rows) and by_store_rows == by_file_rows
    assert {c for _, c, _ in by_file_rows} >= {
        "I",
        "II",
        "III",
        "IV",
        "V",
        "劣V",
    }  # the draw reaches every class
