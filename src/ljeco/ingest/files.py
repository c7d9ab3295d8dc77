"""Observation files (CSV, XLSX; long or wide layout) → the observation store, with a per-row error report.

The reader follows the platform's reader pattern: ``read_observation_file`` (a path) wraps
``parse_observation_file`` (bytes). Chinese exports are often GBK/GB18030 or UTF-8 with a BOM: the encoding is
detected (BOM first, then strict UTF-8, then charset-normalizer). Sentinels (−9999, —, NA, blank …) are missing
values, not data. Every data row is kept as a raw record and each stored value links to it. Good rows land even when
others fail; every failure is reported with its file row (header = row 1), column and reason.

Times without a zone are Asia/Shanghai. ``time_label = "end"`` (default, CNEMC practice: "01:00" is the hour
00:00–01:00, "24:00" closes the day) is converted to the stored period start.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ljeco.core.errors import ValidationError
from ljeco.core.timeutil import CST
from ljeco.observations.catalog import ensure_series
from ljeco.observations.models import Parameter, Site
from ljeco.observations.quality import normalise_flag
from ljeco.observations.store import WriteResult, store_raw, write_observations

#: Cells read as "no value" (common in CNEMC and vendor exports).
SENTINELS = frozenset(
    {
        "",
        "-9999",
        "-9999.0",
        "-999",
        "-99",
        "—",
        "——",
        "-",
        "--",
        "/",
        "NA",
        "N/A",
        "na",
        "n/a",
        "NaN",
        "nan",
        "null",
        "NULL",
        "None",
    }
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "site": (
        "site",
        "site_code",
        "station",
        "站点",
        "站点编码",
        "点位",
        "点位编码",
        "监测点",
        "断面",
        "断面编码",
    ),
    "time": ("time", "datetime", "时间", "监测时间", "数据时间", "日期时间", "采样时间"),
    "parameter": ("parameter", "param", "参数", "监测项目", "因子", "污染物", "指标"),
    "value": ("value", "值", "浓度", "监测值", "数值", "浓度值"),
    "unit": ("unit", "单位"),
    "flag": ("flag", "标记", "数据标记", "标识"),
}

#: Unit spellings → canonical unit; and canonical unit → (family, factor to the family's base unit).
_UNIT_SPELLINGS = {
    "µg/m³": ("μg/m³", "µg/m3", "μg/m3", "ug/m3", "ug/m³", "微克/立方米", "µg/m³"),
    "mg/m³": ("mg/m3", "毫克/立方米", "mg/m³"),
    "ng/m³": ("ng/m3", "纳克/立方米", "ng/m³"),
    "mg/L": ("mg/l", "毫克/升", "mg/L"),
    "µg/L": ("μg/L", "ug/L", "ug/l", "µg/l", "μg/l", "微克/升", "µg/L"),
    "ng/L": ("ng/l", "纳克/升", "ng/L"),
    "mg/kg": ("mg/kg", "毫克/千克"),
    "dB(A)": ("dB(A)", "dB", "db", "分贝"),
    "无量纲": ("无量纲", "pH", "-"),
}
_UNIT_CANON = {
    spelling.lower(): canon for canon, spellings in _UNIT_SPELLINGS.items() for spelling in spellings
}
_UNIT_FAMILY: dict[str, tuple[str, float]] = {
    "µg/m³": ("mass/volume air", 1.0),
    "mg/m³": ("mass/volume air", 1000.0),
    "ng/m³": ("mass/volume air", 0.001),
    "mg/L": ("mass/volume water", 1.0),
    "µg/L": ("mass/volume water", 0.001),
    "ng/L": ("mass/volume water", 1e-6),
}

_TIME_FORMATS: list[tuple[str, str]] = [
    ("%Y-%m-%d %H:%M:%S", "YYYY-MM-DD hh:mm[:ss]"),
    ("%Y-%m-%d %H:%M", "YYYY-MM-DD hh:mm[:ss]"),
    ("%Y/%m/%d %H:%M:%S", "YYYY/MM/DD hh:mm[:ss]"),
    ("%Y/%m/%d %H:%M", "YYYY/MM/DD hh:mm[:ss]"),
    ("%Y年%m月%d日 %H时", "YYYY年MM月DD日 hh时"),
    ("%Y年%m月%d日 %H:%M", "YYYY年MM月DD日 hh:mm"),
    ("%Y-%m-%d", "YYYY-MM-DD"),
]


_COMPACT_FORMATS: dict[int, tuple[str, str]] = {
    14: ("%Y%m%d%H%M%S", "YYYYMMDDhhmmss"),
    12: ("%Y%m%d%H%M", "YYYYMMDDhhmm"),
    10: ("%Y%m%d%H", "YYYYMMDDhh"),
    8: ("%Y%m%d", "YYYYMMDD"),
}


def canonical_unit(unit: str | None) -> str | None:
    if unit is None or not unit.strip():
        return None
    return _UNIT_CANON.get(unit.strip().lower(), unit.strip())


def convert(value: float, from_unit: str | None, to_unit: str) -> float:
    """``value`` [from_unit] in ``to_unit`` (mass concentrations: mg/m³ ↔ µg/m³ ↔ ng/m³, mg/L ↔ µg/L ↔ ng/L).

    >>> convert(1.2, "mg/m3", "µg/m³")
    1200.0
    """
    src = canonical_unit(from_unit)
    if src is None or src == to_unit:
        return value
    a, b = _UNIT_FAMILY.get(src), _UNIT_FAMILY.get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        raise ValueError(f"cannot convert {from_unit} to {to_unit}")
    return value * a[1] / b[1]


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 BOM, else strict UTF-8, else charset-normalizer (GBK read as GB18030)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    name = (best.encoding if best else "gb18030").lower()
    if name in {"gbk", "gb2312", "gb18030", "hz", "cp936", "big5", "big5hkscs", "cp950"}:
        # Short Chinese text is ambiguous between GBK and Big5; files here come from mainland systems, so GB18030
        # (a superset of GB2312 and GBK) wins whenever it decodes the bytes.
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError) as exc:
        raise ValidationError(
            f"cannot detect the file's text encoding ({exc})", code="import.encoding"
        ) from exc


@dataclass
class ColumnMap:
    parameter: str
    unit: str | None = None


@dataclass
class ImportMapping:
    """How a file's columns map to sites, times, parameters and units (YAML/JSON or defaults)."""

    layout: Literal["auto", "long", "wide"] = "auto"
    site: str | None = None  # column name; None = detect
    time: str | None = None
    parameter: str | None = None
    value: str | None = None
    unit: str | None = None
    flag: str | None = None
    default_site: str | None = None  # for files of one site without a site column
    columns: dict[str, ColumnMap] = field(default_factory=dict)  # wide layout: header → parameter and unit
    time_label: Literal["end", "start"] = "end"
    interval_s: int = 3600

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ImportMapping:
        cols = {
            k: ColumnMap(**v) if isinstance(v, dict) else ColumnMap(str(v))
            for k, v in raw.pop("columns", {}).items()
        }
        try:
            return cls(columns=cols, **raw)
        except TypeError as exc:
            raise ValidationError(f"bad mapping: {exc}", code="import.mapping") from exc


def load_mapping(path: Path) -> ImportMapping:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".yaml", ".yml"}:
        import yaml

        raw = yaml.safe_load(text) or {}
    else:
        raw = json.loads(text)
    return ImportMapping.from_dict(dict(raw))


@dataclass
class RowError:
    row: int  # file row, header = 1
    column: str | None
    reason: str
    severity: Literal["error", "warning"] = "error"


@dataclass
class ImportReport:
    file: str
    encoding: str
    layout: str
    rows: int = 0
    values: int = 0  # values accepted (written unless dry run)
    missing: int = 0  # sentinel cells
    errors: list[RowError] = field(default_factory=list)
    written: WriteResult | None = None
    dry_run: bool = False

    @property
    def error_count(self) -> int:
        return sum(e.severity == "error" for e in self.errors)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["written"] = None if self.written is None else asdict(self.written)
        return out


def _table(data: bytes, filename: str) -> tuple[list[str], list[list[str]], str]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        cells = [["" if c is None else _cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        encoding = "xlsx"
    else:
        text, encoding = decode(data)
        sample = text[:4096]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        cells = list(csv.reader(io.StringIO(text), dialect))
    cells = [row for row in cells if any(c.strip() for c in row)]
    if not cells:
        raise ValidationError("the file has no header row", code="import.empty")
    return [h.strip() for h in cells[0]], cells[1:], encoding


def _cell_text(cell: object) -> str:
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(cell, float) and cell.is_integer():
        return str(cell)
    return str(cell)


def parse_time(cell: str) -> tuple[datetime, str] | None:
    """A time cell → (aware datetime, format name); naive times are local, "24:00" is 00:00 of the next day.

    >>> parse_time("2024-01-01 24:00")[0].isoformat()
    '2024-01-02T00:00:00+08:00'
    """
    s = cell.strip()
    next_day = False
    m = re.fullmatch(r"(.*\D)24((?::00){1,2}|时)", s)
    if m:
        s, next_day = m.group(1) + "00" + m.group(2), True
    if s.isdigit():  # compact forms are told apart by length: strptime would read 2024010101 as 00:01
        compact = _COMPACT_FORMATS.get(len(s))
        if compact is None:
            return None
        try:
            return datetime.strptime(s, compact[0]).replace(tzinfo=CST) + timedelta(days=next_day), compact[1]
        except ValueError:
            return None
    for fmt, fmt_name in _TIME_FORMATS:
        try:
            moment = datetime.strptime(s, fmt).replace(tzinfo=CST)
            name = fmt_name
            break
        except ValueError:
            continue
    else:
        try:
            moment = datetime.fromisoformat(s)
        except ValueError:
            return None
        name = "ISO 8601"
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=CST)
    return moment + timedelta(days=next_day), name


def _norm(name: str) -> str:
    return re.sub(r"[\s._\-()（）]", "", name).lower()


def _split_unit(header: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*?)[\s]*[(（\[]([^()（）\[\]]+)[)）\]]\s*$", header)
    return (m.group(1).strip(), m.group(2).strip()) if m else (header.strip(), None)


def _find(header: list[str], explicit: str | None, key: str) -> int | None:
    if explicit is not None:
        if explicit not in header:
            raise ValidationError(f"column {explicit!r} is not in the file", code="import.column")
        return header.index(explicit)
    aliases = {_norm(a) for a in _ALIASES[key]}
    for i, h in enumerate(header):
        if _norm(_split_unit(h)[0]) in aliases:
            return i
    return None


class _Params:
    """Parameter lookup by code, HJ 212 code, Chinese name or display spelling (PM2.5 → pm25)."""

    def __init__(self, session: Session) -> None:
        self.by_key: dict[str, Parameter] = {}
        for p in session.scalars(select(Parameter)):
            for key in (p.code, p.hj212_code, p.name_zh):
                if key:
                    self.by_key[_norm(key)] = p

    def get(self, name: str) -> Parameter | None:
        return self.by_key.get(_norm(name))


def parse_observation_file(
    session: Session,
    data: bytes,
    *,
    filename: str,
    mapping: ImportMapping | None = None,
    dry_run: bool = False,
    source: str | None = None,
) -> ImportReport:
    """Validate a file's rows and (unless ``dry_run``) write the good values in the caller's transaction."""
    mapping = mapping or ImportMapping()
    header, rows, encoding = _table(data, filename)
    col = {
        k: _find(header, getattr(mapping, k), k)
        for k in ("site", "time", "parameter", "value", "unit", "flag")
    }
    layout = mapping.layout
    if layout == "auto":
        layout = "long" if col["parameter"] is not None and col["value"] is not None else "wide"
    report = ImportReport(file=filename, encoding=encoding, layout=layout, rows=len(rows), dry_run=dry_run)
    if col["time"] is None:
        raise ValidationError("no time column (时间) found; name it in the mapping", code="import.column")
    if col["site"] is None and mapping.default_site is None:
        raise ValidationError(
            "no site column (站点) and no default_site in the mapping", code="import.column"
        )
    params = _Params(session)
    sites = {s.code: s for s in session.scalars(select(Site))}
    sites |= {s.name: s for s in sites.values()}
    known = {i for i in col.values() if i is not None}
    wide: dict[int, tuple[Parameter, str | None]] = {}
    if layout == "wide":
        for i, h in enumerate(header):
            if i in known:
                continue
            mapped = mapping.columns.get(h)
            name, unit = (mapped.parameter, mapped.unit) if mapped else _split_unit(h)
            param = params.get(name)
            if param is None:
                report.errors.append(
                    RowError(1, h, "unknown column: not a known parameter; ignored", "warning")
                )
            else:
                wide[i] = (param, unit)
    else:
        for i, h in enumerate(header):
            if i not in known and h:
                report.errors.append(
                    RowError(1, h, "unknown column: not used by the long layout; ignored", "warning")
                )
    # Pass 1: validate every row into candidate values.
    candidates: list[tuple[int, Site, Parameter, datetime, float, str]] = []
    formats: list[tuple[int, str]] = []
    seen: dict[tuple[str, str, datetime], tuple[int, float]] = {}
    for offset, cells in enumerate(rows):
        row_no = offset + 2
        cells = cells + [""] * (len(header) - len(cells))

        def cell(key: str, cells: list[str] = cells) -> str:
            i = col[key]
            return cells[i].strip() if i is not None else ""

        site_name = cell("site") or (mapping.default_site or "")
        site = sites.get(site_name)
        if site is None:
            report.errors.append(
                RowError(
                    row_no,
                    header[col["site"]] if col["site"] is not None else None,
                    f"unknown site {site_name!r}",
                )
            )
            continue
        parsed = parse_time(cell("time"))
        if parsed is None:
            report.errors.append(RowError(row_no, header[col["time"]], f"unreadable time {cell('time')!r}"))
            continue
        moment, fmt_name = parsed
        formats.append((row_no, fmt_name))
        start = moment - timedelta(seconds=mapping.interval_s) if mapping.time_label == "end" else moment
        flag = normalise_flag(cell("flag"))
        if layout == "long":
            param = params.get(cell("parameter"))
            if param is None:
                report.errors.append(
                    RowError(
                        row_no,
                        header[col["parameter"]] if col["parameter"] is not None else None,
                        f"unknown parameter {cell('parameter')!r}",
                    )
                )
                continue
            value_col = col["value"]
            assert value_col is not None  # long layout was chosen because a value column exists
            items: list[tuple[int, Parameter, str | None]] = [(value_col, param, cell("unit") or None)]
        else:
            items = [(i, p, u) for i, (p, u) in wide.items()]
        for i, param, unit in items:
            raw = cells[i].strip()
            if raw in SENTINELS:
                report.missing += 1
                continue
            name = header[i]
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                report.errors.append(RowError(row_no, name, f"not a number: {raw!r}"))
                continue
            if value != value or value in (float("inf"), float("-inf")):
                report.errors.append(RowError(row_no, name, f"not a number: {raw!r}"))
                continue
            try:
                value = convert(value, unit, param.unit)
            except ValueError as exc:
                report.errors.append(RowError(row_no, name, str(exc)))
                continue
            if param.min_value is not None and value < param.min_value:
                report.errors.append(
                    RowError(row_no, name, f"impossible value {raw} (below {param.min_value:g} {param.unit})")
                )
                continue
            if param.max_value is not None and value > param.max_value:
                report.errors.append(
                    RowError(row_no, name, f"impossible value {raw} (above {param.max_value:g} {param.unit})")
                )
                continue
            key = (site.code, param.code, start)
            if key in seen:
                first_row, first_value = seen[key]
                if first_value == value:
                    report.errors.append(
                        RowError(row_no, name, f"duplicate of row {first_row}; ignored", "warning")
                    )
                else:
                    report.errors.append(
                        RowError(
                            row_no,
                            name,
                            f"conflicting duplicate of row {first_row} ({first_value:g}); the first is kept",
                        )
                    )
                continue
            seen[key] = (row_no, value)
            candidates.append((row_no, site, param, start, value, flag))
    _report_mixed_formats(report, formats, header[col["time"]])
    report.values = len(candidates)
    if dry_run or not candidates:
        return report
    origin = f"{Path(filename).name} sha256:{hashlib.sha256(data).hexdigest()[:16]}"
    used_rows = sorted({c[0] for c in candidates})
    raw_ids = dict(
        zip(
            used_rows,
            store_raw(
                session,
                kind="file_row",
                origin=origin,
                rows=[(r, _raw_text(header, rows[r - 2])) for r in used_rows],
            ),
            strict=True,
        )
    )
    series_ids: dict[tuple[int, int], int] = {}
    records = []
    for row_no, site, param, start, value, flag in candidates:
        pair = (site.id, param.id)
        if pair not in series_ids:
            series_ids[pair] = ensure_series(
                session, site=site, parameter=param, interval_s=mapping.interval_s
            ).id
        records.append(
            {
                "series_id": series_ids[pair],
                "time": start,
                "value": value,
                "flag": flag,
                "raw_id": raw_ids[row_no],
            }
        )
    report.written = write_observations(session, records, source=source or f"file:{Path(filename).name}")
    return report


def _raw_text(header: Sequence[str], cells: Sequence[str]) -> str:
    return json.dumps(dict(zip(header, cells, strict=False)), ensure_ascii=False)


def _report_mixed_formats(report: ImportReport, formats: list[tuple[int, str]], column: str) -> None:
    """Rows whose time format differs from the file's main one are read, and reported so a person can check."""
    if not formats:
        return
    counts: dict[str, int] = {}
    for _, name in formats:
        counts[name] = counts.get(name, 0) + 1
    main = max(counts, key=lambda k: counts[k])
    for row_no, name in formats:
        if name != main:
            report.errors.append(
                RowError(
                    row_no,
                    column,
                    f"time format {name} differs from the file's {main}; read as local time",
                    "warning",
                )
            )
    report.errors.sort(key=lambda e: (e.row, e.column or ""))


def read_observation_file(
    session: Session,
    path: Path,
    *,
    mapping: ImportMapping | None = None,
    dry_run: bool = False,
    source: str | None = None,
) -> ImportReport:
    """Read ``path`` (CSV or XLSX) and write its good values; see :func:`parse_observation_file`."""
    return parse_observation_file(
        session, path.read_bytes(), filename=path.name, mapping=mapping, dry_run=dry_run, source=source
    )


__all__ = [
    "SENTINELS",
    "ColumnMap",
    "ImportMapping",
    "ImportReport",
    "RowError",
    "canonical_unit",
    "convert",
    "decode",
    "load_mapping",
    "parse_observation_file",
    "parse_time",
    "read_observation_file",
]
