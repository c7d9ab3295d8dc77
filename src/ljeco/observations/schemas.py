"""API schemas of the observation store. Every value carries its unit, period, flag and coverage (OpenAQ-style)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Interval = Literal["raw", "hour", "day", "month", "year"]


class SitePublic(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str = Field(description="Chinese name of the site kind.")
    admin_unit_code: str | None
    lon: float | None = Field(description="WGS-84 longitude [°].")
    lat: float | None = Field(description="WGS-84 latitude [°].")
    disclosed: bool
    enterprise_uscc: str | None = None
    water_target_class: str | None = None
    noise_zone_class: str | None = None


class SeriesPublic(BaseModel):
    id: int
    site_id: int
    site_code: str
    parameter: str = Field(description="Canonical parameter code (docs/glossary).")
    parameter_name: str
    hj212_code: str | None
    unit: str
    interval_s: int = Field(description="Length of each raw value's period [s].")
    rule_id: str = Field(description="Rollup validity rule (ljeco.observations.rollups.RULES).")


class Point(BaseModel):
    """One value: a raw observation or an aggregate (mean with min, max and coverage)."""

    period_from: datetime = Field(description="Start of the period (UTC).")
    period_to: datetime = Field(description="End of the period (UTC); CNEMC labels an hour by this instant.")
    local_from: str = Field(description="Start of the period in Asia/Shanghai time (ISO 8601).")
    value: float | None = Field(description="Value (aggregates: mean of the valid inputs) [unit].")
    min: float | None = None
    max: float | None = None
    flag: str | None = Field(default=None, description="HJ 212-2017 data flag (raw values).")
    review: str | None = Field(
        default=None, description="preliminary / validated / invalidated (raw values)."
    )
    count: int | None = Field(default=None, description="Valid inputs in the period.")
    expected: int | None = Field(default=None, description="Inputs expected in the period.")
    coverage: float | None = Field(default=None, description="count / expected, 0–1.")
    valid: bool | None = Field(default=None, description="Whether the period meets the validity rule.")


class SeriesValues(BaseModel):
    series: SeriesPublic
    interval: Interval
    unit: str
    rule_id: str | None
    rule_source: str | None
    rule_verification: str | None
    total: int = Field(description="Points in the range before decimation.")
    decimated: bool
    data: list[Point]
    count: int


class LatestItem(BaseModel):
    series_id: int
    site_id: int
    site_code: str
    site_name: str
    parameter: str
    parameter_name: str
    unit: str
    interval_s: int
    period_from: datetime
    period_to: datetime
    value: float | None
    flag: str
    review: str
    age_s: int = Field(description="Seconds since the end of the latest value's period.")


class ReviewIn(BaseModel):
    time_from: datetime = Field(alias="from")
    time_to: datetime = Field(alias="to")
    state: Literal["validated", "invalidated"]
    reason: str = ""


class ReviewOut(BaseModel):
    review_id: int
    affected: int


class RollupRulePublic(BaseModel):
    """A data-validity rule with its source and how sure we are of it."""

    id: str
    label: str
    source: str
    verification: str = Field(description="How the rule was verified (read, inferred, our choice).")
    hour_min_minutes: int
    day_min_hours: int
    month_min_days: int | None = Field(description="None when the rule is a fraction of the days.")
    feb_min_days: int | None
    year_min_days: int | None
    fraction: float | None


class ExportJobOut(BaseModel):
    id: int
    status: str
    total: int
    done: int
    progress: float = Field(description="0–1")
    download: str | None = Field(description="Link to the file once done.")
    error: str | None = None


__all__ = [
    "ExportJobOut",
    "Interval",
    "LatestItem",
    "Point",
    "ReviewIn",
    "ReviewOut",
    "RollupRulePublic",
    "SeriesPublic",
    "SeriesValues",
    "SitePublic",
]
