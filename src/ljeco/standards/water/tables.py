"""GB 3838-2002 Table 1 and the 环办〔2011〕22号 item sets, as data.

Limits are mg/L (pH unitless, fecal coliform 个/L), in class order I, II, III, IV, V. Every row is *verified* in
our reference notes (three transcriptions agree; qqmaoyi's "105" for TN class IV is a typo for 1.5).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Class labels, index 0 = class I … index 5 = worse than class V. Codes used by the arrays are 1…6; 0 = none.
CLASS_LABELS: tuple[str, ...] = ("I", "II", "III", "IV", "V", "劣V")
#: Chinese labels for display (GB 3838-2002 uses Roman numerals Ⅰ–Ⅴ and 劣Ⅴ).
CLASS_LABELS_CN: tuple[str, ...] = ("Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类")
WORSE_THAN_V = 6

#: GB 3838-2002 clause 3 (表1 note): pH is 6–9 in every class.
PH_RANGE = (6.0, 9.0)


@dataclass(frozen=True, slots=True)
class Gb3838Row:
    """One row of GB 3838-2002 Table 1.

    ``minimum`` is True for dissolved oxygen, whose limits are lower bounds (≥); all other limits are upper
    bounds (≤). ``lake_limits`` are the bracketed 湖、库 values (total phosphorus only).
    """

    no: int
    name: str
    limits: tuple[float, float, float, float, float]
    minimum: bool = False
    lake_limits: tuple[float, float, float, float, float] | None = None


# GB 3838-2002 Table 1 rows 3–24 (row 1 water temperature is a rule, row 2 pH a range; see PH_RANGE).
TABLE1: dict[str, Gb3838Row] = {
    row.name: row
    for row in (
        # Row 3: class I is "饱和率90%（或7.5）"; we judge mg/L only (saturation needs temperature and pressure).
        Gb3838Row(3, "do", (7.5, 6, 5, 3, 2), minimum=True),
        Gb3838Row(4, "codmn", (2, 4, 6, 10, 15)),
        Gb3838Row(5, "cod", (15, 15, 20, 30, 40)),
        Gb3838Row(6, "bod5", (3, 3, 4, 6, 10)),
        Gb3838Row(7, "nh3n", (0.15, 0.5, 1.0, 1.5, 2.0)),
        Gb3838Row(8, "tp", (0.02, 0.1, 0.2, 0.3, 0.4), lake_limits=(0.01, 0.025, 0.05, 0.1, 0.2)),
        Gb3838Row(9, "tn", (0.2, 0.5, 1.0, 1.5, 2.0)),  # labelled 湖、库: lakes and reservoirs only
        Gb3838Row(10, "cu", (0.01, 1.0, 1.0, 1.0, 1.0)),
        Gb3838Row(11, "zn", (0.05, 1.0, 1.0, 2.0, 2.0)),
        Gb3838Row(12, "fluoride", (1.0, 1.0, 1.0, 1.5, 1.5)),
        Gb3838Row(13, "se", (0.01, 0.01, 0.01, 0.02, 0.02)),
        Gb3838Row(14, "as", (0.05, 0.05, 0.05, 0.1, 0.1)),
        Gb3838Row(15, "hg", (0.00005, 0.00005, 0.0001, 0.001, 0.001)),
        Gb3838Row(16, "cd", (0.001, 0.005, 0.005, 0.005, 0.01)),
        Gb3838Row(17, "cr6", (0.01, 0.05, 0.05, 0.05, 0.1)),
        Gb3838Row(18, "pb", (0.01, 0.01, 0.05, 0.05, 0.1)),
        Gb3838Row(19, "cn", (0.005, 0.05, 0.2, 0.2, 0.2)),
        Gb3838Row(20, "phenol", (0.002, 0.002, 0.005, 0.01, 0.1)),
        Gb3838Row(21, "petroleum", (0.05, 0.05, 0.05, 0.5, 1.0)),
        Gb3838Row(22, "las", (0.2, 0.2, 0.2, 0.3, 0.3)),
        Gb3838Row(23, "sulfide", (0.05, 0.1, 0.2, 0.5, 1.0)),
        Gb3838Row(24, "fecal_coliform", (200, 2000, 10000, 20000, 40000)),
    )
}

#: 环办〔2011〕22号: the 21 items that decide a section's class — GB 3838-2002 Table 1 without water temperature,
#: total nitrogen and fecal coliform — in Table 1 order.
CLASS_ITEMS: tuple[str, ...] = (
    "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "cu", "zn", "fluoride", "se",
    "as", "hg", "cd", "cr6", "pb", "cn", "phenol", "petroleum", "las", "sulfide",
)  # fmt: skip

#: Reference items, classified and reported apart, never deciding the class (环办〔2011〕22号). Total nitrogen
#: is a reference item for lakes and reservoirs only; for rivers it is not evaluated (河流总氮除外).
REFERENCE_ITEMS_RIVER: tuple[str, ...] = ("fecal_coliform",)
REFERENCE_ITEMS_LAKE: tuple[str, ...] = ("tn", "fecal_coliform")

#: Items for which 超标倍数 is not computed (环办〔2011〕22号): water temperature, pH and dissolved oxygen.
NO_EXCEEDANCE_MULTIPLE: frozenset[str] = frozenset({"temp", "ph", "do"})

#: Cyanide and heavy metals are listed first among the main pollutants when they exceed class III
#: (环办〔2011〕22号, main-pollutant rule). Arsenic is a metalloid grouped with the heavy metals in practice.
PRIORITY_POLLUTANTS: frozenset[str] = frozenset({"cn", "hg", "cd", "cr6", "pb", "as", "cu", "zn", "se"})

#: 环办〔2011〕22号 section status by class: (水质状况, colour, colour verified?). Words verified; only the red of
#: 劣Ⅴ is verified among the colours (the others are UNVERIFIED).
SECTION_STATUS: tuple[tuple[str, str, bool], ...] = (
    ("优", "蓝色", False),
    ("优", "蓝色", False),
    ("良好", "绿色", False),
    ("轻度污染", "黄色", False),
    ("中度污染", "橙色", False),
    ("重度污染", "红色", True),
)


def limits_for(name: str, waterbody: str = "river") -> tuple[float, float, float, float, float]:
    """The class I–V limits of item ``name`` for a ``"river"`` or a ``"lake"`` (lakes and reservoirs)."""
    row = TABLE1[name]
    if waterbody == "lake" and row.lake_limits is not None:
        return row.lake_limits
    return row.limits


__all__ = [
    "CLASS_ITEMS",
    "CLASS_LABELS",
    "CLASS_LABELS_CN",
    "NO_EXCEEDANCE_MULTIPLE",
    "PH_RANGE",
    "PRIORITY_POLLUTANTS",
    "REFERENCE_ITEMS_LAKE",
    "REFERENCE_ITEMS_RIVER",
    "SECTION_STATUS",
    "TABLE1",
    "WORSE_THAN_V",
    "Gb3838Row",
    "limits_for",
]
