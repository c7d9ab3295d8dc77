"""``ljeco groundwater``: GB/T 14848-2017 groundwater quality classes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Groundwater: GB/T 14848-2017 class I–V per item and per sample.", no_args_is_help=True
)


@app.command("classify")
def classify(
    infile: Path | None = typer.Argument(
        None, help="CSV: site,time,<items…> (mg/L; organics µg/L; 0.01L = non-detect)."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Output CSV (default: standard output)."),
    site: str | None = typer.Option(None, "--site", help="Read this well from the configured database."),
    every: bool = typer.Option(False, "--all", help="Read every well from the configured database."),
    date_from: str | None = typer.Option(None, "--from", help="Store: first local date (default: all)."),
    date_to: str | None = typer.Option(None, "--to", help="Store: last local date, inclusive."),
) -> None:
    """Class of every sample: the worst item decides (GB/T 14848-2017 6.3).

    With --site or --all the samples come from the observation store (time = local sampling time).
    """
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError
    from ljeco.standards.groundwater import classify_frame

    if sum([infile is not None, site is not None, every]) != 1:
        raise ValidationError("give exactly one of IN.csv, --site CODE or --all", code="bad_option")
    if infile is None:
        result = _from_store(site, date_from, date_to)
    else:
        if not infile.exists():
            raise NotFoundError(f"no such file: {infile}", code="file_not_found")
        try:
            frame = pd.read_csv(infile, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ValidationError(f"{infile}: not a readable UTF-8 CSV ({exc})", code="bad_csv") from None
        result = classify_frame(frame)
    if out is None:
        typer.echo(result.to_csv(index=False).rstrip("\n"))
    else:
        result.to_csv(out, index=False, encoding="utf-8")
        typer.echo(f"{len(result)} samples classified → {out}")


def _from_store(site: str | None, date_from: str | None, date_to: str | None) -> pd.DataFrame:
    """Samples from the observation store, in the columns of the file path."""
    import pandas as pd

    from ljeco.core.db import read_session
    from ljeco.modules.quality.reading import check_store
    from ljeco.modules.quality.service import groundwater_samples
    from ljeco.standards.water.frames import parse_date

    check_store()
    with read_session() as session:
        found = groundwater_samples(
            session,
            user=None,
            code=site,
            date_from=parse_date(date_from) if date_from else None,
            date_to=parse_date(date_to) if date_to else None,
        )
    rows = [
        {
            "site": x.well,
            "time": x.local_time,
            "water_class": x.water_class,
            "worst_items": ",".join(x.worst_items),
            "flags": "; ".join(x.flags),
        }
        for x in found.data
    ]
    return pd.DataFrame(rows, columns=["site", "time", "water_class", "worst_items", "flags"])
