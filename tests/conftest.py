"""Shared fixtures: a migrated database on each backend, the web app, canonical users.

Database tests run on SQLite and, when ``LJECO_TEST_DATABASE_URL`` is set (``scripts/test.sh`` starts a throwaway
PostgreSQL and sets it), again on PostgreSQL. With ``CI=true`` and no URL the PostgreSQL variants fail instead of
being skipped, so CI can never pass without having exercised PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never touch the developer's data directory or .env: settings come from here only.
_TMP = Path(tempfile.mkdtemp(prefix="ljeco-test-"))
os.environ["LJECO_ENV"] = "test"
os.environ["LJECO_DATA_DIR"] = str(_TMP / "data")
os.environ.pop("LJECO_DATABASE_URL", None)

from sqlalchemy import Engine  # noqa: E402

from ljeco.core.config import get_settings  # noqa: E402
from ljeco.core.db import get_engine, truncate_tables  # noqa: E402
from ljeco.core.migrate import upgrade  # noqa: E402

PG_URL = os.environ.get("LJECO_TEST_DATABASE_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"
SQLITE_URL = f"sqlite:///{_TMP / 'test.sqlite3'}"

_migrated: set[str] = set()
_backend_results: dict[str, dict[str, int]] = {}


def _backend_params() -> list[object]:
    params: list[object] = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(params=_backend_params())
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated, empty database of the parametrised backend, made the configured database for the test."""
    backend = request.param
    if backend == "postgresql":
        if not PG_URL:
            if IN_CI:
                pytest.fail("CI=true but LJECO_TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
            pytest.skip("set LJECO_TEST_DATABASE_URL (scripts/test.sh does) to run the PostgreSQL variant")
        url = PG_URL
    else:
        url = SQLITE_URL
    monkeypatch.setenv("LJECO_DATABASE_URL", url)
    get_settings.cache_clear()
    eng = get_engine(url)
    if url not in _migrated:
        upgrade(eng)
        _migrated.add(url)
    truncate_tables(eng)
    yield eng
    get_settings.cache_clear()


@pytest.fixture
def app(engine: Engine):  # type: ignore[no-untyped-def]
    from ljeco.web.app import create_app

    return create_app()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


PASSWORD = "correct horse battery"


def make_user(username: str, role: str, **scope: str) -> None:
    from ljeco.accounts import service
    from ljeco.core.audit import SYSTEM
    from ljeco.core.db import write_session

    with write_session() as session:
        service.create_user(session, username=username, password=PASSWORD, role=role, actor=SYSTEM, **scope)


def token(username: str, role: str, **scope: str) -> dict[str, str]:
    """Create ``username`` with ``role`` and return the headers of a fresh API token for it."""
    from ljeco.accounts import service
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session

    make_user(username, role, **scope)
    with write_session() as s:
        secret = service.create_token(s, user=service.get_user(s, username), name="t", actor=CLI)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def admin(engine: Engine) -> str:
    make_user("admin1", "admin")
    return "admin1"


@pytest.fixture
def bureau(engine: Engine) -> str:
    make_user("bureau1", "bureau")
    return "bureau1"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    for backend in ("sqlite", "postgresql"):
        if (
            f"[{backend}" in report.nodeid
            or f"-{backend}]" in report.nodeid
            or f"-{backend}-" in report.nodeid
        ):
            counts = _backend_results.setdefault(backend, {})
            counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for backend, counts in sorted(_backend_results.items()):
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        terminalreporter.write_line(f"database backend {backend}: {summary}")
