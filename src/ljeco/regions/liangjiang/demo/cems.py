"""Hourly online-monitoring (CEMS / wastewater) values of every monitored outlet, keyed by HJ 212 MN.

For each outlet and pollutant the hourly value is ``limit × level × operating pattern × noise``, where ``level``
(0.25–0.6 of the limit) is the outlet's own, the pattern follows two-shift production (quieter 00:00–07:00 local
and during the Spring Festival week), and the noise is smoothed log-normal. On top of that:

* exceedances: a few events per outlet and year of 1–6 hours at 1.1–2.0 × the limit (pH leaves 6–9 instead);
* outages: transmission gaps (rows absent, as when a data logger is offline) and device faults (flag ``D``);
* monthly maintenance (flag ``M``, 2 hours);
* one suspicious flat line (when the range spans at least 60 days): :data:`FLAT_LINE_DAYS` days on which one
  outlet's COD repeats the same value with flag ``N``, the pattern a falsified analyser produces;
  ``frame.attrs["flat_line"]`` says where it is.

Flags are HJ 212-2017 data flags (N normal, D fault, M maintenance). The integrator sends these rows through the
HJ 212 gateway's ingest path (frames built and parsed), not straight into the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import hour_axis, local_parts, rng_for, smooth_noise
from ljeco.regions.models import Enterprise

#: Length of the flat-line episode [days].
FLAT_LINE_DAYS = 12

_DECIMALS = {"ph": 2, "o2": 1, "flow": 2, "cr": 3, "ni": 3, "fluoride": 2, "tp": 3, "nh3n": 2}

# Typical values of parameters without a limit.
_NO_LIMIT = {"o2": (10.0, 0.08), "flow": (12.0, 0.25)}

# Spring Festival week (first day of the holiday, local) for the years the demo usually covers.
SPRING_FESTIVAL = {
    2023: date(2023, 1, 21),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 28),
    2026: date(2026, 2, 16),
}


_FLAGS = ["N", "D", "M"]
_KEY_COLUMNS = ("enterprise", "outlet", "mn", "parameter", "hj212_code", "unit")


def _assemble(
    keys: list[tuple[str, str, str, str, str, str, int]],
    t_parts: list[np.ndarray],
    v_parts: list[np.ndarray],
    f_parts: list[np.ndarray],
    limits: list[float],
) -> pd.DataFrame:
    """One frame from per-series arrays; the repeated strings become categoricals (one code per row)."""
    counts = np.array([k[-1] for k in keys], dtype=np.int64)
    series = np.repeat(np.arange(len(keys)), counts)
    data: dict[str, object] = {}
    for i, col in enumerate(_KEY_COLUMNS):
        labels = [k[i] for k in keys]
        categories = sorted(set(labels))
        index = {c: j for j, c in enumerate(categories)}
        codes = np.array([index[x] for x in labels], dtype=np.int32)[series]
        data[col] = pd.Categorical.from_codes(codes, categories=categories)
    data["time"] = pd.to_datetime(np.concatenate(t_parts) if t_parts else np.empty(0, np.int64), utc=True)
    data["value"] = np.concatenate(v_parts) if v_parts else np.empty(0)
    flag_codes = np.concatenate(f_parts) if f_parts else np.empty(0, np.int8)
    data["flag"] = pd.Categorical.from_codes(flag_codes, categories=_FLAGS)
    data["limit"] = np.repeat(np.asarray(limits, dtype=float), counts)
    return pd.DataFrame(data)


def _flat_line_outlet(enterprises: Sequence[Enterprise]) -> tuple[str, str] | None:
    """(enterprise code, outlet code) of the first monitored wastewater outlet with COD of a WWTP, else any COD."""
    candidates = [
        (e, o)
        for e in enterprises
        for o in e.outlets
        if o.monitored and any(p.parameter == "cod" for p in o.pollutants)
    ]
    if not candidates:
        return None
    wwtp = [(e, o) for e, o in candidates if e.industry_code == "4620"]
    e, o = (wwtp or candidates)[0]
    return e.code, o.code


def cems_hourly(enterprises: Sequence[Enterprise], start: date, end: date, seed: int) -> pd.DataFrame:
    """Hourly values of every monitored outlet between local midnights of ``start`` and ``end``.

    Returns
    -------
    DataFrame
        Columns ``enterprise``, ``outlet``, ``mn``, ``parameter``, ``hj212_code``, ``unit``, ``time`` (UTC period
        start), ``value``, ``flag`` (categoricals for the repeated strings), and ``limit``. ``attrs["flat_line"]``
        holds ``{"mn", "parameter", "start", "end"}`` of the planted flat line (or is absent).
    """
    times = hour_axis(start, end)
    hour, _, _ = local_parts(times)
    local_dates = (times.tz_convert(None) + pd.Timedelta(hours=8)).normalize()
    n_h = len(times)
    shift = np.where((hour >= 0) & (hour < 7), 0.55, 1.0) * np.where((hour >= 8) & (hour < 24), 1.0, 0.9)
    holiday = np.zeros(n_h, dtype=bool)
    for sf_day in SPRING_FESTIVAL.values():
        first_day = pd.Timestamp(sf_day)
        holiday |= (local_dates >= first_day) & (local_dates < first_day + pd.Timedelta(days=7))
    flat = _flat_line_outlet(enterprises)
    flat_info: dict[str, object] = {}
    keys: list[tuple[str, str, str, str, str, str, int]] = []
    t_parts: list[np.ndarray] = []
    v_parts: list[np.ndarray] = []
    f_parts: list[np.ndarray] = []
    limits: list[float] = []
    for e in enterprises:
        for o in e.outlets:
            if not o.monitored or o.mn is None:
                continue
            r = rng_for(seed, "cems", o.mn)
            level = r.uniform(0.25, 0.6)
            continuous = e.industry_code == "4620"  # a WWTP runs around the clock
            pattern = np.ones(n_h) if continuous else shift * np.where(holiday, 0.35, 1.0)
            # Outages shared by every pollutant of the outlet.
            gap = np.zeros(n_h, dtype=bool)
            fault = np.zeros(n_h, dtype=bool)
            for s in r.integers(0, n_h, size=max(1, n_h // 4000)):
                gap[s : s + int(r.integers(2, 72))] = True
            for s in r.integers(0, n_h, size=max(1, n_h // 3000)):
                fault[s : s + int(r.integers(1, 12))] = True
            maint = np.zeros(n_h, dtype=bool)
            month_start = np.flatnonzero((local_dates.day == 10) & (hour == 9))
            for s in month_start:
                maint[s : s + 2] = True
            exceed = np.zeros(n_h)
            for s in r.integers(0, n_h, size=int(r.integers(0, 4)) * max(1, n_h // 8760)):
                exceed[s : s + int(r.integers(1, 7))] = r.uniform(1.1, 2.0)
            for p in o.pollutants:
                noise = smooth_noise(rng_for(seed, "cems", o.mn, p.parameter), (1, n_h), 0.15, 3)[0]
                if p.parameter == "ph":
                    value = 7.2 + 0.25 * noise / 0.15
                    value = np.where(exceed > 0, 9.3 + 0.3 * (exceed - 1.1), value)
                elif p.limit is None:
                    typical, sd = _NO_LIMIT.get(p.parameter, (1.0, 0.2))
                    value = typical * np.exp(noise * sd / 0.15) * (pattern if p.parameter == "flow" else 1.0)
                else:
                    value = p.limit * level * pattern * np.exp(noise - 0.011)
                    value = np.where(exceed > 0, p.limit * exceed, value)
                value = np.round(np.maximum(value, 0.0), _DECIMALS.get(p.parameter, 1))
                flags = np.zeros(n_h, dtype=np.int8)  # index into _FLAGS
                flags[fault] = 1
                flags[maint] = 2
                if flat is not None and (e.code, o.code) == flat and p.parameter == "cod" and n_h > 24 * 60:
                    first = 24 * int(rng_for(seed, "cems", "flat").integers(30, n_h // 24 - FLAT_LINE_DAYS))
                    last = first + 24 * FLAT_LINE_DAYS
                    value[first:last] = value[first]
                    flags[first:last] = 0
                    gap[first:last] = False
                    flat_info = {"mn": o.mn, "parameter": "cod", "start": times[first], "end": times[last]}
                keep = ~gap
                n_keep = int(keep.sum())
                keys.append((e.code, o.code, o.mn, p.parameter, p.hj212_code, p.unit, n_keep))
                t_parts.append(times.asi8[keep])
                v_parts.append(value[keep])
                f_parts.append(flags[keep])
                limits.append(np.nan if p.limit is None else float(p.limit))
    out = _assemble(keys, t_parts, v_parts, f_parts, limits)
    if flat_info:
        out.attrs["flat_line"] = flat_info
    return out


def cems_by_device(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """Per MN, one row per hour with ``<code>-Avg`` and ``<code>-Flag`` columns: the content of an HJ 212 hourly
    data upload (CN=2061), ready for the gateway's frame builder.

    Rows are sorted by time; a pollutant missing in an hour (a gap) has NaN and no flag.
    """
    for mn, group in frame.groupby("mn", observed=True, sort=True):
        codes = group["hj212_code"].astype(str)
        values = group.pivot_table(
            index="time", columns=codes, values="value", aggfunc="first", observed=True
        )
        flags = group.assign(flag=group["flag"].astype(str)).pivot_table(
            index="time", columns=codes, values="flag", aggfunc="first", observed=True
        )
        out = pd.concat([values.add_suffix("-Avg"), flags.add_suffix("-Flag")], axis=1).sort_index(axis=1)
        out.columns.name = None
        yield str(mn), out.sort_index()


__all__ = ["FLAT_LINE_DAYS", "SPRING_FESTIVAL", "cems_by_device", "cems_hourly"]
