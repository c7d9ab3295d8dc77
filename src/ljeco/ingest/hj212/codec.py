"""Parse and format HJ 212 frames (HJ/T 212-2005, HJ 212-2017, HJ 212-2025 where known).

Frame (HJ 212-2017 §6.2, Table 2): ``##`` + 4-digit data-segment length + data segment + 4 hex CRC + CR LF.
Data segment (Table 3): ``QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&&…&&``.

Strict where it matters (integrity), tolerant where devices differ (observed in the corpus of real frames):
field order is free (QN after CN), ``FLAG`` in upper case, a stray ``,`` or space before a field name, empty
QN/PW/MN, QN/Flag absent (2005-style uploads), ST of 3 characters, lower-case CRC hex, a frame ended by LF only.
The declared length counts UTF-8 bytes (our reading of §6.3); a length equal to the character count is also
accepted (the text says "ASCII字符数"), and a per-device tolerance covers devices that count wrongly.

``format_frame(parse(x)) == x`` for every well-formed frame (upper-case HJ 212 CRC, correct length, CR LF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal

from ljeco.ingest.hj212.cp import Group, format_cp, parse_cp, parse_time, typed_value
from ljeco.ingest.hj212.crc import CrcAlgorithm, crc_hex, matching_algorithm
from ljeco.ingest.hj212.errors import Hj212Error

Version = Literal["2005", "2017", "2025"]
CrcStatus = Literal["ok", "mismatch", "absent"]
LengthStatus = Literal["ok", "tolerated", "characters", "mismatch"]

#: The largest frame a 4-digit length can announce: 2 + 4 + 9999 + 4 + 2. Table 2 allows 1024 data bytes,
#: but real devices send longer unsplit segments (1025, 1045, 1623 bytes in the corpus).
MAX_FRAME_BYTES: Final = 10_011

#: Flag bits V5..V0 (bits 7..2), HJ 212-2017 §6.3.2 Table 3 note: 000000 = HJ/T 212-2005, 000001 = HJ 212-2017.
#: 000010 is HJ 212-2025 according to implementations only (UNVERIFIED; the surface-water station protocol
#: derived from 2017 uses the same bits).
VERSION_BITS: Final[dict[int, Version]] = {0: "2005", 1: "2017", 2: "2025"}
UNVERIFIED_VERSIONS: Final[frozenset[str]] = frozenset({"2025"})

FLAG_ANSWER: Final = 0b01  # bit A: the command needs an answer
FLAG_SPLIT: Final = 0b10  # bit D: the frame carries PNUM and PNO

_CANONICAL: Final[dict[str, str]] = {
    "QN": "QN", "ST": "ST", "CN": "CN", "PW": "PW", "MN": "MN", "FLAG": "Flag", "PNUM": "PNUM", "PNO": "PNO",
}  # fmt: skip
_HEX_DIGITS: Final = b"0123456789abcdefABCDEF"
_ALNUM: Final = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class DeviceProfile:
    """What one device is allowed to get away with (set per device in the registry).

    crc : which algorithm its CRC uses (``hj212`` per Appendix A; ``modbus``/``modbus_swapped`` for vendors
        that implemented CRC-16/MODBUS instead).
    length_tolerance : bytes by which the declared length may differ from the actual one [bytes].
    max_frame : largest accepted frame including ``##`` and CR LF [bytes].
    """

    crc: CrcAlgorithm = "hj212"
    length_tolerance: int = 0
    max_frame: int = MAX_FRAME_BYTES


DEFAULT_PROFILE: Final = DeviceProfile()


@dataclass(slots=True)
class Frame:
    """One parsed frame. ``fields`` keeps the data-segment fields before CP as sent (name spelling, order)."""

    fields: tuple[tuple[str, str], ...]
    cp: tuple[Group, ...]
    declared_length: int
    actual_length: int
    crc_given: str | None
    crc_status: CrcStatus
    crc_algorithm: CrcAlgorithm | None
    length_status: LengthStatus
    qn: str | None = None
    st: str | None = None
    cn: str | None = None
    pw: str | None = None
    mn: str | None = None
    flag: int | None = None
    pnum: int | None = None
    pno: int | None = None
    #: problems that did not stop parsing (only when parsed with ``strict=False``): (code, byte position)
    problems: tuple[tuple[str, int], ...] = ()
    #: tolerated deviations from the text worth recording (e.g. ``qn_empty``)
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def version(self) -> Version | None:
        """Standard edition from the Flag version bits; no Flag at all is the 2005 upload style."""
        if self.flag is None:
            return "2005"
        return VERSION_BITS.get(self.flag >> 2)

    @property
    def version_unverified(self) -> bool:
        return self.version in UNVERIFIED_VERSIONS

    @property
    def needs_answer(self) -> bool:
        """Flag bit A (HJ 212-2017 Table 3): the sender expects an answer (9014 to uploads, 9011 to requests)."""
        return self.flag is not None and bool(self.flag & FLAG_ANSWER)

    @property
    def is_split(self) -> bool:
        """A piece of a split record (PNUM/PNO present; the D bit alone is not enough, see warnings)."""
        return self.pnum is not None

    def value(self, name: str) -> str | None:
        """The first CP value called ``name`` (``DataTime``, ``QnRtn`` …), or None."""
        for group in self.cp:
            for key, val in group:
                if key == name or key.strip() == name:
                    return val
        return None

    @property
    def data_time_text(self) -> str | None:
        return self.value("DataTime")

    @property
    def data_time(self) -> datetime | None:
        """``DataTime`` as local time (UTC+8); for 2051/2061/2031 it is the START of the period (Table 4)."""
        return parse_time(self.data_time_text)

    def values(self) -> dict[str, object]:
        """CP as name → value, numbers as numbers; a name sent more than once maps to the list of its values."""
        out: dict[str, object] = {}
        repeated: set[str] = set()
        for group in self.cp:
            for key, raw in group:
                name = key.strip()
                if not name and raw is None:
                    continue
                val = typed_value(name, raw)
                if name in out:
                    if name not in repeated:
                        out[name] = [out[name]]
                        repeated.add(name)
                    existing = out[name]
                    assert isinstance(existing, list)
                    existing.append(val)
                else:
                    out[name] = val
        return out

    def segment(self) -> str:
        """The data segment as text, rebuilt from the parsed parts."""
        head = ";".join(f"{k}={v}" for k, v in self.fields)
        cp = f"CP=&&{format_cp(self.cp)}&&"
        return f"{head};{cp}" if self.fields else cp


def _is_hex4(b: bytes) -> bool:
    return len(b) == 4 and not b.translate(None, _HEX_DIGITS)


def _byte_pos(text: str, index: int) -> int:
    return index if text.isascii() else len(text[:index].encode("utf-8"))


def parse(data: bytes, profile: DeviceProfile = DEFAULT_PROFILE, *, strict: bool = True) -> Frame:
    """Parse one frame (with or without its CR LF).

    With ``strict`` (the default) every problem raises :class:`Hj212Error`. With ``strict=False`` a wrong
    length or CRC is recorded in ``Frame.problems`` instead, so that the frame can still be archived with its
    fields and its verdict; structural errors (no ``##``, no CP, bad UTF-8 …) always raise.
    """
    n = len(data)
    if n == 0:
        raise Hj212Error("hj212_empty", 0, "empty frame")
    if n > profile.max_frame:
        raise Hj212Error(
            "hj212_too_long", profile.max_frame, f"frame of {n} bytes exceeds {profile.max_frame}"
        )
    if data[:2] != b"##":
        raise Hj212Error("hj212_header", 0, "frame does not start with '##'")
    length_field = data[2:6]
    if len(length_field) != 4 or not length_field.isdigit():
        raise Hj212Error("hj212_length_field", 2, "the 4 characters after '##' are not a decimal length")
    end = n - 2 if data.endswith(b"\r\n") else n - 1 if data.endswith(b"\n") else n
    problems: list[tuple[str, int]] = []
    warnings: list[str] = []

    tail = data[end - 4 : end] if end - 4 >= 6 else b""
    if _is_hex4(tail):
        seg_end = end - 4
        crc_given: str | None = tail.decode("ascii")
    else:
        seg_end = end
        crc_given = None
    seg = data[6:seg_end]
    declared = int(length_field)
    actual = seg_end - 6

    try:
        text = seg.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Hj212Error("hj212_encoding", 6 + exc.start, "data segment is not valid UTF-8") from None

    length_status: LengthStatus = "ok"
    if declared != actual:
        if abs(declared - actual) <= profile.length_tolerance:
            length_status = "tolerated"
        elif declared == len(text):
            length_status = "characters"  # §6.3 counts "characters"; multi-byte UTF-8 makes them differ
        else:
            length_status = "mismatch"
            problem = ("hj212_length_mismatch", 2)
            if strict:
                raise Hj212Error(*problem, f"declared length {declared} but the data segment has {actual} bytes",
                                 declared=declared, actual=actual)  # fmt: skip
            problems.append(problem)

    crc_algorithm: CrcAlgorithm | None = None
    if crc_given is None:
        crc_status: CrcStatus = "absent"
        problems.append(("hj212_crc_absent", end))
    else:
        crc_algorithm = matching_algorithm(seg, int(crc_given, 16), first=profile.crc)
        if crc_algorithm == profile.crc:
            crc_status = "ok"
        else:
            crc_status = "mismatch"
            code = "hj212_crc_mismatch" if crc_algorithm is None else "hj212_crc_algorithm"
            problems.append((code, seg_end))
    if strict and problems:
        code, pos = problems[0]
        raise Hj212Error(code, pos, f"CRC check failed ({crc_status}, given {crc_given})", crc_given=crc_given,
                         crc_algorithm=crc_algorithm)  # fmt: skip

    cp_at = text.find("CP=&&")
    if cp_at < 0:
        raise Hj212Error("hj212_cp_missing", 6, "no 'CP=&&' in the data segment")
    if len(text) < cp_at + 7 or not text.endswith("&&"):
        raise Hj212Error("hj212_cp_unterminated", seg_end, "the data segment does not end with '&&'")
    if cp_at and text[cp_at - 1] != ";":
        raise Hj212Error("hj212_field_syntax", 6 + _byte_pos(text, cp_at), "no ';' before 'CP='")

    frame = Frame(
        fields=(),
        cp=(),
        declared_length=declared,
        actual_length=actual,
        crc_given=crc_given,
        crc_status=crc_status,
        crc_algorithm=crc_algorithm,
        length_status=length_status,
    )
    fields: list[tuple[str, str]] = []
    seen: set[str] = set()
    offset = 0
    for part in text[: cp_at - 1].split(";") if cp_at else ():
        name, sep, value = part.partition("=")
        if not sep:
            raise Hj212Error("hj212_field_syntax", 6 + _byte_pos(text, offset), f"field {part!r} has no '='")
        canonical = _CANONICAL.get(name) or _CANONICAL.get(name.strip(" ,\t").upper())
        if canonical is not None:
            if canonical in seen:
                raise Hj212Error("hj212_duplicate_field", 6 + _byte_pos(text, offset), f"{canonical} twice")
            seen.add(canonical)
            _set_field(frame, canonical, value, text, offset + len(name) + 1)
        fields.append((name, value))
        offset += len(part) + 1
    frame.fields = tuple(fields)
    if frame.cn is None or frame.st is None:
        raise Hj212Error("hj212_missing_field", 6, "ST and CN are required (Table 3)")
    if (frame.pnum is None) != (frame.pno is None):
        raise Hj212Error("hj212_split_format", 6, "PNUM and PNO must come together")
    if frame.pnum is not None and frame.pno is not None and frame.pno > frame.pnum:
        raise Hj212Error("hj212_split_format", 6, f"PNO {frame.pno} > PNUM {frame.pnum}")
    if frame.flag is not None:
        if frame.flag & FLAG_SPLIT and frame.pnum is None:
            warnings.append("split_flag_without_pnum")
        elif frame.pnum is not None and not frame.flag & FLAG_SPLIT:
            warnings.append("pnum_without_split_flag")
    if frame.qn == "":
        warnings.append("qn_empty")
    if crc_given is not None and not crc_given.isupper() and not crc_given.isdigit():
        warnings.append("crc_lowercase")
    if length_status in ("tolerated", "characters"):
        warnings.append(f"length_{length_status}")

    frame.cp = parse_cp(text[cp_at + 5 : -2], base=6 + _byte_pos(text, cp_at + 5))
    frame.problems = tuple(problems)
    frame.warnings = tuple(warnings)
    return frame


def _set_field(frame: Frame, name: str, value: str, text: str, at: int) -> None:
    """Check and set one header field; ``at`` is the value's character offset in ``text`` (for errors)."""

    def fail(code: str, message: str) -> Hj212Error:
        return Hj212Error(code, 6 + _byte_pos(text, at), message)

    if name == "QN":
        if value and not (value.isdigit() and value.isascii()):
            raise fail("hj212_qn_format", f"QN {value!r} is not a digit string")
        frame.qn = value
    elif name == "ST":
        if not 1 <= len(value) <= 3 or not _ALNUM.issuperset(value):
            raise fail("hj212_st_format", f"ST {value!r} is not 2-3 letters or digits")
        frame.st = value
    elif name == "CN":
        if len(value) != 4 or not (value.isdigit() and value.isascii()):
            raise fail("hj212_cn_format", f"CN {value!r} is not 4 digits")
        frame.cn = value
    elif name == "Flag":
        if not (value.isdigit() and value.isascii()) or len(value) > 3 or int(value) > 255:
            raise fail("hj212_flag_format", f"Flag {value!r} is not an integer 0-255")
        frame.flag = int(value)
    elif name in ("PNUM", "PNO"):
        if not (value.isdigit() and value.isascii()) or len(value) > 4 or int(value) < 1:
            raise fail("hj212_split_format", f"{name} {value!r} is not an integer 1-9999")
        if name == "PNUM":
            frame.pnum = int(value)
        else:
            frame.pno = int(value)
    elif name == "PW":
        frame.pw = value
    else:
        frame.mn = value


def encode_segment(segment: str, *, crc: CrcAlgorithm = "hj212", lowercase: bool = False) -> bytes:
    """Frame a data segment: ``##`` + length in UTF-8 bytes + segment + CRC + CR LF (Table 2)."""
    body = segment.encode("utf-8")
    if len(body) > 9999:
        raise Hj212Error("hj212_too_long", 6 + 9999, f"data segment of {len(body)} bytes cannot be framed")
    check = crc_hex(crc, body)
    if lowercase:
        check = check.lower()
    return b"##%04d%s%s\r\n" % (len(body), body, check.encode("ascii"))


def format_frame(frame: Frame, *, crc: CrcAlgorithm | None = None) -> bytes:
    """The bytes of ``frame`` (its own CRC algorithm when it had a recognised one, else HJ 212)."""
    return encode_segment(frame.segment(), crc=crc or frame.crc_algorithm or "hj212")


def build_segment(
    *,
    st: str,
    cn: str,
    pw: str | None,
    mn: str | None,
    cp: str = "",
    qn: str | None = None,
    flag: int | None = None,
    pnum: int | None = None,
    pno: int | None = None,
) -> str:
    """A data segment in the order of Table 3 (absent fields are left out)."""
    parts = []
    if qn is not None:
        parts.append(f"QN={qn}")
    parts.append(f"ST={st}")
    parts.append(f"CN={cn}")
    if pw is not None:
        parts.append(f"PW={pw}")
    if mn is not None:
        parts.append(f"MN={mn}")
    if flag is not None:
        parts.append(f"Flag={flag}")
    if pnum is not None:
        parts.append(f"PNUM={pnum}")
        parts.append(f"PNO={pno}")
    parts.append(f"CP=&&{cp}&&")
    return ";".join(parts)


__all__ = [
    "DEFAULT_PROFILE",
    "FLAG_ANSWER",
    "FLAG_SPLIT",
    "MAX_FRAME_BYTES",
    "VERSION_BITS",
    "DeviceProfile",
    "Frame",
    "build_segment",
    "encode_segment",
    "format_frame",
    "parse",
]
