"""``ljeco soil``: GB 36600-2018 construction land and GB 15618-2018 agricultural land."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Soil: GB 36600-2018 (construction) and GB 15618-2018 (agricultural).", no_args_is_help=True
)


@app.command("assess")
def assess(
    infile: Path | None = typer.Argument(
        None, help="CSV: site,[time,][ph,][land_use,]<items…> in mg/kg (0.1L = non-detect)."
    ),
    land: str | None = typer.Option(
        None,
        "--land",
        help="first | second (GB 36600 land category) | agricultural; required with a file, "
        "default from the site record with --site/--all.",
    ),
    land_use: str = typer.Option(
        "other", "--land-use", help="Agricultural: paddy | orchard | other | rotation."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Output CSV (default: standard output)."),
    site: str | None = typer.Option(
        None, "--site", help="Read this soil point from the configured database."
    ),
    every: bool = typer.Option(False, "--all", help="Read every soil point from the configured database."),
    date_from: str | None = typer.Option(None, "--from", help="Store: first local date (default: all)."),
    date_to: str | None = typer.Option(None, "--to", help="Store: last local date, inclusive."),
) -> None:
    """Each sample against the screening and intervention values; results and the items behind them.

    With --site or --all the samples come from the observation store; the land category and agricultural land
    use come from each site's attributes unless --land is given.
    """
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError
    from ljeco.standards.soil import assess_frame

    if sum([infile is not None, site is not None, every]) != 1:
        raise ValidationError("give exactly one of IN.csv, --site CODE or --all", code="bad_option")
    if infile is None:
        result = _from_store(site, land, date_from, date_to)
    else:
        if land is None:
            raise ValidationError("--land is required with a file", code="bad_option")
        if not infile.exists():
            raise NotFoundError(f"no such file: {infile}", code="file_not_found")
        try:
            frame = pd.read_csv(infile, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ValidationError(f"{infile}: not a readable UTF-8 CSV ({exc})", code="bad_csv") from None
        result = assess_frame(frame, land=land, land_use=land_use)
    if out is None:
        typer.echo(result.to_csv(index=False).rstrip("\n"))
    else:
        result.to_csv(out, index=False, encoding="utf-8")
        typer.echo(f"{len(result)} samples assessed → {out}")


def _from_store(
    site: str | None, land: str | None, date_from: str | None, date_to: str | None
) -> pd.DataFrame:
    """Samples from the observation store, in the columns of the file path (plus ``land``)."""
    import pandas as pd

    from ljeco.core.db import read_session
    from ljeco.modules.quality.reading import check_store
    from ljeco.modules.quality.service import soil_assessment
    from ljeco.standards.water.frames import parse_date

    check_store()
    with read_session() as session:
        points = soil_assessment(
            session,
            user=None,
            code=site,
            land=land,
            date_from=parse_date(date_from) if date_from else None,
            date_to=parse_date(date_to) if date_to else None,
        )
    rows = [
        {
            "site": x.point,
            "time": x.local_time,
            "land": x.land,
            "standard": x.standard,
            "result": x.result,
            "result_cn": x.result_cn,
            "items_above_screening": ",".join(x.items_above_screening),
            "items_above_intervention": ",".join(x.items_above_intervention),
            "max_ratio_screening": "" if x.max_ratio_screening is None else round(x.max_ratio_screening, 3),
            "category": x.category or "",
            "unverified_values_used": ",".join(x.unverified_values_used),
        }
        for p in points
        for x in p.data
    ]
    return pd.DataFrame(rows)
