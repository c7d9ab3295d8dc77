"""``ljeco soil``: GB 36600-2018 construction land and GB 15618-2018 agricultural land."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Soil: GB 36600-2018 (construction) and GB 15618-2018 (agricultural).", no_args_is_help=True
)


@app.command("assess")
def assess(
    infile: Path = typer.Argument(
        ..., help="CSV: site,[time,][ph,][land_use,]<items…> in mg/kg (0.1L = non-detect)."
    ),
    land: str = typer.Option(..., "--land", help="first | second (GB 36600 land category) | agricultural."),
    land_use: str = typer.Option(
        "other", "--land-use", help="Agricultural: paddy | orchard | other | rotation."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Output CSV (default: standard output)."),
) -> None:
    """Each sample against the screening and intervention values; results and the items behind them."""
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError
    from ljeco.standards.soil import assess_frame

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
