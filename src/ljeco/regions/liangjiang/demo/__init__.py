"""Deterministic demo data for the Liangjiang pack: pure functions from (pack, date range, seed) to DataFrames.

Nothing here touches a database, a file or the clock. ``ljeco demo`` (wired by the integrator once the
observation store exists) is meant to be a thin loop::

    region = load_region("liangjiang")
    start, end = default_period(today)
    for table in demo_tables(region, start, end, seed=2021):
        if table.name == "cems_hourly":
            ...  # build HJ 212 frames per MN from the rows and feed the gateway's ingest path
        elif table.name == "complaints":
            ...  # the complaints module's import
        else:
            rows = to_observations(table)  # site, parameter, time, value, flag, interval_s
            ...  # map (site, parameter, interval_s) to a series id and write_observations()

Every ``time`` is a timezone-aware UTC timestamp of the start of the value's period (for a sample: the sampling
time). Parameter names are the canonical ones of :mod:`ljeco.standards.parameters`, except the CEMS stack and
flow items (``pm``, ``nox``, ``nmhc``, ``o2``, ``flow``) which that vocabulary does not hold yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import to_long
from ljeco.regions.liangjiang.demo.air import AIR_PARAMETERS, air_hourly
from ljeco.regions.liangjiang.demo.cems import cems_hourly
from ljeco.regions.liangjiang.demo.complaints import complaints
from ljeco.regions.liangjiang.demo.ground import groundwater_quarterly, soil_yearly
from ljeco.regions.liangjiang.demo.noise import noise_hourly
from ljeco.regions.liangjiang.demo.water import AUTO_PARAMETERS, MANUAL_PARAMETERS, water_auto, water_manual
from ljeco.regions.models import Region

#: Seed of the published demo.
DEFAULT_SEED = 2021


@dataclass(frozen=True)
class DemoTable:
    """One generated table: its name, medium, nominal interval [s] (0 for irregular samples) and the data."""

    name: str
    medium: str
    interval_s: int
    frame: pd.DataFrame
    value_columns: tuple[str, ...]


def default_period(today: date) -> tuple[date, date]:
    """The last full calendar year and the current year to date: [1 Jan of last year, ``today``)."""
    return date(today.year - 1, 1, 1), today


_Sites = Callable[[Region, date, date, int], pd.DataFrame]

_GENERATORS: tuple[tuple[str, str, int, _Sites], ...] = (
    ("air_hourly", "air", 3600, lambda rg, a, b, s: air_hourly(rg.sites, a, b, s)),
    ("water_auto", "surface_water", 4 * 3600, lambda rg, a, b, s: water_auto(rg.sites, a, b, s)),
    ("water_manual", "surface_water", 0, lambda rg, a, b, s: water_manual(rg.sites, a, b, s)),
    ("noise_hourly", "noise", 3600, lambda rg, a, b, s: noise_hourly(rg.sites, a, b, s)),
    ("groundwater", "groundwater", 0, lambda rg, a, b, s: groundwater_quarterly(rg.sites, a, b, s)),
    ("soil", "soil", 0, lambda rg, a, b, s: soil_yearly(rg.sites, a, b, s)),
    ("cems_hourly", "emission", 3600, lambda rg, a, b, s: cems_hourly(rg.enterprises, a, b, s)),
    ("complaints", "complaint", 0, complaints),
)

TABLE_NAMES = tuple(g[0] for g in _GENERATORS)


def demo_tables(
    region: Region, start: date, end: date, seed: int = DEFAULT_SEED, *, only: tuple[str, ...] | None = None
) -> Iterator[DemoTable]:
    """Generate the demo tables one by one (so a caller can show progress and free memory between them)."""
    for name, medium, interval, make in _GENERATORS:
        if only is not None and name not in only:
            continue
        frame = make(region, start, end, seed)
        ids = {"site", "time", "id", "enterprise", "outlet", "mn", "parameter", "hj212_code", "unit", "flag"}
        values = tuple(c for c in frame.columns if c not in ids and frame[c].dtype.kind == "f")
        yield DemoTable(name, medium, interval, frame, values)


def to_observations(table: DemoTable) -> pd.DataFrame:
    """Narrow rows for the observation store: ``site``, ``parameter``, ``time``, ``value``, ``flag``, ``interval_s``.

    Missing values are dropped (a missing hour is absent, not a zero). The CEMS and complaint tables are not
    observations of a site: they go through the HJ 212 gateway and the complaints module.
    """
    if table.name in ("cems_hourly", "complaints"):
        raise ValueError(f"{table.name} is not written as site observations")
    long = to_long(table.frame, ["site", "time"], table.value_columns)
    long["flag"] = "N"
    long["interval_s"] = np.int64(table.interval_s)
    return long[["site", "parameter", "time", "value", "flag", "interval_s"]]


__all__ = [
    "AIR_PARAMETERS",
    "AUTO_PARAMETERS",
    "DEFAULT_SEED",
    "MANUAL_PARAMETERS",
    "TABLE_NAMES",
    "DemoTable",
    "air_hourly",
    "cems_hourly",
    "complaints",
    "default_period",
    "demo_tables",
    "groundwater_quarterly",
    "noise_hourly",
    "soil_yearly",
    "to_observations",
    "water_auto",
    "water_manual",
]
