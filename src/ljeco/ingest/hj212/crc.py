"""CRC of HJ 212 frames.

HJ 212-2017 Appendix A defines the check over the data segment (the bytes between the 4-digit length and the
CRC; UTF-8 per §6.3): a 16-bit register starts at 0xFFFF; for each byte the register becomes
``(register >> 8) XOR byte`` and is then shifted right eight times, XOR-ing 0xA001 whenever a 1 falls out.
That is **not** CRC-16/MODBUS: MODBUS XORs the byte into the low byte of the full register and keeps the
high byte, HJ 212 throws the low byte away. Some vendors nevertheless send CRC-16/MODBUS, sometimes with its
two bytes printed low byte first ("modbus_swapped"); those are recognised here and accepted only for a
device configured for them (see :mod:`ljeco.ingest.hj212.codec`).

Speed: after ``(reg >> 8) ^ byte`` the register holds 8 bits, so one HJ 212 step is exactly one look-up in the
classic reflected 0xA001 table (``reg = T[(reg >> 8) ^ byte]``). Two steps fold into one look-up in a
65 536-entry table indexed by a little-endian byte pair, which halves the Python loop (measured in
``bench/bench_hj212_codec.py``).

>>> f"{crc_hj212(b'QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&'):04X}"
'1C80'
>>> crc_hj212(b"")
65535
"""

from __future__ import annotations

import sys
from typing import Final, Literal, get_args

CrcAlgorithm = Literal["hj212", "modbus", "modbus_swapped"]
CRC_ALGORITHMS: Final[tuple[CrcAlgorithm, ...]] = get_args(CrcAlgorithm)

_POLY: Final = 0xA001  # reflected 0x8005, HJ 212-2017 Appendix A


def _byte_table() -> list[int]:
    table = []
    for value in range(256):
        reg = value
        for _ in range(8):
            reg = (reg >> 1) ^ _POLY if reg & 1 else reg >> 1
        table.append(reg)
    return table


_T: Final[list[int]] = _byte_table()


def _pair_table() -> list[int]:
    # index = (second byte << 8) | (first byte XOR high byte of the register): a little-endian 16-bit word.
    t = _T
    return [t[(t[i & 0xFF] >> 8) ^ (i >> 8)] for i in range(65536)]


_T2: Final[list[int]] = _pair_table()
_LITTLE: Final = sys.byteorder == "little"


def crc_hj212(data: bytes) -> int:
    """CRC of HJ 212-2017 Appendix A over ``data`` (the UTF-8 bytes of a data segment), as an int 0…0xFFFF."""
    reg = 0xFFFF
    n = len(data)
    even = n & ~1
    if even:
        view = memoryview(data)[:even].cast("H")
        t2 = _T2
        if _LITTLE:
            for word in view:
                reg = t2[word ^ (reg >> 8)]
        else:  # pragma: no cover - big-endian hosts
            for word in view:
                reg = t2[(((word & 0xFF) << 8) | (word >> 8)) ^ (reg >> 8)]
    if n & 1:
        reg = _T[(reg >> 8) ^ data[-1]]
    return reg


def crc_hj212_bitwise(data: bytes) -> int:
    """The same CRC written as the standard describes it, bit by bit (the reference for tests and benches)."""
    reg = 0xFFFF
    for byte in data:
        reg = (reg >> 8) ^ byte
        for _ in range(8):
            reg = (reg >> 1) ^ _POLY if reg & 1 else reg >> 1
    return reg


def crc_modbus(data: bytes) -> int:
    """CRC-16/MODBUS (init 0xFFFF, reflected poly 0xA001, no final XOR) as an int; check value of b"123456789" is 0x4B37."""
    reg = 0xFFFF
    t = _T
    for byte in data:
        reg = (reg >> 8) ^ t[(reg ^ byte) & 0xFF]
    return reg


def crc_value(algorithm: CrcAlgorithm, data: bytes) -> int:
    """The check value ``algorithm`` gives for ``data`` as it is printed in the frame (swapped where it applies)."""
    if algorithm == "hj212":
        return crc_hj212(data)
    value = crc_modbus(data)
    if algorithm == "modbus_swapped":
        return ((value & 0xFF) << 8) | (value >> 8)
    return value


def crc_hex(algorithm: CrcAlgorithm, data: bytes) -> str:
    """Four upper-case hex digits, as the standard's example prints them (Appendix A: ``1C80``)."""
    return f"{crc_value(algorithm, data):04X}"


def matching_algorithm(data: bytes, given: int, *, first: CrcAlgorithm = "hj212") -> CrcAlgorithm | None:
    """Which algorithm produced the printed check ``given`` for ``data`` (``first`` is tried first), or ``None``."""
    if crc_value(first, data) == given:
        return first
    for algorithm in CRC_ALGORITHMS:
        if algorithm != first and crc_value(algorithm, data) == given:
            return algorithm
    return None


__all__ = [
    "CRC_ALGORITHMS",
    "CrcAlgorithm",
    "crc_hex",
    "crc_hj212",
    "crc_hj212_bitwise",
    "crc_modbus",
    "crc_value",
    "matching_algorithm",
]
