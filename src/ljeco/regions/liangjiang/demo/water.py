"""Surface water at the sections and intakes: automatic every 4 hours, manual once a month.

One latent daily state per site drives both the automatic and the manual results, so the monthly sample agrees
with the automatic series of the same day. The state has
* water temperature with the season (Yangtze/Jialing 10–12 ℃ in winter, 25–27 ℃ in summer),
* dissolved oxygen from saturation at that temperature (big rivers ≈90 % saturated, small streams ≈75 %), which
  is why DO is lower in summer,
* a wet-season load (May–September): total phosphorus and turbidity rise with floods on the big rivers, and small
  urban streams take storm overflows (NH3-N spikes to 1–2 mg/L, TP to 0.3–0.4; reference/region
  liangjiang_context.md §5),
* for 御临镇 one wet-season total-phosphorus episode a year (3–4 weeks from the start of July or August, TP
  0.25–0.4 mg/L, over the class III limit of
  0.2 mg/L, GB 3838-2002 Table 1 row 9): the plan names the section as the one hard to keep at class III.

Baselines are chosen so each section meets its target class most of the time (GB 3838-2002 Table 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import (
    FloatArray,
    ar1,
    hour_axis,
    local_day_index,
    local_parts,
    monthly_curve,
    rng_for,
)
from ljeco.regions.models import Site

AUTO_PARAMETERS = ("temp", "ph", "do", "codmn", "nh3n", "tp", "tn", "turbidity")
MANUAL_PARAMETERS = ("temp", "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "fluoride", "petroleum")
UNITS = {"temp": "℃", "ph": "无量纲", "turbidity": "NTU"}  # others mg/L
DECIMALS = {"temp": 1, "ph": 2, "do": 2, "codmn": 1, "cod": 0, "bod5": 1, "nh3n": 3, "tp": 3, "tn": 2}
DECIMALS.update({"turbidity": 0, "fluoride": 3, "petroleum": 3})


@dataclass(frozen=True)
class _Profile:
    """Median concentrations [mg/L] of a site outside storms and floods."""

    big_river: bool
    codmn: float
    nh3n: float
    tp: float
    tn: float
    storm_gain: float  # multiplier of NH3-N/TP on storm days (small streams)


_PROFILES: dict[str, _Profile] = {
    "LJ-WS-CUNTAN": _Profile(True, 1.9, 0.10, 0.060, 1.55, 1.0),
    "LJ-WS-LIANGTUO": _Profile(True, 1.8, 0.10, 0.055, 1.35, 1.0),
    "LJ-WS-YULINZHEN": _Profile(False, 3.2, 0.28, 0.090, 1.40, 1.5),
    "LJ-WS-ZHUXIHE-SHUITU": _Profile(False, 3.8, 0.40, 0.120, 2.1, 1.8),
    "LJ-WS-HOUHE-TIAOSHI": _Profile(False, 4.0, 0.45, 0.120, 2.3, 1.8),
    "LJ-WS-QIAOXIHE-GUODIDANG": _Profile(False, 3.6, 0.38, 0.110, 1.9, 1.7),
    "LJ-WS-CHAOYANGHE-JJHYZ": _Profile(False, 5.8, 0.75, 0.190, 3.2, 2.4),
    "LJ-WS-CHAOYANGHE-YJQ": _Profile(False, 6.0, 0.80, 0.200, 3.4, 2.4),
    "LJ-WI-YUELAI": _Profile(True, 1.8, 0.09, 0.050, 1.30, 1.0),
    "LJ-WI-YUZUI": _Profile(True, 1.9, 0.10, 0.060, 1.50, 1.0),
}
_DEFAULT = _Profile(False, 3.5, 0.35, 0.12, 2.0, 1.6)

#: Section with a yearly wet-season TP episode over its class III limit.
TP_EPISODE_SITE = "LJ-WS-YULINZHEN"

WATER_TEMP_MONTHLY = (11.0, 11.5, 14.0, 18.0, 21.5, 24.0, 26.0, 26.5, 24.0, 20.0, 16.0, 12.5)
WET_MONTHLY = (0.0, 0.0, 0.1, 0.3, 0.6, 0.9, 1.0, 1.0, 0.8, 0.3, 0.1, 0.0)


def _do_saturation(temp: FloatArray) -> FloatArray:
    """DO at saturation [mg/L] in fresh water at sea level; cubic fit of the APHA table (0–30 ℃)."""
    return 14.62 - 0.3898 * temp + 0.006969 * temp**2 - 0.00005897 * temp**3


class _State:
    """Latent daily state of each site over the whole date range (indexed by local day)."""

    def __init__(self, sites: Sequence[Site], start: date, end: date, seed: int):
        self.sites = list(sites)
        n_days = (end - start).days
        days = pd.Timestamp(start) + pd.to_timedelta(np.arange(n_days), unit="D")
        doy = np.asarray(days.dayofyear, dtype=float) - 1.0
        years = np.asarray(days.year)
        self.temp = np.empty((len(sites), n_days))
        self.load = np.empty((len(sites), n_days))  # log multiplier of nutrients
        self.flood = np.empty((len(sites), n_days))
        self.tp_boost = np.zeros((len(sites), n_days))
        wet = monthly_curve(WET_MONTHLY, doy)
        reg = rng_for(seed, "water", "regional")
        rain = reg.random(n_days) < 0.12 * wet  # storm days, shared by the area
        flood = np.clip(ar1(reg, n_days, 0.9, 0.5)[0] + 1.5 * wet, 0.0, None)
        for i, s in enumerate(sites):
            r = rng_for(seed, "water", s.code)
            p = _PROFILES.get(s.code, _DEFAULT)
            self.temp[i] = (
                monthly_curve(WATER_TEMP_MONTHLY, doy)
                + (0.0 if p.big_river else 0.8)
                + ar1(r, n_days, 0.8, 0.6)[0]
            )
            storm = np.convolve(rain.astype(float), [1.0, 0.6, 0.25], mode="full")[:n_days]
            self.load[i] = ar1(r, n_days, 0.7, 0.15)[0] + np.log(p.storm_gain) * np.clip(storm, 0.0, 1.0)
            self.flood[i] = flood if p.big_river else 0.5 * flood
            if s.code == TP_EPISODE_SITE:
                months = np.asarray(days.month)
                dom = np.asarray(days.day)
                for year in np.unique(years):
                    # July or August, from one of its first days for 3–4 weeks: the month's mean TP exceeds 0.2.
                    month = int(r.choice([7, 8]))
                    first_day = 1 + int(r.integers(0, 5))
                    hit = np.flatnonzero((years == year) & (months == month) & (dom == first_day))
                    if len(hit) == 0:
                        continue
                    first = int(hit[0])
                    self.tp_boost[i, first : first + int(r.integers(22, 28))] = r.uniform(0.15, 0.22)
        self.start = start
        self.n_days = n_days

    def values(
        self,
        times: pd.DatetimeIndex,
        params: Sequence[str],
        seed: int,
        stream: str,
        rows: slice = slice(None),
    ) -> dict[str, FloatArray]:
        """Observed values at ``times`` for the sites ``rows`` of the state (sample noise from ``stream``)."""
        sites = self.sites[rows]
        day = (
            local_day_index(times)
            + (pd.Timestamp(times[0].tz_convert("Asia/Shanghai").date()) - pd.Timestamp(self.start)).days
        )
        hour, _, _ = local_parts(times)
        out: dict[str, FloatArray] = {}
        n_s, n_t = len(sites), len(times)
        eps = {
            k: np.vstack([rng_for(seed, "water", stream, k, s.code).normal(0, 1, n_t) for s in sites])
            for k in params
        }
        prof = [_PROFILES.get(s.code, _DEFAULT) for s in sites]
        big = np.array([p.big_river for p in prof])[:, None]
        temp = self.temp[rows][:, day] + 0.6 * np.cos(2 * np.pi * (hour - 15) / 24.0)[None, :] * np.where(
            big, 0.3, 1.0
        )
        load = self.load[rows][:, day]
        flood = self.flood[rows][:, day]
        col = {k: np.array([getattr(p, k) for p in prof])[:, None] for k in ("codmn", "nh3n", "tp", "tn")}
        sat = np.where(big, 0.92, 0.78)
        for k in params:
            e = eps[k]
            if k == "temp":
                v = temp + 0.1 * e
            elif k == "ph":
                v = np.where(big, 8.0, 7.7) + 0.12 * e - 0.1 * flood
            elif k == "do":
                v = _do_saturation(temp) * (sat + 0.03 * e - 0.03 * np.clip(load, 0, None))
            elif k in ("codmn", "cod", "bod5"):
                base = col["codmn"] * np.exp(0.5 * load + 0.08 * flood + 0.1 * e)
                v = base if k == "codmn" else base * (3.7 if k == "cod" else 0.7) * np.exp(0.05 * e)
            elif k == "nh3n":
                v = col["nh3n"] * np.exp(load + 0.15 * e)
            elif k == "tp":
                v = (
                    col["tp"] * np.exp(load + 0.12 * flood * np.where(big, 1.0, 0.5) + 0.1 * e)
                    + self.tp_boost[rows][:, day]
                )
            elif k == "tn":
                v = col["tn"] * np.exp(0.5 * load + 0.1 * e)
            elif k == "turbidity":
                v = np.where(big, 25.0, 12.0) * np.exp(0.9 * flood + 0.25 * e)
            elif k == "fluoride":
                v = np.full((n_s, n_t), 0.22) * np.exp(0.15 * e)
            elif k == "petroleum":
                v = np.full((n_s, n_t), 0.012) * np.exp(0.3 * e)
            else:  # pragma: no cover - guarded by the parameter tuples
                raise KeyError(k)
            out[k] = np.round(np.maximum(v, 10.0 ** -DECIMALS[k]), DECIMALS[k])
        return out


def _water_sites(sites: Sequence[Site]) -> list[Site]:
    return [s for s in sites if s.kind in ("water_section", "water_intake")]


def _frame(sites: Sequence[Site], times: pd.DatetimeIndex, values: dict[str, FloatArray]) -> pd.DataFrame:
    out = pd.DataFrame(
        {"site": np.repeat([s.code for s in sites], len(times)), "time": np.tile(times, len(sites))}
    )
    for k, v in values.items():
        out[k] = v.reshape(-1)
    return out


def water_auto(sites: Sequence[Site], start: date, end: date, seed: int) -> pd.DataFrame:
    """Automatic station results every 4 hours at the sites with ``automatic`` set.

    Columns ``site``, ``time`` (UTC period start of the 4-h period), then :data:`AUTO_PARAMETERS` (mg/L; temp ℃,
    pH dimensionless, turbidity NTU). A few periods per year are missing (maintenance, reagent change).
    """
    all_sites = _water_sites(sites)
    state = _State(all_sites, start, end, seed)
    times = hour_axis(start, end, 4)
    values = state.values(times, AUTO_PARAMETERS, seed, "auto")
    keep = np.array([bool(s.automatic) for s in all_sites])
    chosen = [s for s, k in zip(all_sites, keep, strict=True) if k]
    values = {k: v[keep] for k, v in values.items()}
    for i, s in enumerate(chosen):
        r = rng_for(seed, "water", "gaps", s.code)
        for g in r.integers(0, len(times), size=max(1, len(times) // 700)):
            for v in values.values():
                v[i, g : g + int(r.integers(1, 4))] = np.nan
    return _frame(chosen, times, values)


def water_manual(sites: Sequence[Site], start: date, end: date, seed: int) -> pd.DataFrame:
    """One manual sample a month per section and intake (a day between the 5th and the 15th, 10:00 local).

    Columns ``site``, ``time`` (UTC sampling time), then :data:`MANUAL_PARAMETERS`.
    """
    all_sites = _water_sites(sites)
    state = _State(all_sites, start, end, seed)
    frames = []
    months = pd.date_range(pd.Timestamp(start).replace(day=1), pd.Timestamp(end), freq="MS")
    for i, s in enumerate(all_sites):
        r = rng_for(seed, "water", "manual-days", s.code)
        stamps = []
        for m in months:
            t = m + pd.Timedelta(days=int(r.integers(4, 15)), hours=10 - 8)
            if pd.Timestamp(start) - pd.Timedelta(hours=8) <= t < pd.Timestamp(end) - pd.Timedelta(hours=8):
                stamps.append(t)
        if not stamps:
            continue
        times = pd.DatetimeIndex(stamps, tz="UTC")
        frames.append(
            _frame([s], times, state.values(times, MANUAL_PARAMETERS, seed, "manual", slice(i, i + 1)))
        )
    if not frames:  # no sampling day inside a short window: an empty table with the usual columns
        return pd.DataFrame(columns=["site", "time", *MANUAL_PARAMETERS])
    return pd.concat(frames, ignore_index=True)


__all__ = ["AUTO_PARAMETERS", "MANUAL_PARAMETERS", "TP_EPISODE_SITE", "UNITS", "water_auto", "water_manual"]
