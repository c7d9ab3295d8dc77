from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from ljeco.accounts.models import LoginAttempt
from ljeco.core.db import backend_name, read_session, write_session
from ljeco.core.migrate import current_heads, pending_revisions, script_heads


def test_migrated_to_every_head(engine):
    assert pending_revisions(engine) == []
    assert current_heads(engine) <= script_heads()
    assert current_heads(engine)


def test_migrations_build_exactly_the_models(engine):
    """Every table, column and index the models declare is what the migrations made (both backends)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ljeco.core.db import Base
    from ljeco.core.migrate import import_all_models

    import_all_models()
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_sqlite_is_opened_on_purpose(engine):
    if backend_name(engine) != "sqlite":
        pytest.skip("SQLite pragmas")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_utc_column_round_trip_from_other_zone(engine):
    moment = datetime(2026, 3, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))
    with write_session(engine) as s:
        s.add(LoginAttempt(username="u", address="a", at=moment))
    with read_session(engine) as s:
        stored = s.scalar(select(LoginAttempt.at))
    assert stored == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)
    assert stored.tzinfo is UTC


def test_naive_datetime_refused(engine):
    with pytest.raises(Exception, match="naive datetime"), write_session(engine) as s:
        s.add(LoginAttempt(username="u", address="a", at=datetime(2026, 1, 1)))
        s.flush()


def test_write_session_rolls_back_on_error(engine):
    with pytest.raises(RuntimeError), write_session(engine) as s:
        s.add(LoginAttempt(username="u", address="a", at=datetime.now(UTC)))
        s.flush()
        raise RuntimeError("boom")
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from login_attempts")).scalar() == 0


def test_try_write_session_never_waits_for_the_lock_this_thread_holds(engine):
    from ljeco.core.db import try_write_session

    with write_session(engine) as outer:
        outer.add(LoginAttempt(username="u", address="a", at=datetime.now(UTC)))
        with try_write_session(engine) as inner:
            if backend_name(engine) == "sqlite":
                assert inner is None  # the outer write holds the lock: skipped, not deadlocked
            else:
                assert inner is not None
    with try_write_session(engine) as free:
        assert free is not None
