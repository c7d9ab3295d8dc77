"""The verdict on one frame as a JSON-ready dict (``ljeco hj212 parse``, ``POST /api/v1/hj212/parse``)."""

from __future__ import annotations

from typing import Any

from ljeco.ingest.hj212.codec import DeviceProfile, parse
from ljeco.ingest.hj212.errors import Hj212Error


def frame_report(line: bytes, crc: str = "hj212", length_tolerance: int = 0) -> dict[str, Any]:
    """One JSON-ready verdict for one frame (the keys of ``ljeco hj212 parse``)."""
    report: dict[str, Any] = {
        "ok": False, "error": None, "position": None, "version": None,
        "qn": None, "st": None, "cn": None, "pw": None, "mn": None, "flag": None, "pnum": None, "pno": None,
        "declared_length": None, "actual_length": None, "crc": None, "crc_algorithm": None,
        "data_time": None, "cp": None, "unverified": [],
    }  # fmt: skip
    profile = DeviceProfile(crc=crc, length_tolerance=length_tolerance)  # type: ignore[arg-type]
    try:
        frame = parse(line, profile, strict=False)
    except Hj212Error as exc:
        report["error"] = exc.instance_code
        report["position"] = exc.position
        digits = line[2:6]
        if line.startswith(b"##") and len(digits) == 4 and digits.isdigit():
            report["declared_length"] = int(digits)
        return report
    report.update(
        ok=frame.ok,
        error=frame.problems[0][0] if frame.problems else None,
        position=frame.problems[0][1] if frame.problems else None,
        version=frame.version,
        qn=frame.qn, st=frame.st, cn=frame.cn, pw=frame.pw, mn=frame.mn,
        flag=frame.flag, pnum=frame.pnum, pno=frame.pno,
        declared_length=frame.declared_length, actual_length=frame.actual_length,
        crc=frame.crc_status, crc_algorithm=frame.crc_algorithm,
        data_time=frame.data_time.isoformat() if frame.data_time else None,
        cp=frame.values(),
    )  # fmt: skip
    if frame.version_unverified:
        report["unverified"] = ["version_bits_000010"]
    return report


__all__ = ["frame_report"]
