"""The one audit helper every write path uses.

Call :func:`record` inside the same transaction as the change, so that a change and its audit entry commit or roll
back together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ljeco.accounts.models import AuditEntry, User


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a user, or the system (jobs, the gateway, the CLI run by an operator)."""

    name: str
    user_id: int | None = None
    address: str | None = None

    @classmethod
    def of(cls, user: User, address: str | None = None) -> Actor:
        return cls(name=user.username, user_id=user.id, address=address)


SYSTEM = Actor(name="system")
CLI = Actor(name="cli")


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add an audit entry to ``session`` (committed with the change it describes)."""
    entry = AuditEntry(
        actor_id=actor.user_id,
        actor_name=actor.name,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=before,
        after=after,
        address=actor.address,
        note=note,
    )
    session.add(entry)
    return entry


__all__ = ["CLI", "SYSTEM", "Actor", "record"]
