"""The plan cockpit over HTTP: scopes, the submit → review workflow with evidence, overdue items, pages."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select
from tests.conftest import make_user
from tests.web.test_auth_pages import _csrf, login

from ljeco.accounts.models import AuditEntry
from ljeco.core.audit import CLI
from ljeco.core.config import get_settings
from ljeco.core.db import read_session, write_session
from ljeco.modules.plan import workflow
from ljeco.modules.plan.loader import DATA_DIR, load_plan
from ljeco.modules.plan.service import ensure_default_plan, indicators_for_unit, record_value, store_plan

UNIT = "城市管理局"


def _plan() -> None:
    with write_session() as s:
        ensure_default_plan(s, actor=CLI)


def _unit_user() -> str:
    make_user("cgj", "department", scope_unit=UNIT)
    return "cgj"


def test_unit_sees_only_its_indicators_and_tasks(client, bureau):  # type: ignore[no-untyped-def]
    _plan()
    login(client, _unit_user())
    rows = client.get("/api/v1/plan/indicators").json()
    with read_session() as s:
        own = indicators_for_unit(s, unit=UNIT)
    assert [r["id"] for r in rows] == own and "core-06" in own
    tasks = client.get("/api/v1/plan/tasks").json()
    assert tasks and all(UNIT in t["lead"] + t["cooperating"] for t in tasks)
    assert client.get("/api/v1/plan/reports/annual.html?year=2024").status_code == 403


def test_public_and_enterprise_users_are_refused(client, engine):  # type: ignore[no-untyped-def]
    _plan()
    make_user("ent", "enterprise", scope_enterprise="91500000X")
    login(client, "ent")
    assert client.get("/api/v1/plan/indicators").status_code == 403


def test_submit_return_resubmit_accept_with_evidence(client, bureau):  # type: ignore[no-untyped-def]
    _plan()
    unit = _unit_user()
    login(client, unit)
    content = "2024 年建成区绿化覆盖率统计表".encode()
    form = {
        "item_kind": "indicator",
        "item_id": "core-06",
        "year": "2024",
        "value": "45.3",
        "text": "统计年报",
    }
    first = client.post("/api/v1/plan/submissions", data=form, files={"files": ("统计表.xlsx", content)})
    assert first.status_code == 201, first.text
    sub = first.json()
    assert sub["unit"] == UNIT and sub["status"] == "submitted"
    evidence = sub["evidence"][0]
    assert evidence["sha256"] == hashlib.sha256(content).hexdigest()
    assert (get_settings().data_dir / evidence["path"]).read_bytes() == content
    # a unit cannot review, and may not report another unit's indicator
    assert (
        client.post(f"/api/v1/plan/submissions/{sub['id']}/review", json={"accept": True}).status_code == 403
    )
    other = client.post("/api/v1/plan/submissions", data={**form, "item_id": "t-ch4-new-parks-x"})
    assert other.status_code == 404
    login(client, bureau)
    no_reason = client.post(f"/api/v1/plan/submissions/{sub['id']}/review", json={"accept": False})
    assert no_reason.status_code == 422
    returned = client.post(
        f"/api/v1/plan/submissions/{sub['id']}/review", json={"accept": False, "note": "请附统计局口径"}
    )
    assert returned.json()["status"] == "returned"
    login(client, unit)
    again = client.post("/api/v1/plan/submissions", data={**form, "value": "45.6"}).json()
    login(client, bureau)
    accepted = client.post(f"/api/v1/plan/submissions/{again['id']}/review", json={"accept": True})
    assert accepted.json()["status"] == "accepted"
    rows = {r["id"]: r for r in client.get("/api/v1/plan/indicators?year=2024").json()}
    assert rows["core-06"]["value"] == 45.6 and rows["core-06"]["value_source"] == "reported"
    # 45.6 ≥ 45.5 reached in 2024, a complete-year value: met (status.py)
    assert rows["core-06"]["status"] == "met"
    with read_session() as s:
        actions = list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "plan_submission"))
        )
    assert actions == ["plan.submit", "plan.return", "plan.submit", "plan.accept"]


def test_overdue_list_after_the_deadline(client, bureau):  # type: ignore[no-untyped-def]
    _plan()
    with write_session() as s:
        before = workflow.due_items(s, year=2024, unit=UNIT, today=date(2025, 1, 31))
        after = workflow.overdue(s, year=2024, unit=UNIT, today=date(2025, 2, 1))
    assert before and not any(d.overdue for d in before)  # due on 31 January of the next year
    assert len(after) == len(before)  # nothing submitted: everything is overdue
    kinds = {d.item_kind for d in after}
    assert kinds == {"indicator", "task"}
    login(client, bureau)
    listed = client.get("/api/v1/plan/due?year=2024&overdue=true&unit=" + UNIT).json()
    assert len(listed) == len(after)  # today is after 2025-01-31


def test_pages_render_for_the_bureau(client, bureau):  # type: ignore[no-untyped-def]
    _plan()
    with write_session() as s:
        # behind the straight line from 91.23 (2020) to 92.87 (2025) but better than the baseline: at risk
        record_value(s, indicator_id="core-05", year=2023, value=91.5, actor=CLI, source="computed")
    login(client, bureau)
    page = client.get("/plan")
    assert page.status_code == 200
    risk_block = page.text.split('id="at-risk"')[1].split("</ul>")[0]
    assert "core-05" in risk_block
    # 专栏5 (the previous plan's 2020 results, 13.64 % against ≥ 20 %) is shown apart, not as a risk of this plan
    assert "r13-01" not in risk_block and "生态保护区域占幅员面积的比例" in page.text.split('id="review"')[1]
    assert page.text.index('data-id="core-05"') < page.text.index('data-id="core-06"')  # at risk first
    assert client.get("/plan/indicators/core-05").status_code == 200
    assert client.get(f"/plan/units/{UNIT}").status_code == 200
    board = client.get("/plan/tasks?year=2024")
    assert board.status_code == 200 and 'data-column="missing"' in board.text
    assert client.get("/plan/reports").status_code == 200
    one = client.get(f"/plan/tasks?year=2024&unit={UNIT}").text
    assert UNIT in one and "两江投资集团 ·" not in one and "两江投资集团 ·" in board.text
    token = _csrf(client, "/plan/tasks?year=2024")
    posted = client.post(
        "/plan/submit",
        data={"csrf_token": token, "item_kind": "task", "item_id": "T011", "year": "2024", "progress": "50",
              "unit": "生态环境分局"},
        follow_redirects=False,
    )  # fmt: skip
    assert posted.status_code == 303
    with read_session() as s:
        (sub,) = workflow.list_submissions(s, user=_bureau_user(s, bureau), item_id="T011")
    assert sub.progress == 50 and sub.unit == "生态环境分局" and sub.status == "submitted"


def test_sample_successor_plan_loads_and_shows(client, bureau):  # type: ignore[no-untyped-def]
    _plan()
    with write_session() as s:
        store_plan(s, load_plan(DATA_DIR / "sample_2026_2030"), source="test", actor=CLI)
    login(client, bureau)
    plans = [p["id"] for p in client.get("/api/v1/plan/plans").json()]
    assert "sample_2026_2030" in plans
    rows = client.get("/api/v1/plan/indicators?plan=sample_2026_2030").json()
    assert len(rows) == 6 and all(r["status"] for r in rows)


def _bureau_user(session, username):  # type: ignore[no-untyped-def]
    from ljeco.accounts.models import User

    return session.scalar(select(User).where(User.username == username))


def test_fresh_database_loads_the_shipped_plan_on_first_read(client, bureau):  # type: ignore[no-untyped-def]
    login(client, bureau)
    rows = client.get("/api/v1/plan/indicators").json()
    assert len(rows) == 93 and rows[0]["plan"] == "liangjiang_2021_2025"
    assert client.get("/plan").status_code == 200
