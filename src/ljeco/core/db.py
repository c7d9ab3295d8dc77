"""Database engine, sessions and the declarative base.

One schema, two backends: SQLite (the embedded default) and PostgreSQL (production, psycopg 3). SQLite is opened
on purpose: WAL journal (readers never block the writer), foreign keys enforced, a busy timeout instead of instant
"database is locked" errors, and one writer at a time in this process (``write_session``) with ``BEGIN IMMEDIATE``
so that two writers never deadlock on a read-to-write lock upgrade.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from ljeco.core.timeutil import to_utc

#: Constraint names are deterministic so that Alembic migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: SQLite waits this long for the write lock before failing [ms]. Long writes are batched well below it.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class Base(DeclarativeBase):
    """Declarative base of every ORM model in the platform."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always returned timezone-aware.

    SQLite has no time zones; PostgreSQL ``timestamptz`` does. Storing naive UTC on both and re-attaching UTC on the
    way out gives the same behaviour on both backends. Naive input is refused: it is the classic source of 8-hour
    errors in Chinese monitoring data.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        return to_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        from datetime import UTC

        return value.replace(tzinfo=UTC)


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine if isinstance(url_or_engine, str) else str(url_or_engine.url)
    return url.startswith("sqlite")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (not the driver) manage transactions, so BEGIN IMMEDIATE below is honoured.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured database), created once per process and URL."""
    if url is None:
        from ljeco.core.config import get_settings

        settings = get_settings()
        if settings.database_url is None:
            settings.ensure_data_dir()
        url = settings.resolved_database_url
    return _engine_for(url)


@lru_cache(maxsize=16)
def _engine_for(url: str) -> Engine:
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    return engine


@lru_cache(maxsize=8)
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(engine: Engine) -> threading.Lock:
    key = str(engine.url)
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.Lock())


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    """A session for reading; nothing is committed. Loaded objects stay readable after the block."""
    session = _session_factory(engine or get_engine())()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def _transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def write_session(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error.

    On SQLite the whole transaction holds this process's write lock and starts with ``BEGIN IMMEDIATE``: one writer
    at a time, by design rather than by accident.
    """
    engine = engine or get_engine()
    if not is_sqlite(engine):
        with _transaction(_session_factory(engine)) as session:
            yield session
        return
    with (
        _write_lock(engine),
        _transaction(_session_factory(engine.execution_options(sqlite_begin="IMMEDIATE"))) as session,
    ):
        yield session


@contextmanager
def try_write_session(engine: Engine | None = None) -> Iterator[Session | None]:
    """A write session if one can be had at once, else ``None`` (for best-effort bookkeeping, never for data).

    On SQLite the process's write lock is taken without waiting: the caller may already hold it (a request that
    writes) or another thread may be writing, and a last-used timestamp is not worth waiting, or deadlocking, for.
    """
    engine = engine or get_engine()
    if not is_sqlite(engine):
        with write_session(engine) as session:
            yield session
        return
    lock = _write_lock(engine)
    if not lock.acquire(blocking=False):
        yield None
        return
    try:
        with _transaction(_session_factory(engine.execution_options(sqlite_begin="IMMEDIATE"))) as session:
            yield session
    finally:
        lock.release()


def truncate_tables(engine: Engine, *, keep: frozenset[str] = frozenset()) -> None:
    """Empty every table of the platform's schema except ``keep`` (children before parents).

    Used by tests between cases and by ``ljeco demo --reset``; the schema and ``alembic_version`` stay.
    """
    from ljeco.core.migrate import import_all_models

    import_all_models()
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in keep]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                conn.execute(table.delete())


def backend_name(engine: Engine | None = None) -> str:
    """``sqlite`` or ``postgresql``."""
    return (engine or get_engine()).dialect.name


__all__ = [
    "Base",
    "UTCDateTime",
    "backend_name",
    "get_engine",
    "is_sqlite",
    "read_session",
    "truncate_tables",
    "try_write_session",
    "write_session",
]
