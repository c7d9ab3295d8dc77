"""API schemas of the enterprise registry."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OutletLimitPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    outlet_code: str
    parameter: str = Field(description="Canonical parameter code (docs/glossary).")
    unit: str
    limit: float | None = Field(description="Upper limit [unit].")
    limit_low: float | None = Field(description="Lower limit [unit] (pH).")
    limit_source: str
    limit_verified: bool = Field(
        description="False: the limit is a typical value not checked against the permit."
    )


class EnterprisePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    uscc: str = Field(description="统一社会信用代码 (GB 32100-2015).")
    code: str
    name: str
    industry_code: str = Field(description="GB/T 4754-2017 class.")
    industry_name: str
    area: str
    admin_unit_code: str | None
    lon: float | None = Field(description="WGS-84 longitude [°].")
    lat: float | None = Field(description="WGS-84 latitude [°].")
    key_units: list[str] = Field(description="Key discharge-unit lists: water, air, soil, noise, risk.")
    approximate: bool = Field(description="True: a realistic demo record, not a registered enterprise.")


class OutletPublic(BaseModel):
    code: str
    name: str
    mn: str | None = Field(description="HJ 212 device MN of the outlet's CEMS.")
    medium: str | None
    monitored: bool | None


class EnterpriseDetail(EnterprisePublic):
    outlets: list[OutletPublic]
    limits: list[OutletLimitPublic]


class ComplianceRow(BaseModel):
    outlet_code: str
    parameter: str
    unit: str
    limit: float | None
    limit_low: float | None
    limit_verified: bool
    valid_hours: int
    missing_hours: int
    exceeding_hours: int
    compliance_rate: float | None = Field(description="Valid hours within the limits [%].")
    max_value: float | None = Field(description="Highest hourly mean [unit].")
    max_multiple: float | None = Field(
        description="超标倍数 of the highest hourly mean: (value − limit) / limit."
    )
