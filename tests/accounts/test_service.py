from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ljeco.accounts import service
from ljeco.accounts.models import AuditEntry
from ljeco.core.audit import CLI
from ljeco.core.db import read_session, write_session
from ljeco.core.errors import AuthenticationError, ConflictError, RateLimitedError, ValidationError

PW = "a-long-enough-password"


def _create(**kw):
    with write_session() as s:
        return service.create_user(s, password=PW, actor=CLI, **kw).id


def test_create_user_is_audited_without_password(engine):
    uid = _create(username="li", role="bureau")
    with read_session() as s:
        entry = s.scalars(select(AuditEntry)).one()
        user = service.get_user(s, "li")
    assert (entry.action, entry.entity_id, entry.actor_name) == ("user.create", str(uid), "cli")
    assert entry.after["role"] == "bureau"
    assert "password" not in str(entry.after) and PW not in str(entry.after)
    assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"username": "a b", "role": "bureau"}, "users.bad_username"),
        ({"username": "x", "role": "chief"}, "users.bad_role"),
        ({"username": "s", "role": "street"}, "users.scope_required"),
        ({"username": "e", "role": "enterprise"}, "users.scope_required"),
    ],
)
def test_create_user_validation(engine, kw, code):
    with pytest.raises(ValidationError) as info:
        _create(**kw)
    assert info.value.instance_code == code


def test_duplicate_and_weak_password(engine):
    _create(username="dup", role="public")
    with pytest.raises(ConflictError):
        _create(username="dup", role="public")
    with pytest.raises(ValidationError), write_session() as s:
        service.create_user(s, username="w", password="short", role="public", actor=CLI)


def test_failed_logins_are_rate_limited_per_account_and_address(engine):
    _create(username="rl", role="bureau")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    window = timedelta(minutes=15)
    for _ in range(3):
        with write_session() as s:
            with pytest.raises(AuthenticationError):
                service.authenticate(
                    s,
                    username="rl",
                    password="wrong",
                    address="1.2.3.4",
                    max_failures=3,
                    window=window,
                    now=now,
                )
            s.commit()
    with write_session() as s, pytest.raises(RateLimitedError):
        # Even the right password is refused while the limit holds.
        service.authenticate(
            s, username="rl", password=PW, address="1.2.3.4", max_failures=3, window=window, now=now
        )
    with write_session() as s:
        # Another address is not blocked, and after the window the account opens again.
        assert service.authenticate(
            s, username="rl", password=PW, address="5.6.7.8", max_failures=3, window=window, now=now
        )
        later = now + window + timedelta(seconds=1)
        assert service.authenticate(
            s, username="rl", password=PW, address="1.2.3.4", max_failures=3, window=window, now=later
        )


def test_tokens_resolve_and_die_with_the_user(engine):
    _create(username="api", role="bureau")
    with write_session() as s:
        secret = service.create_token(s, user=service.get_user(s, "api"), name="t", actor=CLI)
    assert secret.startswith("lje_")
    with write_session() as s:
        assert service.user_for_token(s, secret).username == "api"
        with pytest.raises(AuthenticationError):
            service.user_for_token(s, secret + "x")
    with write_session() as s:
        service.set_active(s, username="api", active=False, actor=CLI)
    with write_session() as s, pytest.raises(AuthenticationError):
        service.user_for_token(s, secret)


def test_resolving_a_token_never_writes_and_use_is_recorded_at_most_every_ten_minutes(engine):
    _create(username="reader", role="bureau")
    with write_session() as s:
        secret = service.create_token(s, user=service.get_user(s, "reader"), name="t", actor=CLI)
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    with read_session() as s:
        service.user_for_token(s, secret, now=t0)
        assert not s.dirty and not s.new
    with write_session() as s:
        assert service.touch_token(s, secret, now=t0) is True
        assert service.touch_token(s, secret, now=t0 + timedelta(minutes=9)) is False
        assert service.touch_token(s, secret, now=t0 + timedelta(minutes=11)) is True
