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
    """List devices: online state, last frame, frames and arrival % per CN today (local day, UTC+8)."""
    import json

    from ljeco.core.db import get_engine, read_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.monitor import device_status

    engine = get_engine(database_url)
    ensure_migrated(engine)
    with read_session(engine) as session:
        rows = device_status(session, online_after=online_after)
    for row in rows:
        seen = row["last_frame"]
        row["last_frame"] = seen.isoformat() if seen else None
        if as_json:
            row["site"] = row.pop("site_code")
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            state = "在线" if row["online"] else "离线"
            arrival = " ".join(f"{cn}:{pct}%" for cn, pct in row["arrival_today"].items()) or "-"
            typer.echo(
                f"{row['mn']}\t{row['site_code'] or '-'}\t{row['crc']}\t{state}\t{row['last_frame'] or '-'}"
                f"\t{row['frames_today']}\t{arrival}"
            )
