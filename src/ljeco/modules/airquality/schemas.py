"""API and service schemas of air quality on stored data (concentrations in µg/m³, CO in mg/m³)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Concentrations = dict[str, float | None]


class AQIFields(BaseModel):
    """The AQI of one record (HJ 633, edition of the record's time unless forced)."""

    aqi: int | None = Field(description="AQI; null where HJ 633 publishes NA (incomplete record).")
    level: int | None = Field(description="AQI level 1–6 (HJ 633 Table 2 / 2026 Table 1).")
    category: str | None = Field(description="空气质量指数类别, e.g. 良.")
    colour: str | None = Field(description="Level colour, hex (HJ 633 Appendix A).")
    primary_pollutant: list[str] = Field(
        description="Codes so2,no2,co,o3_1h,o3_8h,pm10,pm25; empty when AQI ≤ 50."
    )
    primary_pollutant_zh: list[str]
    iaqi: dict[str, int | None] = Field(description="IAQI per indicator code.")
    edition: Literal["2012", "2026"]
    flags: list[str] = Field(
        description="Engine flags (incomplete, beyond_top, negative …) with the codes concerned."
    )


class HourlyAQI(AQIFields):
    """The real-time (hourly) AQI of one station-hour."""

    station: str
    time: str = Field(description="Local CNEMC label: the END of the hour, YYYY-MM-DD HH:MM (UTC+8).")
    period_from: datetime = Field(description="Start of the hour, UTC (the stored time).")
    concentrations: Concentrations = Field(
        description="1-hour means as stored [µg/m³; CO mg/m³]; null = missing."
    )


class DailyAir(AQIFields):
    """Daily statistics of one station-day (GB 3095 validity) with its daily AQI."""

    station: str
    date: date
    concentrations: Concentrations = Field(
        description="Daily means so2,no2,co,pm10,pm25, o3_8h_max (MDA8), o3_1h_max; null = invalid."
    )
    valid: dict[str, bool]
    hours: dict[str, int] = Field(description="Valid hourly values per pollutant (≥ 20 for a daily mean).")
    o3_8h_windows: int = Field(description="Valid 8-hour means labelled 08:00–24:00 (≥ 14 for a valid MDA8).")


class Assessment(BaseModel):
    """HJ 663 assessment of one station or of the city (``station == "city"``): the engine's record.

    The named fields are always present; every other statistic of the engine's record (percentiles, validity,
    indices, days per level, exceedances, notes) follows as extra fields.
    """

    model_config = ConfigDict(extra="allow")

    station: str
    edition: str
    limits: str
    valid_days: int
    good_days: int
    good_day_ratio: float | None = Field(description="优良天数比例 [%], good / valid days, to 0.1.")
    pm25_mean: int | None
    pm10_mean: int | None
    so2_mean: int | None
    no2_mean: int | None
    co_p95: float | None
    o3_8h_p90: int | None
    composite_index: float | None
    attained: bool
    notes: list[str]


class CurrentAQI(HourlyAQI):
    """The latest stored hour of one station with its AQI."""

    name: str
    period_to: datetime = Field(description="End of the hour, UTC.")
    age_s: int = Field(description="Seconds between the end of the hour and now.")
    health_effect: str | None
    advice: str | None


class StationGoodDays(BaseModel):
    station: str
    valid_days: int
    good_days: int
    good_day_ratio: float | None
    pm25_mean: int | None


class GoodDaySummary(BaseModel):
    """Good days of a year to date (city = mean of the urban assessment stations, HJ 663-2013 §5)."""

    year: int
    date_from: date = Field(serialization_alias="from")
    date_to: date = Field(serialization_alias="to")
    edition: str
    stations: list[str] = Field(description="The urban assessment stations averaged into the city.")
    valid_days: int
    good_days: int
    good_day_ratio: float | None = Field(description="优良天数比例 [%], good / valid days, to 0.1.")
    pm25_mean: int | None = Field(description="PM2.5 mean of the valid daily means [µg/m³], to date.")
    pm25_mean_valid: bool = Field(description="The PM2.5 mean met GB 3095 coverage for the days so far.")
    by_station: list[StationGoodDays]
    notes: list[str]
    data_rule: str


class AQIInput(BaseModel):
    """Concentrations for the calculator: 1-hour means (``kind=hourly``) or daily values (``kind=daily``)."""

    kind: Literal["hourly", "daily"] = "hourly"
    edition: Literal["auto", "2012", "2026"] = "auto"
    time: datetime | None = Field(
        default=None,
        description="Local time of the record (hour END label, or the day) choosing the edition with auto; "
        "default now.",
    )
    so2: float | None = Field(default=None, description="[µg/m³] 1-h (hourly) or 24-h mean (daily).")
    no2: float | None = Field(default=None, description="[µg/m³]")
    co: float | None = Field(default=None, description="[mg/m³]")
    o3: float | None = Field(default=None, description="[µg/m³] 1-hour mean (hourly only).")
    o3_8h: float | None = Field(default=None, description="[µg/m³] daily max 8-hour mean (daily only).")
    o3_1h: float | None = Field(default=None, description="[µg/m³] daily max 1-hour mean (daily only).")
    pm10: float | None = Field(default=None, description="[µg/m³]")
    pm25: float | None = Field(default=None, description="[µg/m³]")
    so2_24h: float | None = Field(
        default=None,
        description="[µg/m³] hourly, 2012: the 24-h mean used when SO2 1-h > 800 (Table 1 note 2).",
    )


class AQICalculated(AQIFields):
    kind: Literal["hourly", "daily"]
    health_effect: str | None
    advice: str | None
    exceeding_pollutants: list[str] | None = Field(default=None, description="超标污染物 (2012 only).")
    sensitive_groups: list[str] | None = Field(default=None, description="2026 only.")


__all__ = [
    "AQICalculated",
    "AQIFields",
    "AQIInput",
    "Assessment",
    "CurrentAQI",
    "DailyAir",
    "GoodDaySummary",
    "HourlyAQI",
    "StationGoodDays",
]
