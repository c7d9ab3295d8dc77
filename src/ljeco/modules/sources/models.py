"""ORM models of enterprises and the emission limits of their outlets.

An outlet's measurements live in the observation store as a site of kind ``outlet`` (``Site.enterprise_uscc``,
``Site.mn``); this module keeps what is specific to a source: who the enterprise is, which key-unit lists it is on,
and the limit of each pollutant at each outlet with the source of that limit.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ljeco.core.db import Base


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: 统一社会信用代码 (GB 32100-2015), 18 characters.
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: 国民经济行业分类 GB/T 4754-2017 class (4 digits) and its name.
    industry_code: Mapped[str] = mapped_column(String(8))
    industry_name: Mapped[str] = mapped_column(String(100))
    area: Mapped[str] = mapped_column(String(64), default="")
    admin_unit_code: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    lon: Mapped[float | None] = mapped_column(Float, default=None)  # WGS-84 [°]
    lat: Mapped[float | None] = mapped_column(Float, default=None)  # WGS-84 [°]
    #: 重点排污单位 lists the enterprise is on: water, air, soil, noise, risk.
    key_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: On any key-unit list (kept as a column: JSON queries differ between SQLite and PostgreSQL).
    is_key_unit: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(255), default=None)

    limits: Mapped[list[OutletLimit]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="OutletLimit.id"
    )


class OutletLimit(Base):
    """The emission limit of one pollutant at one outlet, with where the limit comes from."""

    __tablename__ = "outlet_limits"
    __table_args__ = (UniqueConstraint("outlet_code", "parameter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    #: The outlet's site code in the observation store.
    outlet_code: Mapped[str] = mapped_column(String(64), index=True)
    parameter: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(32))
    #: Upper limit [unit]; NULL when only a range applies (pH) or none is known.
    limit: Mapped[float | None] = mapped_column(Float, default=None)
    #: Lower limit [unit] (pH 6–9 has both).
    limit_low: Mapped[float | None] = mapped_column(Float, default=None)
    limit_source: Mapped[str] = mapped_column(String(255), default="")
    limit_verified: Mapped[bool] = mapped_column(Boolean, default=False)

    enterprise: Mapped[Enterprise] = relationship(back_populates="limits")
