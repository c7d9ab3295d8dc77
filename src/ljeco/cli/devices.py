"""``ljeco devices``: the HJ 212 device registry."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="HJ 212 device registry: register devices (MN + password) and list them.", no_args_is_help=True
)


@app.command("add")
def add(
    mn: str = typer.Argument(..., help="Device MN (设备唯一标识)."),
    password: str = typer.Option(..., "--password", help="Device PW (访问密码)."),
    site: str = typer.Option(None, "--site", help="Site or outlet code the device reports for."),
    crc: str = typer.Option("hj212", "--crc", help="CRC the device uses: hj212, modbus or modbus_swapped."),
    length_tolerance: int = typer.Option(
        0, "--length-tolerance", help="Bytes its declared length may be off."
    ),
    cadence: list[str] = typer.Option(
        [], "--cadence", help="Expected interval per CN, e.g. --cadence 2051=600 --cadence 2061=3600 [s]."
    ),
    database_url: str = typer.Option(None, help="Database URL (default: the configured one)."),
) -> None:
    """Register a device."""
    from ljeco.core.db import get_engine, write_session
    from ljeco.core.errors import ValidationError
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.registry import add_device

    parsed: dict[str, int] = {}
    for entry in cadence:
        cn, sep, seconds = entry.partition("=")
        if not sep or not cn.isdigit() or not seconds.isdigit():
            raise ValidationError(f"--cadence {entry!r} is not CN=SECONDS", code="hj212_device_cadence")
        parsed[cn] = int(seconds)
    engine = get_engine(database_url)
    ensure_migrated(engine)
    with write_session(engine) as session:
        add_device(
            session, mn=mn, password=password, site_code=site, crc=crc, length_tolerance=length_tolerance,
            cadence=parsed or None,
        )  # fmt: skip
    typer.echo(f"registered {mn}")


@app.command("list")
def list_devices(
    as_json: bool = typer.Option(False, "--json", help="One JSON object per device."),
    online_after: float = typer.Option(
        900.0, help="A device is online if its last frame is this recent [s]."
    ),
    database_url: str = typer.Option(None, help="Database URL (default: the configured one)."),
) -> None:
    """List devices with their last frame, frames received today (local day) and online state."""
    import json
    from datetime import datetime, timedelta

    from sqlalchemy import case, func, select

    from ljeco.core.db import get_engine, read_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.core.timeutil import to_local, to_utc, utcnow
    from ljeco.ingest.hj212.models import Hj212Device, Hj212RawFrame

    engine = get_engine(database_url)
    ensure_migrated(engine)
    now = utcnow()
    day_start = to_utc(to_local(now).replace(hour=0, minute=0, second=0, microsecond=0))
    with read_session(engine) as session:
        devices = session.scalars(select(Hj212Device).order_by(Hj212Device.mn)).all()
        stats = session.execute(
            select(
                Hj212RawFrame.mn,
                func.max(Hj212RawFrame.received_at),
                func.sum(case((Hj212RawFrame.received_at >= day_start, 1), else_=0)),
            )
            .where(Hj212RawFrame.verdict == "ok")
            .group_by(Hj212RawFrame.mn)
        ).all()
    last_at: dict[str | None, datetime] = {row[0]: row[1] for row in stats}
    today: dict[str | None, int] = {row[0]: int(row[2] or 0) for row in stats}
    for d in devices:
        seen = last_at.get(d.mn)
        row = {
            "mn": d.mn, "site": d.site_code, "crc": d.crc, "length_tolerance": d.length_tolerance,
            "cadence": d.cadence or {}, "active": d.active, "last_frame": seen.isoformat() if seen else None,
            "frames_today": today.get(d.mn, 0),
            "online": bool(seen and now - seen <= timedelta(seconds=online_after)),
        }  # fmt: skip
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            state = "在线" if row["online"] else "离线"
            typer.echo(
                f"{d.mn}\t{d.site_code or '-'}\t{d.crc}\t{state}\t{row['last_frame'] or '-'}\t{row['frames_today']}"
            )
