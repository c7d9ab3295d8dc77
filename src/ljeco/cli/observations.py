"""``ljeco observations``: the observation store's catalogue (parameters, sites, series) and review."""

from __future__ import annotations

from datetime import datetime

import typer

app = typer.Typer(
    help="Observation store: seed parameters, list sites and series, review data.", no_args_is_help=True
)


@app.command("seed-parameters")
def seed_parameters() -> None:
    """Insert or update parameters from the platform vocabulary (ljeco.standards.parameters)."""
    from ljeco.core.db import write_session
    from ljeco.observations.catalog import seed_parameters as run

    with write_session() as session:
        changed = run(session)
    typer.echo(f"parameters: {changed} inserted or updated")


@app.command("add-site")
def add_site(
    code: str,
    name: str,
    kind: str = typer.Option(
        ..., "--kind", help="air_station, micro_station, water_section, noise_station, …"
    ),
    admin_unit: str | None = typer.Option(None, "--admin-unit", help="Admin-unit code."),
    lon: float | None = typer.Option(None, "--lon", help="WGS-84 longitude [°]."),
    lat: float | None = typer.Option(None, "--lat", help="WGS-84 latitude [°]."),
    disclosed: bool = typer.Option(False, "--disclosed", help="Shown to the public."),
) -> None:
    """Add a monitoring site."""
    from ljeco.core.db import write_session
    from ljeco.observations.catalog import add_site as run

    with write_session() as session:
        site = run(
            session,
            code=code,
            name=name,
            kind=kind,
            admin_unit_code=admin_unit,
            lon=lon,
            lat=lat,
            disclosed=disclosed,
        )
        typer.echo(f"site {site.id}: {code} {name} ({kind})")


@app.command("set-rule")
def set_rule(parameter: str, rule_id: str) -> None:
    """Set the rollup validity rule of a parameter (then run: ljeco rollup rebuild)."""
    from ljeco.core.db import write_session
    from ljeco.observations.catalog import set_parameter_rule

    with write_session() as session:
        set_parameter_rule(session, parameter, rule_id)
    typer.echo(f"{parameter}: rule {rule_id}")


@app.command()
def series() -> None:
    """List every series (id, site, parameter, unit, interval)."""
    from ljeco.accounts.models import Role, User
    from ljeco.core.db import read_session
    from ljeco.observations.queries import list_series

    operator = User(id=0, username="cli", role=Role.admin.value, password_hash="")
    with read_session() as session:
        for s in list_series(session, user=operator):
            typer.echo(f"{s.id}\t{s.site_code}\t{s.parameter}\t{s.unit}\t{s.interval_s}s\t{s.rule_id}")


@app.command()
def invalidate(
    series_id: int,
    time_from: datetime = typer.Option(..., "--from", help="First period start (local time if no zone)."),
    time_to: datetime = typer.Option(..., "--to", help="Last period start, inclusive."),
    reason: str = typer.Option(..., "--reason", help="Why (kept with the decision and in the audit log)."),
) -> None:
    """Invalidate a range of values (kept, but dropped from statistics; audited)."""
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.core.timeutil import to_utc
    from ljeco.observations.models import Review
    from ljeco.observations.quality import review_range

    with write_session() as session:
        result = review_range(
            session,
            series_id=series_id,
            t_from=to_utc(time_from),
            t_to=to_utc(time_to),
            state=Review.invalidated,
            reason=reason,
            actor=CLI,
        )
    typer.echo(f"invalidated {result.affected} values (review {result.review_id})")
