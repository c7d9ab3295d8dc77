"""The pages in a real browser: charts drawn, map layers and popups, the three-click path, range changes, export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import canvas_ink, screenshot

pytestmark = pytest.mark.browser

#: National air stations of the region pack (礼嘉, 空港, 两路, 唐家沱, 蔡家, 天生, 缙云山), all seeded.
NATIONAL_STATIONS = 7


def test_dashboard_draws_its_charts(page: Any) -> None:
    page.goto(page.base + "/")
    assert page.title().startswith("驾驶舱")
    assert page.locator(".station-card").count() == NATIONAL_STATIONS
    # A drawn ECharts canvas has thousands of coloured pixels; a blank one has none.
    assert canvas_ink(page, "#trend-chart") > 2000
    assert canvas_ink(page, "#station-chart") > 2000
    ratio = page.locator("section.tiles .tile").nth(2).inner_text()
    assert "目标 ≥ 92.87%" in ratio
    screenshot(page, "dashboard")


def test_three_clicks_from_dashboard_to_lijia_hourly_pm25(page: Any) -> None:
    page.goto(page.base + "/")
    page.click(".station-card[data-code='1427A']")  # click 1: the station
    page.wait_for_url(re.compile(r"/sites/1427A$"))
    page.click("#param-buttons button[data-param='pm25']")  # click 2: the parameter (hourly is the default)
    page.click("#interval-buttons button[data-interval='hour']")  # click 3: the interval, explicitly
    status = page.locator("#series-status")
    status.filter(has_text="细颗粒物（µg/m³）小时值").wait_for()
    assert int(page.get_attribute("#series-chart", "data-points") or 0) > 100  # 7 days of hours
    assert canvas_ink(page, "#series-chart") > 2000
    screenshot(page, "site-1427A")


def test_station_page_changes_range(page: Any) -> None:
    page.goto(page.base + "/sites/1427A")
    page.locator("#series-status").filter(has_text="小时值").wait_for()
    week = int(page.get_attribute("#series-chart", "data-points") or 0)
    page.click("#range-buttons button[data-days='30']")
    today = date.fromisoformat(page.input_value("#range-to"))
    first = (today - timedelta(days=29)).isoformat()
    page.locator("#series-status").filter(has_text=f"{first} 至 {today.isoformat()}").wait_for()
    month = int(page.get_attribute("#series-chart", "data-points") or 0)
    assert month > week  # 30 days of hours vs 7
    page.click("#interval-buttons button[data-interval='day']")
    page.locator("#series-status").filter(has_text="日值").wait_for()
    days = int(page.get_attribute("#series-chart", "data-points") or 0)
    assert 25 <= days <= 31
    assert canvas_ink(page, "#series-chart") > 1000
    assert canvas_ink(page, "#calendar-chart") > 1000
    page.click("#assessment-run")
    page.locator("#assessment-table").wait_for()
    table = page.inner_text("#assessment-table")
    assert "GB 3095-2012" in table and "GB 3095-2026" in table and "优良天数比例" in table


def test_map_shows_layers_and_opens_a_popup(page: Any) -> None:
    page.goto(page.base + "/map")
    page.wait_for_function(
        "() => { const shown = (document.getElementById('map').getAttribute('data-layers-shown') || '')"
        ".split(','); return ['air', 'water', 'enterprises', 'units', 'rivers', 'protection', 'redlines']"
        ".every(k => shown.includes(k)); }"
    )
    assert page.locator(".pt-air").count() == NATIONAL_STATIONS
    assert page.locator(".pt-water").count() >= 8
    assert page.locator("path.leaflet-interactive").count() > 10  # units, rivers, zones drawn as vectors
    # 148 enterprises of the pack, clustered when zoomed out.
    assert page.inner_text("[data-count='enterprises']") == "（148）"
    assert page.locator(".marker-cluster, .pt-enterprises").count() > 0
    page.locator(".pt-air").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "查看详情" in popup.inner_text()
    assert "AQI" in popup.inner_text()
    screenshot(page, "map")
    # Keyboard: a marker takes the focus and Enter opens its popup.
    page.keyboard.press("Escape")
    page.locator(".pt-water").first.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").filter(has_text="类").wait_for()
    # Switching a layer off removes its markers.
    page.uncheck("#layer-switcher input[value='air']")
    assert page.locator(".pt-air").count() == 0


def test_map_search_finds_a_station(page: Any) -> None:
    page.goto(page.base + "/map")
    page.fill("#map-search", "礼嘉")
    result = page.locator("#map-search-results button").first
    result.wait_for()
    assert "礼嘉" in result.inner_text()


def test_export_downloads_a_csv(page: Any) -> None:
    page.goto(page.base + "/explore?sites=1427A")
    page.click("#explore-form button[type=submit]")
    page.locator("#explore-status").filter(has_text="共").wait_for()
    assert page.locator("#explore-table tbody tr").count() > 100
    assert canvas_ink(page, "#explore-chart") > 1000
    with page.expect_download() as info:
        page.click("#export-csv")
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["时间(开始,北京时间)", "点位编码", "点位名称"]
    assert len(rows) > 100 and {r[1] for r in rows[1:]} == {"1427A"}
    assert {r[3] for r in rows[1:]} == {"pm25"} and {r[6] for r in rows[1:]} == {"µg/m³"}
    screenshot(page, "explore")


PAGES = {
    "sites": "/sites",
    "site-water": "/sites/LJ-WS-CUNTAN",
    "site-noise": "/sites/LJ-NS-01",
    "site-noise-offline": "/sites/LJ-NS-02",
    "site-micro-empty": "/sites/LJ-AM-001",
    "unit": "/units/ZGQ",
    "enterprise": "/enterprises/91500112MAMHYDXL5N",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_loads_without_console_errors(page: Any, name: str) -> None:
    response = page.goto(page.base + PAGES[name])
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert "两江生态环境智慧管理平台" in page.title()
    screenshot(page, name)


def test_empty_and_offline_states_say_why(page: Any) -> None:
    page.goto(page.base + "/sites/LJ-AM-001")
    assert "暂无数据" in page.locator("main").inner_text()
    page.goto(page.base + "/sites/LJ-NS-02")
    assert "设备离线" in page.locator("main").inner_text()


def test_water_section_page_shows_class_history_against_target(page: Any) -> None:
    page.goto(page.base + "/sites/LJ-WS-CUNTAN")
    history = page.locator("section[aria-labelledby='wh-h']")
    assert "目标 II 类" in history.inner_text()
    assert history.locator("tbody tr").count() >= 1
    # The sample's total phosphorus (~0.12 mg/L) is class III: 长江寸滩 misses its class II target.
    assert "未达标" in history.locator("tbody tr").first.inner_text()
