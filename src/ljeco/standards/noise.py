"""Environmental noise: GB 3096-2008 (声环境质量标准), GB 12348-2008 (工业企业厂界), GB 12523-2011 (建筑施工场界).

Levels are A-weighted equivalent continuous sound levels [dB(A)]. Day is 06:00–22:00 and night 22:00–06:00
(GB 3096-2008 clause 3.x, after the noise law; a county-level government may set other hours — pass ``day_start``
and ``night_start``). A period's Leq is the **energy mean** of its interval Leq values of equal length:

    Leq = 10 · lg( (1/n) · Σ 10^(0.1 · Lᵢ) )

>>> round(energy_mean([50.0, 60.0]), 2)   # 10·lg((10^5 + 10^6)/2) = 57.40
57.4
>>> zone_limits("4a")
Limits(day=70.0, night=55.0, night_lmax=70.0, standard='GB 3096-2008')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd

#: GB 3096-2008 Table 1 环境噪声限值 [dB(A)]: class → (day, night). Verified (≥ 3 transcriptions).
GB3096_TABLE1: dict[str, tuple[float, float]] = {
    "0": (50.0, 40.0),
    "1": (55.0, 45.0),
    "2": (60.0, 50.0),
    "3": (65.0, 55.0),
    "4a": (70.0, 55.0),
    "4b": (70.0, 60.0),
}
#: GB 3096-2008 clause 5.4: at night the maximum level of burst noise may exceed the limit by at most 15 dB(A).
GB3096_NIGHT_LMAX_MARGIN = 15.0
#: GB 3096-2008 clause 5.3: beside existing railway trunk lines, background noise without trains: 70 / 55.
GB3096_EXISTING_RAILWAY_BACKGROUND = (70.0, 55.0)

#: GB 12348-2008 Table 1 工业企业厂界环境噪声排放限值 [dB(A)]: boundary class → (day, night). Verified (2 sources).
GB12348_TABLE1: dict[str, tuple[float, float]] = {
    "0": (50.0, 40.0),
    "1": (55.0, 45.0),
    "2": (60.0, 50.0),
    "3": (65.0, 55.0),
    "4": (70.0, 55.0),
}
#: GB 12348-2008 clause 4.1.x: night Lmax margin for frequent (10) and occasional (15) noise.
GB12348_NIGHT_LMAX_MARGIN = {"frequent": 10.0, "occasional": 15.0}
#: GB 12348-2008: boundary < 1 m from a noise-sensitive building → measure indoors, limit − 10 dB(A).
INDOOR_REDUCTION = 10.0

#: GB 12523-2011 建筑施工场界环境噪声排放限值 [dB(A)]: day 70, night 55 (single page source); night Lmax ≤ 55 + 15.
GB12523_LIMITS = (70.0, 55.0)
GB12523_NIGHT_LMAX_MARGIN = 15.0

STANDARDS = ("gb3096", "gb12348", "gb12523")


class Limits(NamedTuple):
    """Day and night LAeq limits and the night Lmax limit [dB(A)]."""

    day: float
    night: float
    night_lmax: float
    standard: str


def zone_limits(zone_class: str) -> Limits:
    """GB 3096-2008 Table 1 limits of functional-zone class ``0, 1, 2, 3, 4a, 4b`` (clause 5.4 for Lmax)."""
    key = str(zone_class).strip().lower()
    if key not in GB3096_TABLE1:
        raise ValidationError(
            f"not a GB 3096-2008 zone class: {zone_class!r} (0, 1, 2, 3, 4a, 4b)", code="bad_zone_class"
        )
    day, night = GB3096_TABLE1[key]
    return Limits(day, night, night + GB3096_NIGHT_LMAX_MARGIN, "GB 3096-2008")


def boundary_limits(boundary_class: str, *, night_noise: str = "frequent", indoor: bool = False) -> Limits:
    """GB 12348-2008 enterprise-boundary limits for class ``0–4`` (``4a``/``4b`` read as 4).

    ``night_noise``: ``"frequent"`` (Lmax ≤ limit + 10) or ``"occasional"`` (≤ limit + 15). ``indoor``: the
    boundary is < 1 m from a noise-sensitive building, so the indoor limit is the table value − 10 dB(A).
    """
    key = str(boundary_class).strip().lower()
    key = "4" if key in ("4a", "4b") else key
    if key not in GB12348_TABLE1:
        raise ValidationError(f"not a GB 12348-2008 class: {boundary_class!r} (0–4)", code="bad_zone_class")
    if night_noise not in GB12348_NIGHT_LMAX_MARGIN:
        raise ValidationError("night_noise must be 'frequent' or 'occasional'", code="bad_option")
    day, night = GB12348_TABLE1[key]
    cut = INDOOR_REDUCTION if indoor else 0.0
    return Limits(
        day - cut, night - cut, night - cut + GB12348_NIGHT_LMAX_MARGIN[night_noise], "GB 12348-2008"
    )


def construction_limits(*, indoor: bool = False) -> Limits:
    """GB 12523-2011 construction-site boundary limits: day 70, night 55, night Lmax ≤ 70 dB(A).

    ``indoor`` applies the − 10 dB(A) indoor rule, which is UNVERIFIED for this standard (recalled).
    """
    cut = INDOOR_REDUCTION if indoor else 0.0
    day, night = GB12523_LIMITS
    return Limits(day - cut, night - cut, night - cut + GB12523_NIGHT_LMAX_MARGIN, "GB 12523-2011")


def limits_for(standard: str, zone_class: str = "", *, night_noise: str = "frequent") -> Limits:
    """Limits under ``standard`` (``gb3096``, ``gb12348``, ``gb12523``) for ``zone_class``."""
    if standard == "gb3096":
        return zone_limits(zone_class)
    if standard == "gb12348":
        return boundary_limits(zone_class, night_noise=night_noise)
    if standard == "gb12523":
        return construction_limits()
    raise ValidationError(
        f"unknown noise standard {standard!r} ({', '.join(STANDARDS)})", code="bad_standard"
    )


def energy_mean(levels: Iterable[float]) -> float:
    """Energy mean of equal-length interval levels [dB(A)]; NaN values are skipped; NaN if none is left."""
    arr = np.asarray(list(levels), dtype=np.float64)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return float("nan")
    # Subtract the maximum before exponentiating: exact, and safe for any level.
    top = float(arr.max())
    return top + 10.0 * float(np.log10(np.mean(np.power(10.0, 0.1 * (arr - top)))))


def is_day(hour_start: npt.ArrayLike, day_start: int = 6, night_start: int = 22) -> npt.NDArray[np.bool_]:
    """True where an interval starting at local hour ``hour_start`` lies in the day (06:00–22:00)."""
    h = np.asarray(hour_start)
    return (h >= day_start) & (h < night_start)


def exceedance_db(level: float, limit: float) -> float:
    """How far ``level`` exceeds ``limit`` [dB]; 0.0 when it meets it (and NaN for a NaN level)."""
    if np.isnan(level):
        return float("nan")
    return round(max(0.0, level - limit), 1)


def report_level(level: float) -> float:
    """A level as reported, to 0.1 dB (round half to even); the reported value is the one judged."""
    return float(np.round(level, 1))


@dataclass(frozen=True, slots=True)
class DayAssessment:
    """One station's day (06–22) and following night (22–06) against its limits."""

    day_leq: float
    night_leq: float
    night_lmax: float
    n_day: int
    n_night: int
    limits: Limits
    day_ok: bool | None
    night_ok: bool | None

    @property
    def day_exceedance(self) -> float:
        return exceedance_db(self.day_leq, self.limits.day)

    @property
    def night_exceedance(self) -> float:
        return exceedance_db(self.night_leq, self.limits.night)

    @property
    def compliant(self) -> bool | None:
        """Both periods meet their limits; ``None`` if neither was measured."""
        flags = [f for f in (self.day_ok, self.night_ok) if f is not None]
        return all(flags) if flags else None


def assess_day(
    day_levels: Sequence[float],
    night_levels: Sequence[float],
    night_lmax: Sequence[float],
    limits: Limits,
) -> DayAssessment:
    """Day and night Leq (energy means), night Lmax, and compliance against ``limits``.

    Night complies when night Leq ≤ night limit **and** night Lmax ≤ night Lmax limit (GB 3096-2008 5.4).
    A period without values is not judged (``None``).
    """
    d = energy_mean(day_levels)
    n = energy_mean(night_levels)
    lmax_values = [x for x in night_lmax if not np.isnan(x)]
    lmax = max(lmax_values) if lmax_values else float("nan")
    d_r, n_r = report_level(d), report_level(n)
    day_ok = None if np.isnan(d_r) else bool(d_r <= limits.day)
    night_ok: bool | None = None
    if not np.isnan(n_r):
        night_ok = bool(n_r <= limits.night)
        if lmax_values:
            night_ok = night_ok and bool(report_level(lmax) <= limits.night_lmax)
    count_d = sum(1 for x in day_levels if not np.isnan(x))
    count_n = sum(1 for x in night_levels if not np.isnan(x))
    return DayAssessment(d_r, n_r, report_level(lmax), count_d, count_n, limits, day_ok, night_ok)


@dataclass(frozen=True, slots=True)
class ComplianceRate:
    """Share of judged days (and nights) that met their limits over a period."""

    day_rate: float | None
    night_rate: float | None
    n_days: int
    n_nights: int


def compliance_rate(assessments: Iterable[DayAssessment]) -> ComplianceRate:
    """达标率 of a station or zone: days meeting the day limit / days judged, and the same for nights.

    >>> lim = zone_limits("1")
    >>> days = [assess_day([50], [40], [50], lim), assess_day([56], [46], [70], lim)]
    >>> compliance_rate(days)
    ComplianceRate(day_rate=0.5, night_rate=0.5, n_days=2, n_nights=2)
    """
    items = list(assessments)
    days = [a.day_ok for a in items if a.day_ok is not None]
    nights = [a.night_ok for a in items if a.night_ok is not None]
    return ComplianceRate(
        sum(days) / len(days) if days else None,
        sum(nights) / len(nights) if nights else None,
        len(days),
        len(nights),
    )


def assess_hourly(
    frame: pd.DataFrame,
    *,
    standard: str = "gb3096",
    label: str = "end",
    night_noise: str = "frequent",
    day_start: int = 6,
    night_start: int = 22,
) -> pd.DataFrame:
    """Per station and day from hourly rows ``station, time, leq, lmax, zone_class``.

    ``time`` is local (UTC+8 when naive) and labels the **end** of its hour (CNEMC convention) unless
    ``label="start"``. The night that *begins* on day D (22:00 D → 06:00 D+1) is reported with day D; the
    standards do not say which date a night carries, so this is our choice (docs/standards/noise.md).
    """
    import pandas as pd

    from ljeco.core.timeutil import CST

    missing = {"station", "time", "leq"} - set(frame.columns)
    if missing:
        raise ValidationError(f"missing column(s): {', '.join(sorted(missing))}", code="missing_column")
    if standard != "gb12523" and "zone_class" not in frame.columns:
        raise ValidationError("missing column: zone_class", code="missing_column")
    if label not in ("end", "start"):
        raise ValidationError("label must be 'end' or 'start'", code="bad_option")
    try:
        times = pd.to_datetime(frame["time"], format="mixed")
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"unreadable time: {exc}", code="bad_time") from None
    times = times.dt.tz_localize(CST) if times.dt.tz is None else times.dt.tz_convert(CST)
    start = times - pd.Timedelta(hours=1) if label == "end" else times
    hour = start.dt.hour.to_numpy()
    day_mask = is_day(hour, day_start, night_start)
    # Intervals after midnight and before the day starts belong to the previous day's night.
    report_date = (start - pd.to_timedelta(np.where(hour < day_start, 1, 0), unit="D")).dt.date
    work = pd.DataFrame(
        {
            "station": frame["station"].astype(str).to_numpy(),
            "date": report_date.to_numpy(),
            "zone_class": frame["zone_class"].astype(str).to_numpy() if "zone_class" in frame else "",
            "is_day": day_mask,
            "leq": pd.to_numeric(frame["leq"], errors="coerce").to_numpy(),
            "lmax": pd.to_numeric(frame["lmax"], errors="coerce").to_numpy()
            if "lmax" in frame
            else np.full(len(frame), np.nan),
        }
    )
    rows = []
    for (station, day), g in work.groupby(["station", "date"], sort=True):
        zones = sorted(set(g["zone_class"]))
        if len(zones) > 1:
            raise ValidationError(
                f"station {station} has several zone classes on {day}", code="bad_zone_class"
            )
        limits = limits_for(standard, zones[0], night_noise=night_noise)
        d, n = g[g["is_day"]], g[~g["is_day"]]
        a = assess_day(d["leq"].tolist(), n["leq"].tolist(), n["lmax"].tolist(), limits)
        rows.append(
            {
                "station": station,
                "date": day.isoformat(),
                "zone_class": zones[0],
                "standard": limits.standard,
                "n_day_hours": a.n_day,
                "n_night_hours": a.n_night,
                "day_leq": a.day_leq,
                "night_leq": a.night_leq,
                "night_lmax": a.night_lmax,
                "day_limit": limits.day,
                "night_limit": limits.night,
                "night_lmax_limit": limits.night_lmax,
                "day_exceedance_db": a.day_exceedance,
                "night_exceedance_db": a.night_exceedance,
                "day_ok": a.day_ok,
                "night_ok": a.night_ok,
                "compliant": a.compliant,
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "GB3096_TABLE1",
    "GB12348_TABLE1",
    "GB12523_LIMITS",
    "STANDARDS",
    "ComplianceRate",
    "DayAssessment",
    "Limits",
    "assess_day",
    "assess_hourly",
    "boundary_limits",
    "compliance_rate",
    "construction_limits",
    "energy_mean",
    "exceedance_db",
    "is_day",
    "limits_for",
    "report_level",
    "zone_limits",
]
