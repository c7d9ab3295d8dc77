from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ljeco.accounts.models import AuditEntry
from ljeco.accounts.service import get_user
from ljeco.core.audit import SYSTEM, Actor
from ljeco.core.db import read_session, write_session
from ljeco.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from ljeco.modules.cases import service
from ljeco.modules.cases.service import ComplaintFilter
from tests.conftest import make_user

T0 = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def _new(**kw):
    defaults = {
        "channel": "12369",
        "category": "noise",
        "text": "夜间施工噪声扰民",
        "actor": SYSTEM,
        "received_at": T0,
    }
    defaults.update(kw)
    with write_session() as s:
        c = service.create_complaint(s, **defaults)
        return c.id, c.tracking_no


def _move(user, cid, to, **kw):
    with write_session() as s:
        u = get_user(s, user)
        return service.transition(s, user=u, complaint_id=cid, to=to, actor=Actor.of(u), **kw).status


def test_intake_sets_tracking_number_deadline_and_audit(engine):
    _, no = _new()
    assert no.startswith("TS20260715") and len(no) == 16
    with read_session() as s:
        c = service.track(s, tracking_no=no)
        assert c.due_at == T0 + timedelta(days=service.DEFAULT_DUE_DAYS)
        assert [e.status for e in c.events] == ["received"]
        assert s.scalars(select(AuditEntry.action)).all() == ["complaint.create"]


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"text": "   "}, "complaints.empty_text"),
        ({"text": "x" * 2001}, "complaints.text_too_long"),
        ({"category": "smell"}, "complaints.bad_value"),
        ({"lon": 106.5}, "complaints.bad_location"),
        ({"lon": 116.4, "lat": 39.9}, "complaints.outside_region"),  # Beijing
    ],
)
def test_intake_validation(engine, kw, code):
    with pytest.raises(ValidationError) as info:
        _new(**kw)
    assert info.value.instance_code == code


def test_workflow_allows_only_its_moves(engine, bureau):
    cid, _ = _new()
    with pytest.raises(ValidationError, match="转办须指定承办单位"):
        _move(bureau, cid, "assigned")
    with pytest.raises(ValidationError) as info:
        _move(bureau, cid, "resolved", note="done")
    assert info.value.instance_code == "complaints.bad_transition"
    assert _move(bureau, cid, "assigned", responsible_unit="人和街道") == "assigned"
    assert _move(bureau, cid, "processing") == "processing"
    with pytest.raises(ValidationError, match="处理结果"):
        _move(bureau, cid, "resolved")
    assert _move(bureau, cid, "resolved", note="已责令施工单位停止夜间作业") == "resolved"
    assert _move(bureau, cid, "followed_up", note="群众满意") == "followed_up"
    with pytest.raises(ValidationError):
        _move(bureau, cid, "processing")
    with read_session() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "user.create",
        "complaint.create",
        "complaint.assigned",
        "complaint.processing",
        "complaint.resolved",
        "complaint.followed_up",
    ]


def test_street_users_see_and_handle_only_their_unit(engine, bureau):
    make_user("renhe", "street", scope_unit="LJ-RH")
    mine, _ = _new(admin_unit="LJ-RH")
    other, _ = _new(admin_unit="LJ-LJ")
    with read_session() as s:
        rows, total = service.list_complaints(s, user=get_user(s, "renhe"), filters=ComplaintFilter())
        assert (total, [c.id for c in rows]) == (1, [mine])
        rows, total = service.list_complaints(s, user=get_user(s, bureau), filters=ComplaintFilter())
        assert total == 2
    with pytest.raises(NotFoundError):
        _move("renhe", other, "rejected", note="x")
    assert _move("renhe", mine, "rejected", note="不属于生态环境问题") == "rejected"


def test_public_cannot_list_and_enterprise_sees_complaints_about_itself(engine):
    make_user("citizen", "public")
    make_user("ent", "enterprise", scope_enterprise="91500000MA5U000000")
    _new(enterprise="91500000MA5U000000")
    _new()
    with read_session() as s:
        with pytest.raises(PermissionDeniedError):
            service.list_complaints(s, user=get_user(s, "citizen"), filters=ComplaintFilter())
        _, total = service.list_complaints(s, user=get_user(s, "ent"), filters=ComplaintFilter())
        assert total == 1
    with pytest.raises(PermissionDeniedError):
        _move("ent", 1, "assigned", responsible_unit="x")


def test_filters_and_category_counts(engine, bureau):
    _new(category="noise")
    _new(category="noise", text="广场舞噪声")
    cid, _ = _new(category="catering_fumes", text="火锅店油烟直排")
    _move(bureau, cid, "rejected", note="重复投诉")
    with read_session() as s:
        user = get_user(s, bureau)
        assert service.category_counts(s, user=user) == {"noise": 2, "catering_fumes": 1}
        _, open_total = service.list_complaints(s, user=user, filters=ComplaintFilter(status="open"))
        assert open_total == 2
        rows, _ = service.list_complaints(s, user=user, filters=ComplaintFilter(q="广场舞"))
        assert [r.text for r in rows] == ["广场舞噪声"]
        # All three were received on 15 July with a 15-day deadline: overdue relative to now (after 30 July 2026).
        _, overdue = service.list_complaints(s, user=user, filters=ComplaintFilter(overdue=True))
        assert overdue == 2
