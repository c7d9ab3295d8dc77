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


def arrival_report(
    session: Session, *, day: date, mn: str | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """Expected vs received records per device and CN with a configured cadence, for one local day (UTC+8).

    ``until`` cuts the day short (periods starting later are not expected yet): use it for "today so far".
    One read of the day's range of the (DataTime, MN, CN, verdict) index, whatever the number of devices.
    """
    from ljeco.ingest.hj212.models import Hj212Device, Hj212RawFrame

    start = int(datetime.combine(day, time(0), tzinfo=CST).timestamp())
    end = start + 86_400
    if until is not None:
        end = max(start, min(end, int(until.timestamp())))
    query = select(Hj212Device).order_by(Hj212Device.mn)
    if mn is not None:
        query = query.where(Hj212Device.mn == mn)
    devices = [(d.mn, d.cadence) for d in session.scalars(query) if d.cadence]
    cns = sorted({cn for _mn, cadence in devices for cn in cadence})
    times: dict[tuple[str, str], list[int]] = {}
    if devices:
        frames = select(Hj212RawFrame.mn, Hj212RawFrame.cn, Hj212RawFrame.data_time).where(
            Hj212RawFrame.data_time >= start, Hj212RawFrame.data_time < end,
            Hj212RawFrame.cn.in_(cns), Hj212RawFrame.verdict == "ok",
        )  # fmt: skip
        if mn is not None:
            frames = frames.where(Hj212RawFrame.mn == mn)
        for frame_mn, cn, t in session.execute(frames):
            times.setdefault((frame_mn, cn), []).append(t)
    out = []
    for device_mn, cadence in devices:
        for cn, interval in sorted(cadence.items()):
            a = arrival(times.get((device_mn, cn), []), start=start, end=end, interval=int(interval))
            out.append(
                {
                    "mn": device_mn, "cn": cn, "day": day.isoformat(), "interval_s": a.interval,
                    "expected": a.expected, "received": a.received, "arrival_percent": a.percent,
                    "gaps": [
                        [datetime.fromtimestamp(g0, CST).isoformat(), datetime.fromtimestamp(g1, CST).isoformat()]
                        for g0, g1 in a.gaps
                    ],
                }
            )  # fmt: skip
    return out


def device_status(session: Session, *, online_after: float = 900.0) -> list[dict[str, Any]]:
    """Devices with online state (last accepted frame within ``online_after`` [s]), last frame, frames and
    arrival % per CN today (local day, periods started so far)."""
    from sqlalchemy import case, func

    from ljeco.ingest.hj212.models import Hj212Device, Hj212RawFrame

    now = utcnow()
    today = now.astimezone(CST).date()
    day_start = datetime.combine(today, time(0), tzinfo=CST)
    stats = session.execute(
        select(
            Hj212RawFrame.mn,
            func.max(Hj212RawFrame.received_at),
            func.sum(case((Hj212RawFrame.received_at >= day_start, 1), else_=0)),
        )
        .where(Hj212RawFrame.verdict == "ok")
        .group_by(Hj212RawFrame.mn)
    ).all()
    last_at: dict[str | None, datetime] = {row[0]: row[1] for row in stats}
    frames_today: dict[str | None, int] = {row[0]: int(row[2] or 0) for row in stats}
    arrival_today: dict[str, dict[str, float | None]] = {}
    for row in arrival_report(session, day=today, until=now):
        arrival_today.setdefault(row["mn"], {})[row["cn"]] = row["arrival_percent"]
    out = []
    for d in session.scalars(select(Hj212Device).order_by(Hj212Device.mn)):
        seen = last_at.get(d.mn)
        out.append(
            {
                "mn": d.mn, "site_code": d.site_code, "outlet": d.outlet, "crc": d.crc,
                "length_tolerance": d.length_tolerance, "cadence": d.cadence or {}, "active": d.active,
                "last_frame": seen, "frames_today": frames_today.get(d.mn, 0),
                "online": bool(seen and (now - seen).total_seconds() <= online_after),
                "arrival_today": arrival_today.get(d.mn, {}),
            }
        )  # fmt: skip
    return out


def latest_periods(
    session: Session, cns: tuple[str, ...] = ("2031", "2051", "2061"), *, since: datetime | None = None
) -> list[tuple[str, str, int]]:
    """(MN, CN, newest DataTime [UTC epoch s]) of accepted records, to seed the gateway's gap tracker.

    ``since``: only records of periods from then on (a range of the time-first index instead of all of it); the
    gateway passes one week and a day, the longest history it asks a device for at once.
    """
    from sqlalchemy import func

    from ljeco.ingest.hj212.models import Hj212RawFrame

    query = (
        select(Hj212RawFrame.mn, Hj212RawFrame.cn, func.max(Hj212RawFrame.data_time))
        .where(Hj212RawFrame.verdict == "ok", Hj212RawFrame.cn.in_(cns), Hj212RawFrame.data_time.is_not(None))
        .group_by(Hj212RawFrame.mn, Hj212RawFrame.cn)
    )
    if since is not None:
        query = query.where(Hj212RawFrame.data_time >= int(since.timestamp()))
    rows = session.execute(query).all()
    return [(str(mn), str(cn), int(t)) for mn, cn, t in rows if mn and cn and t is not None]


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


__all__ = [
    "arrival_report",
    "day_or_today",
    "device_status",
    "latest_periods",
    "quarantine_list",
    "resolve_quarantine",
]
