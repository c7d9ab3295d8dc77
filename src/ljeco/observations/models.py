"""ORM models of the observation store.

The hot table, :class:`Observation`, is one narrow row per (series, time): time as **integer epoch seconds (UTC)**
and, on SQLite, a ``WITHOUT ROWID`` table clustered on the primary key. Measured in ``bench/bench_store.py``: the
clustered integer layout loads about twice as fast as a rowid table with a datetime column plus a unique index, and a
series-year range scan touches a few contiguous pages instead of one page per row.

A stored ``time`` is the **start** of the value's period (``time`` … ``time + series.interval_s``); the CNEMC label of
an hourly value is its end (``ljeco.core.timeutil``). Importers convert end-labelled input on the way in.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ljeco.core.db import Base, UTCDateTime
from ljeco.core.timeutil import utcnow


class EpochSeconds(TypeDecorator[datetime]):
    """A UTC instant stored as integer seconds since 1970-01-01T00:00Z (fast keys on both backends)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, int):
            return value
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        return int(value.timestamp())

    def process_result_value(self, value: int | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return datetime.fromtimestamp(int(value), UTC)


class SiteKind(enum.StrEnum):
    """What a site is. Labels are the terms used in Chinese monitoring practice."""

    air_station = "air_station"
    micro_station = "micro_station"
    water_section = "water_section"
    noise_station = "noise_station"
    groundwater_well = "groundwater_well"
    soil_point = "soil_point"
    outlet = "outlet"

    @property
    def label(self) -> str:
        return SITE_KIND_LABELS[self]


SITE_KIND_LABELS: dict[SiteKind, str] = {
    SiteKind.air_station: "空气质量自动监测站",
    SiteKind.micro_station: "空气质量微型站",
    SiteKind.water_section: "地表水监测断面",
    SiteKind.noise_station: "声环境监测点",
    SiteKind.groundwater_well: "地下水监测井",
    SiteKind.soil_point: "土壤监测点位",
    SiteKind.outlet: "排放口",
}


class Review(enum.IntEnum):
    """Review state of an observation: preliminary until a reviewer validates or invalidates it."""

    preliminary = 0  # 未审核
    validated = 1  # 审核有效
    invalidated = 2  # 审核无效

    @property
    def label(self) -> str:
        return {0: "未审核", 1: "审核有效", 2: "审核无效"}[int(self)]


class AdminUnit(Base):
    """An administrative unit (new area, street, new town …), versioned by validity dates.

    Boundaries and names change (the district frame changed in 2025): a unit's row is closed with ``valid_to`` and a
    new row opened; ``code`` is stable across versions where the unit continues.
    """

    __tablename__ = "admin_units"
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))  # district, street, new_town, department, park …
    parent_code: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)  # exclusive; NULL = still valid
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # GeoJSON, WGS-84


class Site(Base):
    """A place where something is measured: station, section, well, point or an enterprise's outlet."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    admin_unit_code: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    lon: Mapped[float | None] = mapped_column(Float, default=None)  # WGS-84 [°]
    lat: Mapped[float | None] = mapped_column(Float, default=None)  # WGS-84 [°]
    #: Shown to the public (公开) — only disclosed sites reach the public role.
    disclosed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Outlets: the enterprise's unified social credit code (统一社会信用代码).
    enterprise_uscc: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    #: Water sections: target class (水质目标, GB 3838-2002 class I–V).
    water_target_class: Mapped[str | None] = mapped_column(String(8), default=None)
    #: Noise stations: functional-zone class (声环境功能区, GB 3096-2008: 0, 1, 2, 3, 4a, 4b).
    noise_zone_class: Mapped[str | None] = mapped_column(String(8), default=None)
    #: HJ 212 device MN(s) feeding this site, for the gateway.
    mn: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    attributes: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class Parameter(Base):
    """A measured quantity with its canonical code, unit and rollup rule."""

    __tablename__ = "parameters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Canonical identifier (``pm25``, ``so2``, ``ph`` …), see ``docs/glossary``.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    #: HJ 212-2017 Appendix B pollutant code where one exists (``a21026`` …).
    hj212_code: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    name_zh: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(32))
    decimals: Mapped[int] = mapped_column(SmallInteger, default=1)
    medium: Mapped[str] = mapped_column(
        String(32)
    )  # air, water, noise, groundwater, soil, meteorology, flue_gas …
    #: Rollup validity rule (``ljeco.observations.rollups.RULES``).
    rule_id: Mapped[str] = mapped_column(String(64), default="coverage-75")
    #: Physically possible range [unit]: a value outside it is rejected by importers (negative mass, pH 15).
    min_value: Mapped[float | None] = mapped_column(Float, default=None)
    max_value: Mapped[float | None] = mapped_column(Float, default=None)


class Series(Base):
    """One stream of values: site × parameter × interval."""

    __tablename__ = "series"
    __table_args__ = (UniqueConstraint("site_id", "parameter_id", "interval_s"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameters.id"), index=True)
    #: Length of each value's period [s]: 60 minute data, 3600 hourly, 86400 daily.
    interval_s: Mapped[int] = mapped_column(Integer)
    #: Unit of the stored values: the parameter's unit in the site's medium (arsenic is mg/L in water, mg/kg in soil).
    unit: Mapped[str] = mapped_column(String(32))


class Source(Base):
    """Where values came from (an import file, the HJ 212 gateway, the demo loader …)."""

    __tablename__ = "obs_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RawRecord(Base):
    """Raw input exactly as received: a file row or a protocol frame. Observations link here by ``raw_id``."""

    __tablename__ = "raw_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # file_row, hj212_frame, api
    #: File name and SHA-256, or the device MN.
    origin: Mapped[str] = mapped_column(String(300), index=True)
    position: Mapped[int | None] = mapped_column(Integer, default=None)  # 1-based data row in a file
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Observation(Base):
    """One value. Never deleted: an invalidated value keeps its row and drops out of statistics."""

    __tablename__ = "observations"
    __table_args__ = ({"sqlite_with_rowid": False},)

    series_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    time: Mapped[datetime] = mapped_column("t", EpochSeconds, primary_key=True)
    value: Mapped[float | None] = mapped_column(Float, default=None)
    #: HJ 212-2017 Table 8 data flag (N normal, F stopped, M maintenance, S set value, D fault, C calibration,
    #: T above range, B communication failure).
    flag: Mapped[str] = mapped_column(String(2), default="N")
    review: Mapped[int] = mapped_column(SmallInteger, default=int(Review.preliminary))
    review_id: Mapped[int | None] = mapped_column(Integer, default=None)
    source_id: Mapped[int | None] = mapped_column(Integer, default=None)
    raw_id: Mapped[int | None] = mapped_column(BigInteger, default=None)


class ObservationRevision(Base):
    """A superseded state of an observation (a correction keeps history here)."""

    __tablename__ = "observation_revisions"
    __table_args__ = (Index("ix_observation_revisions_key", "series_id", "t"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(Integer)
    time: Mapped[datetime] = mapped_column("t", EpochSeconds)
    value: Mapped[float | None] = mapped_column(Float, default=None)
    flag: Mapped[str] = mapped_column(String(2))
    review: Mapped[int] = mapped_column(SmallInteger)
    source_id: Mapped[int | None] = mapped_column(Integer, default=None)
    raw_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    superseded_at: Mapped[datetime] = mapped_column(EpochSeconds)
    superseded_by_source_id: Mapped[int | None] = mapped_column(Integer, default=None)


class ReviewAction(Base):
    """A reviewer's decision over a time range of one series (the observations point here by ``review_id``)."""

    __tablename__ = "observation_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(Integer, index=True)
    t_from: Mapped[datetime] = mapped_column(EpochSeconds)
    t_to: Mapped[datetime] = mapped_column(EpochSeconds)  # inclusive
    state: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(Integer, default=None)
    reviewer_name: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    affected: Mapped[int] = mapped_column(Integer, default=0)


class Latest(Base):
    """Pointer to the newest observation of each series, maintained on write (``/api/v1/latest`` reads this)."""

    __tablename__ = "obs_latest"

    series_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    time: Mapped[datetime] = mapped_column("t", EpochSeconds)


class Rollup(Base):
    """An aggregate of one series over one period (hour, day, month, year) with its coverage and validity."""

    __tablename__ = "rollups"
    __table_args__ = ({"sqlite_with_rowid": False},)

    series_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(8), primary_key=True)  # hour, day, month, year
    #: Period start, UTC epoch seconds (local midnight / month start / year start for day and longer).
    time: Mapped[datetime] = mapped_column("t", EpochSeconds, primary_key=True)
    count: Mapped[int] = mapped_column(
        Integer
    )  # valid inputs (minutes for hours, hours for days, days above)
    expected: Mapped[int] = mapped_column(Integer)
    coverage: Mapped[float] = mapped_column(Float)  # count / expected, 0…1
    min: Mapped[float | None] = mapped_column(Float, default=None)
    max: Mapped[float | None] = mapped_column(Float, default=None)
    mean: Mapped[float | None] = mapped_column(Float, default=None)
    valid: Mapped[bool] = mapped_column(Boolean)
    rule_id: Mapped[str] = mapped_column(String(64))


class RollupDirty(Base):
    """Local days touched by writes since the last incremental rollup."""

    __tablename__ = "rollup_dirty"
    __table_args__ = ({"sqlite_with_rowid": False},)

    series_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # UTC epoch s of the local day's start


class ExportJob(Base):
    """A background export (more than ``exports.BACKGROUND_ROWS`` rows)."""

    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued, running, done, failed
    owner_id: Mapped[int | None] = mapped_column(Integer, default=None)
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
    format: Mapped[str] = mapped_column(String(8))
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str | None] = mapped_column(String(500), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


__all__ = [
    "SITE_KIND_LABELS",
    "AdminUnit",
    "EpochSeconds",
    "ExportJob",
    "Latest",
    "Observation",
    "ObservationRevision",
    "Parameter",
    "RawRecord",
    "Review",
    "ReviewAction",
    "Rollup",
    "RollupDirty",
    "Series",
    "Site",
    "SiteKind",
    "Source",
]
