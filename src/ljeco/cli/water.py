"""``ljeco water``: surface-water classes (GB 3838-2002) and assessment (环办〔2011〕22号)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ljeco.standards.water import OverallStatus, SectionAssessment

app = typer.Typer(
    help="Surface water: GB 3838-2002 classes and 环办〔2011〕22号 evaluation.", no_args_is_help=True
)

_WATERBODY = typer.Option(
    "river", "--waterbody", help="river, or lake (lakes and reservoirs: TP 湖库 limits)."
)
_ND = typer.Option(
    0.5, "--nd-fraction", help="Fraction of the detection limit a non-detect takes (UNVERIFIED)."
)


def _read_csv(path: Path) -> object:
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError

    if not path.exists():
        raise NotFoundError(f"no such file: {path}", code="file_not_found")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: not a readable UTF-8 CSV ({exc})", code="bad_csv") from None


def _ordered_columns(columns: list[str]) -> list[str]:
    """Means in GB 3838 Table 1 order after section/n_samples, then the judgement columns as they came."""
    from ljeco.standards.parameters import SURFACE_WATER_ITEMS

    means = [f"{name}_mean" for name in SURFACE_WATER_ITEMS if f"{name}_mean" in columns]
    head = ["section", "n_samples", "enough_samples", *means]
    return head + [c for c in columns if c not in head]


@app.command("classify")
def classify(
    infile: Path = typer.Argument(..., help="CSV: section,time,<parameters…> (mg/L; blank = not measured)."),
    out: Path = typer.Option(..., "-o", "--out", help="Output CSV: section,time,water_class,limiting_items…"),
    waterbody: str = _WATERBODY,
    nd_fraction: float = _ND,
) -> None:
    """Class of every sample (single-factor method over the 21 items)."""
    import pandas as pd

    from ljeco.standards.water.frames import classify_frame

    frame = _read_csv(infile)
    assert isinstance(frame, pd.DataFrame)
    result = classify_frame(frame, waterbody=waterbody, nd_fraction=nd_fraction)
    result.to_csv(out, index=False, encoding="utf-8")
    typer.echo(f"{len(result)} samples classified → {out}")


_SITE = typer.Option(None, "--site", help="Read this section from the configured database instead of a file.")
_ALL = typer.Option(False, "--all", help="Read every section from the configured database.")


def _store_or_file(infile: Path | None, site: str | None, every: bool) -> bool:
    """True for the store path; exactly one of IN.csv, --site and --all must be given."""
    from ljeco.core.errors import ValidationError

    given = sum([infile is not None, site is not None, every])
    if given != 1:
        raise ValidationError("give exactly one of IN.csv, --site CODE or --all", code="bad_option")
    return infile is None


@app.command("assess")
def assess(
    infile: Path | None = typer.Argument(
        None, help="CSV: section,time,<parameters…>; times in local time (UTC+8)."
    ),
    date_from: str = typer.Option(..., "--from", help="First local date of the period (YYYY-MM-DD)."),
    date_to: str = typer.Option(..., "--to", help="Last local date of the period, inclusive (YYYY-MM-DD)."),
    targets: Path | None = typer.Option(None, "--targets", help="CSV: section,target_class (I…V)."),
    waterbody: str = _WATERBODY,
    out: Path | None = typer.Option(None, "-o", "--out", help="Write here instead of standard output."),
    fmt: str = typer.Option("csv", "--format", help="csv (last row = all sections) or json."),
    nd_fraction: float = _ND,
    min_samples: int = typer.Option(
        1, "--min-samples", help="Samples the period needs (quarter 2, year 8 or 12: UNVERIFIED rule)."
    ),
    site: str | None = _SITE,
    every: bool = _ALL,
) -> None:
    """Per section: period means, class, status, limiting items, target, 超标倍数; then all sections.

    With --site or --all the samples come from the observation store (targets and river/lake from the sites).
    """
    import pandas as pd

    from ljeco.core.errors import ValidationError
    from ljeco.standards.water import overall_status
    from ljeco.standards.water.frames import assess_frame, parse_date

    if fmt not in ("csv", "json"):
        raise ValidationError("--format must be csv or json", code="bad_format")
    start, end = parse_date(date_from), parse_date(date_to)
    if _store_or_file(infile, site, every):
        if targets is not None:
            raise ValidationError(
                "--site/--all take each section's target class from the store; --targets needs a file",
                code="bad_option",
            )
        from ljeco.core.db import read_session
        from ljeco.modules.quality.reading import check_store
        from ljeco.modules.quality.service import water_overall, water_section_results

        check_store()
        with read_session() as session:
            found = water_section_results(
                session, user=None, date_from=start, date_to=end, code=site, min_samples=min_samples
            )
        results = [r.assessment for r in found]
        if not results:
            raise ValidationError(f"no sample between {date_from} and {date_to}", code="no_data")
        overall = water_overall(found)
        if overall is None:
            raise ValidationError("no section has a measured item in the period", code="no_data")
    else:
        assert infile is not None
        frame = _read_csv(infile)
        assert isinstance(frame, pd.DataFrame)
        target_map: dict[str, str] = {}
        if targets is not None:
            tframe = _read_csv(targets)
            assert isinstance(tframe, pd.DataFrame)
            if not {"section", "target_class"} <= set(tframe.columns):
                raise ValidationError(
                    "the targets file needs columns section,target_class", code="missing_column"
                )
            target_map = dict(zip(tframe["section"], tframe["target_class"], strict=True))
        results = assess_frame(
            frame,
            start=start,
            end=end,
            targets=target_map,
            waterbody=waterbody,
            nd_fraction=nd_fraction,
            min_samples=min_samples,
        )
        if not results:
            raise ValidationError(f"no sample between {date_from} and {date_to}", code="no_data")
        overall = overall_status(results, waterbody)
    _emit(results, overall, date_from, date_to, fmt, out)


def _emit(
    results: list[SectionAssessment],
    overall: OverallStatus,
    date_from: str,
    date_to: str,
    fmt: str,
    out: Path | None,
) -> None:
    import json

    import pandas as pd

    from ljeco.standards.water.frames import assessment_record

    records = [assessment_record(a) for a in results]
    summary = {
        "section": "(all)",
        "n_samples": sum(a.n_samples for a in results),
        "water_class": overall.water_class or "",
        "status": overall.status,
        "colour": overall.colour if overall.colour_verified else f"{overall.colour} (UNVERIFIED)",
        "method": overall.method,
        "share_i_iii": round(overall.share_i_iii, 4),
        "share_worse_than_v": round(overall.share_worse_than_v, 4),
        "targets_met": sum(1 for a in results if a.target_met),
        "targets_total": sum(1 for a in results if a.target_met is not None),
    }
    if fmt == "json":
        text = json.dumps(
            {"period": {"from": date_from, "to": date_to}, "sections": records, "overall": summary},
            ensure_ascii=False,
            indent=2,
        )
    else:
        table = pd.DataFrame([*records, summary], dtype=object)
        table = table[_ordered_columns(list(table.columns))]
        table = table.where(table.notna(), "")
        text = table.to_csv(index=False)
    if out is None:
        typer.echo(text.rstrip("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(results)} sections assessed → {out}")
