"""Who sees which rows: one rule for every module that holds per-unit or per-enterprise records.

Admin and bureau see everything; department, street and new-town users see the records of their admin unit and the
units below it; an enterprise user sees its own records; the public sees what the record type discloses (nothing
when it discloses nothing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false
from sqlalchemy.orm import Session

from ljeco.accounts.models import Role, User
from ljeco.observations.catalog import unit_and_descendants

_UNIT_ROLES = frozenset({Role.street.value, Role.new_town.value, Role.department.value})


def visibility(
    session: Session,
    user: User,
    *,
    unit: Any,
    enterprise: Any,
    public: ColumnElement[bool] | None = None,
) -> ColumnElement[bool] | None:
    """The condition on a record type that ``user`` may see; ``None`` means everything.

    Parameters
    ----------
    unit, enterprise : columns
        The record's admin-unit code and enterprise USCC columns.
    public : condition, optional
        What the public may see of this record type; ``None`` = nothing.
    """
    if user.district_wide:
        return None
    if user.role in _UNIT_ROLES:
        if not user.scope_unit:
            return false()
        return unit.in_(sorted(unit_and_descendants(session, user.scope_unit)))
    if user.role == Role.enterprise.value:
        return enterprise == user.scope_enterprise if user.scope_enterprise else false()
    if user.role == Role.public.value and public is not None:
        return public
    return false()


__all__ = ["visibility"]
