"""Period and section assessment under 环办〔2011〕22号 (地表水环境质量评价办法（试行）).

* A period's class is the class of the **arithmetic means** of each item over the period's samples (averaging
  first, then classifying; verified for week, 10-day and month; the same rule is used for quarter and year).
* A section's 水质状况 follows its class (Ⅰ–Ⅱ 优, Ⅲ 良好, Ⅳ 轻度污染, Ⅴ 中度污染, 劣Ⅴ 重度污染).
* A river, basin or region with fewer than 5 sections: average each item over the sections, then classify; with
  5 or more: judge by the share of sections per class (no average class).
* Main pollutants (only when worse than class III): the three items with the worst class, ties broken by
  超标倍数 against class III (largest first), cyanide and heavy metals first when they exceed class III.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np

from ljeco.core.errors import ValidationError
from ljeco.standards.parameters import PARAMETERS
from ljeco.standards.water.classify import (
    classify_item,
    classify_sample,
    code_of,
    exceedance_multiple,
    label,
)
from ljeco.standards.water.tables import CLASS_ITEMS, PRIORITY_POLLUTANTS, SECTION_STATUS

#: Minimum number of sections for the class-share method (环办〔2011〕22号: 断面数≥5, "含5个").
SHARE_METHOD_MIN_SECTIONS = 5


@dataclass(frozen=True, slots=True)
class Status:
    """水质状况 with its colour; ``colour_verified`` is False where the colour is UNVERIFIED in our sources."""

    status: str
    colour: str
    colour_verified: bool


def section_status(water_class: str) -> Status:
    """水质状况 of a section of class ``water_class`` (环办〔2011〕22号 Table: 断面水质定性评价).

    >>> section_status("III").status, section_status("劣V").colour
    ('良好', '红色')
    """
    status, colour, verified = SECTION_STATUS[code_of(water_class) - 1]
    return Status(status, colour, verified)


@dataclass(frozen=True, slots=True)
class RegionStatus:
    """Status of a river/basin/region from its sections' classes (class-share method)."""

    status: str
    colour: str
    colour_verified: bool
    n_sections: int
    share_i_iii: float
    share_worse_than_v: float
    share_by_class: dict[str, float]
    method: str


_REGION_BANDS = (
    # (status, colour); conditions applied in region_status. All UNVERIFIED for rivers and regions.
    ("优", "蓝色"),
    ("良好", "绿色"),
    ("轻度污染", "黄色"),
    ("中度污染", "橙色"),
    ("重度污染", "红色"),
)


def region_status(section_classes: Sequence[str]) -> RegionStatus:
    """水质状况 of a river or region with ≥ 5 sections by the share of sections per class (环办〔2011〕22号).

    优: share(I–III) ≥ 90%; 良好: 75% ≤ share(I–III) < 90%; otherwise by the 劣Ⅴ share: < 20% 轻度污染,
    20–40% 中度污染, ≥ 40% 重度污染. (Our source notes the original may print "< 60%" in the 重度 row; the two
    readings differ only at I–III = 60% exactly.)

    >>> region_status(["II"] * 9 + ["IV"]).status
    '优'
    >>> region_status(["III"] * 3 + ["劣V"] * 2).status
    '重度污染'
    """
    codes = [code_of(c) for c in section_classes]
    n = len(codes)
    if n < SHARE_METHOD_MIN_SECTIONS:
        raise ValidationError(
            f"the class-share method needs at least {SHARE_METHOD_MIN_SECTIONS} sections, got {n}; "
            "average the sections' item means and classify instead",
            code="too_few_sections",
        )
    share = {
        lbl: sum(1 for c in codes if label(c) == lbl) / n for lbl in ("I", "II", "III", "IV", "V", "劣V")
    }
    good = sum(1 for c in codes if c <= 3) / n
    worst = share["劣V"]
    eps = 1e-12  # shares are ratios of small integers; compare with a margin against float rounding
    if good >= 0.90 - eps:
        idx = 0
    elif good >= 0.75 - eps:
        idx = 1
    elif worst < 0.20 - eps:
        idx = 2
    elif worst < 0.40 - eps:
        idx = 3
    else:
        idx = 4
    status, colour = _REGION_BANDS[idx]
    return RegionStatus(status, colour, False, n, good, worst, share, "class-share (≥5 sections)")


def period_means(
    samples: Sequence[Mapping[str, float]], items: Sequence[str] | None = None
) -> dict[str, float]:
    """Arithmetic mean of each item over ``samples`` (NaN and absent values skipped) [mg/L].

    Non-detects must already be substituted (see :mod:`ljeco.standards.detection`).

    >>> period_means([{"nh3n": 0.4}, {"nh3n": 0.6, "tp": 0.1}])
    {'nh3n': 0.5, 'tp': 0.1}
    """
    names = list(items) if items is not None else sorted({k for s in samples for k in s}, key=_order)
    means: dict[str, float] = {}
    for name in names:
        vals = [float(s[name]) for s in samples if name in s and not np.isnan(float(s[name]))]
        if vals:
            means[name] = float(np.mean(vals))
    return means


def _order(name: str) -> tuple[int, str]:
    keys = list(PARAMETERS)
    return (keys.index(name), name) if name in PARAMETERS else (len(keys), name)


@dataclass(frozen=True, slots=True)
class SectionAssessment:
    """The judgement of one section over one period."""

    section: str
    n_samples: int
    means: dict[str, float]
    water_class: str
    status: Status | None
    item_classes: dict[str, str]
    limiting_items: tuple[str, ...]
    main_pollutants: tuple[str, ...]
    reference_classes: dict[str, str]
    target_class: str | None = None
    target_met: bool | None = None
    exceedances: dict[str, float] = field(default_factory=dict)
    enough_samples: bool = True


def main_pollutants(means: Mapping[str, float], waterbody: str = "river") -> tuple[str, ...]:
    """Main pollutants annotated with their 超标倍数 against class III, e.g. ``("氨氮(1.3)",)``.

    Only when the class is worse than III; at most three items; worst class first, ties by 超标倍数 descending;
    cyanide and heavy metals that exceed class III come first (环办〔2011〕22号).
    """
    ranked: list[tuple[int, int, float, str]] = []
    for name in CLASS_ITEMS:
        if name not in means or name in ("ph", "do"):
            continue
        code = int(classify_item(name, [means[name]], waterbody)[0])
        if code <= 3:
            continue
        multiple = exceedance_multiple(name, means[name], "III", waterbody) or 0.0
        priority = 0 if name in PRIORITY_POLLUTANTS else 1
        ranked.append((priority, -code, -multiple, name))
    # DO and pH have no 超标倍数; they still count when they are the worst items.
    for name in ("do", "ph"):
        if name in means:
            code = int(classify_item(name, [means[name]], waterbody)[0])
            if code > 3:
                ranked.append((1, -code, 0.0, name))
    ranked.sort()
    out = []
    for _, _, neg_multiple, name in ranked[:3]:
        cn = PARAMETERS[name].name_cn
        out.append(cn if name in ("do", "ph") else f"{cn}({_one_decimal(-neg_multiple)})")
    return tuple(out)


def _one_decimal(value: float) -> str:
    """Round to one decimal by GB/T 8170-2008 (四舍六入五成双), on the decimal value, not its binary image."""
    return str(Decimal(repr(round(value, 10))).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def assess_section(
    section: str,
    samples: Sequence[Mapping[str, float]],
    *,
    target_class: str | None = None,
    waterbody: str = "river",
    min_samples: int = 1,
) -> SectionAssessment:
    """Class, status, limiting items, main pollutants, target and 超标倍数 of one section over a period.

    ``samples`` are the period's samples with non-detects already substituted. 超标倍数 is computed against the
    ``target_class`` when one is given, else against class III (the method's basis); only items that exceed are
    listed. ``min_samples`` is the period's required sample count (1 for week, 10-day and month; 2 for a quarter
    and 8 or 12 for a year by the UNVERIFIED recalled rule); the result says whether it was reached.
    """
    means = period_means(samples)
    result = classify_sample(means, waterbody)
    status = section_status(result.water_class) if result.code else None
    against = target_class or "III"
    if code_of(against) > 5:
        raise ValidationError("a target class must be I–V", code="bad_class")
    exceedances: dict[str, float] = {}
    for name in CLASS_ITEMS:
        if name in means:
            multiple = exceedance_multiple(name, means[name], against, waterbody)
            if multiple:
                exceedances[name] = multiple
    met = None if target_class is None or not result.code else result.code <= code_of(target_class)
    return SectionAssessment(
        section=section,
        n_samples=len(samples),
        means=means,
        water_class=result.water_class,
        status=status,
        item_classes=result.item_classes,
        limiting_items=result.limiting_items,
        main_pollutants=main_pollutants(means, waterbody) if result.code > 3 else (),
        reference_classes=result.reference_classes,
        target_class=label(code_of(target_class)) if target_class else None,
        target_met=met,
        exceedances=exceedances,
        enough_samples=len(samples) >= min_samples,
    )


@dataclass(frozen=True, slots=True)
class OverallStatus:
    """Status of all sections together (a river, basin or region)."""

    n_sections: int
    method: str
    water_class: str | None
    status: str
    colour: str
    colour_verified: bool
    share_i_iii: float
    share_worse_than_v: float


def overall_status(assessments: Sequence[SectionAssessment], waterbody: str = "river") -> OverallStatus:
    """环办〔2011〕22号 river/region evaluation: < 5 sections → mean of the section means then single factor;
    ≥ 5 sections → class-share method."""
    judged = [a for a in assessments if a.water_class]
    if not judged:
        raise ValidationError("no section has a measured item in the period", code="no_data")
    codes = [code_of(a.water_class) for a in judged]
    good = sum(1 for c in codes if c <= 3) / len(codes)
    worst = sum(1 for c in codes if c == 6) / len(codes)
    if len(judged) >= SHARE_METHOD_MIN_SECTIONS:
        r = region_status([a.water_class for a in judged])
        return OverallStatus(len(judged), r.method, None, r.status, r.colour, False, good, worst)
    means = period_means([a.means for a in judged])
    result = classify_sample(means, waterbody)
    st = section_status(result.water_class)
    return OverallStatus(
        len(judged), "mean of sections (<5 sections)", result.water_class, st.status, st.colour,
        st.colour_verified, good, worst,
    )  # fmt: skip


__all__ = [
    "SHARE_METHOD_MIN_SECTIONS",
    "OverallStatus",
    "RegionStatus",
    "SectionAssessment",
    "Status",
    "assess_section",
    "main_pollutants",
    "overall_status",
    "period_means",
    "region_status",
    "section_status",
]
