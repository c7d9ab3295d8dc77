"""``ljeco hj212``: inspect HJ 212 frames and generate load for the gateway."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="HJ 212: parse frames, simulate devices, arrival per device, quarantine.", no_args_is_help=True
)


@app.command("parse")
def parse_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A file with one frame per line."),
    crc: str = typer.Option(
        "hj212", help="CRC algorithm that counts as ok: hj212, modbus or modbus_swapped."
    ),
    length_tolerance: int = typer.Option(0, help="Bytes the declared length may be off [bytes]."),
) -> None:
    """Parse one frame per line (with or without CR LF); print one JSON object per line.

    Keys: ok, error (code or null), position (byte of the error), version (2005|2017|2025), qn, st, cn, pw, mn,
    flag, pnum, pno, declared_length, actual_length, crc (ok|mismatch|absent), crc_algorithm (the algorithm the
    given CRC matches: hj212|modbus|modbus_swapped|null), data_time (ISO 8601, UTC+8), cp (item → value, numbers
    as numbers; a repeated item gives a list), unverified (facts behind the verdict that are not verified).
    """
    import json

    from ljeco.core.errors import ValidationError
    from ljeco.ingest.hj212.crc import CRC_ALGORITHMS
    from ljeco.ingest.hj212.report import frame_report

    if crc not in CRC_ALGORITHMS:
        raise ValidationError(f"--crc must be one of {', '.join(CRC_ALGORITHMS)}", code="hj212_crc_option")
    with file.open("rb") as handle:
        for raw in handle:
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            typer.echo(json.dumps(frame_report(line, crc, length_tolerance), ensure_ascii=False))


@app.command("simulate")
def simulate_command(
    devices: int = typer.Option(10, "--devices", help="Simulated devices (one connection each)."),
    rate: float = typer.Option(100.0, "--rate", help="Frames per second, all devices together."),
    cn: str = typer.Option("2011", "--cn", help="Upload type: 2011 real-time, 2051 minute, 2061 hourly."),
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8212, "--port"),
    duration: float = typer.Option(10.0, "--duration", help="Seconds to send [s]."),
    frames: int = typer.Option(None, "--frames", help="Stop each device after this many frames."),
    malformed: float = typer.Option(0.0, "--malformed", help="Fraction of malformed frames (0-1)."),
    password: str = typer.Option("123456", "--password"),
    prefix: str = typer.Option("LJSIM", "--prefix", help="MN prefix; MNs are prefix + zero-padded index."),
) -> None:
    """Load generator: realistic uploads over real TCP; prints sent/acknowledged counts and answer latency.

    Register the simulated devices first (their MNs are PREFIX + zero-padded index to 24 characters, e.g.
    LJSIM0000000000000000000 … ), e.g. with ``ljeco devices add``.
    """
    import json

    from ljeco.core import aio
    from ljeco.core.errors import ValidationError
    from ljeco.ingest.hj212.simulator import CN_INTERVAL, simulate

    if cn not in CN_INTERVAL:
        raise ValidationError(f"--cn must be one of {', '.join(CN_INTERVAL)}", code="hj212_sim_cn")
    if not 0 <= malformed <= 1 or devices < 1 or rate <= 0:
        raise ValidationError("need devices >= 1, rate > 0 and 0 <= malformed <= 1", code="hj212_sim_options")
    stats = aio.run(
        simulate(
            host=host,
            port=port,
            devices=devices,
            rate=rate,
            cn=cn,
            duration=duration,
            frames_per_device=frames,
            malformed=malformed,
            password=password,
            prefix=prefix,
        )
    )
    typer.echo(json.dumps(stats.summary()))


@app.command("arrival")
def arrival_command(
    day: str = typer.Option(None, "--day", help="Local day YYYY-MM-DD (default: today, UTC+8)."),
    mn: str = typer.Option(None, "--mn", help="Only this device."),
    database_url: str = typer.Option(None, help="Database URL (default: the configured one)."),
) -> None:
    """Arrival per device and CN (expected by the device's cadence vs received), with gaps; one JSON line each."""
    import json

    from ljeco.core.db import get_engine, read_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.monitor import arrival_report, day_or_today

    engine = get_engine(database_url)
    ensure_migrated(engine)
    with read_session(engine) as session:
        for row in arrival_report(session, day=day_or_today(day), mn=mn):
            typer.echo(json.dumps(row, ensure_ascii=False))


@app.command("quarantine")
def quarantine_command(
    resolve: int = typer.Option(None, "--resolve", help="Quarantine entry id to close."),
    action: str = typer.Option("discarded", "--action", help="registered or discarded (with --resolve)."),
    status: str = typer.Option("open", "--status", help="List entries with this status."),
    database_url: str = typer.Option(None, help="Database URL (default: the configured one)."),
) -> None:
    """List quarantined frames (raw frame and reason) or close one as registered/discarded (audited)."""
    import json

    from ljeco.core.audit import CLI
    from ljeco.core.db import get_engine, read_session, write_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.monitor import quarantine_list, resolve_quarantine

    engine = get_engine(database_url)
    ensure_migrated(engine)
    if resolve is not None:
        with write_session(engine) as session:
            resolve_quarantine(session, quarantine_id=resolve, action=action, actor=CLI)
        typer.echo(f"quarantine {resolve}: {action}")
        return
    with read_session(engine) as session:
        for row in quarantine_list(session, status=status):
            typer.echo(json.dumps(row, ensure_ascii=False))
