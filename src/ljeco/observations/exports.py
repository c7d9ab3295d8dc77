"""Exports of any series query as CSV or XLSX; big ones (> :data:`BACKGROUND_ROWS`) as background jobs.

A job is a row in ``export_jobs`` (status, progress, file) run by a thread in this process; the API answers
``202`` with the job's link and the client polls it, then downloads the file. Files go to
``<data_dir>/exports/``. Values are written raw (full precision) with unit, period, flag and coverage columns.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from ljeco.accounts.models import User
from ljeco.core.db import read_session, write_session
from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.core.timeutil import CST, utcnow
from ljeco.observations.models import ExportJob, Review
from ljeco.observations.queries import visible_series
from ljeco.observations.schemas import ExportJobOut, Interval

#: Exports above this many rows run in the background (issue #3).
BACKGROUND_ROWS = 100_000
#: Rows between progress updates of a job.
PROGRESS_EVERY = 20_000

COLUMNS = [
    "site_code",
    "parameter",
    "unit",
    "interval",
    "period_from_utc",
    "period_from_local",
    "value",
    "min",
    "max",
    "flag",
    "review",
    "count",
    "expected",
    "coverage",
    "valid",
]


class ExportQuery(BaseModel):
    series_ids: list[int] = Field(min_length=1)
    time_from: datetime
    time_to: datetime
    interval: Interval = "raw"
    format: Literal["csv", "xlsx"] = "csv"


def _bounds(q: ExportQuery) -> tuple[int, int]:
    if q.time_from.tzinfo is None or q.time_to.tzinfo is None:
        raise ValidationError("from/to need a time zone", code="obs.time")
    return int(q.time_from.timestamp()), int(q.time_to.timestamp())


def _source(q: ExportQuery, series_interval: int) -> tuple[str, bool]:
    raw = q.interval == "raw" or (q.interval == "hour" and series_interval == 3600)
    if raw:
        return (
            "SELECT t, value, NULL, NULL, flag, review, NULL, NULL, NULL, NULL FROM observations "
            "WHERE series_id = :s AND t >= :lo AND t < :hi ORDER BY t",
            True,
        )
    return (
        "SELECT t, mean, min, max, NULL, NULL, count, expected, coverage, valid FROM rollups "
        "WHERE series_id = :s AND level = :l AND t >= :lo AND t < :hi ORDER BY t",
        False,
    )


def count_rows(session: Session, *, user: User, query: ExportQuery) -> int:
    lo, hi = _bounds(query)
    total = 0
    for sid in query.series_ids:
        series, _site, _param = visible_series(session, user=user, series_id=sid)
        _sql, raw = _source(query, series.interval_s)
        table = "observations" if raw else "rollups"
        where = "series_id = :s AND t >= :lo AND t < :hi" + ("" if raw else " AND level = :l")
        total += int(
            session.execute(
                text(f"SELECT count(*) FROM {table} WHERE {where}"),
                {"s": sid, "lo": lo, "hi": hi, "l": query.interval},
            ).scalar_one()
        )
    return total


def iter_rows(session: Session, *, user: User, query: ExportQuery) -> Iterator[list[Any]]:
    """Rows in :data:`COLUMNS` order, series by series, time ascending."""
    lo, hi = _bounds(query)
    review_names = {int(r): r.name for r in Review}
    for sid in query.series_ids:
        series, site, param = visible_series(session, user=user, series_id=sid)
        sql, _raw = _source(query, series.interval_s)
        result = session.connection().execution_options(stream_results=True, yield_per=10_000)
        for r in result.execute(text(sql), {"s": sid, "l": query.interval, "lo": lo, "hi": hi}):
            t = int(r[0])
            yield [
                site.code,
                param.code,
                series.unit,
                query.interval,
                datetime.fromtimestamp(t, UTC).isoformat(),
                datetime.fromtimestamp(t, CST).isoformat(),
                r[1],
                r[2],
                r[3],
                r[4],
                None if r[5] is None else review_names.get(int(r[5])),
                r[6],
                r[7],
                r[8],
                None if r[9] is None else bool(r[9]),
            ]


def write_file(
    rows: Iterator[list[Any]], path: Path, fmt: str, progress: Callable[[int], None] | None = None
) -> int:
    """Write ``rows`` to ``path`` as CSV (UTF-8 with BOM, so Excel opens Chinese text) or XLSX; returns the count."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow(row)
                n += 1
                if progress and n % PROGRESS_EVERY == 0:
                    progress(n)
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("observations")
        ws.append(COLUMNS)
        for row in rows:
            ws.append(row)
            n += 1
            if progress and n % PROGRESS_EVERY == 0:
                progress(n)
        wb.save(path)
    else:
        raise ValidationError(f"unknown export format {fmt!r}", code="obs.export_format")
    if progress:
        progress(n)
    return n


def export_dir() -> Path:
    from ljeco.core.config import get_settings

    return get_settings().ensure_data_dir() / "exports"


def start_job(session: Session, *, user: User, query: ExportQuery, total: int) -> ExportJob:
    """Queue an export job (committed by the caller) — :func:`run_in_thread` starts it."""
    job = ExportJob(
        status="queued",
        owner_id=user.id,
        query=query.model_dump(mode="json"),
        format=query.format,
        total=total,
    )
    session.add(job)
    session.flush()
    return job


def run_job(job_id: int, engine: Engine | None = None) -> None:
    """Run one export job to completion, recording progress and the outcome on its row."""
    from ljeco.accounts.models import User as UserModel

    with write_session(engine) as s:
        job = s.get(ExportJob, job_id)
        if job is None:
            raise NotFoundError(f"no export job {job_id}", code="obs.unknown_job")
        job.status = "running"
        query = ExportQuery.model_validate(job.query)
        owner_id = job.owner_id
    path = export_dir() / f"export-{job_id}.{query.format}"

    def progress(done: int) -> None:
        with write_session(engine) as ws:
            row = ws.get(ExportJob, job_id)
            if row is not None:
                row.done = done

    try:
        with read_session(engine) as rs:
            user = rs.get(UserModel, owner_id) if owner_id is not None else None
            if user is None:
                raise NotFoundError("the job's owner no longer exists", code="obs.unknown_user")
            write_file(iter_rows(rs, user=user, query=query), path, query.format, progress)
        status, error = "done", None
    except Exception as exc:  # a failed job records why; the worker thread must not die silently
        status, error = "failed", str(exc)
    with write_session(engine) as s:
        job = s.get(ExportJob, job_id)
        assert job is not None
        job.status = status
        job.error = error
        job.path = str(path) if status == "done" else None
        job.finished_at = utcnow()


def run_in_thread(job_id: int, engine: Engine | None = None) -> threading.Thread:
    worker = threading.Thread(target=run_job, args=(job_id, engine), name=f"export-{job_id}", daemon=True)
    worker.start()
    return worker


def job_out(job: ExportJob) -> ExportJobOut:
    return ExportJobOut(
        id=job.id,
        status=job.status,
        total=job.total,
        done=job.done,
        progress=(job.done / job.total) if job.total else (1.0 if job.status == "done" else 0.0),
        download=f"/api/v1/exports/{job.id}/download" if job.status == "done" else None,
        error=job.error,
    )


def get_job(session: Session, *, user: User, job_id: int) -> ExportJob:
    job = session.get(ExportJob, job_id)
    if job is None or (job.owner_id != user.id and not user.district_wide):
        raise NotFoundError(f"no export job {job_id}", code="obs.unknown_job")
    return job


__all__ = [
    "BACKGROUND_ROWS",
    "COLUMNS",
    "ExportQuery",
    "count_rows",
    "export_dir",
    "get_job",
    "iter_rows",
    "job_out",
    "run_in_thread",
    "run_job",
    "start_job",
    "write_file",
]
