from __future__ import annotations

from hj212_frames import (
    APPENDIX_A_SEGMENT,
    C1_CRC,
    C1_SEGMENT,
    C16_ANSWER_CRC,
    C16_ANSWER_SEGMENT,
    C9011_CRC,
    C9011_SEGMENT,
)
from hypothesis import given
from hypothesis import strategies as st

from ljeco.ingest.hj212.crc import (
    crc_hex,
    crc_hj212,
    crc_hj212_bitwise,
    crc_modbus,
    crc_value,
    matching_algorithm,
)


def test_appendix_a_example() -> None:
    # HJ 212-2017 Appendix A: the data segment's CRC is 1C80.
    assert crc_hex("hj212", APPENDIX_A_SEGMENT.encode()) == "1C80"


def test_appendix_c_segments() -> None:
    assert crc_hex("hj212", C1_SEGMENT.encode()) == C1_CRC
    assert crc_hex("hj212", C9011_SEGMENT.encode()) == C9011_CRC
    assert crc_hex("hj212", C16_ANSWER_SEGMENT.encode()) == C16_ANSWER_CRC


def test_hand_computed_values() -> None:
    assert crc_hj212(b"") == 0xFFFF  # no byte: the initial register
    # one byte 0x00: register = T[(0xFFFF >> 8) ^ 0] = T[0xFF] of the reflected 0xA001 table = 0x4040
    assert crc_hj212(b"\x00") == 0x4040
    # then a second 0x00: T[0x40 ^ 0] = T[0x40] = 0xF001 (table row 4, column 0)
    assert crc_hj212(b"\x00\x00") == 0xF001


def test_modbus_check_value() -> None:
    # CRC-16/MODBUS catalogue check value over "123456789"
    assert crc_modbus(b"123456789") == 0x4B37
    assert crc_value("modbus_swapped", b"123456789") == 0x374B


def test_hj212_is_not_modbus() -> None:
    assert crc_hj212(b"123456789") != crc_modbus(b"123456789")


@given(st.binary(max_size=700))
def test_table_crc_equals_bitwise_definition(data: bytes) -> None:
    assert crc_hj212(data) == crc_hj212_bitwise(data)


def test_matching_algorithm() -> None:
    data = b"QN=1;ST=22;CN=1011;PW=123456;MN=ABC;Flag=3;CP=&&&&"
    assert matching_algorithm(data, crc_hj212(data)) == "hj212"
    assert matching_algorithm(data, crc_modbus(data)) == "modbus"
    assert matching_algorithm(data, crc_value("modbus_swapped", data)) == "modbus_swapped"
    assert matching_algorithm(data, crc_hj212(data) ^ 1) is None
