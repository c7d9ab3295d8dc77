from __future__ import annotations

from ljeco.modules.cases import api as cases_api
from tests.web.test_auth_pages import _csrf, login


def test_public_submits_and_tracks_without_personal_data(client):
    response = client.post(
        "/api/v1/complaints/submit",
        json={"category": "odour", "text": "污水处理厂附近有臭味", "address": "鱼嘴镇"},
    )
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["status"] == "received"
    tracked = client.get(f"/api/v1/complaints/track/{receipt['tracking_no']}").json()
    assert tracked["status"] == "received" and tracked["category"] == "odour"
    assert "text" not in tracked and "address" not in tracked
    assert client.get("/api/v1/complaints/track/TS000").status_code == 404


def test_anonymous_submissions_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(cases_api, "SUBMISSIONS_PER_HOUR", 2)
    cases_api._recent.clear()
    body = {"category": "dust", "text": "工地扬尘"}
    assert [client.post("/api/v1/complaints/submit", json=body).status_code for _ in range(3)] == [
        201,
        201,
        429,
    ]
    cases_api._recent.clear()


def test_staff_list_and_transition_over_api(client, bureau):
    client.post("/api/v1/complaints/submit", json={"category": "noise", "text": "夜间施工"})
    login(client, bureau)
    listing = client.get("/api/v1/complaints?status=open").json()
    assert listing["count"] == 1
    cid = listing["data"][0]["id"]
    moved = client.post(
        f"/api/v1/complaints/{cid}/transition", json={"to": "assigned", "responsible_unit": "礼嘉街道"}
    )
    assert moved.status_code == 200 and moved.json()["status"] == "assigned"
    assert [e["status"] for e in moved.json()["events"]] == ["received", "assigned"]
    bad = client.post(f"/api/v1/complaints/{cid}/transition", json={"to": "followed_up"})
    assert bad.status_code == 422 and bad.json()["code"] == "complaints.bad_transition"


def test_pages_submit_track_and_handle(client, bureau):
    page = client.post(
        "/complaints/new",
        data={
            "category": "water",
            "text": "朝阳河有污水排入",
            "address": "朝阳河",
            "csrf_token": _csrf(client, "/complaints/new"),
        },
        follow_redirects=True,
    )
    assert page.status_code == 200 and "提交成功" in page.text
    login(client, bureau)
    listing = client.get("/complaints")
    assert "朝阳河有污水排入" in listing.text and "水污染" in listing.text
    detail = client.get("/complaints/1")
    assert "已受理" in detail.text and "办理过程" in detail.text
    moved = client.post(
        "/complaints/1",
        data={"to": "assigned", "responsible_unit": "鱼嘴镇", "csrf_token": _csrf(client, "/complaints/1")},
        follow_redirects=True,
    )
    assert "已转办" in moved.text and "鱼嘴镇" in moved.text
