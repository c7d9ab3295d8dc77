"""Browser-test harness: a seeded SQLite database, the app under uvicorn in a thread, Debian's Chromium via Playwright.

The server runs on 127.0.0.1 and a free port for the whole module; every test gets a fresh logged-in page whose
console errors and uncaught exceptions fail the test. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
USERNAME = "browser-admin"
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed_database(url: str, *, days: int = 45) -> None:
    """Migrate ``url`` and fill it with the deterministic sample dataset and one admin user."""
    from ljeco.accounts import service as accounts
    from ljeco.core.audit import SYSTEM
    from ljeco.core.db import get_engine, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.modules.monitoring import sample

    engine = get_engine(url)
    upgrade(engine)
    with write_session(engine) as session:
        sample.seed(session, days=days)
        accounts.create_user(session, username=USERNAME, password=PASSWORD, role="admin", actor=SYSTEM)


class LiveServer:
    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 20 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """The app on a seeded database, served on 127.0.0.1; yields its base URL."""
    from ljeco.core.config import get_settings
    from ljeco.modules.monitoring import service

    tmp = Path(tempfile.mkdtemp(prefix="ljeco-browser-"))
    url = f"sqlite:///{tmp / 'browser.sqlite3'}"
    saved = os.environ.get("LJECO_DATABASE_URL")
    os.environ["LJECO_DATABASE_URL"] = url
    get_settings.cache_clear()
    service.clear_cache()
    try:
        seed_database(url)
        from ljeco.web.app import create_app

        with LiveServer(create_app()) as server:
            yield server.url
    finally:
        if saved is None:
            os.environ.pop("LJECO_DATABASE_URL", None)
        else:
            os.environ["LJECO_DATABASE_URL"] = saved
        get_settings.cache_clear()
        service.clear_cache()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser-setup.sh (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class ConsoleLog:
    """Console errors and uncaught page errors seen by a page."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def on_console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text} @ {msg.location}")

    def on_page_error(self, exc: Any) -> None:
        self.errors.append(f"pageerror: {exc}")


def login(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base) + "/$"))


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A logged-in page at 1366×768; fails the test on any console error."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True
    )
    pg = context.new_page()
    log = ConsoleLog()
    pg.on("console", log.on_console)
    pg.on("pageerror", log.on_page_error)
    pg.set_default_timeout(30_000)  # generous: the CI machine is shared and often loaded
    login(pg, live_server)
    pg.base = live_server  # type: ignore[attr-defined]
    pg.console_log = log  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert log.errors == [], "console errors:\n" + "\n".join(log.errors)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


#: Counts the canvas pixels that are not background: a drawn chart has thousands, a blank one none.
CANVAS_INK = """(sel) => {
  const c = document.querySelector(sel + ' canvas');
  if (!c || !c.width || !c.height) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3], white = d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245;
    if (a > 0 && !white) ink++;
  }
  return ink;
}"""


def canvas_ink(page: Any, selector: str) -> int:
    page.wait_for_selector(selector + " canvas")
    return int(page.evaluate(CANVAS_INK, selector))
