"""``ljeco region validate`` and ``ljeco region show``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ljeco.cli import app
from ljeco.core.errors import LjecoError, ValidationError
from ljeco.regions import load_region
from ljeco.regions import loader as loader_mod

runner = CliRunner()
PACK = Path(loader_mod.PACKS_DIR) / "liangjiang"


def test_validate_ok():
    result = runner.invoke(app, ["region", "validate", "liangjiang"])
    assert result.exit_code == 0, result.output
    assert "liangjiang: ok" in result.output


def test_show_summary_names_stations_sections_and_marks():
    result = runner.invoke(app, ["region", "show"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in (
        "1427A 礼嘉",
        "1416A 天生 (neighbour)",
        "长江寸滩国控断面 II",
        "UNVERIFIED",
        "enterprises 148",
    ):
        assert text in result.output
    assert "plan2021" in result.output and "district2025" in result.output


def test_show_kind_lists_sites_with_approximate_mark():
    result = runner.invoke(app, ["region", "show", "--kind", "water_section"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "LJ-WS-YULINZHEN" in result.output and "≈ 示意" in result.output
    assert "A500112_0001" in result.output


def test_show_unknown_kind_is_an_error():
    result = runner.invoke(app, ["region", "show", "--kind", "volcano"])
    assert isinstance(result.exception, LjecoError)


def test_validate_broken_pack_exits_with_the_problem(tmp_path, monkeypatch):
    dst = tmp_path / "liangjiang"
    shutil.copytree(PACK, dst, ignore=shutil.ignore_patterns("demo", "__pycache__", "*.py"))
    doc = yaml.safe_load((dst / "sites.yaml").read_text(encoding="utf-8"))
    del doc["sites"][0]["cnemc_code"]
    (dst / "sites.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(loader_mod, "PACKS_DIR", tmp_path)
    load_region.cache_clear()
    try:
        result = runner.invoke(app, ["region", "validate"])
    finally:
        load_region.cache_clear()
    assert isinstance(result.exception, ValidationError)
    assert "sites.yaml $.sites[0]" in result.output and "cnemc_code" in result.output


@pytest.mark.parametrize(
    "args", [["region", "--help"], ["region", "show", "--help"], ["region", "validate", "--help"]]
)
def test_help(args):
    assert runner.invoke(app, args).exit_code == 0


def test_show_enterprise_outlets_with_unverified_limits():
    region = load_region("liangjiang")
    e, o = region.monitored_outlets()[0]
    result = runner.invoke(app, ["region", "show", "--enterprise", e.code], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert e.uscc in result.output and o.mn in result.output and "UNVERIFIED" in result.output
    missing = runner.invoke(app, ["region", "show", "--enterprise", "LJ-E-999"])
    assert isinstance(missing.exception, LjecoError)
