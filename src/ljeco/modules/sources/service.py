"""The enterprise registry: load from a region pack, scoped lists and files (一企一档), CEMS compliance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from ljeco.accounts.models import User
from ljeco.core import audit
from ljeco.core.errors import NotFoundError
from ljeco.modules.sources.compliance import ExceedanceSummary, exceedance_summary
from ljeco.modules.sources.models import Enterprise, OutletLimit
from ljeco.observations import catalog, queries
from ljeco.observations.models import Site
from ljeco.observations.scope import visibility

if TYPE_CHECKING:
    from ljeco.regions.models import Region


@dataclass(frozen=True, slots=True)
class SyncResult:
    enterprises: int
    outlets: int
    limits: int


def sync_from_region(session: Session, *, region: Region, actor: audit.Actor) -> SyncResult:
    """Create or update every enterprise of ``region``, its outlets (as store sites) and their limits."""
    frame = region.default_frame
    existing = {
        e.uscc: e for e in session.scalars(select(Enterprise).options(selectinload(Enterprise.limits)))
    }
    sites = {s.code: s for s in session.scalars(select(Site).where(Site.kind == "outlet"))}
    n_outlets = n_limits = 0
    for src in region.enterprises:
        unit = src.admin_units.get(frame)
        ent = existing.get(src.uscc) or Enterprise(uscc=src.uscc)
        ent.code, ent.name, ent.area = src.code, src.name, src.area
        ent.industry_code, ent.industry_name = src.industry_code, src.industry_name
        ent.admin_unit_code, ent.lon, ent.lat = unit, src.lon, src.lat
        ent.key_units, ent.approximate, ent.source = list(src.key_units), src.approximate, src.source
        ent.is_key_unit = bool(src.key_units)
        ent.limits.clear()
        session.add(ent)
        session.flush()  # delete the old limits before the new ones are inserted (unique outlet × parameter)
        for outlet in src.outlets:
            site_code = f"{src.code}-{outlet.code}"
            site = sites.get(site_code)
            if site is None:
                site = catalog.add_site(
                    session, code=site_code, name=f"{src.name} {outlet.name}", kind="outlet"
                )
                sites[site_code] = site
            site.enterprise_uscc, site.mn = src.uscc, outlet.mn
            site.lon, site.lat, site.admin_unit_code = src.lon, src.lat, unit
            site.attributes = {"medium": outlet.medium, "monitored": outlet.monitored, "outlet": outlet.code}
            n_outlets += 1
            for p in outlet.pollutants:
                ent.limits.append(
                    OutletLimit(
                        outlet_code=site_code,
                        parameter=p.parameter,
                        unit=p.unit,
                        limit=p.limit,
                        limit_low=p.limit_low,
                        limit_source=p.limit_source,
                        limit_verified=p.limit_verified,
                    )
                )
                n_limits += 1
    session.flush()
    result = SyncResult(len(region.enterprises), n_outlets, n_limits)
    audit.record(
        session,
        actor=actor,
        action="enterprises.sync",
        entity_type="region",
        entity_id=region.name,
        after={"enterprises": result.enterprises, "outlets": result.outlets, "limits": result.limits},
    )
    return result


def _scoped(query: Select[tuple[Enterprise]], session: Session, user: User) -> Select[tuple[Enterprise]]:
    """What ``user`` may see (``ljeco.observations.scope``); the public sees the key discharge units, whose list is
    public by law (重点排污单位名录)."""
    condition = visibility(
        session, user, unit=Enterprise.admin_unit_code, enterprise=Enterprise.uscc,
        public=Enterprise.is_key_unit.is_(True),
    )  # fmt: skip
    return query if condition is None else query.where(condition)


@dataclass(frozen=True, slots=True)
class EnterpriseFilter:
    q: str | None = None
    area: str | None = None
    industry_code: str | None = None
    key_unit: str | None = None


def list_enterprises(
    session: Session, *, user: User, filters: EnterpriseFilter, offset: int = 0, limit: int = 100
) -> tuple[Sequence[Enterprise], int]:
    query = _scoped(select(Enterprise), session, user)
    if filters.q:
        like = f"%{filters.q.strip()}%"
        query = query.where(or_(Enterprise.name.like(like), Enterprise.uscc.like(like)))
    if filters.area:
        query = query.where(Enterprise.area == filters.area)
    if filters.industry_code:
        query = query.where(Enterprise.industry_code.startswith(filters.industry_code))
    rows = list(session.scalars(query.order_by(Enterprise.code)))
    if filters.key_unit:
        # Filtered in Python: JSON containment is spelled differently on SQLite and PostgreSQL, and the registry is
        # small (hundreds of rows).
        rows = [e for e in rows if filters.key_unit in (e.key_units or [])]
    return rows[offset : offset + limit], len(rows)


def get_enterprise(session: Session, *, user: User, uscc: str) -> Enterprise:
    query = _scoped(select(Enterprise), session, user).where(Enterprise.uscc == uscc)
    ent = session.scalar(query.options(selectinload(Enterprise.limits)))
    if ent is None:
        raise NotFoundError(f"企业 {uscc} 不存在或无权查看", code="sources.not_found")
    return ent


def outlets_of(session: Session, *, enterprise: Enterprise) -> list[Site]:
    return list(
        session.scalars(select(Site).where(Site.enterprise_uscc == enterprise.uscc).order_by(Site.code))
    )


@dataclass(frozen=True, slots=True)
class OutletCompliance:
    outlet_code: str
    parameter: str
    unit: str
    limit: float | None
    limit_low: float | None
    limit_verified: bool
    summary: ExceedanceSummary


def compliance(
    session: Session, *, user: User, uscc: str, t_from: datetime, t_to: datetime
) -> list[OutletCompliance]:
    """Hourly CEMS values of every limited pollutant of the enterprise against its limits over [t_from, t_to)."""
    ent = get_enterprise(session, user=user, uscc=uscc)
    sites = {s.code: s for s in outlets_of(session, enterprise=ent)}
    out: list[OutletCompliance] = []
    for lim in ent.limits:
        site = sites.get(lim.outlet_code)
        if site is None:
            continue
        # Hourly CEMS values decide compliance; a device that only sends daily means is judged on those.
        series = sorted(
            (
                s
                for s in queries.list_series(session, user=user, site_id=site.id)
                if s.parameter == lim.parameter
            ),
            key=lambda s: (s.interval_s != 3600, s.interval_s),
        )
        values: list[float | None] = []
        if series:
            interval: Any = "hour" if series[0].interval_s <= 3600 else "raw"
            result = queries.series_values(
                session,
                user=user,
                series_id=series[0].id,
                t_from=t_from,
                t_to=t_to,
                interval=interval,
                max_points=None,
            )
            values = [p.value for p in result.data]
        out.append(
            OutletCompliance(
                outlet_code=lim.outlet_code,
                parameter=lim.parameter,
                unit=lim.unit,
                limit=lim.limit,
                limit_low=lim.limit_low,
                limit_verified=lim.limit_verified,
                summary=exceedance_summary(values, limit=lim.limit, limit_low=lim.limit_low),
            )
        )
    return out
