from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from ljeco.core.config import get_settings
from ljeco.web import app as web_app


def test_startup_hooks_run_when_serving_but_not_under_test(engine, monkeypatch):
    ran = threading.Event()

    def hook() -> None:
        ran.set()

    monkeypatch.setattr(web_app, "STARTUP_HOOKS", [hook])
    with TestClient(web_app.create_app()):
        pass
    assert not ran.wait(0.2)  # LJECO_ENV=test: tests set up their own state

    monkeypatch.setenv("LJECO_ENV", "development")
    get_settings.cache_clear()
    with TestClient(web_app.create_app()):
        assert ran.wait(5)
    get_settings.cache_clear()


def test_importing_pages_starts_no_thread():
    import importlib

    import ljeco.modules.monitoring.pages as pages

    before = {t.name for t in threading.enumerate()}
    importlib.reload(pages)
    assert {t.name for t in threading.enumerate()} - before == set()
