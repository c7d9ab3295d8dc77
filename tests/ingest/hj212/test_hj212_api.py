"""The /api/v1/hj212 routes on the platform app (both backends via the shared ``engine`` fixture)."""

from __future__ import annotations

from typing import Any

from hj212_frames import APPENDIX_A_FRAME, MN, segment_2051
from tests.web.test_auth_pages import login

from ljeco.core.db import get_engine, read_session
from ljeco.core.timeutil import utcnow
from ljeco.ingest.hj212.codec import encode_segment
from ljeco.ingest.hj212.gateway import Gateway
from ljeco.ingest.hj212.registry import SqlRegistry
from ljeco.ingest.hj212.sink import SqlSink


def test_devices_quarantine_arrival_and_parse(client: Any, admin: str, bureau: str) -> None:
    assert client.get("/api/v1/hj212/devices").status_code == 401
    login(client, bureau)
    created = client.post("/api/v1/hj212/devices", json={"mn": MN, "password": "123456"})
    assert created.status_code == 403  # only administrators register devices
    client.post("/logout")
    client.cookies.clear()
    login(client, admin)
    created = client.post(
        "/api/v1/hj212/devices",
        json={"mn": MN, "password": "123456", "site_code": "OUT1", "cadence": {"2051": 600}},
    )
    assert created.status_code == 201, created.text
    assert created.json()["mn"] == MN and "password" not in created.json()
    assert client.post("/api/v1/hj212/devices", json={"mn": MN, "password": "x"}).status_code == 409

    engine = get_engine()
    registry = SqlRegistry(engine)
    registry.refresh()
    gw = Gateway(registry=registry, sink=SqlSink(engine))
    stranger = encode_segment(segment_2051().replace(MN, "STRANGER"))
    frames = [encode_segment(segment_2051()), stranger]
    gw.sink.write([gw.judge(f, "127.0.0.1:7", utcnow()) for f in frames])

    devices = client.get("/api/v1/hj212/devices").json()
    assert devices["count"] == 1 and devices["data"][0]["online"] is True
    assert devices["data"][0]["frames_today"] == 1
    day = client.get("/api/v1/hj212/arrival", params={"day": "2016-08-01"}).json()
    assert day["data"][0]["received"] == 1 and day["data"][0]["expected"] == 144

    q = client.get("/api/v1/hj212/quarantine").json()
    assert q["count"] == 1 and q["data"][0]["reason"] == "unknown_device"
    assert q["data"][0]["frame"] == stranger.decode()
    qid = q["data"][0]["id"]
    assert (
        client.post(f"/api/v1/hj212/quarantine/{qid}/resolve", json={"action": "discarded"}).status_code
        == 204
    )
    assert client.get("/api/v1/hj212/quarantine").json()["count"] == 0

    checked = client.post("/api/v1/hj212/parse", json={"frame": APPENDIX_A_FRAME.decode()}).json()
    assert (checked["ok"], checked["cn"], checked["crc"], checked["cp"]) == (
        True,
        "1062",
        "ok",
        {"RtdInterval": 30},
    )

    from sqlalchemy import select

    from ljeco.accounts.models import AuditEntry

    with read_session(engine) as s:
        actions = sorted(
            e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.action.like("hj212.%")))
        )
    assert actions == ["hj212.device.create", "hj212.quarantine.discarded"]
