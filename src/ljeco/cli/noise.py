"""``ljeco noise``: GB 3096-2008 functional-zone noise, GB 12348-2008 and GB 12523-2011 boundary noise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Noise: GB 3096-2008 zones, GB 12348-2008 / GB 12523-2011 boundaries.", no_args_is_help=True
)


@app.command("assess")
def assess(
    infile: Path | None = typer.Argument(
        None, help="CSV: station,time,leq,lmax,zone_class (hourly, dB(A), local time)."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Write CSV here instead of standard output."),
    standard: str = typer.Option("gb3096", "--standard", help="gb3096 (zones 0–4b), gb12348 or gb12523."),
    label: str = typer.Option("end", "--label", help="The time labels the end (CNEMC) or start of its hour."),
    night_noise: str = typer.Option(
        "frequent", "--night-noise", help="GB 12348: frequent (+10) or occasional."
    ),
    summary: bool = typer.Option(False, "--summary", help="Per-station compliance rates instead of days."),
    site: str | None = typer.Option(None, "--site", help="Read this station from the configured database."),
    every: bool = typer.Option(False, "--all", help="Read every noise station from the configured database."),
    date_from: str | None = typer.Option(None, "--from", help="Store: first local date (YYYY-MM-DD)."),
    date_to: str | None = typer.Option(None, "--to", help="Store: last local date, inclusive (YYYY-MM-DD)."),
) -> None:
    """Per station and day: day Leq, night Leq, night Lmax, limits and compliance.

    With --site or --all (and --from/--to) the hourly values come from the observation store and each station's
    GB 3096-2008 zone class from its site record.
    """
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError
    from ljeco.standards.noise import assess_hourly

    if sum([infile is not None, site is not None, every]) != 1:
        raise ValidationError("give exactly one of IN.csv, --site CODE or --all", code="bad_option")
    if infile is None:
        if standard != "gb3096":
            raise ValidationError(
                "--site/--all judge against the station's GB 3096-2008 zone class; --standard needs a file",
                code="bad_option",
            )
        days = _from_store(site, date_from, date_to)
    else:
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


def _from_store(site: str | None, date_from: str | None, date_to: str | None) -> pd.DataFrame:
    """Station-days from the observation store, in the columns of the file path."""
    import pandas as pd

    from ljeco.core.db import read_session
    from ljeco.core.errors import ValidationError
    from ljeco.modules.quality.reading import check_store
    from ljeco.modules.quality.service import noise_days
    from ljeco.standards.water.frames import parse_date

    if date_from is None or date_to is None:
        raise ValidationError("--site/--all need --from and --to", code="bad_option")
    check_store()
    with read_session() as session:
        stations = noise_days(
            session, user=None, date_from=parse_date(date_from), date_to=parse_date(date_to), code=site
        )
    rows = [
        {**d.model_dump(exclude={"unit"}), "date": d.date.isoformat()} for st in stations for d in st.data
    ]
    if not rows:
        raise ValidationError(f"no noise data between {date_from} and {date_to}", code="no_data")
    return pd.DataFrame(rows)
