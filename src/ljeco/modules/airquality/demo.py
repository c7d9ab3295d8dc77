"""Demo air data of chosen stations into the store: the region pack's generator, the store's write path.

``ljeco demo`` loads every table of the pack; tests and benchmarks need just the air hours of a few stations
for one year (a station-year is ~52,000 values, about a second to generate and write).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

import pandas as pd
from sqlalchemy.orm import Session

from ljeco.core.errors import NotFoundError
from ljeco.core.timeutil import CST
from ljeco.modules.airquality.reading import AIR_PARAMETERS, HOUR_S


def load_demo_air(
    session: Session,
    *,
    codes: Sequence[str],
    start: date,
    end: date,
    seed: int | None = None,
    generated: tuple[date, date] | None = None,
    region_name: str = "liangjiang",
) -> int:
    """Add the pack's air stations ``codes`` (kind ``air_station``, with ``urban_assessment`` and ``cnemc_code``)
    and write their generated hourly values for local days [``start``, ``end``); returns the values written.

    ``generated`` is the period the generator runs over (default: [``start``, ``end``)); only the hours inside
    [``start``, ``end``) are written. The regional weather and the gaps are drawn over the whole generated
    period, so the values equal those of ``ljeco demo`` only when ``generated`` is the demo's own period
    (``ljeco.regions.liangjiang.demo.default_period(today)``); each station has its own random stream, so the
    stations asked for do not change each other's values.
    """
    from ljeco.observations.catalog import add_site, ensure_series, seed_parameters
    from ljeco.observations.store import write_observations
    from ljeco.regions import load_region
    from ljeco.regions.liangjiang.demo import DEFAULT_SEED, DemoTable, air_hourly, to_observations

    region = load_region(region_name)
    chosen = [s for s in region.sites if s.code in set(codes) and s.kind == "air_national"]
    absent = sorted(set(codes) - {s.code for s in chosen})
    if absent:
        raise NotFoundError(
            f"no national air station {', '.join(absent)} in {region_name}", code="air.unknown_site"
        )
    seed_parameters(session)
    for src in chosen:
        attrs = src.model_dump(include={"cnemc_code", "urban_assessment", "role"}, exclude_none=True)
        add_site(session, code=src.code, name=src.name, kind="air_station", lon=src.lon, lat=src.lat, disclosed=True,
                 attributes=attrs)  # fmt: skip
    gen_from, gen_to = generated or (start, end)
    frame = air_hourly(chosen, gen_from, gen_to, DEFAULT_SEED if seed is None else seed)
    lo = pd.Timestamp(datetime.combine(start, time(0), CST))
    hi = pd.Timestamp(datetime.combine(end, time(0), CST))
    frame = frame[(frame["time"] >= lo) & (frame["time"] < hi)]
    rows = to_observations(DemoTable("air_hourly", "air", HOUR_S, frame, AIR_PARAMETERS))
    series = {
        (code, p): ensure_series(session, site=code, parameter=p, interval_s=HOUR_S).id
        for code in rows["site"].unique()
        for p in AIR_PARAMETERS
    }
    rows["series_id"] = [series[k] for k in zip(rows["site"], rows["parameter"], strict=True)]
    write_observations(session, pd.DataFrame(rows[["series_id", "time", "value", "flag"]]), source="demo:air")
    return len(rows)


__all__ = ["load_demo_air"]
