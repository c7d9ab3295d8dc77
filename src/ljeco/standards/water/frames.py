"""Tabular surface-water data: the shape the CLI, the store and the API share.

A frame has ``section``, ``time`` and one column per canonical parameter (see
:mod:`ljeco.standards.parameters`); cells are numbers, blanks (not measured) or non-detects (``0.01L``, ``<0.01``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from ljeco.core.errors import ValidationError
from ljeco.core.timeutil import CST
from ljeco.standards.detection import HALF_DETECTION_LIMIT, parse_value
from ljeco.standards.parameters import SURFACE_WATER_ITEMS
from ljeco.standards.water.assess import SectionAssessment, assess_section
from ljeco.standards.water.classify import REFERENCE_ITEMS, classify_array, label
from ljeco.standards.water.tables import CLASS_ITEMS

if TYPE_CHECKING:
    import pandas as pd

ID_COLUMNS = ("section", "time")


def parameter_columns(frame: pd.DataFrame) -> list[str]:
    """The parameter columns of ``frame``; any other column than section/time must be a surface-water item."""
    unknown = [c for c in frame.columns if c not in ID_COLUMNS and c not in SURFACE_WATER_ITEMS]
    if unknown:
        raise ValidationError(
            f"unknown column(s) {', '.join(map(str, unknown))}; surface-water columns are "
            + ",".join(SURFACE_WATER_ITEMS),
            code="unknown_column",
        )
    return [c for c in frame.columns if c in SURFACE_WATER_ITEMS]


def numeric_values(frame: pd.DataFrame, nd_fraction: float = HALF_DETECTION_LIMIT) -> pd.DataFrame:
    """Parameter columns as floats: blanks → NaN, non-detects → ``nd_fraction`` × detection limit."""
    import pandas as pd

    out = {}
    for col in parameter_columns(frame):
        series = frame[col]
        if pd.api.types.is_numeric_dtype(series):
            out[col] = series.astype(np.float64)
            continue
        # Fast path: plain numbers; only the cells that are not (non-detects, typos) go through parse_value.
        numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, copy=True)
        text = series.astype(str).str.strip()
        todo = np.flatnonzero(np.isnan(numbers) & (text != "").to_numpy())
        for row in todo:
            try:
                reading = parse_value(series.iloc[row])
            except ValidationError as exc:
                raise ValidationError(
                    f"row {row + 1}, column {col}: {exc.message}",
                    code=exc.instance_code,
                    details={"row": row + 1},
                ) from None
            numbers[row] = reading.value * nd_fraction if reading.below_detection else reading.value
        parsed = numbers
        out[col] = pd.Series(parsed, index=frame.index, dtype=np.float64)
    return pd.DataFrame(out, index=frame.index)


def classify_frame(
    frame: pd.DataFrame, waterbody: str = "river", nd_fraction: float = HALF_DETECTION_LIMIT
) -> pd.DataFrame:
    """Per row: ``water_class`` (I…V, 劣V; blank if no class item was measured), ``limiting_items``
    (comma-joined canonical names), ``n_items`` and the reference items' classes (``tn_class`` for lakes,
    ``fecal_coliform_class``) — GB 3838-2002 Table 1, 环办〔2011〕22号 single-factor method."""
    import pandas as pd

    values = numeric_values(frame, nd_fraction)
    items = [c for c in CLASS_ITEMS if c in values.columns]
    block = values[items].to_numpy(dtype=np.float64) if items else np.empty((len(frame), 0))
    sample_class, item_class = classify_array(block, items, waterbody)
    labels = np.array(["", "I", "II", "III", "IV", "V", "劣V"], dtype=object)
    limiting = []
    names = np.array(items, dtype=object)
    for i in range(len(frame)):
        code = sample_class[i]
        limiting.append(",".join(names[item_class[i] == code]) if code > 1 else "")
    out = pd.DataFrame(index=frame.index)
    for col in ID_COLUMNS:
        if col in frame.columns:
            out[col] = frame[col]
    out["water_class"] = labels[sample_class]
    out["limiting_items"] = limiting
    out["n_items"] = (item_class > 0).sum(axis=1)
    for ref in REFERENCE_ITEMS[waterbody]:
        if ref in values.columns:
            ref_codes = classify_array(values[[ref]].to_numpy(), [ref], waterbody)[0]
            out[f"{ref}_class"] = [label(int(c)) for c in ref_codes]
    return out


def local_times(series: pd.Series) -> pd.Series:
    """Parse a time column; naive times are Asia/Shanghai (the platform's convention), aware ones converted."""
    import pandas as pd

    try:
        parsed = pd.to_datetime(series, format="mixed")
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"unreadable time: {exc}", code="bad_time") from None
    if parsed.dt.tz is None:
        return parsed.dt.tz_localize(CST)
    return parsed.dt.tz_convert(CST)


def assess_frame(
    frame: pd.DataFrame,
    *,
    start: date,
    end: date,
    targets: Mapping[str, str] | None = None,
    waterbody: str = "river",
    nd_fraction: float = HALF_DETECTION_LIMIT,
    min_samples: int = 1,
) -> list[SectionAssessment]:
    """Assess every section over the local dates ``start`` … ``end`` (inclusive)."""
    if end < start:
        raise ValidationError("--to is before --from", code="bad_period")
    if "section" not in frame.columns or "time" not in frame.columns:
        raise ValidationError("the input needs 'section' and 'time' columns", code="missing_column")
    values = numeric_values(frame, nd_fraction)
    days = local_times(frame["time"]).dt.date
    inside = (days >= start) & (days <= end)
    results = []
    for section, rows in values[inside.to_numpy()].groupby(
        frame.loc[inside.to_numpy(), "section"], sort=True
    ):
        samples = [{k: v for k, v in rec.items() if not np.isnan(v)} for rec in rows.to_dict("records")]
        target = (targets or {}).get(str(section))
        results.append(
            assess_section(
                str(section), samples, target_class=target, waterbody=waterbody, min_samples=min_samples
            )
        )
    return results


def assessment_record(a: SectionAssessment, decimals: Mapping[str, int] | None = None) -> dict[str, Any]:
    """A flat record of a section assessment (for CSV/JSON output)."""
    from ljeco.standards.parameters import PARAMETERS

    rec: dict[str, Any] = {"section": a.section, "n_samples": a.n_samples, "enough_samples": a.enough_samples}
    for name, value in a.means.items():
        places = (decimals or {}).get(name, PARAMETERS[name].decimals + 1)
        rec[f"{name}_mean"] = round(value, places)
    rec.update(
        {
            "water_class": a.water_class,
            "status": a.status.status if a.status else "",
            "colour": _colour(a.status.colour, a.status.colour_verified) if a.status else "",
            "limiting_items": ",".join(a.limiting_items),
            "main_pollutants": ",".join(a.main_pollutants),
            "target_class": a.target_class or "",
            "target_met": "" if a.target_met is None else ("yes" if a.target_met else "no"),
            "exceedance_multiples": ";".join(f"{k}:{v:.2f}" for k, v in a.exceedances.items()),
        }
    )
    rec.update({f"{k}_class": v for k, v in a.reference_classes.items()})
    return rec


def _colour(colour: str, verified: bool) -> str:
    """The status colour, marked when our sources do not verify it (only 劣Ⅴ red is verified)."""
    return colour if verified else f"{colour} (UNVERIFIED)"


def parse_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date (local)."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError(f"not a date (YYYY-MM-DD): {text!r}", code="bad_date") from None


__all__ = [
    "assess_frame",
    "assessment_record",
    "classify_frame",
    "local_times",
    "numeric_values",
    "parameter_columns",
    "parse_date",
]
