"""A small deterministic dataset for the browser tests and the page benchmark.

It writes the region pack's catalogue into the store and generates hourly air, 4-hourly water, hourly noise and
outlet values up to the last full hour, through the store's one write path
(:func:`ljeco.observations.store.write_observations`) and its rollups. Values come from a seeded generator with
diurnal and seasonal shapes; they are plausible, not calibrated (``ljeco demo`` of the region pack is the realistic
dataset). One micro station is left without data and one noise station stops reporting six hours before the end,
so the pages' empty and offline states are exercised.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ljeco.modules.monitoring.catalog import PACK_KIND, region
from ljeco.observations import rollups
from ljeco.observations.catalog import add_admin_unit, add_site, ensure_series, seed_parameters
from ljeco.observations.models import AdminUnit, Parameter, Site
from ljeco.observations.store import write_observations

SEED = 20211
#: Sites written per pack kind (``None`` = all).
MICRO_STATIONS = 6
ENTERPRISES = 4

# Mean level and daily amplitude of each air pollutant [µg/m³; CO mg/m³].
_AIR = {"pm25": (32.0, 10.0), "pm10": (55.0, 15.0), "so2": (7.0, 2.0), "no2": (30.0, 12.0), "co": (0.7, 0.2),
        "o3": (70.0, 45.0)}  # fmt: skip
_WATER = {"ph": (7.6, 0.2), "do": (7.5, 0.8), "codmn": (3.0, 0.6), "cod": (12.0, 3.0), "bod5": (2.0, 0.5),
          "nh3n": (0.35, 0.15), "tp": (0.12, 0.04)}  # fmt: skip


def sync_catalog(session: Session, *, micro_stations: int | None = MICRO_STATIONS) -> dict[str, int]:
    """The pack's admin units (default frame) and sites into the store; returns site code → id (idempotent).

    ``micro_stations`` limits how many micro stations are written (``None``: all of them).
    """
    seed_parameters(session)
    reg = region()
    have_units = set(session.scalars(select(AdminUnit.code)))
    for u in reg.units_in(reg.default_frame):
        if u.code not in have_units:
            add_admin_unit(session, code=u.code, name=u.name, kind=u.level, parent_code=u.parent,
                           valid_from=u.valid_from, valid_to=u.valid_to)  # fmt: skip
    existing = {s.code: s.id for s in session.scalars(select(Site))}
    micro = 0
    for s in reg.sites:
        if s.code in existing or s.kind not in PACK_KIND:
            continue
        if s.kind == "air_micro":
            micro += 1
            if micro_stations is not None and micro > micro_stations:
                continue
        row = add_site(
            session, code=s.code, name=s.name, kind=PACK_KIND[s.kind],
            admin_unit_code=s.admin_units.get(reg.default_frame), lon=s.lon, lat=s.lat,
            disclosed=s.kind in {"air_national", "water_section"}, water_target_class=s.target_class,
            noise_zone_class=s.zone_class, mn=s.mn,
        )  # fmt: skip
        existing[s.code] = row.id
    for e in reg.enterprises[:ENTERPRISES]:
        for o in e.outlets:
            code = f"{e.code}-{o.code}"
            if o.monitored and code not in existing:
                row = add_site(session, code=code, name=f"{e.name} {o.name}", kind="outlet",
                               admin_unit_code=e.admin_units.get(reg.default_frame), lon=e.lon, lat=e.lat,
                               enterprise_uscc=e.uscc, mn=o.mn)  # fmt: skip
                existing[code] = row.id
    return existing


def _hours(start: datetime, end: datetime, step_h: int = 1) -> np.ndarray:
    return np.arange(int(start.timestamp()), int(end.timestamp()) + 1, step_h * 3600, dtype=np.int64)


def _shape(t: np.ndarray, mean: float, amp: float, rng: np.random.Generator, peak_hour: int) -> np.ndarray:
    local_h = ((t + 8 * 3600) // 3600) % 24
    doy = ((t + 8 * 3600) // 86400) % 365
    seasonal = 1.0 + 0.35 * np.cos(2 * np.pi * (doy - 15) / 365)  # winter high
    diurnal = amp * np.cos(2 * np.pi * (local_h - peak_hour) / 24)
    noise = rng.normal(0.0, 0.18 * mean, t.size)
    episode = np.where(np.sin(t / 86400 / 5.3) > 0.93, 2.2, 1.0)  # a few multi-day episodes
    return np.clip((mean * seasonal + diurnal + noise) * episode, 0.01 * mean, None)


def seed(session: Session, *, days: int = 45, end: datetime | None = None) -> int:
    """Write the catalogue and ``days`` days of data ending at the last full hour; returns observations written."""
    codes = sync_catalog(session)
    end = (end or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    start = end - timedelta(days=days)
    rng = np.random.default_rng(SEED)
    known = set(session.scalars(select(Parameter.code)))
    frames: list[pd.DataFrame] = []
    reg = region()

    def add(code: str, parameter: str, t: np.ndarray, values: np.ndarray, interval_s: int = 3600) -> None:
        if parameter not in known or code not in codes:
            return
        sid = ensure_series(session, site=code, parameter=parameter, interval_s=interval_s).id
        frames.append(pd.DataFrame({"series_id": sid, "time": t, "value": values, "flag": "N"}))

    hours = _hours(start, end)
    micro = 0
    for s in reg.sites:
        if s.code not in codes:
            continue
        if s.kind in ("air_national", "air_micro"):
            if s.kind == "air_micro":
                micro += 1
                if micro == 1:
                    continue  # connected, never reported: the "暂无数据" state
            for p, (mean, amp) in _AIR.items():
                peak = 15 if p == "o3" else 8
                vals = _shape(hours, mean, amp, rng, peak)
                vals = np.round(vals, 1) if p == "co" else np.round(vals)
                add(s.code, p, hours, vals)
        elif s.kind in ("water_section", "water_intake"):
            four = hours[hours % (4 * 3600) == 0]
            for p, (mean, sd) in _WATER.items():
                add(s.code, p, four, np.round(np.abs(rng.normal(mean, sd, four.size)), 3), 14400)
        elif s.kind == "noise":
            stop = hours if s.code != "LJ-NS-02" else hours[hours <= hours[-1] - 6 * 3600]
            add(s.code, "leq", stop, np.round(_shape(stop, 52.0, 6.0, rng, 14), 1))
    for e in reg.enterprises[:ENTERPRISES]:
        for o in e.outlets:
            for pol in o.pollutants:
                base = (pol.limit or 50.0) * 0.45
                add(
                    f"{e.code}-{o.code}",
                    pol.parameter,
                    hours,
                    np.round(_shape(hours, base, base * 0.2, rng, 10), 2),
                )
    if not frames:
        return 0
    frame = pd.concat(frames, ignore_index=True)
    result = write_observations(session, frame, source="sample:monitoring")
    rollups.rebuild(session)
    return result.total


__all__ = ["seed", "sync_catalog"]
