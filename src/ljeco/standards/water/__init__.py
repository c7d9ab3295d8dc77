"""Surface water: GB 3838-2002 classes and the 环办〔2011〕22号 evaluation method.

Pure functions; see :mod:`.classify` (single-factor classes, vectorised), :mod:`.assess` (periods, sections,
rivers) and :mod:`.tables` (the limits, with their sources). Documentation: ``docs/standards/water.md``.
"""

from ljeco.standards.water.assess import (
    SHARE_METHOD_MIN_SECTIONS,
    OverallStatus,
    RegionStatus,
    SectionAssessment,
    Status,
    assess_section,
    main_pollutants,
    overall_status,
    period_means,
    region_status,
    section_status,
)
from ljeco.standards.water.classify import (
    WATERBODIES,
    SampleClass,
    classify_array,
    classify_item,
    classify_sample,
    code_of,
    exceedance_multiple,
    label,
    limiting_items,
)
from ljeco.standards.water.tables import CLASS_ITEMS, CLASS_LABELS, TABLE1, limits_for

#: Standard identity, recorded with every judgement.
STANDARD = "GB 3838-2002"
METHOD = "环办〔2011〕22号"

__all__ = [
    "CLASS_ITEMS",
    "CLASS_LABELS",
    "METHOD",
    "SHARE_METHOD_MIN_SECTIONS",
    "STANDARD",
    "TABLE1",
    "WATERBODIES",
    "OverallStatus",
    "RegionStatus",
    "SampleClass",
    "SectionAssessment",
    "Status",
    "assess_section",
    "classify_array",
    "classify_item",
    "classify_sample",
    "code_of",
    "exceedance_multiple",
    "label",
    "limiting_items",
    "limits_for",
    "main_pollutants",
    "overall_status",
    "period_means",
    "region_status",
    "section_status",
]
