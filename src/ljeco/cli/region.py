"""``ljeco region``: validate and inspect region packs (places, monitoring network, enterprises)."""

from __future__ import annotations

import typer

NAME = "region"
app = typer.Typer(help="Region packs: validate them and show what they contain.", no_args_is_help=True)

_KINDS = ["air_national", "air_micro", "water_section", "water_intake", "noise", "groundwater", "soil"]


@app.command("validate")
def validate(
    name: str = typer.Argument(None, help="Pack name (default: every pack shipped)."),
) -> None:
    """Check every file of a pack against its JSON Schema and cross-references; exit 2 on the first problem set."""
    from ljeco.core.errors import ValidationError
    from ljeco.regions.loader import available_regions, check_region

    names = [name] if name else available_regions()
    failed = 0
    for pack in names:
        problems = check_region(pack)
        if problems:
            failed += 1
            for problem in problems:
                typer.echo(f"{pack}: {problem}", err=True)
        else:
            typer.echo(f"{pack}: ok")
    if failed:
        raise ValidationError(
            f"{failed} region pack(s) invalid; see the problems above", code="region_schema"
        )


def _mark(approximate: bool | None) -> str:
    return "≈ 示意" if approximate else ""


@app.command("show")
def show(
    name: str = typer.Argument("liangjiang", help="Pack name."),
    kind: str = typer.Option(None, "--kind", help=f"List the sites of one kind ({', '.join(_KINDS)})."),
    frame: str = typer.Option(None, "--frame", help="List the admin units of one frame (e.g. plan2021)."),
    enterprise: str = typer.Option(
        None, "--enterprise", help="Show one enterprise's outlets, MNs and limits."
    ),
) -> None:
    """Summarise a pack; with --kind, --frame or --enterprise list its sites, units or outlets.

    ≈ marks approximate positions; limits and target classes not checked against their text say UNVERIFIED.
    """
    from collections import Counter

    from rich.console import Console
    from rich.table import Table

    from ljeco.core.errors import ValidationError
    from ljeco.regions.loader import load_region

    region = load_region(name)
    console = Console()
    if kind:
        if kind not in _KINDS:
            raise ValidationError(
                f"unknown site kind {kind!r}; use one of {', '.join(_KINDS)}", code="invalid_kind"
            )
        table = Table(title=f"{region.name_zh} · {kind}")
        for col in ("code", "name", "lon", "lat", region.default_frame, "attributes", "approx."):
            table.add_column(col)
        for s in region.sites_of(kind):  # type: ignore[arg-type]
            attrs = []
            if s.target_class:
                attrs.append(f"目标{s.target_class}类" + ("" if s.target_class_verified else " (UNVERIFIED)"))
            if s.zone_class:
                attrs.append(f"{s.zone_class}类区")
            if s.mn:
                attrs.append(f"MN {s.mn}")
            if s.role:
                attrs.append(s.role)
            if s.land_use:
                attrs.append(s.land_use)
            table.add_row(
                s.code,
                s.name,
                f"{s.lon:.4f}",
                f"{s.lat:.4f}",
                s.admin_unit(region.default_frame) or "—",
                ", ".join(attrs),
                _mark(s.approximate),
            )
        console.print(table)
        return
    if enterprise:
        from ljeco.core.errors import NotFoundError

        found = [e for e in region.enterprises if e.code == enterprise]
        if not found:
            raise NotFoundError(f"no enterprise {enterprise!r} in {name}", code="enterprise_not_found")
        e = found[0]
        console.print(
            f"[bold]{e.name}[/bold] {e.code}  统一社会信用代码 {e.uscc}  行业 {e.industry_code} {e.industry_name}  "
            f"重点排污单位 {', '.join(e.key_units) or '否'}  {_mark(e.approximate)}"
        )
        table = Table(title="outlets")
        for col in ("outlet", "name", "MN", "parameter", "HJ 212", "limit", "source"):
            table.add_column(col)
        for o in e.outlets:
            for p in o.pollutants:
                limit = "—" if p.limit is None else f"{p.limit:g} {p.unit}"
                if p.limit_low is not None:
                    limit = f"{p.limit_low:g}–{limit}"
                mark = "" if p.limit_verified or p.limit is None else " (UNVERIFIED)"
                table.add_row(
                    o.code, o.name, o.mn or "未联网", p.parameter, p.hj212_code, limit + mark, p.limit_source
                )
        console.print(table)
        return
    if frame:
        if frame not in {f.id for f in region.frames}:
            raise ValidationError(f"unknown frame {frame!r}", code="invalid_frame")
        table = Table(title=f"{region.name_zh} · {frame}")
        for col in ("code", "name", "level", "parent", "valid", "approx."):
            table.add_column(col)
        for u in region.units_in(frame):
            table.add_row(
                u.code,
                u.name,
                u.level,
                u.parent or "—",
                f"{u.valid_from} – {u.valid_to or '…'}",
                _mark(u.approximate),
            )
        console.print(table)
        return
    console.print(
        f"[bold]{region.name_zh}[/bold] ({region.name}), {region.crs}, default frame {region.default_frame}"
    )
    for f in region.frames:
        units = region.units_in(f.id)
        levels = Counter(u.level for u in units)
        listed = "" if f.complete else " (partial list)"
        console.print(
            f"  frame {f.id}: {f.name}, {f.valid_from} – {f.valid_to or '…'}, {len(units)} units{listed}: "
            + ", ".join(f"{n} {lvl}" for lvl, n in sorted(levels.items()))
        )
    table = Table(title="sites")
    for col in ("kind", "count", "approximate"):
        table.add_column(col)
    for k in _KINDS:
        sites = region.sites_of(k)  # type: ignore[arg-type]
        table.add_row(k, str(len(sites)), str(sum(s.approximate for s in sites)))
    console.print(table)
    console.print(
        "  national air stations: "
        + ", ".join(
            f"{s.cnemc_code} {s.name}" + (f" ({s.role})" if s.role != "in_area" else "")
            for s in region.sites_of("air_national")
        )
    )
    console.print(
        "  water sections: "
        + ", ".join(
            f"{s.name} {s.target_class}" + ("" if s.target_class_verified else "?")
            for s in region.sites_of("water_section")
        )
        + "   (? = target class UNVERIFIED)"
    )
    console.print(
        f"  water bodies {len(region.water_bodies)}, zones {len(region.zones)} "
        f"({', '.join(f'{n} {k}' for k, n in sorted(Counter(z.kind for z in region.zones).items()))})"
    )
    key = sum(e.is_key_unit for e in region.enterprises)
    console.print(
        f"  enterprises {len(region.enterprises)} ({key} on a key-discharge list), "
        f"{len(region.monitored_outlets())} monitored outlets with an HJ 212 MN; all anonymised demo entries"
    )
