from __future__ import annotations

import re

from sqlalchemy import select

from ljeco.accounts.models import AuditEntry
from ljeco.core.db import read_session
from tests.conftest import PASSWORD, make_user


def _csrf(client, path="/login"):
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert match, page.text
    return match.group(1)


def login(client, username, password=PASSWORD):
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": _csrf(client), "next": "/"},
        follow_redirects=False,
    )


def test_root_shows_chinese_title_and_login_form(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "<title>" in page.text and "两江生态环境智慧管理平台" in page.text
    assert 'name="password"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_login_and_logout(client, admin):
    response = login(client, admin)
    assert response.status_code == 303 and response.headers["location"] == "/"
    home = client.get("/")
    assert "驾驶舱" in home.text and "系统管理员" in home.text
    out = client.post("/logout", data={"csrf_token": _csrf(client, "/")}, follow_redirects=False)
    assert out.status_code == 303
    assert 'name="password"' in client.get("/").text


def test_login_form_without_csrf_is_refused(client, admin):
    response = client.post("/login", data={"username": admin, "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_wrong_passwords_are_rate_limited(client, admin):
    for _ in range(5):
        assert login(client, admin, "wrong-password").status_code == 401
    blocked = login(client, admin)  # right password, but the limit holds
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.text


def test_open_redirect_is_not_followed(client, admin):
    response = client.post(
        "/login",
        data={
            "username": admin,
            "password": PASSWORD,
            "csrf_token": _csrf(client),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_non_admin_gets_chinese_403_on_admin_pages_and_api(client, bureau):
    login(client, bureau)
    page = client.get("/admin/users")
    assert page.status_code == 403
    assert "无权访问" in page.text
    api = client.get("/api/v1/admin/users")
    assert api.status_code == 403
    assert api.json()["code"] == "auth.forbidden"
    assert "无权访问" in api.json()["message"]


def test_anonymous_api_gets_401_json_and_pages_redirect(client):
    api = client.get("/api/v1/admin/users")
    assert api.status_code == 401 and api.json()["code"] == "auth.required"
    page = client.get("/admin/audit", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_admin_creates_user_through_form_and_it_is_audited(client, admin):
    login(client, admin)
    response = client.post(
        "/admin/users",
        data={
            "username": "zhang",
            "password": "another long pw",
            "role": "street",
            "scope_unit": "LJ-RH",
            "display_name": "张三",
            "csrf_token": _csrf(client, "/admin/users"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with read_session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "user.create").order_by(AuditEntry.id.desc())
        ).first()
    assert (
        entry.actor_name == admin
        and entry.after["username"] == "zhang"
        and entry.after["scope_unit"] == "LJ-RH"
    )
    audit_page = client.get("/admin/audit")
    assert audit_page.status_code == 200 and "user.create" in audit_page.text and "zhang" in audit_page.text


def test_api_token_flow(client, admin):
    from ljeco.accounts import service
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session

    with write_session() as s:
        token = service.create_token(s, user=service.get_user(s, admin), name="t", actor=CLI)
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post(
        "/api/v1/admin/users",
        headers=headers,
        json={"username": "wang", "password": "0123456789", "role": "public"},
    )
    assert created.status_code == 201 and created.json()["role"] == "public"
    listing = client.get("/api/v1/admin/users", headers=headers).json()
    assert listing["count"] == 2 and {u["username"] for u in listing["data"]} == {admin, "wang"}
    audit = client.get("/api/v1/admin/audit", headers=headers).json()
    assert audit["data"][0]["action"] == "user.create" and audit["data"][0]["after"]["username"] == "wang"
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["code"] == "auth.invalid_token"


def test_validation_errors_are_json_with_code(client, admin):
    make_user("tok", "admin")
    from ljeco.accounts import service
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session

    with write_session() as s:
        token = service.create_token(s, user=service.get_user(s, "tok"), name="t", actor=CLI)
    response = client.post(
        "/api/v1/admin/users", headers={"Authorization": f"Bearer {token}"}, json={"role": "x"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["message"].startswith("输入有误")


def test_404_is_chinese(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "页面不存在" in page.text
    api = client.get("/api/v1/no/such")
    assert api.status_code == 404 and api.json()["code"] == "http.404"
