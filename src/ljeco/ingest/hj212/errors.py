"""Errors of the HJ 212 codec: one class, a stable code per failure and the byte position where it was found."""

from __future__ import annotations

from typing import Any, Final

from ljeco.core.errors import ValidationError

#: Every code the codec and the stream splitter raise, with what it means (documented in docs/hj212.md).
ERROR_CODES: Final[dict[str, str]] = {
    "hj212_empty": "no bytes",
    "hj212_header": "the frame does not start with '##' (HJ 212-2017 Table 2)",
    "hj212_length_field": "the 4 characters after '##' are not a decimal length (Table 2)",
    "hj212_too_long": "the frame is longer than the configured maximum",
    "hj212_length_mismatch": "the declared data-segment length differs from the actual one beyond the tolerance",
    "hj212_crc_absent": "no 4-hex-digit CRC after the data segment",
    "hj212_crc_mismatch": "the CRC matches no known algorithm",
    "hj212_crc_algorithm": "the CRC matches an algorithm the device is not configured for",
    "hj212_encoding": "the data segment is not UTF-8 (§6.3)",
    "hj212_cp_missing": "no 'CP=&&' field (Table 3)",
    "hj212_cp_unterminated": "the data segment does not end with the closing '&&' of CP",
    "hj212_field_syntax": "a data-segment field is not 'Name=value'",
    "hj212_duplicate_field": "a data-segment field appears twice",
    "hj212_missing_field": "ST or CN is missing",
    "hj212_qn_format": "QN is not a digit string",
    "hj212_st_format": "ST is not 2-3 letters or digits",
    "hj212_cn_format": "CN is not 4 digits",
    "hj212_flag_format": "Flag is not an integer 0-255",
    "hj212_split_format": "PNUM/PNO are not integers with 1 <= PNO <= PNUM",
    "hj212_cp_syntax": "a CP item has an empty name or an unterminated '//' text",
}


class Hj212Error(ValidationError):
    """A frame the codec cannot accept.

    ``code`` is one of :data:`ERROR_CODES`; ``position`` is the 0-based byte offset in the frame (from the
    first '#') where the problem was found.
    """

    code = "hj212_invalid"

    def __init__(self, code: str, position: int, message: str, **details: Any):
        super().__init__(f"{message} (byte {position})", code=code, details={"position": position, **details})
        self.position = position


__all__ = ["ERROR_CODES", "Hj212Error"]
