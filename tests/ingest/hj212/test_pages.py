"""Operator pages: devices with online state and arrival, registration (admin, audited), quarantine handling."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from tests.web.test_auth_pages import _csrf, login

from ljeco.accounts.models import AuditEntry
from ljeco.core.db import read_session, write_session
from ljeco.ingest.hj212.models import Hj212Quarantine, Hj212RawFrame


def _quarantined_frame(mn: str) -> int:
    with write_session() as s:
        raw = Hj212RawFrame(
            received_at=datetime.now(UTC), peer="10.0.0.9:5000", data=b"##0010QN=1;MN=" + mn.encode() + b"\r\n",
            size=20, verdict="quarantined", error="unknown_device", mn=mn, cn="2011",
        )  # fmt: skip
        s.add(raw)
        s.flush()
        entry = Hj212Quarantine(raw_id=raw.id, mn=mn, reason="unknown_device", status="open")
        s.add(entry)
        s.flush()
        return entry.id


def test_admin_registers_a_device_from_the_page_and_it_is_audited(client, admin):
    login(client, admin)
    page = client.get("/devices")
    assert page.status_code == 200 and "尚未登记设备" in page.text
    response = client.post(
        "/devices",
        data={"mn": "LJTEST0001", "password": "123456", "site_code": "", "crc": "hj212", "length_tolerance": "0",
              "csrf_token": _csrf(client, "/devices")},
        follow_redirects=True,
    )  # fmt: skip
    assert (
        "已登记设备 LJTEST0001" in response.text
        and "LJTEST0001" in response.text
        and "从未上报" in response.text
    )
    with read_session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "hj212.device.create")).one()
    assert entry.after["mn"] == "LJTEST0001" and "password" not in entry.after
    again = client.post(
        "/devices",
        data={"mn": "LJTEST0001", "password": "123456", "csrf_token": _csrf(client, "/devices")},
    )
    assert again.status_code == 409 and "already registered" in again.text


def test_bureau_sees_quarantine_and_discards_a_frame(client, bureau):
    qid = _quarantined_frame("LJUNKNOWN01")
    login(client, bureau)
    page = client.get("/devices/quarantine")
    assert "未登记设备" in page.text and "LJUNKNOWN01" in page.text and "##0010QN=1" in page.text
    assert "登记该设备" not in page.text  # registering devices is for administrators
    client.post(
        f"/devices/quarantine/{qid}",
        data={"action": "discarded", "csrf_token": _csrf(client, "/devices/quarantine")},
    )
    with read_session() as s:
        assert s.get(Hj212Quarantine, qid).status == "discarded"
        assert s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_type == "hj212_quarantine")
        ).all() == ["hj212.quarantine.discarded"]
    assert "隔离区为空" in client.get("/devices/quarantine").text


def test_other_roles_are_refused(client):
    from tests.conftest import make_user

    make_user("ent", "enterprise", scope_enterprise="91500000MA5U000000")
    login(client, "ent")
    assert client.get("/devices").status_code == 403
