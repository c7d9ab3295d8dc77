"""Assessment reports: every kind opens in LibreOffice (converted to PDF) and its figures equal the API's.

LibreOffice converts each DOCX and XLSX to PDF (proof that it opens them without errors) and, to read the figures
the way LibreOffice sees them, the DOCX to text and the indicator sheet of the XLSX to CSV. The figures are then
compared with ``/api/v1/plan/indicators`` (same year), not with the report code's own formatting.

With ``CI=true`` a missing LibreOffice fails the test (``scripts/office-setup.sh`` installs it); elsewhere it skips.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.modules.plan.conftest import UNTIL, Store
from tests.web.test_auth_pages import login

from ljeco.core.audit import CLI
from ljeco.core.db import read_session, write_session
from ljeco.modules.plan.compute import compute_and_store
from ljeco.modules.plan.reports import build_report, render_html, write_report
from ljeco.modules.plan.service import ensure_default_plan, record_value

KIND_YEARS = {"annual": 2024, "midterm": 2023, "final": 2025}


def _soffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but LibreOffice is missing: run scripts/office-setup.sh before the tests")
        pytest.skip("LibreOffice is not installed (scripts/office-setup.sh)")
    return found


def _convert(soffice: str, files: list[Path], target: str, outdir: Path, profile: Path) -> None:
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def _seed_values() -> None:
    compute_and_store_args = {"year": 2024, "until": UNTIL, "actor": CLI}
    with write_session() as s:
        ensure_default_plan(s, actor=CLI)
        compute_and_store(s, **compute_and_store_args)  # type: ignore[arg-type]
        # earlier complete years for the history chart and the mid-term report (hand-entered, as a unit would)
        record_value(s, indicator_id="core-05", year=2023, value=91.5, actor=CLI, source="computed")
        record_value(s, indicator_id="core-05", year=2022, value=92.9, actor=CLI, source="computed")
        record_value(s, indicator_id="core-06", year=2025, value=45.0, actor=CLI, source="reported")


def _api_rows(client, bureau: str, year: int) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    login(client, bureau)
    response = client.get(f"/api/v1/plan/indicators?year={year}")
    assert response.status_code == 200
    return {r["id"]: r for r in response.json()}


def _check_row(cells: list[str], api: dict[str, object]) -> None:
    """cells: id, name, unit, attribute, baseline, target, actual, status, reason, clause."""
    assert cells[1] == api["name"]
    value = api["value"]
    if value is None:
        assert cells[6] == "—"
    else:
        assert float(cells[6]) == pytest.approx(round(float(value), 2), abs=1e-9)  # type: ignore[arg-type]
    assert cells[7] == api["status_label"]
    if api["baseline"] is not None:
        assert float(cells[4].split("（")[0]) == pytest.approx(api["baseline"])
    if api["target"] is not None and api["comparator"] in ("≥", "≤", "="):
        assert float(cells[5].split("（")[0].lstrip("≥≤=")) == pytest.approx(api["target"])


def test_reports_open_in_libreoffice_and_equal_the_api(store: Store, client, bureau, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    soffice = _soffice()
    _seed_values()
    files: list[Path] = []
    with read_session() as s:
        for kind, year in KIND_YEARS.items():
            data = build_report(s, kind=kind, year=year)
            for fmt in ("docx", "xlsx"):
                files.append(write_report(data, tmp_path / f"{kind}_{fmt}.{fmt}"))
    out = tmp_path / "out"
    profile = tmp_path / "lo-profile"
    _convert(soffice, files, "pdf", out, profile)
    for f in files:
        pdf = out / f"{f.stem}.pdf"
        assert pdf.exists(), f"LibreOffice could not open {f.name}"
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    _convert(soffice, [f for f in files if f.suffix == ".docx"], "txt:Text (encoded):UTF8", out, profile)
    _convert(
        soffice,
        [f for f in files if f.suffix == ".xlsx"],
        "csv:Text - txt - csv (StarCalc):44,34,76",
        out,
        profile,
    )
    for kind, year in KIND_YEARS.items():
        api = _api_rows(client, bureau, year)
        lines = (out / f"{kind}_docx.txt").read_text(encoding="utf-8-sig").splitlines()
        start = lines.index("条款") + 1  # end of the indicator table's header row
        seen = set()
        for i in range(start, len(lines)):
            if lines[i] in api and i + 9 < len(lines):
                _check_row(lines[i : i + 10], api[lines[i]])
                seen.add(lines[i])
            if lines[i] == "二、重点任务落实情况（按责任单位）":
                break
        assert set(api) - seen == set()
        with (out / f"{kind}_xlsx.csv").open(encoding="utf-8-sig") as fh:
            rows = [r for r in csv.reader(fh) if r and r[0] in api]
        assert len(rows) == len(api)
        for r in rows:
            _check_row(r, api[r[0]])
    # the figures that were actually computed or reported are in the reports
    assert _api_rows(client, bureau, 2024)["core-05"]["value"] == pytest.approx(100 / 3)
    assert _api_rows(client, bureau, 2023)["core-05"]["status"] == "at_risk"


def test_xlsx_has_a_chart_and_html_an_svg(store: Store, tmp_path: Path) -> None:
    _seed_values()
    with read_session() as s:
        data = build_report(s, kind="final", year=2025)
    assert data.history["core-05"] == {2022: 92.9, 2023: 91.5, 2024: pytest.approx(100 / 3)}
    path = write_report(data, tmp_path / "final.xlsx")
    wb = load_workbook(path)
    assert len(wb["图表"]._charts) == 1
    assert "<svg" in render_html(data) and "core-05" in render_html(data)


def test_report_rejects_unknown_kind_and_format(store: Store, tmp_path: Path) -> None:
    from ljeco.core.errors import ValidationError

    _seed_values()
    with read_session() as s:
        with pytest.raises(ValidationError):
            build_report(s, kind="quarterly", year=2024)
        data = build_report(s, kind="annual", year=2024)
    with pytest.raises(ValidationError):
        write_report(data, tmp_path / "x.pdf")
