"""Quality: HJ 212 data flags and review (preliminary → validated or invalidated).

A value takes part in statistics only when it has a value, its flag is in :data:`STAT_FLAGS` and it is not
invalidated by review. Nothing is deleted: invalidation sets the review state on the row, records who and why in
``observation_reviews`` and the audit log, and queues the affected days for the rollup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from ljeco.core.audit import Actor, record
from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.observations.models import EpochSeconds, Observation, Review, ReviewAction, Series

#: HJ 212-2017 Table 8 (数据标记). Labels are the standard's own terms.
FLAGS: dict[str, str] = {
    "N": "在线监控(监测)仪器仪表工作正常",
    "F": "在线监控(监测)仪器仪表停运",
    "M": "在线监控(监测)仪器仪表处于维护期间产生的数据",
    "S": "手工输入的设定值",
    "D": "在线监控(监测)仪器仪表故障",
    "C": "在线监控(监测)仪器仪表处于校准状态",
    "T": "在线监控(监测)仪器仪表采样数值超过测量上限",
    "B": "在线监控(监测)仪器仪表与数采仪通讯异常",
}

#: HJ/T 212-2005 flags that differ from 2017 (seen from older devices; the 2005 text itself was not read, the
#: mapping follows several independent implementations): P power failure → F (not running); air-station digits
#: 0 calibration, 1 meteorological parameter, 2 abnormal, 3 normal.
LEGACY_FLAGS: dict[str, str] = {"P": "F", "0": "C", "1": "N", "2": "D", "3": "N"}

#: Flags whose values enter statistics. Our choice (HJ 212 is a transport standard and silent on statistics): only
#: N. T is excluded because the true value is unknown (above the instrument's range); S is a set value, not a
#: measurement. Configurable by assigning another frozenset before computing rollups.
STAT_FLAGS: frozenset[str] = frozenset({"N"})


def normalise_flag(flag: object) -> str:
    """Canonical one-letter flag: upper case, 2005 codes mapped, empty → N; unknown vendor flags kept (≤ 2 chars).

    >>> normalise_flag("n"), normalise_flag(None), normalise_flag("3"), normalise_flag("P")
    ('N', 'N', 'N', 'F')
    """
    if flag is None or (isinstance(flag, float) and flag != flag):
        return "N"
    code = str(flag).strip()
    if not code:
        return "N"
    if code in LEGACY_FLAGS:
        return LEGACY_FLAGS[code]
    code = code.upper() if len(code) == 1 else code
    return code[:2]


def counts_in_statistics(value: float | None, flag: str, review: int) -> bool:
    """Whether one value enters statistics (the same test the rollup SQL applies)."""
    return value is not None and value == value and flag in STAT_FLAGS and review != Review.invalidated


@dataclass(frozen=True, slots=True)
class ReviewResult:
    review_id: int
    affected: int


def review_range(
    session: Session,
    *,
    series_id: int,
    t_from: datetime,
    t_to: datetime,
    state: Review,
    reason: str,
    actor: Actor,
) -> ReviewResult:
    """Validate or invalidate the values of one series with period start in [``t_from``, ``t_to``] (inclusive).

    Invalidation needs a reason. The decision is kept (``observation_reviews``), each value points to it, the
    audit log records it and the days involved are queued for the incremental rollup.
    """
    if state == Review.preliminary:
        raise ValidationError("a review decides: validated or invalidated", code="obs.review_state")
    if state == Review.invalidated and not reason.strip():
        raise ValidationError(
            "invalidating data needs a reason (审核无效须说明原因)", code="obs.review_reason"
        )
    if t_to < t_from:
        raise ValidationError("t_to is before t_from", code="obs.range")
    if session.get(Series, series_id) is None:
        raise NotFoundError(f"no series {series_id}", code="obs.unknown_series")
    epoch = EpochSeconds()
    lo = epoch.process_bind_param(t_from, None)
    hi = epoch.process_bind_param(t_to, None)
    action = ReviewAction(
        series_id=series_id,
        t_from=t_from,
        t_to=t_to,
        state=int(state),
        reason=reason,
        reviewer_id=actor.user_id,
        reviewer_name=actor.name,
    )
    session.add(action)
    session.flush()
    conn = session.connection()
    before = {
        int(r[0]): int(r[1])
        for r in conn.execute(
            text(
                "SELECT review, count(*) FROM observations WHERE series_id = :s AND t >= :lo AND t <= :hi "
                "GROUP BY review"
            ),
            {"s": series_id, "lo": lo, "hi": hi},
        )
    }
    result = session.execute(
        update(Observation)
        .where(Observation.series_id == series_id, Observation.time >= t_from, Observation.time <= t_to)
        .values(review=int(state), review_id=action.id)
        .execution_options(synchronize_session=False)
    )
    affected = int(result.rowcount)  # type: ignore[attr-defined]
    action.affected = affected
    conn.execute(
        text(
            "INSERT INTO rollup_dirty (series_id, day) SELECT DISTINCT series_id, "
            "((t + 28800) / 86400) * 86400 - 28800 FROM observations "
            "WHERE series_id = :s AND t >= :lo AND t <= :hi ON CONFLICT DO NOTHING"
        ),
        {"s": series_id, "lo": lo, "hi": hi},
    )
    record(
        session,
        actor=actor,
        action="observations." + state.name,
        entity_type="series",
        entity_id=series_id,
        before={"review_counts": {Review(k).name: v for k, v in before.items()}},
        after={
            "review": state.name,
            "from": t_from.isoformat(),
            "to": t_to.isoformat(),
            "affected": affected,
            "review_id": action.id,
        },
        note=reason,
    )
    return ReviewResult(review_id=action.id, affected=affected)


def correct_value(
    session: Session,
    *,
    series_id: int,
    time: datetime,
    value: float | None,
    flag: str,
    reason: str,
    actor: Actor,
) -> None:
    """A manual correction: the old state goes to ``observation_revisions`` and the change is audited."""
    from ljeco.observations.store import write_observations

    if not reason.strip():
        raise ValidationError("a correction needs a reason", code="obs.review_reason")
    old = session.get(Observation, (series_id, time))
    before = None if old is None else {"value": old.value, "flag": old.flag, "review": old.review}
    write_observations(
        session,
        [{"series_id": series_id, "time": time, "value": value, "flag": flag}],
        source=f"correction:{actor.name}",
    )
    record(
        session,
        actor=actor,
        action="observations.correct",
        entity_type="observation",
        entity_id=f"{series_id}@{time.isoformat()}",
        before=before,
        after={"value": value, "flag": normalise_flag(flag)},
        note=reason,
    )


__all__ = [
    "FLAGS",
    "LEGACY_FLAGS",
    "STAT_FLAGS",
    "ReviewResult",
    "correct_value",
    "counts_in_statistics",
    "normalise_flag",
    "review_range",
]
