"""``ljeco demo``: load the region pack and its deterministic demo data (last full year and this year to date)."""

from __future__ import annotations

from datetime import date

import typer


def run_with_progress(
    *,
    today: date,
    seed: int | None = None,
    reset: bool = False,
    region: str = "liangjiang",
    cems_hourly_days: int = 60,
) -> None:
    """Load the demo with a progress bar per stage and print what was loaded (``ljeco demo``, first run)."""
    from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from ljeco.core.db import get_engine
    from ljeco.demo import load_demo

    with Progress(
        TextColumn("{task.description:<14}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn()
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        report = load_demo(
            engine=get_engine(), region_name=region, today=today, seed=seed, reset=reset,
            cems_hourly_days=cems_hourly_days, progress=progress,
        )  # fmt: skip
    typer.echo(
        f"demo {report.start} … {report.end}: {report.sites} sites, {report.enterprises} enterprises, "
        f"{report.devices} HJ 212 devices, {report.observations:,} observations, {report.cems_frames:,} CEMS frames "
        f"({report.cems_rejected} rejected), {report.complaints:,} complaints, {report.rollup_rows:,} rollup rows"
    )
    typer.echo("seconds per stage: " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()))


def demo(
    reset: bool = typer.Option(
        False, "--reset", help="Delete all data (accounts and audit stay) and load again."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Random seed (default: the published demo's)."),
    today: str | None = typer.Option(
        None, "--today", help="Pretend today is YYYY-MM-DD (default: the real date)."
    ),
    region: str = typer.Option("liangjiang", "--region", help="Region pack."),
    cems_hourly_days: int = typer.Option(
        60, "--cems-hourly-days", help="Days of hourly CEMS frames (daily before)."
    ),
) -> None:
    """Fill the database with the region pack and two years of realistic data through the real ingest paths."""
    from ljeco.core.db import get_engine, is_sqlite
    from ljeco.core.migrate import ensure_migrated
    from ljeco.core.timeutil import to_local, utcnow

    if is_sqlite(get_engine()):
        ensure_migrated()
    day = date.fromisoformat(today) if today else to_local(utcnow()).date()
    run_with_progress(today=day, seed=seed, reset=reset, region=region, cems_hourly_days=cems_hourly_days)


COMMANDS = [demo]
