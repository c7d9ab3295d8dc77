"""HJ 212 (污染物在线监控（监测）系统数据传输标准): codec, stream splitter, answers and the TCP gateway.

The codec modules are pure (no I/O, no clock); the gateway is the only part that touches sockets and storage.
"""

from __future__ import annotations

from ljeco.ingest.hj212.answers import answer_for, data_answer, history_request, notification_answer
from ljeco.ingest.hj212.codec import (
    DEFAULT_PROFILE,
    DeviceProfile,
    Frame,
    build_segment,
    encode_segment,
    format_frame,
    parse,
)
from ljeco.ingest.hj212.crc import CRC_ALGORITHMS, CrcAlgorithm, crc_hj212, crc_modbus
from ljeco.ingest.hj212.errors import ERROR_CODES, Hj212Error
from ljeco.ingest.hj212.split import SplitAssembler
from ljeco.ingest.hj212.stream import FrameSplitter, Junk

__all__ = [
    "CRC_ALGORITHMS",
    "DEFAULT_PROFILE",
    "ERROR_CODES",
    "CrcAlgorithm",
    "DeviceProfile",
    "Frame",
    "FrameSplitter",
    "Hj212Error",
    "Junk",
    "SplitAssembler",
    "answer_for",
    "build_segment",
    "crc_hj212",
    "crc_modbus",
    "data_answer",
    "encode_segment",
    "format_frame",
    "history_request",
    "notification_answer",
    "parse",
]
