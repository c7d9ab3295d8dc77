"""``ljeco export``: CSV/XLSX exports of the observation store with a progress bar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

app = typer.Typer(help="Export data: observations (raw or rolled up) as CSV or XLSX.", no_args_is_help=True)


@app.command()
def observations(
    series: list[int] = typer.Option(..., "--series", "-s", help="Series id (repeatable)."),
    time_from: datetime = typer.Option(..., "--from", help="Period start ≥ this (local time if no zone)."),
    time_to: datetime = typer.Option(..., "--to", help="Period start < this (local time if no zone)."),
    interval: str = typer.Option("raw", "--interval", help="raw, hour, day, month or year."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (.csv or .xlsx)."),
) -> None:
    """Export series values (operator access: every series)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ljeco.accounts.models import Role, User
    from ljeco.core.db import read_session
    from ljeco.core.timeutil import to_utc
    from ljeco.observations import exports

    fmt = output.suffix.lower().lstrip(".")
    query = exports.ExportQuery(
        series_ids=series,
        time_from=to_utc(time_from),
        time_to=to_utc(time_to),
        interval=interval,
        format=fmt,
    )
    operator = User(id=0, username="cli", role=Role.admin.value, password_hash="")
    with read_session() as session:
        total = exports.count_rows(session, user=operator, query=query)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
        ) as bar:
            task = bar.add_task(f"export → {output.name}", total=total)
            n = exports.write_file(
                exports.iter_rows(session, user=operator, query=query),
                output,
                fmt,
                lambda done: bar.update(task, completed=done),
            )
    typer.echo(f"wrote {n} rows to {output}")
