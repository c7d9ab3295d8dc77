from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ljeco.cli import app
from ljeco.ingest.hj212.codec import encode_segment

APPENDIX_A = (
    b"##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
    b"CP=&&RtdInterval=30&&1C80"
)


def test_parse_prints_one_json_object_per_line(tmp_path: Path) -> None:
    upload = encode_segment(
        "QN=20160801085000001;ST=32;CN=2051;PW=123456;MN=AB;Flag=7;PNUM=2;PNO=1;"
        "CP=&&DataTime=20160801084000;w01018-Avg=24.6,w01018-Flag=N;SB1-RS=1&&"
    )
    modbus = encode_segment("ST=32;CN=2011;PW=1;MN=2;CP=&&x-Rtd=1&&", crc="modbus")
    path = tmp_path / "frames.txt"
    path.write_bytes(APPENDIX_A + b"\n" + upload + modbus + b"garbage\n\n")
    result = CliRunner().invoke(app, ["hj212", "parse", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 4
    a, up, mb, bad = rows
    assert a["ok"] is True and a["error"] is None and a["version"] == "2017"
    assert (a["qn"], a["st"], a["cn"], a["pw"], a["flag"], a["pnum"], a["pno"]) == (
        "20160801085857223", "32", "1062", "100000", 5, None, None,
    )  # fmt: skip
    assert (a["declared_length"], a["actual_length"], a["crc"], a["crc_algorithm"]) == (
        101,
        101,
        "ok",
        "hj212",
    )
    assert a["cp"] == {"RtdInterval": 30} and a["data_time"] is None
    assert (up["pnum"], up["pno"], up["data_time"]) == (2, 1, "2016-08-01T08:40:00+08:00")
    assert up["cp"] == {"DataTime": "20160801084000", "w01018-Avg": 24.6, "w01018-Flag": "N", "SB1-RS": 1}
    assert (mb["ok"], mb["error"], mb["crc"], mb["crc_algorithm"], mb["version"]) == (
        False, "hj212_crc_algorithm", "mismatch", "modbus", "2005",
    )  # fmt: skip
    assert (bad["ok"], bad["error"], bad["position"]) == (False, "hj212_header", 0)


def test_parse_accepts_configured_crc(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(encode_segment("ST=32;CN=2011;PW=1;MN=2;CP=&&&&", crc="modbus_swapped"))
    result = CliRunner().invoke(app, ["hj212", "parse", "--crc", "modbus_swapped", str(path)])
    row = json.loads(result.output)
    assert (row["ok"], row["crc"], row["crc_algorithm"]) == (True, "ok", "modbus_swapped")


def test_devices_add_and_list(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    runner = CliRunner()
    r = runner.invoke(app, ["devices", "add", "MN0001", "--password", "123456", "--site", "S1", "--crc", "modbus",
                            "--length-tolerance", "2", "--cadence", "2051=600", "--database-url", url])  # fmt: skip
    assert r.exit_code == 0, r.output
    again = runner.invoke(app, ["devices", "add", "MN0001", "--password", "x", "--database-url", url])
    assert again.exit_code != 0
    listed = runner.invoke(app, ["devices", "list", "--json", "--database-url", url])
    row = json.loads(listed.output)
    assert (row["mn"], row["site"], row["crc"], row["length_tolerance"], row["cadence"]) == (
        "MN0001", "S1", "modbus", 2, {"2051": 600},
    )  # fmt: skip
    assert (row["online"], row["last_frame"], row["frames_today"]) == (False, None, 0)


def test_arrival_and_quarantine_commands(tmp_path: Path) -> None:
    from ljeco.core.db import get_engine
    from ljeco.core.migrate import upgrade
    from ljeco.core.timeutil import utcnow
    from ljeco.ingest.hj212.gateway import Gateway
    from ljeco.ingest.hj212.registry import SqlRegistry
    from ljeco.ingest.hj212.sink import SqlSink

    url = f"sqlite:///{tmp_path}/cli2.db"
    engine = get_engine(url)
    upgrade(engine)
    runner = CliRunner()
    r = runner.invoke(
        app, ["devices", "add", "DEV1", "--password", "pw", "--cadence", "2061=3600", "--database-url", url]
    )
    assert r.exit_code == 0, r.output
    registry = SqlRegistry(engine)
    registry.refresh()
    gw = Gateway(registry=registry, sink=SqlSink(engine))
    hourly = [
        encode_segment(
            f"QN=2016080100{h:02d}00000;ST=32;CN=2061;PW=pw;MN=DEV1;Flag=4;CP=&&DataTime=20160801{h:02d}0000;w01018-Avg=1.5&&"
        )
        for h in range(0, 24, 2)  # every second hour
    ]
    stranger = encode_segment("QN=1;ST=32;CN=2061;PW=pw;MN=WHO;Flag=4;CP=&&&&")
    gw.sink.write([gw.judge(f, "127.0.0.1:1", utcnow()) for f in [*hourly, stranger]])

    out = runner.invoke(app, ["hj212", "arrival", "--day", "2016-08-01", "--database-url", url])
    row = json.loads(out.output)
    assert (row["mn"], row["cn"], row["expected"], row["received"], row["arrival_percent"]) == (
        "DEV1",
        "2061",
        24,
        12,
        50.0,
    )
    assert len(row["gaps"]) == 12 and row["gaps"][0] == [
        "2016-08-01T01:00:00+08:00",
        "2016-08-01T01:00:00+08:00",
    ]

    listed = runner.invoke(app, ["hj212", "quarantine", "--database-url", url])
    q = json.loads(listed.output)
    assert (q["mn"], q["reason"], q["frame"]) == ("WHO", "unknown_device", stranger.decode())
    done = runner.invoke(
        app,
        ["hj212", "quarantine", "--resolve", str(q["id"]), "--action", "discarded", "--database-url", url],
    )
    assert (
        done.exit_code == 0
        and runner.invoke(app, ["hj212", "quarantine", "--database-url", url]).output == ""
    )


def test_simulate_rejects_bad_options() -> None:
    from ljeco.core.errors import ValidationError

    result = CliRunner().invoke(app, ["hj212", "simulate", "--cn", "9999"])
    assert isinstance(result.exception, ValidationError) and result.exception.instance_code == "hj212_sim_cn"
    result = CliRunner().invoke(app, ["hj212", "simulate", "--malformed", "2"])
    assert (
        isinstance(result.exception, ValidationError)
        and result.exception.instance_code == "hj212_sim_options"
    )


def test_every_command_option_and_error_code_is_documented() -> None:
    import typer.main

    from ljeco.cli import devices, gateway, hj212
    from ljeco.ingest.hj212.errors import ERROR_CODES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "hj212.md").read_text(encoding="utf-8")
    missing = [code for code in ERROR_CODES if code not in doc]
    groups = {"hj212": hj212.app, "devices": devices.app}
    for group, sub in groups.items():
        for name, command in typer.main.get_group(sub).commands.items():
            if f"ljeco {group} {name}" not in doc:
                missing.append(f"ljeco {group} {name}")
            missing += [f"{group} {name} {opt}" for p in command.params for opt in p.opts if opt.startswith("--")
                        and opt not in ("--help", "--database-url") and opt not in doc]  # fmt: skip
    gateway_cmd = typer.main.get_command_from_info(
        typer.models.CommandInfo(callback=gateway.gateway),
        pretty_exceptions_short=True,
        rich_markup_mode=None,
    )
    missing += [f"gateway {opt}" for p in gateway_cmd.params for opt in p.opts if opt not in doc]
    assert missing == []
