"""The CP data area of HJ 212 (``CP=&&…&&``, HJ 212-2017 §6.3.3 and Table 4).

Grammar that covers the standard and real traffic: items separated by ``;``, the classes of one item (``-Rtd``,
``-Flag`` …) separated by ``,``, each ``Name=value``. Real devices also send trailing ``;``, bare names without
``=`` and duplicate names; all are kept as they are so that a frame formats back to the same bytes. Text values
of info items are written between ``//`` (Table 4, ``xxxxxx-Info``; B.10) and may contain ``;`` or ``,``.

A parsed CP area is a tuple of groups; a group is a tuple of ``(name, value)`` pairs, ``value`` ``None`` when
the name had no ``=``.

>>> parse_cp("DataTime=20160801085857;w01018-Rtd=2.2,w01018-Flag=N")
((('DataTime', '20160801085857'),), (('w01018-Rtd', '2.2'), ('w01018-Flag', 'N')))
>>> parse_cp("")
()
>>> format_cp(parse_cp("a=1;;FANSTATUS;"))
'a=1;;FANSTATUS;'
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final, NamedTuple

from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.errors import Hj212Error

Pair = tuple[str, str | None]
Group = tuple[Pair, ...]

#: Value classes of a factor (Table 4) whose value is a measured number, with the interval it describes.
VALUE_SUFFIXES: Final[frozenset[str]] = frozenset(
    {
        "Rtd",
        "Min",
        "Avg",
        "Max",
        "Cou",
        "ZsRtd",
        "ZsMin",
        "ZsAvg",
        "ZsMax",
        "Data",
        "DayData",
        "NightData",  # noise, Table 4
        "RT",
        "RS",  # SBxxx running time / state, Table 4
    }
)
#: Names whose values stay text even when they look like numbers (times, codes, passwords, identifiers).
TEXT_NAMES: Final[frozenset[str]] = frozenset(
    {
        "DataTime",
        "BeginTime",
        "EndTime",
        "SystemTime",
        "RestartTime",
        "CstartTime",
        "QN",
        "PolId",
        "InfoId",
        "NewPW",
        "PW",
        "Data",
        "CN",
        "MN",
    }
)
TEXT_SUFFIXES: Final[frozenset[str]] = frozenset({"Flag", "EFlag", "ZsFlag", "SampleTime", "SN", "ID"})

#: A plain decimal number as devices print them (no exponent, no NaN/inf: those stay text).
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)\Z")
_NUMBER = NUMBER


def _error(code: str, offset: int, base: int, text: str, message: str) -> Hj212Error:
    return Hj212Error(code, base + len(text[:offset].encode("utf-8")), message)


def parse_cp(cp: str, *, base: int = 0) -> tuple[Group, ...]:
    """Split a CP data area (without the ``&&``) into groups of pairs.

    ``base`` is the byte offset of the area in its frame, used for error positions.
    Raises :class:`Hj212Error` ``hj212_cp_syntax`` for a value with an empty name or an unclosed ``//`` text.
    """
    if not cp:
        return ()
    if "//" in cp:
        return _parse_cp_texts(cp, base)
    groups: list[Group] = []
    for item in cp.split(";"):
        group: list[Pair] = []
        for kv in item.split(","):
            name, sep, value = kv.partition("=")
            group.append((name, value) if sep else (name, None))
        groups.append(tuple(group))
    if "=" in cp and (cp[0] == "=" or ";=" in cp or ",=" in cp):
        found = [i + 1 for i in (cp.find(";="), cp.find(",=")) if i >= 0]
        at = 0 if cp[0] == "=" else min(found)
        raise _error("hj212_cp_syntax", at, base, cp, "CP value without a name")
    return tuple(groups)


def _parse_cp_texts(cp: str, base: int) -> tuple[Group, ...]:
    """Slow path: a scanner that keeps ``//…//`` texts whole even when they contain ``;`` or ``,``."""
    groups: list[Group] = []
    group: list[Pair] = []
    n = len(cp)
    i = 0
    while True:
        j = i
        while j < n and cp[j] not in "=;,":
            j += 1
        name = cp[i:j]
        value: str | None = None
        if j < n and cp[j] == "=":
            if not name:
                raise _error("hj212_cp_syntax", i, base, cp, "CP value without a name")
            start = j + 1
            k = start
            if cp.startswith("//", start):
                close = cp.find("//", start + 2)
                if close < 0:
                    raise _error("hj212_cp_syntax", start, base, cp, "CP text opened with '//' is not closed")
                k = close + 2
            while k < n and cp[k] not in ";,":
                k += 1
            value = cp[start:k]
            j = k
        group.append((name, value))
        if j >= n:
            groups.append(tuple(group))
            return tuple(groups)
        if cp[j] == ";":
            groups.append(tuple(group))
            group = []
        i = j + 1


def format_cp(groups: tuple[Group, ...]) -> str:
    """The inverse of :func:`parse_cp`."""
    return ";".join(
        ",".join(name if value is None else f"{name}={value}" for name, value in g) for g in groups
    )


def split_name(name: str) -> tuple[str, str | None]:
    """``"w01018-Rtd"`` → ``("w01018", "Rtd")``; a name without ``-`` has no suffix (``DataTime``)."""
    code, sep, suffix = name.strip().rpartition("-")
    return (code, suffix) if sep else (suffix, None)


def typed_value(name: str, value: str | None) -> str | int | float | None:
    """A CP value as a number where it is one, else the text (times, flags, codes stay text).

    >>> typed_value("w01018-Rtd", "231.0"), typed_value("w01018-Flag", "N"), typed_value("DataTime", "20160801085857")
    (231.0, 'N', '20160801085857')
    >>> typed_value("SB1-RS", "1"), typed_value("x-Rtd", "nan"), typed_value("FANSTATUS", None)
    (1, 'nan', None)
    """
    if value is None:
        return None
    key = name.strip()
    if key in TEXT_NAMES:
        return value
    _code, suffix = split_name(key)
    if suffix in TEXT_SUFFIXES or not _NUMBER.match(value):
        return value
    if "." in value:
        return float(value)
    return int(value)


def parse_time(value: str | None) -> datetime | None:
    """An HJ 212 time ``YYYYMMDDhhmmss`` (N14, Table 4) as an aware datetime in China Standard Time.

    The standard names no time zone; every implementation uses local time (UTC+8). 17-digit values with
    milliseconds occur in real traffic and are accepted. Anything else gives ``None``.

    >>> parse_time("20160801085857")
    datetime.datetime(2016, 8, 1, 8, 58, 57, tzinfo=datetime.timezone(datetime.timedelta(seconds=28800), 'Asia/Shanghai'))
    >>> parse_time("20160801085857123").microsecond, parse_time("2016080108"), parse_time("20161301000000")
    (123000, None, None)
    """
    if value is None or len(value) not in (14, 17) or not value.isdigit() or not value.isascii():
        return None
    try:
        moment = datetime(
            int(value[0:4]), int(value[4:6]), int(value[6:8]), int(value[8:10]), int(value[10:12]),
            int(value[12:14]), int(value[14:17] or 0) * 1000, tzinfo=CST,
        )  # fmt: skip
    except ValueError:
        return None
    return moment


def format_time(moment: datetime) -> str:
    """``YYYYMMDDhhmmss`` in China Standard Time (naive input is taken as local time)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(CST)
    return moment.strftime("%Y%m%d%H%M%S")


class Measurement(NamedTuple):
    """One value of one factor in a frame: ``w01018-Avg=27.3`` with the ``-Flag`` of the same item."""

    code: str  # factor code as sent (Appendix B code, 2005 code or a vendor code)
    kind: str  # value class: Rtd, Avg, Min, Max, Cou, ZsAvg … (Table 4)
    value: float
    flag: str | None  # instrument data flag (Table 8), None when the item carried none
    eflag: str | None
    sample_time: str | None


def measurements(groups: tuple[Group, ...]) -> list[Measurement]:
    """The numeric factor values of a CP area, each with its item's data flag.

    A ``-Flag`` applies to the values of the same code in the same item (Table 4); a value that is not a
    number (an empty ``w01018-Rtd=``) is skipped — the raw frame keeps it.
    """
    out: list[Measurement] = []
    number = _NUMBER.match
    for group in groups:
        flags: dict[str, str] = {}
        eflags: dict[str, str] = {}
        times: dict[str, str] = {}
        values: list[tuple[str, str, str]] = []
        for name, value in group:
            if value is None:
                continue
            dash = name.rfind("-")
            if dash < 0:
                continue
            code = name[:dash].strip()
            suffix = name[dash + 1 :].strip()
            if suffix == "Flag":
                flags[code] = value
            elif suffix in VALUE_SUFFIXES:
                if number(value):
                    values.append((code, suffix, value))
            elif suffix == "EFlag":
                eflags[code] = value
            elif suffix == "SampleTime":
                times[code] = value
        for code, suffix, value in values:
            out.append(
                Measurement(code, suffix, float(value), flags.get(code), eflags.get(code), times.get(code))
            )
    return out


__all__ = [
    "VALUE_SUFFIXES",
    "Group",
    "Measurement",
    "Pair",
    "format_cp",
    "format_time",
    "measurements",
    "parse_cp",
    "parse_time",
    "split_name",
    "typed_value",
]
