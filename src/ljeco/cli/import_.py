"""``ljeco import``: bring files into the platform (``ljeco import observations FILE``)."""

from __future__ import annotations

from pathlib import Path

import typer

NAME = "import"
app = typer.Typer(help="Import files: observations (CSV/XLSX, long or wide).", no_args_is_help=True)


@app.command()
def observations(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV or XLSX file."),
    mapping: Path | None = typer.Option(
        None,
        "--mapping",
        "-m",
        exists=True,
        help="YAML/JSON mapping of columns to sites, parameters and units.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report; write nothing."),
    time_label: str | None = typer.Option(
        None, "--time-label", help="end (CNEMC: 01:00 = the hour before; default) or start."
    ),
    interval: int | None = typer.Option(None, "--interval", help="Period of each value [s] (default 3600)."),
    source: str | None = typer.Option(None, "--source", help="Source name kept on each value."),
    errors_csv: Path | None = typer.Option(None, "--errors", help="Write the row-by-row report to this CSV."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    rollup: bool = typer.Option(
        True, "--rollup/--no-rollup", help="Fold the imported days into the rollups."
    ),
) -> None:
    """Import observations; good rows land, every bad row is reported (row, column, reason)."""
    import csv
    import json

    from rich.console import Console
    from rich.table import Table

    from ljeco.core.db import write_session
    from ljeco.ingest.files import ImportMapping, load_mapping, read_observation_file

    spec = load_mapping(mapping) if mapping else ImportMapping()
    if time_label is not None:
        if time_label not in {"end", "start"}:
            raise typer.BadParameter("--time-label is end or start")
        spec.time_label = time_label  # type: ignore[assignment]
    if interval is not None:
        spec.interval_s = interval
    with write_session() as session:
        report = read_observation_file(session, file, mapping=spec, dry_run=dry_run, source=source)
    if rollup and not dry_run and report.written is not None:
        from ljeco.observations.rollups import refresh

        with write_session() as session:
            refresh(session)
    if errors_csv is not None:
        with errors_csv.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["row", "column", "severity", "reason"])
            for e in report.errors:
                writer.writerow([e.row, e.column or "", e.severity, e.reason])
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    console = Console()
    if report.errors:
        table = Table("row", "column", "severity", "reason", title=f"{file.name}: problems")
        for e in report.errors:
            table.add_row(str(e.row), e.column or "", e.severity, e.reason)
        console.print(table)
    written = report.written
    outcome = (
        "dry run: nothing written"
        if dry_run
        else f"inserted {written.inserted}, updated {written.updated}, unchanged {written.unchanged}"
        if written
        else "nothing written"
    )
    console.print(
        f"{file.name} ({report.encoding}, {report.layout}): {report.rows} rows, {report.values} values accepted, "
        f"{report.missing} missing (sentinels), {report.error_count} errors — {outcome}"
    )
