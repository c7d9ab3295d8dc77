"""Page benchmark: drive Chromium over every page on a demo-sized database.

Builds a throwaway SQLite database with the Liangjiang demo generators (last full year and this year to date:
air hourly for every station, automatic water every 4 h, noise hourly) written through the store's write path,
then serves the app on 127.0.0.1 and measures with Playwright:

* DOMContentLoaded of each page's first load and of repeat loads (target < 1.5 s), against the user-administration page
  as the baseline (a platform page that reads no monitoring data);
* every JSON API call the pages make, timed from the browser's context (target p95 < 300 ms).

Run: ``.venv/bin/python bench/bench_pages.py [--days N] [--repeat N]``. Results: ``bench/results/web.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
USER, PASSWORD = "bench-admin", "correct horse battery"
DCL_TARGET_S = 1.5
API_P95_TARGET_MS = 300.0


def build_with_demo_loader(url: str, start: date, end: date) -> tuple[int, float]:
    """The platform's own ``ljeco demo`` loader (air, water, noise, ground, CEMS through the HJ 212 path)."""
    from ljeco.accounts import service as accounts
    from ljeco.core.audit import SYSTEM
    from ljeco.core.db import get_engine, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.demo import load_demo

    t0 = time.perf_counter()
    engine = get_engine(url)
    upgrade(engine)
    report = load_demo(engine=engine, today=end, start=start)
    with write_session(engine) as s:
        accounts.create_user(s, username=USER, password=PASSWORD, role="admin", actor=SYSTEM)
        from ljeco.modules.plan import service as plan

        plan.ensure_default_plan(s)
    return report.observations, time.perf_counter() - t0


def build_database(url: str, start: date, end: date) -> tuple[int, float]:
    """The demo tables (air, automatic water, noise) into ``url``; returns (observations, seconds)."""
    import pandas as pd

    from ljeco.accounts import service as accounts
    from ljeco.core.audit import SYSTEM
    from ljeco.core.db import get_engine, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.modules.monitoring import sample
    from ljeco.modules.monitoring.catalog import region
    from ljeco.observations import rollups
    from ljeco.observations.catalog import ensure_series
    from ljeco.observations.store import write_observations
    from ljeco.regions.liangjiang.demo import demo_tables, to_observations

    t0 = time.perf_counter()
    engine = get_engine(url)
    upgrade(engine)
    total = 0
    with write_session(engine) as s:
        codes = sample.sync_catalog(s, micro_stations=None)
        accounts.create_user(s, username=USER, password=PASSWORD, role="admin", actor=SYSTEM)
        known = {"so2", "no2", "co", "o3", "pm10", "pm25", "ph", "do", "codmn", "nh3n", "tp", "tn", "temp",
                 "turbidity", "leq", "lmax"}  # fmt: skip
        for table in demo_tables(region(), start, end, only=("air_hourly", "water_auto", "noise_hourly")):
            rows = to_observations(table)
            rows = rows[rows["site"].isin(codes.keys()) & rows["parameter"].isin(known)]
            ids: dict[tuple[str, str], int] = {}
            for site, param in rows[["site", "parameter"]].drop_duplicates().itertuples(index=False):
                ids[(site, param)] = ensure_series(
                    s, site=site, parameter=param, interval_s=table.interval_s
                ).id
            frame = pd.DataFrame({
                "series_id": [ids[k] for k in zip(rows["site"], rows["parameter"], strict=True)],
                "time": rows["time"].to_numpy(), "value": rows["value"].to_numpy(), "flag": rows["flag"].to_numpy(),
            })  # fmt: skip
            total += write_observations(s, frame, source=f"demo:{table.name}").total
            print(
                f"  loaded {table.name}: {len(frame):,} rows ({time.perf_counter() - t0:.1f} s)", flush=True
            )
        rollups.rebuild(s)
        # The other modules' catalogues the pages read: the enterprise register and the plan.
        from ljeco.modules.plan import service as plan
        from ljeco.modules.sources import service as sources

        sources.sync_from_region(s, region=region(), actor=SYSTEM)
        plan.ensure_default_plan(s)
    return total, time.perf_counter() - t0


class Server:
    def __init__(self) -> None:
        import socket

        import uvicorn

        from ljeco.web.app import create_app

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off"))  # fmt: skip
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


LOADER_TEXT = {
    "demo": "`ljeco demo`'s own loader: every table of the pack, CEMS through the HJ 212 path",
    "tables": "the demo generators' air, automatic water and noise tables through the store's write path",
    "existing": "a database built by an earlier run of this benchmark",
}

DCL_JS = (
    "() => { const n = performance.getEntriesByType('navigation')[0]; return n.domContentLoadedEventEnd; }"
)
API_JS = (
    "() => performance.getEntriesByType('resource').filter(r => r.name.includes('/api/'))"
    ".map(r => [r.name.replace(location.origin, ''), r.duration])"
)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--days", type=int, default=0, help="days of data (default: demo period, last year + YTD)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="loads per page")
    parser.add_argument(
        "--database",
        default=None,
        help="measure an existing database (SQLAlchemy URL) built by an earlier run",
    )
    parser.add_argument(
        "--loader", choices=("auto", "demo", "tables"), default="auto",
        help="demo: the `ljeco demo` loader; tables: the demo generators written directly; auto: demo if installed",
    )  # fmt: skip
    parser.add_argument(
        "--screenshots", type=Path, default=None, help="save a 1920×1080 screenshot per page here"
    )
    args = parser.parse_args()

    from ljeco.core.config import get_settings
    from ljeco.core.timeutil import CST, utcnow
    from ljeco.modules.monitoring.catalog import region

    today = utcnow().astimezone(CST).date()
    start = today - timedelta(days=args.days) if args.days else date(today.year - 1, 1, 1)
    if args.database:
        url, loader = args.database, "existing"
        os.environ["LJECO_DATABASE_URL"] = url
        get_settings.cache_clear()
        from ljeco.core.db import read_session
        from ljeco.observations.models import Observation

        with read_session() as s:
            n_obs = s.query(Observation).count()
        build_s = 0.0
        db_file = Path(url.removeprefix("sqlite:///"))
        print(f"measuring {url}: {n_obs:,} observations", flush=True)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="ljeco-bench-web-"))
        url = f"sqlite:///{tmp / 'demo.sqlite3'}"
        os.environ["LJECO_DATABASE_URL"] = url
        os.environ.setdefault("LJECO_ENV", "development")
        get_settings.cache_clear()
        print(f"building the demo database {start} … {today} in {tmp}", flush=True)
        loader = args.loader
        if loader == "auto":
            try:
                import ljeco.demo  # noqa: F401

                loader = "demo"
            except ImportError:
                loader = "tables"
        print(f"loader: {loader}", flush=True)
        build = build_with_demo_loader if loader == "demo" else build_database
        n_obs, build_s = build(url, start, today)
        db_file = tmp / "demo.sqlite3"
    size_mb = db_file.stat().st_size / 1e6 if db_file.exists() else 0.0
    print(f"database: {n_obs:,} observations, {size_mb:.0f} MB, built in {build_s:.1f} s")

    ent = region().enterprises[0].uscc
    pages = {
        "用户管理（基线）": "/admin/users", "驾驶舱": "/", "一张图": "/map", "礼嘉站": "/sites/1427A",
        "寸滩断面": "/sites/LJ-WS-CUNTAN", "声环境点": "/sites/LJ-NS-01", "监测点位": "/sites",
        "一企一档": f"/enterprises/{ent}", "直管区": "/units/ZGQ", "数据查询": "/explore",
    }  # fmt: skip
    from playwright.sync_api import sync_playwright

    dcl: dict[str, list[float]] = {}
    api: dict[str, list[float]] = {}
    with Server() as srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = ctx.new_page()
        console_errors: list[str] = []
        page.on(
            "console", lambda m: console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda e: console_errors.append(f"{page.url}: {e}"))
        page.goto(srv.url + "/login")
        page.fill("#username", USER)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(srv.url + "/")
        for name, path in pages.items():
            dcl[name] = []
            for i in range(args.repeat):
                page.goto(srv.url + path, wait_until="networkidle")
                if path == "/map":
                    page.wait_for_selector(".pt-air")
                if i == 0 and args.screenshots is not None:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    slug = path.strip("/").replace("/", "-") or "dashboard"
                    page.screenshot(path=str(args.screenshots / f"web-{slug}.png"))
                dcl[name].append(page.evaluate(DCL_JS) / 1000.0)
                for call, ms in page.evaluate(API_JS):
                    key = call.split("?")[0]
                    api.setdefault(key, []).append(ms)
        browser.close()

    base = statistics.median(dcl["用户管理（基线）"])
    lines = [
        "| 页面 | 路径 | 首次 DCL [s] | 中位 DCL [s] | 最大 DCL [s] | ×基线 | < 1.5 s |",
        "|---|---|---|---|---|---|---|",
    ]
    print("\nDOMContentLoaded per page (first load, median and max of", args.repeat, "loads):")
    for name, values in dcl.items():
        med = statistics.median(values)
        ok = max(values) < DCL_TARGET_S
        print(f"  {name:<10} first {values[0]:.3f} s  median {med:.3f} s  max {max(values):.3f} s  "
              f"×{med / base:.1f} vs baseline  {'OK' if ok else 'SLOW'}")  # fmt: skip
        lines.append(f"| {name} | `{pages[name]}` | {values[0]:.3f} | {med:.3f} | {max(values):.3f} | "
                     f"{med / base:.1f} | {'是' if ok else '否'} |")  # fmt: skip
    api_lines = [
        "| API | 调用次数 | 首次 [ms] | p50 [ms] | p95 [ms] | p95 / 300 ms |",
        "|---|---|---|---|---|---|",
    ]
    print("\nAPI calls made by the pages (browser resource timing):")
    for key, values in sorted(api.items()):
        q = p95(values)
        print(f"  {key:<55} n={len(values):<3} p50 {statistics.median(values):6.1f} ms  p95 {q:6.1f} ms  "
              f"{q / API_P95_TARGET_MS:.2f} of budget")  # fmt: skip
        api_lines.append(f"| `{key}` | {len(values)} | {values[0]:.1f} | {statistics.median(values):.1f} | {q:.1f} | "
                         f"{q / API_P95_TARGET_MS:.2f} |")  # fmt: skip
    all_api = [v for vs in api.values() for v in vs]
    summary = (f"all API calls: n={len(all_api)}, p95 {p95(all_api):.1f} ms; "
               f"slowest page max DCL {max(max(v) for v in dcl.values()):.3f} s")  # fmt: skip
    summary += f"; console errors: {len(console_errors)}"
    for err in console_errors[:10]:
        print("  console error:", err)
    print("\n" + summary)
    out = ROOT / "bench" / "results" / "web.md"
    out.write_text(
        "# Web pages: first load and API latency\n\n"
        "Command: `.venv/bin/python bench/bench_pages.py"
        + (f" --days {args.days}" if args.days else "")
        + (f" --database {args.database}" if args.database else "")
        + f" --repeat {args.repeat}` (Chromium headless at 1920×1080, SQLite, 2-core shared machine; "
        f"load average {os.getloadavg()[0]:.1f} at the end of the run).\n\n"
        f"Database: the Liangjiang demo {start} … {today}, loader `{loader}` ("
        + LOADER_TEXT[loader]
        + f") — {n_obs:,} observations, {size_mb:.0f} MB"
        + (f", built in {build_s:.0f} s with a full rollup" if loader != "existing" else "")
        + ".\n\n"
        "DOMContentLoaded (target < 1.5 s); the baseline is the user-administration page, which reads no monitoring "
        "data. "
        "First load = the first visit after the server started (the year-to-date air figures are warmed at "
        "start-up); the dashboard and the site map layers are then cached for 60 s, so repeat loads show the "
        "cached path. Figures vary 2–3× with the load of the shared machine.\n\n"
        + "\n".join(lines)
        + "\n\nAPI calls the pages make, as the browser timed them (target p95 < 300 ms):\n\n"
        + "\n".join(api_lines)
        + f"\n\n{summary}.\n",
        encoding="utf-8",
    )
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
