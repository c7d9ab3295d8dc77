"""``ljeco groundwater``: GB/T 14848-2017 groundwater quality classes."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Groundwater: GB/T 14848-2017 class I–V per item and per sample.", no_args_is_help=True
)


@app.command("classify")
def classify(
    infile: Path = typer.Argument(
        ..., help="CSV: site,time,<items…> (mg/L; organics µg/L; 0.01L = non-detect)."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Output CSV (default: standard output)."),
) -> None:
    """Class of every sample: the worst item decides (GB/T 14848-2017 6.3)."""
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError
    from ljeco.standards.groundwater import classify_frame

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
