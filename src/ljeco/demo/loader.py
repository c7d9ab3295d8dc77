"""Load a region pack and its deterministic demo data into the platform.

Everything goes through the paths real data uses: the catalogue and the store's ``write_observations`` for
monitoring data, the HJ 212 gateway's judging and sink (frames built, parsed, authenticated, archived, then stored)
for enterprise CEMS data, the enterprise registry for sources, and the complaints import for 12345/12369 work orders.

CEMS volume: two years of hourly frames for every monitored outlet is about a million frames (4 million values);
archiving each raw frame would cost ~0.5 GB and minutes. The demo therefore sends hourly frames (CN 2061) for the
last ``cems_hourly_days`` and daily frames (CN 2031, daily means of the same generated hours) before that, which is
also how platforms commonly thin old CEMS data. Every value still passes through the gateway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ljeco.core.audit import Actor
from ljeco.core.db import truncate_tables, write_session
from ljeco.core.errors import ConflictError

DEMO_ACTOR = Actor(name="demo")

#: Region-pack site kinds → observation-store site kinds.
SITE_KINDS = {
    "air_national": "air_station",
    "air_micro": "micro_station",
    "water_section": "water_section",
    "water_intake": "water_section",
    "noise": "noise_station",
    "groundwater": "groundwater_well",
    "soil": "soil_point",
}

#: Site kinds whose data the public sees (national/municipal monitoring is disclosed; micro stations are not).
DISCLOSED_KINDS = frozenset({"air_national", "water_section", "water_intake", "noise"})

#: Generator parameter names that the vocabulary spells differently.
PARAMETER_ALIASES = {"soil_ph": "ph"}

#: A grab sample (manual water, groundwater, soil) stands for its day in the store.
SAMPLE_INTERVAL_S = 86_400

#: Tables kept by ``--reset``: accounts and the audit trail are not demo data.
KEEP_ON_RESET = frozenset({"users", "api_tokens", "login_attempts", "audit_log"})

_CATEGORY = {
    "噪声": "noise", "餐饮油烟": "catering_fumes", "恶臭异味": "odour", "扬尘": "dust", "水污染": "water",
    "固体废物": "solid_waste", "辐射": "radiation", "生态破坏": "ecology", "其他": "other",
}  # fmt: skip
_CHANNEL = {"12345热线": "12345", "12369热线": "12369", "网络平台": "online", "微信公众号": "online"}

Progress = Callable[[str, int, int], None]


@dataclass
class DemoReport:
    start: date
    end: date
    sites: int = 0
    enterprises: int = 0
    devices: int = 0
    observations: int = 0
    cems_frames: int = 0
    cems_rejected: int = 0
    complaints: int = 0
    rollup_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def is_loaded(session: Session) -> bool:
    from ljeco.observations.models import Site

    return (session.scalar(select(func.count()).select_from(Site)) or 0) > 0


def load_catalog(session: Session, region: Any) -> int:
    """Admin units of every frame and every site of the pack; returns the number of sites."""
    from ljeco.observations import catalog

    catalog.seed_parameters(session)
    for unit in region.units:
        catalog.add_admin_unit(
            session, code=unit.code, name=unit.name, kind=unit.level, parent_code=unit.parent,
            valid_from=unit.valid_from, valid_to=unit.valid_to,
        )  # fmt: skip
    frames = [region.default_frame, *(f.id for f in region.frames if f.id != region.default_frame)]
    for src in region.sites:
        unit = next((src.admin_units.get(f) for f in frames if src.admin_units.get(f)), None)
        extra = src.model_dump(
            exclude={"code", "kind", "name", "lon", "lat", "admin_units", "mn", "target_class", "zone_class"},
            exclude_none=True,
        )
        extra["pack_kind"] = src.kind
        extra["admin_units"] = src.admin_units
        catalog.add_site(
            session, code=src.code, name=src.name, kind=SITE_KINDS[src.kind], lon=src.lon, lat=src.lat,
            admin_unit_code=unit, disclosed=src.kind in DISCLOSED_KINDS, mn=src.mn,
            water_target_class=src.target_class, noise_zone_class=src.zone_class, attributes=extra,
        )  # fmt: skip
    return len(region.sites)


def load_observations(session: Session, table: Any, progress: Progress) -> int:
    """One generated table → series → ``write_observations`` in chunks; returns the values written."""
    from ljeco.observations import catalog
    from ljeco.observations.store import write_observations
    from ljeco.regions.liangjiang.demo import to_observations

    rows = to_observations(table)
    # The pack names soil pH apart from water pH; the vocabulary has one pH measured in several media.
    rows["parameter"] = rows["parameter"].replace(PARAMETER_ALIASES)
    interval = table.interval_s or SAMPLE_INTERVAL_S
    keys = rows[["site", "parameter"]].drop_duplicates()
    series_of = {
        (site, param): catalog.ensure_series(session, site=site, parameter=param, interval_s=interval).id
        for site, param in keys.itertuples(index=False)
    }
    rows["series_id"] = [series_of[k] for k in zip(rows["site"], rows["parameter"], strict=True)]
    total = len(rows)
    written = 0
    for lo in range(0, total, 200_000):
        chunk = rows.iloc[lo : lo + 200_000]
        write_observations(
            session, chunk[["series_id", "time", "value", "flag"]], source=f"demo:{table.name}"
        )
        written += len(chunk)
        progress(table.name, written, total)
    return written


def register_devices(session: Session, region: Any, seed: int) -> dict[str, str]:
    """An HJ 212 device per monitored outlet (MN from the pack, a password from the seed); returns MN → PW."""
    from ljeco.ingest.hj212.registry import add_device

    rng = np.random.default_rng(seed)
    passwords: dict[str, str] = {}
    for ent in region.enterprises:
        for outlet in ent.outlets:
            if not (outlet.monitored and outlet.mn):
                continue
            password = f"{int(rng.integers(100000, 999999))}"
            add_device(
                session, mn=outlet.mn, password=password, site_code=f"{ent.code}-{outlet.code}",
                outlet=outlet.code, cadence={"2061": 3600, "2031": 86_400},
            )  # fmt: skip
            passwords[outlet.mn] = password
    return passwords


def cems_frames(frame: pd.DataFrame, passwords: dict[str, str], hourly_since: datetime) -> Iterator[bytes]:
    """HJ 212-2017 data frames for the generated CEMS rows: 2061 hourly after ``hourly_since``, 2031 daily before.

    A value the device flagged missing is sent as its flag alone (``-Avg`` left out), as devices do for a failed
    analyser. Rows are pivoted once per device (time × factor) and formatted from plain arrays: a pandas group
    per frame cost ~1 ms each, minutes for the demo.
    """
    from ljeco.ingest.hj212.codec import build_segment, encode_segment
    from ljeco.ingest.hj212.cp import format_time

    data = frame[["mn", "hj212_code", "time", "value", "flag"]]
    for mn, rows in data.groupby("mn", observed=True, sort=True):
        password = passwords.get(str(mn))
        if password is None:
            continue
        recent = rows[rows["time"] >= hourly_since]
        seq = 0
        for cn, part in (("2031", _daily_means(rows[rows["time"] < hourly_since])), ("2061", recent)):
            if part.empty:
                continue
            values = part.pivot_table(
                index="time",
                columns="hj212_code",
                values="value",
                aggfunc="first",
                dropna=False,
                observed=True,
            )
            flags = part.pivot_table(
                index="time",
                columns="hj212_code",
                values="flag",
                aggfunc="first",
                dropna=False,
                observed=True,
            )
            flags = flags.reindex(index=values.index, columns=values.columns)
            codes = [str(c) for c in values.columns]
            stamps = [format_time(t.to_pydatetime()) for t in values.index]
            for stamp, vals, flgs in zip(stamps, values.to_numpy(), flags.to_numpy(), strict=True):
                cp = [f"DataTime={stamp}"]
                for code, value, flag in zip(codes, vals, flgs, strict=True):
                    if value != value:  # NaN: no value this period
                        if isinstance(flag, str):
                            cp.append(f"{code}-Flag={flag}")
                    else:
                        cp.append(
                            f"{code}-Avg={value:.3f},{code}-Flag={flag if isinstance(flag, str) else 'N'}"
                        )
                seq += 1
                segment = build_segment(
                    qn=f"{stamp}{seq % 1000:03d}",
                    st="31",
                    cn=cn,
                    pw=password,
                    mn=str(mn),
                    flag=4,
                    cp=";".join(cp),
                )
                yield encode_segment(segment)


def _daily_means(rows: pd.DataFrame) -> pd.DataFrame:
    """Daily means per code over local days (a day's value is time-stamped at its local midnight, as 2031 is)."""
    if rows.empty:
        return rows
    local = rows["time"].dt.tz_convert("Asia/Shanghai").dt.floor("D")
    grouped = rows.assign(day=local).groupby(["day", "hj212_code"], observed=True)
    out = grouped["value"].mean().reset_index()
    out["flag"] = np.where(out["value"].isna(), "D", "N")
    return out.rename(columns={"day": "time"})


def load_cems(engine: Engine, frames: Iterator[bytes], total: int, progress: Progress) -> tuple[int, int]:
    """Judge every frame as the gateway does and write it through the gateway's SQL sink; (accepted, rejected)."""
    from ljeco.ingest.hj212.gateway import Gateway
    from ljeco.ingest.hj212.registry import SqlRegistry
    from ljeco.ingest.hj212.sink import SqlSink

    registry = SqlRegistry(engine)
    registry.refresh()
    sink = SqlSink(engine, observations=True)
    gateway = Gateway(registry=registry, sink=sink)
    batch: list[Any] = []
    ok = rejected = done = 0
    now = datetime.now(UTC)
    for data in frames:
        item = gateway.judge(data, "demo-loader", now)
        ok += item.verdict == "ok"
        rejected += item.verdict != "ok"
        batch.append(item)
        if len(batch) >= 5000:
            sink.write(batch)
            done += len(batch)
            batch.clear()
            progress("cems_hj212", done, total)
    if batch:
        sink.write(batch)
        done += len(batch)
        progress("cems_hj212", done, total)
    return ok, rejected


def complaint_records(frame: pd.DataFrame, *, today: datetime, seed: int) -> list[Any]:
    """Generated complaints with a plausible handling history: older ones closed, recent ones still open."""
    from ljeco.modules.cases.models import Category, Channel, Status
    from ljeco.modules.cases.service import ComplaintRecord

    rng = np.random.default_rng(seed)
    out = []
    for row in frame.itertuples(index=False):
        received = row.time.to_pydatetime()
        age = (today - received).days
        unit = row.admin_unit if isinstance(row.admin_unit, str) else None
        handler = f"{unit or '两江新区'}承办人"
        steps: list[tuple[Status, datetime, str, str]] = []
        if rng.random() < 0.03:
            steps.append(
                (
                    Status.rejected,
                    received + timedelta(hours=6),
                    "分局受理员",
                    "经核实不属于生态环境部门职责，已告知转交相关部门",
                )
            )
        else:
            if age >= 1:
                steps.append((Status.assigned, received + timedelta(hours=4), "分局受理员", "转属地街道办理"))
            if age >= 3:
                steps.append((Status.processing, received + timedelta(days=1), handler, "已现场核查"))
            if age >= 10 or (age >= 5 and rng.random() < 0.6):
                steps.append(
                    (
                        Status.resolved,
                        received + timedelta(days=int(rng.integers(3, 10))),
                        handler,
                        "已责令整改，现场复查问题已解决",
                    )
                )
            if age >= 20 and rng.random() < 0.7:
                steps.append(
                    (Status.followed_up, received + timedelta(days=12), "分局回访员", "电话回访，投诉人满意")
                )
        sub = row.subcategory if isinstance(row.subcategory, str) else ""
        category = {"固体废物": "solid_waste", "辐射": "radiation", "生态破坏": "ecology"}.get(
            sub, _CATEGORY.get(row.category, "other")
        )
        out.append(
            ComplaintRecord(
                tracking_no=row.id, channel=Channel(_CHANNEL.get(row.channel, "online")), category=Category(category),
                received_at=received, text=row.text, lon=float(row.lon), lat=float(row.lat), admin_unit=unit,
                enterprise=row.enterprise if isinstance(row.enterprise, str) else None, steps=tuple(steps),
                responsible_unit=unit if steps else None,
            )
        )  # fmt: skip
    return out


def load_demo(
    *,
    engine: Engine,
    region_name: str = "liangjiang",
    today: date,
    start: date | None = None,
    seed: int | None = None,
    reset: bool = False,
    cems_hourly_days: int = 60,
    progress: Progress = _noop,
) -> DemoReport:
    """Fill the database with the region pack and its demo data for [``start``, ``today``).

    ``start`` defaults to 1 January of last year (the last full calendar year and the current year to date).
    """
    import time as _time

    from ljeco.modules.cases.service import import_complaints
    from ljeco.modules.sources.service import sync_from_region
    from ljeco.observations import rollups
    from ljeco.regions import load_region
    from ljeco.regions.liangjiang.demo import DEFAULT_SEED, default_period, demo_tables

    seed = DEFAULT_SEED if seed is None else seed
    region = load_region(region_name)
    if reset:
        truncate_tables(engine, keep=KEEP_ON_RESET)
    with write_session(engine) as session:
        if is_loaded(session):
            raise ConflictError("演示数据已存在；如需重新生成请使用 --reset", code="demo.already_loaded")
    default_start, end = default_period(today)
    start = start or default_start
    report = DemoReport(start=start, end=end)
    clock = _time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = _time.perf_counter()
        report.seconds[stage] = round(now - clock, 1)
        clock = now

    with write_session(engine) as session:
        report.sites = load_catalog(session, region)
        report.enterprises = sync_from_region(session, region=region, actor=DEMO_ACTOR).enterprises
        passwords = register_devices(session, region, seed)
        report.devices = len(passwords)
    lap("catalog")
    local_midnight_today = datetime.combine(end, datetime.min.time()) - timedelta(hours=8)
    hourly_since = (local_midnight_today - timedelta(days=cems_hourly_days)).replace(tzinfo=UTC)
    for table in demo_tables(region, start, end, seed):
        if table.frame.empty:  # e.g. no groundwater quarter or soil October inside a short window
            lap(table.name)
            continue
        if table.name == "cems_hourly":
            n_frames = _count_frames(table.frame, hourly_since)
            ok, rejected = load_cems(
                engine, cems_frames(table.frame, passwords, hourly_since), n_frames, progress
            )
            report.cems_frames, report.cems_rejected = ok, rejected
        elif table.name == "complaints":
            records = complaint_records(
                table.frame, today=local_midnight_today.replace(tzinfo=UTC), seed=seed
            )
            with write_session(engine) as session:
                report.complaints = import_complaints(session, records, actor=DEMO_ACTOR)
            progress("complaints", report.complaints, len(records))
        else:
            with write_session(engine) as session:
                report.observations += load_observations(session, table, progress)
        lap(table.name)
    with write_session(engine) as session:
        report.rollup_rows = rollups.refresh(session).rows
    lap("rollups")
    with write_session(engine) as session:
        from ljeco.core.audit import record

        record(
            session, actor=DEMO_ACTOR, action="demo.load", entity_type="region", entity_id=region_name,
            after={"from": start.isoformat(), "to": end.isoformat(), "seed": seed, "observations": report.observations,
                   "cems_frames": report.cems_frames, "complaints": report.complaints},
        )  # fmt: skip
    return report


def _count_frames(frame: pd.DataFrame, hourly_since: datetime) -> int:
    recent = frame[frame["time"] >= hourly_since]
    old = frame[frame["time"] < hourly_since]
    days = old["time"].dt.tz_convert("Asia/Shanghai").dt.floor("D")
    return int(
        recent.groupby(["mn", "time"], observed=True).ngroups
        + old.assign(d=days).groupby(["mn", "d"], observed=True).ngroups
    )
