# ruff: noqa: F811  (the observation fixtures are imported by name)
"""File importer: encodings, layouts, units, sentinels and the per-row error report on the defective fixture."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from tests.observations.conftest import catalog, obs_engine  # noqa: F401  (fixtures)

from ljeco.core.db import read_session, write_session
from ljeco.core.timeutil import CST
from ljeco.ingest.files import (
    ImportMapping,
    convert,
    decode,
    load_mapping,
    parse_time,
    read_observation_file,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _stored(engine: Engine) -> list[tuple[str, str, int, float, str]]:
    with read_session(engine) as s:
        rows = s.execute(
            text(
                "SELECT si.code, p.code, o.t, o.value, o.flag FROM observations o "
                "JOIN series se ON se.id = o.series_id JOIN sites si ON si.id = se.site_id "
                "JOIN parameters p ON p.id = se.parameter_id ORDER BY si.code, p.code, o.t"
            )
        ).all()
    return [tuple(r) for r in rows]


def _t(local: str) -> int:
    return int(datetime.fromisoformat(local).replace(tzinfo=CST).timestamp())


def test_defective_csv_report_row_by_row(obs_engine: Engine, catalog: dict[str, int]) -> None:
    with write_session(obs_engine) as s:
        report = read_observation_file(s, FIXTURES / "obs_defective_gbk.csv")
    assert report.encoding == "gb18030" and report.layout == "long" and report.rows == 18
    got = [(e.row, e.column, e.severity, e.reason) for e in report.errors]
    assert got == [
        (1, "备注", "warning", "unknown column: not used by the long layout; ignored"),
        (5, "浓度", "error", "impossible value -5 (below 0 µg/m³)"),
        (6, "浓度", "error", "impossible value 15 (above 14 无量纲)"),
        (
            9,
            "时间",
            "warning",
            "time format YYYY/MM/DD hh:mm[:ss] differs from the file's YYYY-MM-DD hh:mm[:ss]; read as local time",
        ),
        (10, "浓度", "warning", "duplicate of row 2; ignored"),
        (11, "浓度", "error", "conflicting duplicate of row 2 (35); the first is kept"),
        (12, "站点", "error", "unknown site 'X9'"),
        (13, "时间", "error", "unreadable time '明天上午'"),
        (14, "监测项目", "error", "unknown parameter '风速'"),
        (15, "浓度", "error", "not a number: 'abc'"),
    ]
    assert (report.values, report.missing, report.error_count) == (6, 4, 7)
    assert report.written is not None and report.written.inserted == 6
    # Hourly values labelled by their end (CNEMC): "01:00" is stored as the period starting 00:00 local.
    assert _stored(obs_engine) == [
        ("A1", "co", _t("2024-01-01T00:00"), 0.8, "N"),
        ("A1", "pm25", _t("2024-01-01T00:00"), 35.0, "N"),
        ("A1", "pm25", _t("2024-01-01T05:00"), 41.0, "C"),
        ("A1", "pm25", _t("2024-01-01T23:00"), 50.0, "N"),  # "24:00", 0.05 mg/m³
        ("W1", "nh3n", _t("2024-01-01T02:00"), 0.12, "N"),  # 120 μg/L
        ("W1", "ph", _t("2024-01-01T00:00"), 7.2, "N"),
    ]
    with read_session(obs_engine) as s:
        raw = s.execute(
            text(
                "SELECT r.position, r.content FROM observations o JOIN raw_records r ON r.id = o.raw_id "
                "WHERE o.value = 41.0"
            )
        ).one()
    assert raw[0] == 19 and '"标记": "c"' in raw[1]


def test_dry_run_writes_nothing(obs_engine: Engine, catalog: dict[str, int]) -> None:
    with write_session(obs_engine) as s:
        report = read_observation_file(s, FIXTURES / "obs_defective_gbk.csv", dry_run=True)
    assert report.values == 6 and report.written is None
    assert _stored(obs_engine) == []


def test_wide_bom_csv(obs_engine: Engine, catalog: dict[str, int]) -> None:
    with write_session(obs_engine) as s:
        report = read_observation_file(s, FIXTURES / "obs_wide_bom.csv")
    assert report.encoding == "utf-8-sig" and report.layout == "wide"
    assert [(e.row, e.column, e.severity) for e in report.errors] == [(1, "风速(m/s)", "warning")]
    assert (report.values, report.missing) == (5, 1)
    values = {(p, t): v for _s, p, t, v, _f in _stored(obs_engine)}
    assert values[("co", _t("2024-02-01T02:00"))] == 800.0
    assert values[("pm25", _t("2024-02-01T00:00"))] == 12.0


def test_xlsx_long_with_hj212_codes_and_start_labels(obs_engine: Engine, catalog: dict[str, int]) -> None:
    mapping = ImportMapping(time_label="start")
    with write_session(obs_engine) as s:
        report = read_observation_file(s, FIXTURES / "obs_long.xlsx", mapping=mapping)
    assert (report.values, report.missing, report.error_count) == (3, 1, 0)
    assert _stored(obs_engine) == [
        ("W1", "nh3n", _t("2024-03-01T02:00"), 0.25, "N"),
        ("W1", "nh3n", _t("2024-03-01T04:00"), 0.31, "N"),  # w21003 in μg/L
        ("W1", "ph", _t("2024-03-01T01:00"), 7.5, "N"),
    ]


def test_reimport_is_idempotent(obs_engine: Engine, catalog: dict[str, int]) -> None:
    for expected_inserted in (5, 0):
        with write_session(obs_engine) as s:
            report = read_observation_file(s, FIXTURES / "obs_wide_bom.csv")
        assert report.written is not None and report.written.inserted == expected_inserted
    assert len(_stored(obs_engine)) == 5


@pytest.mark.parametrize(
    ("cell", "local"),
    [
        ("2024-01-01 01:00", "2024-01-01T01:00"),
        ("2024/1/1 1:00", "2024-01-01T01:00"),
        ("2024010101", "2024-01-01T01:00"),
        ("20240101010000", "2024-01-01T01:00"),
        ("2024年01月01日 01时", "2024-01-01T01:00"),
        ("2024-01-01 24:00", "2024-01-02T00:00"),
        ("2024-01-01T01:00:00+08:00", "2024-01-01T01:00"),
    ],
)
def test_time_formats(cell: str, local: str) -> None:
    parsed = parse_time(cell)
    assert parsed is not None and parsed[0].astimezone(UTC) == datetime.fromisoformat(local).replace(
        tzinfo=CST
    )


def test_unit_conversion_round_trip() -> None:
    assert convert(1.2, "mg/m3", "µg/m³") == pytest.approx(1200.0)
    assert convert(convert(37.0, "μg/L", "mg/L"), "mg/L", "µg/L") == pytest.approx(37.0)
    with pytest.raises(ValueError, match="cannot convert"):
        convert(1.0, "mg/L", "µg/m³")


def test_decode_detects_gbk_and_bom() -> None:
    assert decode("站点".encode("gbk")) == ("站点", "gb18030")
    assert decode(b"\xef\xbb\xbf" + "站点".encode()) == ("站点", "utf-8-sig")


def test_mapping_file_wide_with_default_site_and_units(
    obs_engine: Engine, catalog: dict[str, int], tmp_path: Path
) -> None:
    mapping_path = tmp_path / "m.yaml"
    mapping_path.write_text(
        "layout: wide\ntime: 时段\ndefault_site: A1\ntime_label: start\n"
        "columns:\n  细颗粒物: {parameter: pm25, unit: mg/m3}\n  一氧化碳: co\n",
        encoding="utf-8",
    )
    data = tmp_path / "a1.csv"
    data.write_text(
        "时段,细颗粒物,一氧化碳\n2024-05-01 08:00,0.075,1.2\n2024-05-01 09:00,NA,1.3\n", encoding="utf-8"
    )
    with write_session(obs_engine) as s:
        report = read_observation_file(s, data, mapping=load_mapping(mapping_path))
    assert (report.layout, report.values, report.missing, report.errors) == ("wide", 3, 1, [])
    assert _stored(obs_engine) == [
        ("A1", "co", _t("2024-05-01T08:00"), 1.2, "N"),
        ("A1", "co", _t("2024-05-01T09:00"), 1.3, "N"),
        ("A1", "pm25", _t("2024-05-01T08:00"), 75.0, "N"),  # 0.075 mg/m³
    ]


def test_file_without_time_column_is_refused(obs_engine: Engine, catalog: dict[str, int]) -> None:
    from ljeco.core.errors import ValidationError
    from ljeco.ingest.files import parse_observation_file

    with write_session(obs_engine) as s, pytest.raises(ValidationError, match="no time column"):
        parse_observation_file(s, "站点,PM2.5\nA1,3\n".encode(), filename="x.csv")
