"""Environmental noise (GB 3096-2008) on stored hourly values."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.errors import ValidationError
from ljeco.modules.quality import schemas as s
from ljeco.modules.quality.reading import (
    data_rule,
    finite,
    local_day_bounds,
    read_frame,
    visible_sites,
)
from ljeco.observations.models import SiteKind


def noise_days(
    session: Session, *, user: User | None, date_from: date, date_to: date, code: str | None = None
) -> list[s.NoiseDays]:
    """Day and night Leq, night Lmax and compliance per station-day against the station's GB 3096 zone class.

    Reads the hourly series (``interval_s`` 3600) of ``leq`` and ``lmax``; the night that begins on the last
    day runs to 06:00 of the next day, so those hours are read too.
    """
    from ljeco.standards.noise import assess_hourly

    sites = visible_sites(session, user=user, kind=SiteKind.noise_station, code=code)
    out = []
    for site in sites:
        if not site.noise_zone_class:
            if code is None:
                continue
            raise ValidationError(
                f"noise station {site.code} has no functional-zone class (GB 3096-2008)",
                code="quality.no_zone_class",
            )
        lo, hi = local_day_bounds(date_from, date_to, extra_hours=6)
        got = read_frame(
            session, [site], t_from=lo, t_to=hi, parameters={"leq", "lmax"}, interval_s=3600
        ).frame
        got = got[got["leq"].notna()] if "leq" in got.columns else got.iloc[0:0]
        rows: list[s.NoiseDay] = []
        if len(got):
            hourly = pd.DataFrame(
                {
                    "station": got["site"],
                    "time": got["time"],
                    "leq": got["leq"],
                    "lmax": got["lmax"] if "lmax" in got.columns else np.nan,
                    "zone_class": site.noise_zone_class,
                }
            )
            days = assess_hourly(hourly, standard="gb3096", label="start")
            for rec in days.to_dict("records"):
                day = date.fromisoformat(str(rec["date"]))
                if not date_from <= day <= date_to:
                    continue
                rows.append(_noise_day(rec, day))
        judged_d = [r.day_ok for r in rows if r.day_ok is not None]
        judged_n = [r.night_ok for r in rows if r.night_ok is not None]
        out.append(
            s.NoiseDays(
                station=site.code,
                zone_class=site.noise_zone_class,
                data=rows,
                count=len(rows),
                day_compliance_rate=sum(judged_d) / len(judged_d) if judged_d else None,
                night_compliance_rate=sum(judged_n) / len(judged_n) if judged_n else None,
                basis=s.Basis(
                    standard="GB 3096-2008",
                    method="Table 1 limits; day 06–22, night 22–06 energy means of hourly Leq; "
                    "night Lmax ≤ night limit + 15 dB(A) (5.4); the night starting on day D is reported with D",
                    data_rule=data_rule() + "; hourly series only",
                ),
            )
        )
    return out


def _noise_day(rec: dict[str, Any], day: date) -> s.NoiseDay:
    def ok(v: Any) -> bool | None:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else bool(v)

    return s.NoiseDay(
        station=str(rec["station"]),
        date=day,
        zone_class=str(rec["zone_class"]),
        standard=str(rec["standard"]),
        n_day_hours=int(rec["n_day_hours"]),
        n_night_hours=int(rec["n_night_hours"]),
        day_leq=finite(rec["day_leq"]),
        night_leq=finite(rec["night_leq"]),
        night_lmax=finite(rec["night_lmax"]),
        day_limit=float(rec["day_limit"]),
        night_limit=float(rec["night_limit"]),
        night_lmax_limit=float(rec["night_lmax_limit"]),
        day_exceedance_db=finite(rec["day_exceedance_db"]),
        night_exceedance_db=finite(rec["night_exceedance_db"]),
        day_ok=ok(rec["day_ok"]),
        night_ok=ok(rec["night_ok"]),
        compliant=ok(rec["compliant"]),
    )


def noise_zones(stations: list[s.NoiseDays]) -> list[s.NoiseZone]:
    """Compliance rate of each functional-zone class: judged station-days (and nights) meeting their limits over
    all judged ones of the zone's stations (the station rate's definition pooled over stations; our definition,
    docs/standards/noise.md N14)."""
    from ljeco.standards.noise import zone_limits

    out = []
    for zone in sorted({st.zone_class for st in stations}):
        members = [st for st in stations if st.zone_class == zone]
        days = [d.day_ok for st in members for d in st.data if d.day_ok is not None]
        nights = [d.night_ok for st in members for d in st.data if d.night_ok is not None]
        limits = zone_limits(zone)
        out.append(
            s.NoiseZone(
                zone_class=zone,
                stations=[st.station for st in members],
                n_days=len(days),
                day_compliance_rate=sum(days) / len(days) if days else None,
                n_nights=len(nights),
                night_compliance_rate=sum(nights) / len(nights) if nights else None,
                day_limit=limits.day,
                night_limit=limits.night,
            )
        )
    return out


__all__ = ["noise_days", "noise_zones"]
