"""``ljeco noise``: GB 3096-2008 functional-zone noise, GB 12348-2008 and GB 12523-2011 boundary noise."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Noise: GB 3096-2008 zones, GB 12348-2008 / GB 12523-2011 boundaries.", no_args_is_help=True
)


@app.command("assess")
def assess(
    infile: Path = typer.Argument(
        ..., help="CSV: station,time,leq,lmax,zone_class (hourly, dB(A), local time)."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Write CSV here instead of standard output."),
    standard: str = typer.Option("gb3096", "--standard", help="gb3096 (zones 0–4b), gb12348 or gb12523."),
    label: str = typer.Option("end", "--label", help="The time labels the end (CNEMC) or start of its hour."),
    night_noise: str = typer.Option(
        "frequent", "--night-noise", help="GB 12348: frequent (+10) or occasional."
    ),
    summary: bool = typer.Option(False, "--summary", help="Per-station compliance rates instead of days."),
) -> None:
    """Per station and day: day Leq, night Leq, night Lmax, limits and compliance."""
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError
    from ljeco.standards.noise import assess_hourly

    if not infile.exists():
        raise NotFoundError(f"no such file: {infile}", code="file_not_found")
    try:
        frame = pd.read_csv(infile, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{infile}: not a readable UTF-8 CSV ({exc})", code="bad_csv") from None
    days = assess_hourly(frame, standard=standard, label=label, night_noise=night_noise)
    if summary:
        rows = []
        for station, g in days.groupby("station", sort=True):
            judged_d, judged_n = g["day_ok"].dropna(), g["night_ok"].dropna()
            rows.append(
                {
                    "station": station,
                    "n_days": len(judged_d),
                    "day_compliance_rate": round(judged_d.astype(bool).mean(), 4) if len(judged_d) else "",
                    "n_nights": len(judged_n),
                    "night_compliance_rate": round(judged_n.astype(bool).mean(), 4) if len(judged_n) else "",
                }
            )
        days = pd.DataFrame(rows)
    text = days.to_csv(index=False)
    if out is None:
        typer.echo(text.rstrip("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(days)} rows → {out}")
