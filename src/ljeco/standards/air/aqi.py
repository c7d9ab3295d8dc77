"""IAQI and AQI for the real-time (hourly) and daily reports of HJ 633-2012 and HJ 633-2026, vectorised.

Method, per value (each step cites its clause; departures are stated where they happen):

1. Round the concentration per GB/T 8170 to an integer [µg/m³] or 0.1 [mg/m³] for CO (HJ 633-2026 §4.2.2,
   §4.2.3; for 2012 data HJ 663-2013 §6.3 rounds hourly values before use).
2. IAQI by formula 1 on continuous segments (HJ 633-2012 §4.2 / HJ 633-2026 §4.2.4), **rounded up** (HJ 633-2012
   §6.2, HJ 633-2026 §4.2.6). A rounded concentration is an integer in units of 10**-decimals, so every IAQI is
   read from a per-table lookup array computed once with exact integer arithmetic
   (:attr:`~ljeco.standards.air.tables.BreakpointTable.lut`): no binary float ever decides a ceiling.
3. AQI = max of the rounded IAQIs (formula 2); ties are decided after rounding, as the national feed does.
4. Primary pollutant(s): every indicator whose IAQI equals the AQI, when AQI > 50 (HJ 633-2012 §4.4.2,
   HJ 633-2026 §4.3.1). 超标污染物 (IAQI > 100) exists only in 2012 (§3.4; deleted in 2026).

Indicators
    Hourly (both editions): the six 1-hour means; PM10 and PM2.5 on the 24-hour breakpoints, O3 on the 1-hour
    breakpoints. This is HJ 633-2026 §4.2.3 and the national practice for 2012 data (129/129 published CNEMC
    station-hours); HJ 633-2012 §5.1.3 *as written* also lists the O3 8-h and PM 24-h moving means, which the
    national feed never used. Departure from the 2012 text, on purpose.
    Daily: SO2, NO2, CO, PM10, PM2.5 daily means and the O3 daily maximum 8-hour mean (HJ 633-2026 §4.2.2). For
    2012 the text (§5.1.2) adds the O3 daily maximum 1-hour mean; peers describing the national daily
    publication carry six indicators, so we default to six and offer ``o3_1h_in_daily=True`` for the seven.

Special rules
    SO2 1-h > 800 µg/m³: 2012 → the SO2 IAQI of the 24-hour mean (Table 1 note 2; pass ``so2_24h``, else the SO2
    IAQI is missing and flagged); 2026 → IAQI 200 (Table 3 note b).
    O3 8-h > 800 µg/m³ (daily report): 2012 → the O3 IAQI of the 1-hour value (note 3; the daily max 1-h,
    reported under ``o3_1h``); 2026 → IAQI 300 (note c).

Our policies where the standards are silent (see ``docs/standards/air.md``)
    Above the top breakpoint (e.g. PM2.5 > 500): IAQI 500, the top of the scale, flagged ``beyond_top``; the
    level is 六级 either way, and a missing value would hide the worst hours.
    Negative concentrations are sentinels, not data: treated as missing and flagged ``negative``.
    Missing indicators: HJ 633-2026 §5.3.1 for both editions: AQI, primary pollutant and level from the others
    are published only if that AQI > 100, otherwise they are NA (the IAQIs are always returned). Indicators not
    monitored by design (§5.3.2) can be passed as ``exempt``.

Examples
--------
The verified CNEMC worked examples (``air_standards.md`` §5), 2022, HJ 633-2012:

>>> r = hourly_aqi({"pm10": [69, 120], "pm25": [43, 60], "so2": [5, 5], "no2": [20, 20], "co": [0.5, 0.5],
...                 "o3": [30, 30]}, edition="2012")
>>> r.aqi.tolist(), r.primary_text().tolist()
([60.0, 85.0], ['pm10,pm25', 'pm10'])

A missing pollutant hides an AQI ≤ 100 but not one above (HJ 633-2026 §5.3.1):

>>> r = hourly_aqi({"pm25": [40, 90], "pm10": [40, 90]}, edition="2026")
>>> r.aqi.tolist(), r.flag_text().tolist()
([nan, 128.0], ['aqi_na:so2,no2,co,o3_1h', 'incomplete:so2,no2,co,o3_1h'])
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError
from ljeco.standards.air.editions import check_edition, day_editions, hour_editions, local_datetime64
from ljeco.standards.air.rounding import scaled_half_even
from ljeco.standards.air.tables import (
    BIT,
    BREAKPOINTS,
    CODES,
    EDITIONS,
    LEVEL_UPPER,
    LEVELS,
    SENSITIVE_GROUPS_2026,
    SENSITIVE_ROW,
)

FloatArray = npt.NDArray[np.float64]
Report = Literal["hourly", "daily"]

#: Hourly report: input column → (output code, breakpoint table).
HOURLY_INDICATORS: Final[dict[str, tuple[str, str]]] = {
    "so2": ("so2", "so2_1h"),
    "no2": ("no2", "no2_1h"),
    "co": ("co", "co_1h"),
    "o3": ("o3_1h", "o3_1h"),
    "pm10": ("pm10", "pm10_24h"),  # HJ 633-2026 §4.2.4: PM 1-h means on the daily breakpoints
    "pm25": ("pm25", "pm25_24h"),
}
#: Daily report: input column → (output code, breakpoint table). ``o3_1h`` (daily max 1-h) is used only by 2012.
DAILY_INDICATORS: Final[dict[str, tuple[str, str]]] = {
    "so2": ("so2", "so2_24h"),
    "no2": ("no2", "no2_24h"),
    "co": ("co", "co_24h"),
    "o3_8h": ("o3_8h", "o3_8h"),
    "o3_1h": ("o3_1h", "o3_1h"),
    "pm10": ("pm10", "pm10_24h"),
    "pm25": ("pm25", "pm25_24h"),
}

# Flag bits of AQIResult.flags.
FLAG_INCOMPLETE: Final = 1  # indicators missing; AQI > 100 from the others, published (HJ 633-2026 §5.3.1)
FLAG_AQI_NA: Final = 2  # indicators missing and AQI from the others ≤ 100: AQI, level, primary are NA
FLAG_BEYOND_TOP: Final = 4  # a concentration above its top breakpoint; IAQI capped at the table's top
FLAG_SO2_1H_OVER_800: Final = 8  # special rule applied (2012 note 2 / 2026 note b)
FLAG_O3_8H_OVER_800: Final = 16  # special rule applied (2012 note 3 / 2026 note c)
FLAG_NEGATIVE: Final = 32  # a negative concentration treated as missing
_FLAG_NAMES: Final = (
    (FLAG_INCOMPLETE, "incomplete"),
    (FLAG_AQI_NA, "aqi_na"),
    (FLAG_BEYOND_TOP, "beyond_top"),
    (FLAG_SO2_1H_OVER_800, "so2_1h>800"),
    (FLAG_O3_8H_OVER_800, "o3_8h>800"),
    (FLAG_NEGATIVE, "negative"),
)
#: Text of every pollutant bit mask, codes in CODES order joined by ",".
_MASK_TEXT: Final = np.array(
    [",".join(c for c in CODES if m & BIT[c]) for m in range(1 << len(CODES))], dtype=object
)


def _check_tables() -> dict[str, npt.NDArray[np.float64] | None]:
    """Per table key: ``None`` when both editions share one lookup table, else the two stacked (2, L)."""
    stacked: dict[str, npt.NDArray[np.float64] | None] = {}
    for key, old in BREAKPOINTS["2012"].items():
        new = BREAKPOINTS["2026"][key]
        # Both editions share every top breakpoint, so one index serves both lookup tables.
        assert old.top_scaled == new.top_scaled and old.decimals == new.decimals, key
        same = np.array_equal(old.lut, new.lut, equal_nan=True)
        stacked[key] = None if same else np.vstack([old.lut, new.lut])
    return stacked


_STACKED: Final = _check_tables()


def _lookup(
    table_key: str, raw: FloatArray, edition: npt.NDArray[np.int8], uniform: int | None
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """IAQI of raw concentrations (rounded here) under each record's edition, and the above-top mask."""
    table = BREAKPOINTS["2012"][table_key]
    idx = table.index(scaled_half_even(raw, table.decimals))
    stacked = _STACKED[table_key]
    if stacked is None:
        value = table.lut[idx]
    elif uniform is not None:
        value = stacked[uniform][idx]
    else:  # mixed editions: one gather from the two tables laid end to end
        value = stacked.ravel()[edition.astype(np.intp) * stacked.shape[1] + idx]
    return value, idx == table.top_scaled + 1


def iaqi(indicator: str, concentration: npt.ArrayLike, edition: str = "2026") -> FloatArray:
    """IAQI of one indicator, rounded up; NaN where the concentration is missing or not computed.

    Parameters
    ----------
    indicator : str
        Breakpoint table key: ``so2_24h``, ``so2_1h``, ``no2_24h``, ``no2_1h``, ``co_24h``, ``co_1h``,
        ``o3_1h``, ``o3_8h``, ``pm10_24h`` or ``pm25_24h``.
    concentration : array_like
        Concentration [µg/m³; CO mg/m³], rounded here per GB/T 8170 (HJ 633-2026 §4.2.2).
    edition : {"2012", "2026"}

    Notes
    -----
    ``so2_1h`` > 800 and ``o3_8h`` > 800: 200 and 300 under 2026 (Table 3 notes b, c); NaN under 2012, whose notes
    2 and 3 replace them by another indicator (see :func:`hourly_aqi` and :func:`daily_aqi`). Any other value
    above the top breakpoint gets IAQI 500 (our policy). Negative values are NaN.

    Examples
    --------
    >>> iaqi("pm25_24h", [35, 70, 75.5, 600], "2012").tolist()
    [50.0, 94.0, 102.0, 500.0]
    >>> iaqi("pm25_24h", [70], "2026").tolist()
    [110.0]
    >>> iaqi("co_24h", [0.9, 3.5, float("nan")], "2012").tolist()
    [23.0, 88.0, nan]
    """
    if edition not in EDITIONS:
        raise ValidationError(f"edition must be 2012 or 2026, not {edition!r}", code="air.bad_edition")
    table = BREAKPOINTS[edition][indicator]
    raw = _clean(np.atleast_1d(np.asarray(concentration, dtype=np.float64)))[0]
    return table.lookup(scaled_half_even(raw, table.decimals))


def level_of(aqi: npt.ArrayLike) -> npt.NDArray[np.int8]:
    """AQI level 1 … 6 of integer AQI values (HJ 633-2012 Table 2, HJ 633-2026 Table 1); 0 for NaN.

    >>> level_of([0, 50, 51, 100, 101, 300, 301, 500, float("nan")]).tolist()
    [1, 1, 2, 2, 3, 5, 6, 6, 0]
    """
    values = np.atleast_1d(np.asarray(aqi, dtype=np.float64))
    level = np.searchsorted(np.asarray(LEVEL_UPPER, dtype=np.float64), values, side="left") + 1
    level[np.isnan(values)] = 0
    return level.astype(np.int8)


def _clean(values: FloatArray) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    negative = values < 0
    if negative.any():
        values = np.where(negative, np.nan, values)
    return values, negative


def _bits(mask: npt.NDArray[np.bool_], code: str) -> npt.NDArray[np.uint8]:
    return np.left_shift(mask.view(np.uint8), CODES.index(code))


@dataclass
class AQIResult:
    """AQI of many records at once; every attribute is an array with one entry per record.

    Attributes
    ----------
    report : {"hourly", "daily"}
    codes : tuple of str
        Indicators this report can use, in output order (subset of :data:`~ljeco.standards.air.tables.CODES`).
    aqi : ndarray of float
        AQI; NaN where it is NA (all inputs missing, or §5.3.1).
    iaqi : dict of str to ndarray of float
        IAQI per indicator code; NaN where missing or not part of this record's AQI.
    primary, missing, beyond, negative : ndarray of uint8
        Pollutant bit masks (:data:`~ljeco.standards.air.tables.BIT`): primary pollutants; missing required
        indicators; concentrations above the top breakpoint; negative concentrations.
    flags : ndarray of uint8
        ``FLAG_*`` bits.
    edition : ndarray of int8
        0 = 2012, 1 = 2026.
    """

    report: Report
    codes: tuple[str, ...]
    aqi: FloatArray
    iaqi: dict[str, FloatArray]
    primary: npt.NDArray[np.uint8]
    missing: npt.NDArray[np.uint8]
    beyond: npt.NDArray[np.uint8]
    negative: npt.NDArray[np.uint8]
    flags: npt.NDArray[np.uint8]
    edition: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return len(self.aqi)

    @property
    def level(self) -> npt.NDArray[np.int8]:
        """AQI level 1 … 6 (HJ 633-2012 Table 2 / HJ 633-2026 Table 1); 0 where the AQI is NA."""
        return level_of(self.aqi)

    @property
    def over100(self) -> npt.NDArray[np.uint8]:
        """Bit mask of indicators with IAQI > 100: 超标污染物 under 2012 (§3.4), sensitive groups under 2026."""
        out = np.zeros(len(self), dtype=np.uint8)
        for code in self.codes:
            out |= _bits(self.iaqi[code] > 100, code)
        return out

    def primary_text(self) -> npt.NDArray[np.object_]:
        """Primary pollutant codes joined by "," for ties; "" when AQI ≤ 50 or NA."""
        return _MASK_TEXT[self.primary]

    def exceeding_text(self) -> npt.NDArray[np.object_]:
        """超标污染物 (IAQI > 100, HJ 633-2012 §3.4) for 2012 records; "" for 2026 records (definition deleted)."""
        return _MASK_TEXT[np.where(self.edition == 0, self.over100, 0)]

    def flag_text(self) -> npt.NDArray[np.object_]:
        """Flags as ``name[:codes]`` joined by ";" ("" when none)."""
        out = np.full(len(self), "", dtype=object)
        nonzero = np.flatnonzero(self.flags)
        if nonzero.size:
            uniq, inverse = np.unique(self._flag_key(nonzero), return_inverse=True)
            out[nonzero] = np.array([_flag_words(int(k)) for k in uniq], dtype=object)[inverse]
        return out

    def _flag_key(self, rows: Any) -> npt.NDArray[np.int64]:
        return (
            self.flags[rows].astype(np.int64) << 24
            | self.missing[rows].astype(np.int64) << 16
            | self.beyond[rows].astype(np.int64) << 8
            | self.negative[rows].astype(np.int64)
        )

    def record(self, i: int) -> dict[str, Any]:
        """Record ``i`` as a JSON-ready dict (the API's one-value answer uses this); O(1) per call."""
        level = int(level_of(self.aqi[i])[0])
        ed = EDITIONS[int(self.edition[i])]
        info = LEVELS.get(level)
        over100 = sum(BIT[c] for c, v in self.iaqi.items() if v[i] > 100)
        rec: dict[str, Any] = {
            "aqi": None if np.isnan(self.aqi[i]) else int(self.aqi[i]),
            "primary_pollutant": [c for c in CODES if self.primary[i] & BIT[c]],
            "level": level or None,
            "category": info.category if info else None,
            "colour": info.hex if info else None,
            "health_effect": info.health_effect[ed] if info else None,
            "advice": info.advice[ed] if info else None,
            "edition": ed,
            "iaqi": {c: None if np.isnan(v[i]) else int(v[i]) for c, v in self.iaqi.items()},
            "flags": [w for w in _flag_words(int(self._flag_key(i))).split(";") if w],
        }
        if ed == "2012":
            rec["exceeding_pollutants"] = [c for c in CODES if over100 & BIT[c]]
        else:
            rec["sensitive_groups"] = sensitive_groups(over100)
        return rec

    def to_frame(self) -> Any:
        """A pandas DataFrame: ``aqi, primary_pollutant, level, category, edition, iaqi_<code>…,
        exceeding_pollutants, flags`` (nullable integers; NA where the standard publishes NA)."""
        import pandas as pd

        level = self.level
        category = np.array([""] + [LEVELS[k].category for k in range(1, 7)], dtype=object)[level]
        frame = pd.DataFrame(
            {
                "aqi": nullable_int(self.aqi),
                "primary_pollutant": self.primary_text(),
                "level": nullable_int(np.where(level > 0, level, np.nan)),
                "category": category,
                "edition": np.array(EDITIONS, dtype=object)[self.edition],
            }
        )
        for code in self.codes:
            frame[f"iaqi_{code}"] = nullable_int(self.iaqi[code])
        frame["exceeding_pollutants"] = self.exceeding_text()
        frame["flags"] = self.flag_text()
        return frame


def nullable_int(values: npt.ArrayLike) -> Any:
    """Integer-valued floats as a pandas ``Int64`` array, NaN → ``<NA>`` (written as an empty CSV field)."""
    import pandas as pd

    x = np.asarray(values, dtype=np.float64)
    mask = np.isnan(x)
    return pd.arrays.IntegerArray(np.where(mask, 0, x).astype(np.int64), mask)


def _flag_words(key: int) -> str:
    flags, missing, beyond, negative = key >> 24, (key >> 16) & 0xFF, (key >> 8) & 0xFF, key & 0xFF
    detail = {
        FLAG_INCOMPLETE: missing,
        FLAG_AQI_NA: missing,
        FLAG_BEYOND_TOP: beyond,
        FLAG_NEGATIVE: negative,
    }
    words = []
    for bit, name in _FLAG_NAMES:
        if flags & bit:
            codes = _MASK_TEXT[detail[bit]] if bit in detail else ""
            words.append(f"{name}:{codes}" if codes else name)
    return ";".join(words)


def sensitive_groups(over100_mask: int) -> list[str]:
    """HJ 633-2026 Table 2: the sensitive groups of every pollutant whose IAQI exceeds 100 (no duplicates)."""
    groups: list[str] = []
    for code in CODES:
        if over100_mask & BIT[code]:
            for g in SENSITIVE_GROUPS_2026[SENSITIVE_ROW[code]]:
                if g not in groups:
                    groups.append(g)
    return groups


def _column(conc: Mapping[str, Any], key: str, n: int) -> FloatArray:
    if key not in conc or conc[key] is None:
        return np.full(n, np.nan)
    values = np.atleast_1d(np.asarray(conc[key], dtype=np.float64))
    if values.shape != (n,):
        raise ValidationError(f"column {key!r} has {values.size} values, expected {n}", code="air.shape")
    return values


def _length(conc: Mapping[str, Any], keys: Collection[str]) -> int:
    sizes = {np.atleast_1d(np.asarray(conc[k])).size for k in keys if k in conc and conc[k] is not None}
    if len(sizes) > 1:
        raise ValidationError("concentration arrays differ in length", code="air.shape")
    return sizes.pop() if sizes else 0


def _uniform(edition: npt.NDArray[np.int8]) -> int | None:
    """The edition code shared by every record, or ``None`` when they differ."""
    if edition.size == 0:
        return 0
    first = int(edition[0])
    return first if bool((edition == first).all()) else None


def _mask(codes: Iterable[str]) -> int:
    codes = tuple(codes)
    unknown = set(codes) - set(CODES)
    if unknown:
        raise ValidationError(
            f"unknown pollutant code(s) {sorted(unknown)}; use {', '.join(CODES)}", code="air.bad_code"
        )
    return sum(BIT[c] for c in codes)


def _finish(
    report: Report,
    iaqis: dict[str, FloatArray],
    required: npt.NDArray[np.uint8] | int,
    flags: npt.NDArray[np.uint8],
    beyond: npt.NDArray[np.uint8],
    negative: npt.NDArray[np.uint8],
    edition: npt.NDArray[np.int8],
) -> AQIResult:
    """AQI, primary pollutants and HJ 633-2026 §5.3.1 completeness from the IAQIs taking part (NaN = absent).

    ``required`` is the mask (per record, or one for all) of the indicators a complete record has.
    """
    codes = tuple(iaqis)
    arrays = list(iaqis.values())
    aqi = arrays[0].copy()
    for values in arrays[1:]:
        np.fmax(aqi, values, out=aqi)  # formula 2; fmax skips NaN unless every indicator is NaN
    missing = np.zeros(len(aqi), dtype=np.uint8)
    primary = np.zeros(len(aqi), dtype=np.uint8)
    for code, values in zip(codes, arrays, strict=True):
        missing |= _bits(np.isnan(values), code)
        primary |= _bits(values == aqi, code)  # ties after rounding up, as the national feed lists them
    missing &= required
    incomplete = missing != 0
    published = ~incomplete | (aqi > 100)  # HJ 633-2026 §5.3.1
    if not published.all():
        aqi[~published] = np.nan
    primary[~(aqi > 50)] = 0  # HJ 633-2012 §4.4.2, HJ 633-2026 §4.3.1 (also clears NA records)
    flags |= (incomplete & published).view(np.uint8) * np.uint8(FLAG_INCOMPLETE)
    flags |= (incomplete & ~published).view(np.uint8) * np.uint8(FLAG_AQI_NA)
    flags |= (beyond != 0).view(np.uint8) * np.uint8(FLAG_BEYOND_TOP)
    flags |= (negative != 0).view(np.uint8) * np.uint8(FLAG_NEGATIVE)
    return AQIResult(report, codes, aqi, iaqis, primary, missing, beyond, negative, flags, edition)


def _editions(times: Any, n: int, edition: str, *, daily: bool) -> npt.NDArray[np.int8]:
    if edition != "auto":
        return np.full(n, EDITIONS.index(check_edition(edition)), dtype=np.int8)
    if times is None:
        raise ValidationError("edition 'auto' needs the time of every value", code="air.no_times")
    local = local_datetime64(times)
    ed = day_editions(local.astype("datetime64[D]")) if daily else hour_editions(local)
    if ed.shape != (n,):
        raise ValidationError(f"{ed.size} times for {n} values", code="air.shape")
    return ed


def hourly_aqi(
    conc: Mapping[str, npt.ArrayLike | None],
    times: Any = None,
    *,
    edition: str = "auto",
    so2_24h: npt.ArrayLike | None = None,
    exempt: Collection[str] = (),
) -> AQIResult:
    """Real-time (hourly) AQI of many station-hours (HJ 633-2012 as practised nationally; HJ 633-2026 §4.2.3).

    Parameters
    ----------
    conc : mapping of str to array_like
        1-hour means ``so2``, ``no2``, ``o3``, ``pm10``, ``pm25`` [µg/m³] and ``co`` [mg/m³]; NaN or an absent key
        is missing. Values are rounded here (GB/T 8170). Scalars give a one-record result.
    times : array_like of datetime, optional
        Local end-of-hour labels (CNEMC convention); required with ``edition="auto"``.
    edition : {"auto", "2012", "2026"}
        ``auto`` picks the edition of each record from its time (:mod:`~ljeco.standards.air.editions`).
    so2_24h : array_like, optional
        SO2 24-hour mean [µg/m³] ending at the same hour, for the 2012 rule "SO2 1-h > 800 → IAQI of the 24-hour
        mean" (Table 1 note 2). Without it such an SO2 IAQI is missing.
    exempt : collection of str
        Indicator codes not monitored by design (HJ 633-2026 §5.3.2): their absence does not make a record
        incomplete.
    """
    n = _length(conc, HOURLY_INDICATORS)
    ed = _editions(times, n, edition, daily=False)
    uniform = _uniform(ed)
    iaqis: dict[str, FloatArray] = {}
    beyond = np.zeros(n, dtype=np.uint8)
    negative = np.zeros(n, dtype=np.uint8)
    flags = np.zeros(n, dtype=np.uint8)
    for key, (code, table_key) in HOURLY_INDICATORS.items():
        raw, neg = _clean(_column(conc, key, n))
        negative |= _bits(neg, code)
        value, over = _lookup(table_key, raw, ed, uniform)
        if code == "so2":
            flags |= over.view(np.uint8) * np.uint8(FLAG_SO2_1H_OVER_800)
            fallback = over & (ed == 0)
            if fallback.any() and so2_24h is not None:  # HJ 633-2012 Table 1 note 2
                daily = _clean(_column({"so2_24h": so2_24h}, "so2_24h", n))[0]
                value[fallback] = iaqi("so2_24h", daily[fallback], "2012")
        else:
            beyond |= _bits(over, code)
        iaqis[code] = value
    required = _mask(code for code, _ in HOURLY_INDICATORS.values()) & ~_mask(exempt)
    return _finish("hourly", iaqis, required, flags, beyond, negative, ed)


def daily_aqi(
    conc: Mapping[str, npt.ArrayLike | None],
    days: Any = None,
    *,
    edition: str = "auto",
    o3_1h_in_daily: bool = False,
    exempt: Collection[str] = (),
) -> AQIResult:
    """Daily AQI (HJ 633-2012 §5.1.2; HJ 633-2026 §4.2.2) of many station-days.

    Parameters
    ----------
    conc : mapping of str to array_like
        Daily means ``so2``, ``no2``, ``pm10``, ``pm25`` [µg/m³], ``co`` [mg/m³]; ``o3_8h`` the O3 daily maximum
        8-hour mean and ``o3_1h`` the O3 daily maximum 1-hour mean [µg/m³]. Invalid values are NaN.
    days : array_like of date, optional
        The standards' days; required with ``edition="auto"``.
    edition : {"auto", "2012", "2026"}
    o3_1h_in_daily : bool
        2012 only: include the O3 daily max 1-h IAQI as HJ 633-2012 §5.1.2 is written (seven indicators).
        Default six, as the national daily publication (see module notes).
    exempt : collection of str
        Codes not monitored by design (HJ 633-2026 §5.3.2).
    """
    n = _length(conc, DAILY_INDICATORS)
    ed = _editions(days, n, edition, daily=True)
    uniform = _uniform(ed)
    iaqis: dict[str, FloatArray] = {}
    beyond = np.zeros(n, dtype=np.uint8)
    negative = np.zeros(n, dtype=np.uint8)
    flags = np.zeros(n, dtype=np.uint8)
    o3_8h_over = np.zeros(n, dtype=bool)
    for key, (code, table_key) in DAILY_INDICATORS.items():
        raw, neg = _clean(_column(conc, key, n))
        negative |= _bits(neg, code)
        value, over = _lookup(table_key, raw, ed, uniform)
        if code == "o3_8h":
            o3_8h_over = over  # 2026 note c: 300 from the table; 2012 note 3: NaN, replaced by O3 1-h below
        else:
            beyond |= _bits(over, code)
        iaqis[code] = value
    is2012 = ed == 0
    flags |= o3_8h_over.view(np.uint8) * np.uint8(FLAG_O3_8H_OVER_800)
    # O3 1-h takes part only in 2012: always with seven indicators, else as the note-3 replacement of O3 8-h.
    o3_1h_counted = is2012 & (o3_1h_in_daily | o3_8h_over)
    iaqis["o3_1h"][~o3_1h_counted] = np.nan
    beyond &= ~_bits(~o3_1h_counted, "o3_1h")
    o3_8h_replaced = is2012 & o3_8h_over
    required = np.full(
        n, _mask(("so2", "no2", "co", "o3_8h", "pm10", "pm25")) & ~_mask(exempt), dtype=np.uint8
    )
    required |= _bits(o3_1h_counted, "o3_1h")
    required &= ~_bits(o3_8h_replaced, "o3_8h")
    return _finish("daily", iaqis, required, flags, beyond, negative, ed)


__all__ = [
    "DAILY_INDICATORS",
    "FLAG_AQI_NA",
    "FLAG_BEYOND_TOP",
    "FLAG_INCOMPLETE",
    "FLAG_NEGATIVE",
    "FLAG_O3_8H_OVER_800",
    "FLAG_SO2_1H_OVER_800",
    "HOURLY_INDICATORS",
    "AQIResult",
    "daily_aqi",
    "hourly_aqi",
    "iaqi",
    "level_of",
    "sensitive_groups",
]
