"""Operator views over the archive: arrival per device and CN for a local day, quarantine listing/resolution."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ljeco.core import audit
from ljeco.core.audit import Actor
from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.ingest.hj212.arrival import arrival


def arrival_report(session: Session, *, day: date, mn: str | None = None) -> list[dict[str, Any]]:
    """Expected vs received records per device and CN with a configured cadence, for one local day (UTC+8)."""
    from ljeco.ingest.hj212.models import Hj212Device, Hj212RawFrame

    start = int(datetime.combine(day, time(0), tzinfo=CST).timestamp())
    end = start + 86_400
    query = select(Hj212Device).order_by(Hj212Device.mn)
    if mn is not None:
        query = query.where(Hj212Device.mn == mn)
    out = []
    for device in session.scalars(query):
        for cn, interval in sorted((device.cadence or {}).items()):
            times = session.scalars(
                select(Hj212RawFrame.data_time).where(
                    Hj212RawFrame.mn == device.mn, Hj212RawFrame.cn == cn, Hj212RawFrame.verdict == "ok",
                    Hj212RawFrame.data_time >= start, Hj212RawFrame.data_time < end,
                )
            ).all()  # fmt: skip
            a = arrival([t for t in times if t is not None], start=start, end=end, interval=int(interval))
            out.append(
                {
                    "mn": device.mn, "cn": cn, "day": day.isoformat(), "interval_s": a.interval,
                    "expected": a.expected, "received": a.received, "arrival_percent": a.percent,
                    "gaps": [
                        [datetime.fromtimestamp(g0, CST).isoformat(), datetime.fromtimestamp(g1, CST).isoformat()]
                        for g0, g1 in a.gaps
                    ],
                }
            )  # fmt: skip
    return out


def quarantine_list(session: Session, *, status: str = "open", limit: int = 100) -> list[dict[str, Any]]:
    """Quarantined frames with their raw bytes (as text) and reason, newest first."""
    from ljeco.ingest.hj212.models import Hj212Quarantine, Hj212RawFrame

    rows = session.execute(
        select(Hj212Quarantine, Hj212RawFrame)
        .join(Hj212RawFrame, Hj212RawFrame.id == Hj212Quarantine.raw_id)
        .where(Hj212Quarantine.status == status)
        .order_by(Hj212Quarantine.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": q.id, "mn": q.mn, "reason": q.reason, "status": q.status, "peer": r.peer,
            "received_at": r.received_at.isoformat(), "frame": r.data.decode("utf-8", "replace"),
        }
        for q, r in rows
    ]  # fmt: skip


def resolve_quarantine(session: Session, *, quarantine_id: int, action: str, actor: Actor) -> None:
    """Mark a quarantined frame ``registered`` (its device was added) or ``discarded``; audited.

    The raw frame itself is never deleted (evidence); registering does not replay the frame into the data —
    the device re-sends or is asked for history (补传).
    """
    from ljeco.ingest.hj212.models import Hj212Quarantine

    if action not in ("registered", "discarded"):
        raise ValidationError("action must be registered or discarded", code="hj212_quarantine_action")
    row = session.get(Hj212Quarantine, quarantine_id)
    if row is None:
        raise NotFoundError(f"no quarantine entry {quarantine_id}", code="hj212_quarantine_unknown")
    if row.status != "open":
        raise ValidationError(
            f"quarantine entry {quarantine_id} is already {row.status}", code="hj212_quarantine_closed"
        )
    row.status, row.resolved_by, row.resolved_at = action, actor.name, utcnow()
    audit.record(
        session, actor=actor, action=f"hj212.quarantine.{action}", entity_type="hj212_quarantine",
        entity_id=quarantine_id, before={"status": "open"}, after={"status": action},
    )  # fmt: skip
    session.flush()


def day_or_today(value: str | None) -> date:
    if value is None:
        return utcnow().astimezone(CST).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"--day {value!r} is not YYYY-MM-DD", code="hj212_day") from None


__all__ = ["arrival_report", "day_or_today", "quarantine_list", "resolve_quarantine"]
