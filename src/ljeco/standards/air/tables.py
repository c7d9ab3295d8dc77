"""Breakpoint tables, AQI levels and texts of HJ 633-2012 and HJ 633-2026.

Every table carries its clause, source and verification status (legend in
``shared/reference/standards/README.md``: *verified*, *single source*, *UNVERIFIED*). Concentrations are in µg/m³
except CO in mg/m³. Indicator keys name the pollutant and its averaging time: ``so2_24h`` is the SO2 24-hour
(daily) mean, ``o3_8h`` the O3 8-hour moving mean.

Examples
--------
>>> BREAKPOINTS["2012"]["pm25_24h"].concentration[2], BREAKPOINTS["2026"]["pm25_24h"].concentration[2]
(75.0, 60.0)
>>> LEVELS[2].category, LEVELS[2].rgb
('良', (255, 255, 0))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

Edition = Literal["2012", "2026"]
#: The two editions of HJ 633 (and their companions GB 3095 / HJ 663), oldest first. Index = edition code.
EDITIONS: Final[tuple[Edition, Edition]] = ("2012", "2026")

#: Pollutant codes used in outputs (``primary_pollutant``, ``iaqi_<code>``), in the order ties are listed.
#: PM10 before PM2.5 follows the national feed ("颗粒物(PM10),细颗粒物(PM2.5)").
CODES: Final[tuple[str, ...]] = ("so2", "no2", "co", "o3_1h", "o3_8h", "pm10", "pm25")
#: Bit of each code in the pollutant bit masks (primary pollutants, missing indicators …).
BIT: Final[dict[str, int]] = {code: 1 << i for i, code in enumerate(CODES)}

#: Names as the national feed publishes them (HJ 633-2012 §3.3; "臭氧8小时" etc.).
NAME_CN: Final[dict[str, str]] = {
    "so2": "二氧化硫",
    "no2": "二氧化氮",
    "co": "一氧化碳",
    "o3_1h": "臭氧1小时",
    "o3_8h": "臭氧8小时",
    "pm10": "颗粒物(PM10)",
    "pm25": "细颗粒物(PM2.5)",
}

_IAQI8 = (0, 50, 100, 150, 200, 300, 400, 500)

_SRC_2012 = (
    "HJ 633-2012 Table 1 and notes (1)-(3); MEE PDF W020120410332725219541.pdf (text read from the copy in "
    "github caiyunapp/aqi-hub docs/)"
)
_SRC_2026 = (
    "HJ 633-2026 Table 3 and notes a-c; official scanned PDF W020260225366493492011.pdf (sha256 a71ff69e…74e3), "
    "read page by page"
)


@dataclass(frozen=True)
class BreakpointTable:
    """One column of an HJ 633 IAQI table: concentration breakpoints and the IAQI at each.

    Segments are continuous (HJ 633 formula 1): a breakpoint closes one segment and opens the next, so the IAQI
    at a breakpoint is the same whichever segment is used.

    Attributes
    ----------
    edition : {"2012", "2026"}
    indicator : str
        Pollutant and averaging time, e.g. ``"so2_1h"``.
    averaging : str
        What the concentration must be (``"24-hour mean"``, ``"1-hour mean"`` …).
    unit : str
        ``"µg/m³"`` or ``"mg/m³"`` (CO).
    decimals : int
        Decimals the input concentration is rounded to before use (HJ 633-2026 §4.2.2/§4.2.3; HJ 663-2013 §6.3
        Table 3): 0, or 1 for CO.
    concentration : tuple of float
        Breakpoints BP [unit], ascending, starting at 0.
    iaqi : tuple of int
        IAQI at each breakpoint.
    above_top : str
        What the standard says for a concentration above the last breakpoint ("" when it says nothing).
    clause, source, verification : str
    """

    edition: Edition
    indicator: str
    averaging: str
    unit: str
    decimals: int
    concentration: tuple[float, ...]
    iaqi: tuple[int, ...]
    clause: str
    source: str
    verification: str = "verified"
    above_top: str = ""
    #: IAQI above the top breakpoint: the table's top IAQI (2026 notes b/c; our cap of 500 elsewhere), or
    #: ``None`` where the standard replaces the indicator by another (2012 notes 2/3).
    beyond_iaqi: int | None = 500
    #: ``lut[k]`` is the IAQI of the rounded concentration k × 10**-decimals for k = 0 … top; ``lut[top + 1]``
    #: is :attr:`beyond_iaqi` (NaN if ``None``), ``lut[top + 2]`` is NaN (missing). See :meth:`lookup`.
    lut: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.concentration) != len(self.iaqi):
            raise ValueError(f"{self.indicator}: breakpoints and IAQI differ in length")
        scale = 10**self.decimals
        bp = [round(c * scale) for c in self.concentration]
        if any(b >= a for a, b in zip(bp[1:], bp, strict=False)):
            raise ValueError(f"{self.indicator}: breakpoints must increase")
        # HJ 633 formula 1 on continuous segments, rounded up (HJ 633-2012 §6.2, HJ 633-2026 §4.2.6), in exact
        # integer arithmetic: IAQI_lo + ceil((IAQI_hi - IAQI_lo)(C - BP_lo) / (BP_hi - BP_lo)).
        lut = np.empty(bp[-1] + 3, dtype=np.float64)
        for i in range(len(bp) - 1):
            k = np.arange(bp[i], bp[i + 1] + 1, dtype=np.int64)
            rise, run = self.iaqi[i + 1] - self.iaqi[i], bp[i + 1] - bp[i]
            lut[bp[i] : bp[i + 1] + 1] = self.iaqi[i] - (-(rise * (k - bp[i])) // run)
        lut[-2] = np.nan if self.beyond_iaqi is None else self.beyond_iaqi
        lut[-1] = np.nan
        object.__setattr__(self, "lut", lut)

    @property
    def top_scaled(self) -> int:
        """The top breakpoint in units of 10**-decimals."""
        return len(self.lut) - 3

    def index(self, scaled: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """Row of :attr:`lut` for concentrations already rounded and scaled (NaN → missing row)."""
        top = float(self.top_scaled)
        return np.where(np.isnan(scaled), top + 2, np.minimum(scaled, top + 1)).astype(np.intp)

    def lookup(self, scaled: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """IAQI of concentrations already rounded and scaled to integers (NaN stays NaN)."""
        return self.lut[self.index(scaled)]

    @property
    def scale(self) -> int:
        return int(10**self.decimals)

    @property
    def top(self) -> float:
        """The highest breakpoint [unit]."""
        return self.concentration[-1]


def _t(
    edition: Edition,
    indicator: str,
    concentration: tuple[float, ...],
    *,
    averaging: str,
    unit: str = "µg/m³",
    above_top: str = "",
    beyond_iaqi: int | None = 500,
) -> BreakpointTable:
    return BreakpointTable(
        edition=edition,
        indicator=indicator,
        averaging=averaging,
        unit=unit,
        decimals=1 if indicator.startswith("co") else 0,
        concentration=tuple(float(c) for c in concentration),
        iaqi=_IAQI8[: len(concentration)],
        clause="HJ 633-2012 Table 1" if edition == "2012" else "HJ 633-2026 Table 3",
        source=_SRC_2012 if edition == "2012" else _SRC_2026,
        above_top=above_top,
        beyond_iaqi=beyond_iaqi,
    )


def _edition_tables(edition: Edition) -> dict[str, BreakpointTable]:
    new = edition == "2026"
    d24 = "24-hour (daily) mean"
    h1 = "1-hour mean (real-time report only)"
    so2_note = (
        "SO2 1-h > 800 µg/m³: IAQI counted as 200 (HJ 633-2026 Table 3 note b)"
        if new
        else "SO2 1-h > 800 µg/m³: no 1-h IAQI; report the SO2 IAQI of the 24-h mean (HJ 633-2012 Table 1 note 2)"
    )
    o3_note = (
        "O3 8-h > 800 µg/m³: IAQI counted as 300 (HJ 633-2026 Table 3 note c)"
        if new
        else "O3 8-h > 800 µg/m³: no 8-h IAQI; report the O3 IAQI of the 1-h mean (HJ 633-2012 Table 1 note 3)"
    )
    tables = [
        _t(edition, "so2_24h", (0, 50, 150, 475, 800, 1600, 2100, 2620), averaging=d24),
        _t(
            edition,
            "so2_1h",
            (0, 150, 500, 650, 800),
            averaging=h1,
            above_top=so2_note,
            beyond_iaqi=200 if new else None,
        ),
        _t(edition, "no2_24h", (0, 40, 80, 180, 280, 565, 750, 940), averaging=d24),
        _t(edition, "no2_1h", (0, 100, 200, 700, 1200, 2340, 3090, 3840), averaging=h1),
        _t(edition, "co_24h", (0, 2, 4, 14, 24, 36, 48, 60), averaging=d24, unit="mg/m³"),
        _t(edition, "co_1h", (0, 5, 10, 35, 60, 90, 120, 150), averaging=h1, unit="mg/m³"),
        _t(edition, "o3_1h", (0, 160, 200, 300, 400, 800, 1000, 1200), averaging="1-hour mean"),
        _t(
            edition,
            "o3_8h",
            (0, 100, 160, 215, 265, 800),
            averaging="8-hour moving mean",
            above_top=o3_note,
            beyond_iaqi=300 if new else None,
        ),
        # The 2026 edition moved the PM IAQI-100 breakpoints to the GB 3095-2026 transitional daily limits.
        _t(edition, "pm10_24h", (0, 50, 120 if new else 150, 250, 350, 420, 500, 600), averaging=d24),
        _t(edition, "pm25_24h", (0, 35, 60 if new else 75, 115, 150, 250, 350, 500), averaging=d24),
    ]
    return {t.indicator: t for t in tables}


#: ``BREAKPOINTS[edition][indicator]``.
BREAKPOINTS: Final[dict[Edition, dict[str, BreakpointTable]]] = {ed: _edition_tables(ed) for ed in EDITIONS}


@dataclass(frozen=True)
class AQILevel:
    """One AQI level (HJ 633-2012 Table 2 and Appendix A Table A.1; HJ 633-2026 Table 1, Appendix A).

    The levels, categories and colours are the same in both editions; HJ 633-2026 writes level 1 as 1–50
    (§4.1.1: AQI 1–500). ``health_effect`` and ``advice`` are per edition.
    """

    level: int
    name: str
    category: str
    category_en: str
    aqi_min: int
    aqi_max: int | None
    colour: str
    rgb: tuple[int, int, int]
    cmyk: tuple[int, int, int, int]
    health_effect: dict[Edition, str]
    advice: dict[Edition, str]

    @property
    def hex(self) -> str:
        """The RGB colour as ``#RRGGBB``."""
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)


# HJ 633-2012 Table 2 texts. Single source for exact wording: several public transcriptions agree in substance
# and differ in particles ("的"); check against the PDF before release.
# HJ 633-2026 Table 1 texts: single source (a public transcription); the level-3 texts are corroborated by a
# CNEMC city daily record of 2026-09 ("Unheathful"/"Measure" fields). UNVERIFIED against the PDF.
_LEVEL_ROWS: tuple[tuple[int, str, str, str, int, int | None, str, tuple[int, int, int], tuple[int, int, int, int], str, str, str, str], ...] = (
    (1, "一级", "优", "excellent", 0, 50, "绿色", (0, 228, 0), (40, 0, 100, 0),
     "空气质量令人满意，基本无空气污染", "各类人群可正常活动",
     "空气质量令人满意，基本无空气污染", "各类人群可正常活动"),
    (2, "二级", "良", "good", 51, 100, "黄色", (255, 255, 0), (0, 0, 100, 0),
     "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响", "极少数异常敏感人群应减少户外活动",
     "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响", "极少数异常敏感人群应减少户外活动"),
    (3, "三级", "轻度污染", "lightly polluted", 101, 150, "橙色", (255, 126, 0), (0, 52, 100, 0),
     "易感人群症状有轻度加剧，健康人群出现刺激症状",
     "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼",
     "敏感人群症状有轻度加剧，健康人群出现刺激症状",
     "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼"),
    (4, "四级", "中度污染", "moderately polluted", 151, 200, "红色", (255, 0, 0), (0, 100, 100, 0),
     "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
     "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动",
     "进一步加剧敏感人群症状，可能对健康人群心血管系统、呼吸系统有影响",
     "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应避免长时间、高强度的户外锻炼，一般人群适量减少户外运动"),
    (5, "五级", "重度污染", "heavily polluted", 201, 300, "紫色", (153, 0, 76), (10, 100, 40, 30),
     "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
     "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动",
     "心血管系统和呼吸系统患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
     "青少年儿童、老年人和心血管系统疾病、呼吸系统疾病患者应停留在室内，停止户外运动，一般人群减少户外运动"),
    (6, "六级", "严重污染", "severely polluted", 301, None, "褐红色", (126, 0, 35), (30, 100, 100, 30),
     "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
     "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动",
     "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
     "青少年儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动"),
)  # fmt: skip

#: ``LEVELS[level]`` for level 1 … 6.
LEVELS: Final[dict[int, AQILevel]] = {
    row[0]: AQILevel(
        level=row[0],
        name=row[1],
        category=row[2],
        category_en=row[3],
        aqi_min=row[4],
        aqi_max=row[5],
        colour=row[6],
        rgb=row[7],
        cmyk=row[8],
        health_effect={"2012": row[9], "2026": row[11]},
        advice={"2012": row[10], "2026": row[12]},
    )
    for row in _LEVEL_ROWS
}
#: Upper AQI bound of levels 1 … 5; a level is 1 + the number of bounds below the AQI.
LEVEL_UPPER: Final[tuple[int, ...]] = (50, 100, 150, 200, 300)

LEVEL_SOURCE: Final[dict[str, str]] = {
    "levels_colours": "HJ 633-2012 Table 2 and Appendix A Table A.1; HJ 633-2026 Table 1 and Appendix A (same values); verified",
    "texts_2012": "HJ 633-2012 Table 2; single source for exact wording (public transcriptions agree in substance)",
    "texts_2026": "HJ 633-2026 Table 1; UNVERIFIED transcription, level 3 corroborated by a 2026 CNEMC daily record",
}

#: HJ 633-2026 Table 2: sensitive groups of a pollutant whose IAQI exceeds 100. The groups were read from the
#: PDF (verified); the Chinese wording here is re-entered from English notes (single source for exact wording).
SENSITIVE_GROUPS_2026: Final[dict[str, tuple[str, ...]]] = {
    "so2": ("哮喘患者", "青少年儿童", "老年人"),
    "no2": ("呼吸系统疾病患者（如哮喘患者）", "青少年儿童", "老年人"),
    "co": ("心血管系统疾病患者",),
    "o3": ("呼吸系统疾病患者", "青少年儿童", "户外活动人群", "老年人"),
    "pm": ("心血管系统疾病、呼吸系统疾病患者", "青少年儿童", "户外活动人群", "老年人"),
}
#: Which Table 2 row applies to each output code.
SENSITIVE_ROW: Final[dict[str, str]] = {
    "so2": "so2", "no2": "no2", "co": "co", "o3_1h": "o3", "o3_8h": "o3", "pm10": "pm", "pm25": "pm",
}  # fmt: skip

__all__ = [
    "BIT",
    "BREAKPOINTS",
    "CODES",
    "EDITIONS",
    "LEVELS",
    "LEVEL_SOURCE",
    "LEVEL_UPPER",
    "NAME_CN",
    "SENSITIVE_GROUPS_2026",
    "SENSITIVE_ROW",
    "AQILevel",
    "BreakpointTable",
    "Edition",
]
