"""Frames the platform sends: answers to the field (9013, 9014) and requests for history (补传).

HJ 212-2017 §6.5 and Appendix C (C.14-C.18, C.47-C.50): an upload whose Flag has bit A set is answered with
``CN=9014`` carrying the upload's QN, ``ST=91``, ``Flag=4`` and ``CP=&&&&``; every piece of a split upload is
answered (C.50). A notification (``1013``) is answered with ``CN=9013`` in the same form. A request for history
(``2031`` day, ``2051`` minute, ``2061`` hour; C.20-C.22) carries ``BeginTime`` and ``EndTime`` and Flag A=1.

HJ/T 212-2005 replies put the QN inside CP (``CP=&&QN=…;CN=2051&&``, ``Flag=0``) per third-party code; the 2005
text was not read, so that form is UNVERIFIED and used only for frames whose Flag version bits say 2005 and that
carry a QN. HJ 212-2025 frames (version bits 000010, UNVERIFIED) are answered in the 2017 form with their own
version bits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.codec import Frame, build_segment, encode_segment
from ljeco.ingest.hj212.cp import format_time
from ljeco.ingest.hj212.crc import CrcAlgorithm

ST_SYSTEM: Final = "91"  # Table 5: system interaction
CN_NOTIFICATION_ANSWER: Final = "9013"
CN_DATA_ANSWER: Final = "9014"
#: Uploads the host answers with 9014 when bit A is set (Table 9 "上传命令"; 2081/3015/3019/3020 too).
UPLOAD_CNS: Final[frozenset[str]] = frozenset(
    {"1011", "1061", "1063", "2011", "2021", "2031", "2041", "2051", "2061", "2081", "3015", "3017", "3018",
     "3019", "3020"}
)  # fmt: skip
NOTIFICATION_CNS: Final[frozenset[str]] = frozenset({"1013"})
HistoryCn = Literal["2031", "2041", "2051", "2061"]
_VERSION_BITS: Final = {"2005": 0, "2017": 1, "2025": 2}


def _answer_flag(frame: Frame) -> int:
    """Version bits of the frame with A=0, D=0: 4 for 2017 (C.16), 8 for 2025 (UNVERIFIED), 0 for 2005."""
    return _VERSION_BITS.get(frame.version or "2017", 1) << 2


def _answer(frame: Frame, cn: str, crc: CrcAlgorithm) -> bytes:
    if frame.version == "2005" and frame.flag is not None and frame.qn:
        cp = f"QN={frame.qn};CN={frame.cn}" if cn == CN_DATA_ANSWER else f"QN={frame.qn}"
        segment = build_segment(st=ST_SYSTEM, cn=cn, pw=frame.pw, mn=frame.mn, flag=0, cp=cp)
    else:
        segment = build_segment(
            qn=frame.qn, st=ST_SYSTEM, cn=cn, pw=frame.pw, mn=frame.mn, flag=_answer_flag(frame), cp=""
        )
    return encode_segment(segment, crc=crc)


def data_answer(frame: Frame, *, crc: CrcAlgorithm = "hj212") -> bytes:
    """The 9014 数据应答 to an upload (C.16: same QN, ST=91, Flag=4, CP=&&&&).

    >>> from ljeco.ingest.hj212.codec import parse, encode_segment
    >>> up = parse(encode_segment("QN=20160801085000001;ST=32;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801084000&&"))
    >>> data_answer(up)
    b'##0087QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&C241\\r\\n'
    """
    return _answer(frame, CN_DATA_ANSWER, crc)


def notification_answer(frame: Frame, *, crc: CrcAlgorithm = "hj212") -> bytes:
    """The 9013 通知应答 to a notification such as 1013 (same form as 9014)."""
    return _answer(frame, CN_NOTIFICATION_ANSWER, crc)


def answer_for(frame: Frame, *, crc: CrcAlgorithm = "hj212") -> bytes | None:
    """The answer the standard requires for ``frame`` from the host, or None when none is due.

    Uploads are answered only when their Flag asks (bit A); notifications always (§6.5: 通知命令 two steps).
    """
    if frame.cn in NOTIFICATION_CNS:
        return notification_answer(frame, crc=crc)
    if frame.needs_answer and frame.cn in UPLOAD_CNS:
        return data_answer(frame, crc=crc)
    return None


def make_qn(moment: datetime) -> str:
    """A QN ``YYYYMMDDhhmmsszzz`` (Table 3) in local time."""
    local = moment.astimezone(CST) if moment.tzinfo else moment
    return local.strftime("%Y%m%d%H%M%S") + f"{local.microsecond // 1000:03d}"


def history_request(
    *,
    cn: HistoryCn,
    mn: str,
    pw: str,
    st: str,
    begin: datetime,
    end: datetime,
    qn: str,
    version: Literal["2017", "2025"] = "2017",
    crc: CrcAlgorithm = "hj212",
) -> bytes:
    """A request for history data (C.20 minute 2051, C.21 hour 2061, C.22 day 2031, C.23 2041).

    ``begin``/``end`` are period starts in local time; they are joined by ``;`` as in C.20/C.21 (C.23 uses ``,``).
    The request asks for a 9011 answer (Flag A=1: ``Flag=5`` for 2017).
    """
    flag = (_VERSION_BITS[version] << 2) | 1
    cp = f"BeginTime={format_time(begin)};EndTime={format_time(end)}"
    return encode_segment(build_segment(qn=qn, st=st, cn=cn, pw=pw, mn=mn, flag=flag, cp=cp), crc=crc)


__all__ = [
    "CN_DATA_ANSWER",
    "CN_NOTIFICATION_ANSWER",
    "NOTIFICATION_CNS",
    "ST_SYSTEM",
    "UPLOAD_CNS",
    "answer_for",
    "data_answer",
    "history_request",
    "make_qn",
    "notification_answer",
]
