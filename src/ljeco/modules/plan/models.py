"""ORM models of the plan module (tables ``plan_*``, migration branch ``plan``).

A loaded plan is kept twice, on purpose: ``plan_plans.document`` holds the whole validated plan document (the
source of truth, re-validated on read, so a plan shows exactly as it was loaded), and the item tables hold what is
queried and joined: indicators, tasks with their units (for "what is this unit responsible for"), key projects, and
the indicator values recorded year by year (computed by the engines or reported by the responsible units).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ljeco.core.db import Base, UTCDateTime
from ljeco.core.timeutil import utcnow


class PlanRecord(Base):
    __tablename__ = "plan_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    standards_edition: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(500))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicators: Mapped[list[PlanIndicator]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )
    tasks: Mapped[list[PlanTask]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    units: Mapped[list[PlanUnit]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    projects: Mapped[list[PlanProject]] = relationship(back_populates="plan", cascade="all, delete-orphan")


class PlanUnit(Base):
    __tablename__ = "plan_units"
    __table_args__ = (UniqueConstraint("plan_id", "key"), UniqueConstraint("plan_id", "name"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)

    plan: Mapped[PlanRecord] = relationship(back_populates="units")


class PlanIndicator(Base):
    __tablename__ = "plan_indicators"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(16))
    formula: Mapped[str | None] = mapped_column(String(64))
    reporting_unit: Mapped[str | None] = mapped_column(String(100), index=True)
    clause: Mapped[str] = mapped_column(String(100))

    plan: Mapped[PlanRecord] = relationship(back_populates="indicators")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )


class IndicatorValue(Base):
    """A value of an indicator for a year (year-to-date while ``fraction_of_period`` < 1)."""

    __tablename__ = "plan_indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicators.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    fraction_of_period: Mapped[float] = mapped_column(Float, default=1.0)
    #: A verdict for a target in words (reviewed by the bureau); None when not judged.
    met: Mapped[bool | None] = mapped_column(Boolean)
    #: plan (printed in the plan), reported (entered by a unit) or computed (by a named formula).
    source: Mapped[str] = mapped_column(String(16))
    #: The counts behind a computed or year-to-date value (good_days, valid_days, remaining_days …).
    inputs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reported_by: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[PlanIndicator] = relationship(back_populates="values")


class PlanTask(Base):
    __tablename__ = "plan_tasks"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    row: Mapped[int] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(String(100))
    measure: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    clause: Mapped[str] = mapped_column(String(100))
    plan_clause: Mapped[str] = mapped_column(String(100))

    plan: Mapped[PlanRecord] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(back_populates="task", cascade="all, delete-orphan")


class TaskUnit(Base):
    """A unit responsible for a task: ``role`` lead (责任单位) or cooperating (配合单位)."""

    __tablename__ = "plan_task_units"
    __table_args__ = (UniqueConstraint("task_id", "unit_name", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id", ondelete="CASCADE"), index=True)
    unit_name: Mapped[str] = mapped_column(String(100), index=True)
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)

    task: Mapped[PlanTask] = relationship(back_populates="units")


class PlanProject(Base):
    __tablename__ = "plan_projects"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(16))
    column: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    clause: Mapped[str] = mapped_column(String(100))

    plan: Mapped[PlanRecord] = relationship(back_populates="projects")


class PlanSubmission(Base):
    """A responsible unit's report on a reported indicator or a task for a year, and the bureau's review.

    ``status``: ``submitted`` (waiting for review), ``accepted`` or ``returned`` (to be corrected and submitted
    again: a new submission replaces the returned one). ``evidence``: the uploaded files, stored under the data
    directory (``[{name, path, size, sha256}]``).
    """

    __tablename__ = "plan_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_plans.id", ondelete="CASCADE"), index=True)
    item_kind: Mapped[str] = mapped_column(String(16))
    item_key: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_name: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[float | None] = mapped_column(Float)
    progress: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), index=True)
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_note: Mapped[str | None] = mapped_column(Text)


__all__ = [
    "IndicatorValue",
    "PlanIndicator",
    "PlanProject",
    "PlanRecord",
    "PlanSubmission",
    "PlanTask",
    "PlanUnit",
    "TaskUnit",
]
