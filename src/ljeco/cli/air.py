"""``ljeco air``: hourly AQI, daily statistics and period assessment (HJ 633 / GB 3095 / HJ 663, both editions).

Thin shells over :mod:`ljeco.standards.air`: read the CSV, call the same functions the store and the API call,
write the result. Input columns: ``station,time,so2,no2,co,o3,pm10,pm25`` (1-hour means; µg/m³, CO mg/m³; local
time, CNEMC end-of-hour labels such as ``2022-01-04 16:00``; blank = missing).

With ``--site CODE`` (repeatable) or ``--all-sites`` instead of IN.csv, the hours come from the observation store
of the configured database (:mod:`ljeco.modules.airquality`): the same frame, the same engine functions, so the
output is the one the file would give; ``assess`` then computes the city over the urban assessment stations.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Air quality: HJ 633 AQI, GB 3095 daily statistics, HJ 663 assessment (2012 and 2026 editions).",
    no_args_is_help=True,
)

_IN = typer.Argument(
    None,
    help="CSV: station,time,so2,no2,co,o3,pm10,pm25 (µg/m³, CO mg/m³; blank = missing). "
    "Omit it with --site/--all-sites.",
)
_SITE = typer.Option(
    None,
    "--site",
    metavar="<code>",
    help="Read this air station from the configured database (repeat for several).",
)
_ALL = typer.Option(False, "--all-sites", help="Read every air station from the configured database.")
_FROM = typer.Option(None, "--from", help="With --site/--all-sites: first local day (YYYY-MM-DD).")
_TO = typer.Option(None, "--to", help="With --site/--all-sites: last local day, inclusive (YYYY-MM-DD).")
_EDITION = typer.Option(
    "auto",
    "--edition",
    help="auto (by the data's time: 2026 rules from 2026-03-01 01:00 label), 2012 or 2026.",
)
_O3_1H = typer.Option(
    False,
    "--daily-o3-1h",
    help="2012 only: daily AQI with the O3 daily max 1-h (seven indicators, as written).",
)


def _read_hourly(path: Path) -> pd.DataFrame:
    import pandas as pd

    from ljeco.core.errors import NotFoundError, ValidationError

    if not path.exists():
        raise NotFoundError(f"no such file: {path}", code="file_not_found")
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: not a readable UTF-8 CSV ({exc})", code="bad_csv") from None


def _store_or_file(infile: Path | None, sites: list[str] | None, every: bool) -> bool:
    """True for the store path; exactly one of IN.csv, --site and --all-sites must be given."""
    from ljeco.core.errors import ValidationError

    given = sum([infile is not None, bool(sites), every])
    if given != 1:
        raise ValidationError("give exactly one of IN.csv, --site CODE or --all-sites", code="bad_option")
    return infile is None


def _store_period(date_from: str | None, date_to: str | None) -> tuple[date, date]:
    from ljeco.core.errors import ValidationError

    if date_from is None or date_to is None:
        raise ValidationError("--site/--all-sites need --from and --to", code="air.bad_period")
    return _date(date_from, "--from"), _date(date_to, "--to")


def _check_store() -> None:
    """Refuse, with the fix, a database without an observation store (a read command does not migrate)."""
    from sqlalchemy import inspect

    from ljeco.core.db import get_engine
    from ljeco.core.errors import ConfigError

    if not inspect(get_engine()).has_table("observations"):
        raise ConfigError(
            "the configured database has no observation store: run `ljeco db upgrade` and load data first",
            code="air.no_store",
        )


def _date(text: str, option: str) -> date:
    from ljeco.core.errors import ValidationError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{option} {text!r}: use a date like 2022-01-31", code="air.bad_date") from None


@app.command("aqi")
def aqi_command(
    infile: Path | None = _IN,
    out: Path = typer.Option(..., "-o", "--out", help="Output CSV: station,time,aqi,primary_pollutant,…"),
    edition: str = _EDITION,
    site: list[str] | None = _SITE,
    all_sites: bool = _ALL,
    date_from: str | None = _FROM,
    date_to: str | None = _TO,
) -> None:
    """Hourly (real-time) AQI, IAQIs, primary pollutant, level and category of every row (or stored hour)."""
    from ljeco.standards.air.hourly import hourly_aqi_frame

    if _store_or_file(infile, site, all_sites):
        from ljeco.core.db import read_session
        from ljeco.modules.airquality.service import hourly_aqi_frame_for_sites

        start, end = _store_period(date_from, date_to)
        _check_store()
        with read_session() as session:
            result = hourly_aqi_frame_for_sites(
                session, user=None, site_codes=site or None, start=start, end=end, edition=edition
            )
    else:
        assert infile is not None
        result = hourly_aqi_frame(_read_hourly(infile), edition=edition)
    result.to_csv(out, index=False, encoding="utf-8")
    typer.echo(f"{len(result)} station-hours → {out}")


@app.command("daily")
def daily_command(
    infile: Path | None = _IN,
    out: Path = typer.Option(..., "-o", "--out", help="Output CSV: one row per station and day."),
    edition: str = _EDITION,
    daily_o3_1h: bool = _O3_1H,
    site: list[str] | None = _SITE,
    all_sites: bool = _ALL,
    date_from: str | None = _FROM,
    date_to: str | None = _TO,
) -> None:
    """Daily means, O3 MDA8 and daily max 1-h with GB 3095 validity, and the daily AQI per station and day."""
    from ljeco.standards.air.daily import daily_statistics
    from ljeco.standards.air.editions import check_edition

    if _store_or_file(infile, site, all_sites):
        from ljeco.core.db import read_session
        from ljeco.modules.airquality.service import daily_frame_for_sites

        start, end = _store_period(date_from, date_to)
        _check_store()
        with read_session() as session:
            result = daily_frame_for_sites(
                session,
                user=None,
                site_codes=site or None,
                start=start,
                end=end,
                edition=check_edition(edition),
                o3_1h_in_daily=daily_o3_1h,
            )
    else:
        assert infile is not None
        result = daily_statistics(
            _read_hourly(infile), edition=check_edition(edition), o3_1h_in_daily=daily_o3_1h
        )
    result.to_csv(out, index=False, encoding="utf-8")
    typer.echo(f"{len(result)} station-days → {out}")


_TABLE_COLUMNS = (
    "station", "edition", "valid_days", "good_days", "good_day_ratio", "pm25_mean", "pm10_mean", "so2_mean",
    "no2_mean", "co_p95", "o3_8h_p90", "composite_index", "attained",
)  # fmt: skip


@app.command("assess")
def assess_command(
    infile: Path | None = _IN,
    date_from: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)."),
    date_to: str = typer.Option(..., "--to", help="Last day of the period, inclusive (YYYY-MM-DD)."),
    edition: str = _EDITION,
    limits: str = typer.Option(
        "auto",
        "--limits",
        help="GB 3095 limits: auto (by period end and edition), 2012, 2026-transitional, 2026-final.",
    ),
    zone_class: int = typer.Option(2, "--zone-class", help="GB 3095 zone class of the stations: 1 or 2."),
    fmt: str = typer.Option(
        "json", "--format", help="json (one object per station, then the city) or table."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Write here instead of standard output."),
    daily_o3_1h: bool = _O3_1H,
    site: list[str] | None = _SITE,
    all_sites: bool = _ALL,
) -> None:
    """Per station and for the city: HJ 663 statistics, days, attainment and indices.

    The city is the mean of all stations of IN.csv, or of the urban assessment stations read with
    --site/--all-sites.
    """
    import json

    import pandas as pd

    from ljeco.core.errors import ValidationError
    from ljeco.standards.air.assess import assess_period
    from ljeco.standards.air.daily import daily_statistics
    from ljeco.standards.air.limits import ZoneClass

    if fmt not in ("json", "table"):
        raise ValidationError("--format must be json or table", code="bad_format")
    if zone_class not in (1, 2):
        raise ValidationError("--zone-class must be 1 or 2", code="air.bad_zone_class")
    zone: ZoneClass = 1 if zone_class == 1 else 2
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    if _store_or_file(infile, site, all_sites):
        from ljeco.core.db import read_session
        from ljeco.modules.airquality.service import assess_sites

        _check_store()
        with read_session() as session:
            results = assess_sites(
                session,
                user=None,
                site_codes=site or None,
                start=start,
                end=end,
                edition=edition,
                limits=limits,
                zone_class=zone,
                o3_1h_in_daily=daily_o3_1h,
            )
    else:
        assert infile is not None
        daily = daily_statistics(_read_hourly(infile), zone_class=zone)
        results = assess_period(
            daily,
            start,
            end,
            edition=edition,
            limits=limits,
            zone_class=zone,
            o3_1h_in_daily=daily_o3_1h,
        )
    records = [r.to_dict() for r in results]
    if fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=2)
    else:
        table = pd.DataFrame(records, columns=list(_TABLE_COLUMNS), dtype=object)
        text = table.where(table.notna(), "—").to_string(index=False)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"{len(records)} assessments → {out}")
