"""``ljeco rollup``: recompute observation rollups (hour → day → month → year)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Rollups of the observation store: rebuild from raw, or fold in queued changes.",
    no_args_is_help=True,
)


@app.command()
def rebuild(series: list[int] = typer.Option(None, "--series", "-s", help="Only these series ids.")) -> None:
    """Recompute every rollup from the raw observations."""
    import time

    from ljeco.core.db import write_session
    from ljeco.observations.rollups import rebuild as run

    start = time.perf_counter()
    with write_session() as session:
        stats = run(session, series or None)
    typer.echo(
        f"rebuilt {stats.rows} rollup rows for {stats.series} series in {time.perf_counter() - start:.1f} s"
    )


@app.command()
def refresh() -> None:
    """Fold in the days changed by writes and reviews since the last refresh (incremental)."""
    from ljeco.core.db import write_session
    from ljeco.observations.rollups import refresh as run

    with write_session() as session:
        stats = run(session)
    typer.echo(f"refreshed {stats.series} series ({stats.rows} rollup rows)")


@app.command()
def watch(every: float = typer.Option(60.0, "--every", help="Seconds between refreshes.")) -> None:
    """Refresh the rollups periodically until interrupted (for a server without the web process)."""
    import time

    from ljeco.core.db import write_session
    from ljeco.observations.rollups import refresh as run

    while True:
        with write_session() as session:
            stats = run(session)
        if stats.series:
            typer.echo(f"refreshed {stats.series} series ({stats.rows} rollup rows)")
        time.sleep(every)


@app.command("rules")
def rules() -> None:
    """List the validity rules (with their source and verification status)."""
    from ljeco.observations.rollups import RULES

    for rule in RULES.values():
        typer.echo(
            f"{rule.id}: hour ≥ {rule.hour_min_minutes} min, day ≥ {rule.day_min_hours} h, "
            + (
                f"month ≥ {rule.fraction:.0%} of days, year ≥ {rule.fraction:.0%} of days"
                if rule.fraction
                else f"month ≥ {rule.month_min_days} d (Feb {rule.feb_min_days}), year ≥ {rule.year_min_days} d"
            )
            + f" — {rule.source} [{rule.verification}]"
        )
