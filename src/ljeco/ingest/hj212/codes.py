"""HJ/T 212-2005 factor codes (原编码) and their HJ 212-2017 codes.

Source: HJ 212-2017 Appendix B, Table B.1 (water) and Table B.2 (gas), column "原编码" — the 2005 code printed
next to each 2017 code. Codes without a 2005 code ("--" in the tables) are absent. 2005 water codes have three
digits (``011`` COD), gas codes two digits or ``S01``…``S08``, ``B01``/``B02`` are the flows; the two sets do not
overlap. Vendor codes seen next to them in real 2005 frames (``B00``, ``B11`` totalisers, ``30``…``37`` in some
CEMS) are NOT in the tables and are not mapped.

Whether a 2005 device reports in the same unit as the 2017 default of the mapped code is **UNVERIFIED** (the
2005 text was not read); the gateway therefore maps 2005 codes into the observation store only when asked
(``ljeco gateway --map-2005-codes``); ``hj212_values`` always keeps the code as sent.

>>> CODES_2005["011"], CODES_2005["02"], CODES_2005["B02"]
('w01018', 'a21026', 'a00000')
"""

from __future__ import annotations

from typing import Final

#: Table B.1 (water): 2005 code → 2017 code.
WATER_2005: Final[dict[str, str]] = {
    "B01": "w00000", "001": "w01001", "002": "w01002", "003": "w01012", "010": "w01017", "011": "w01018",
    "015": "w01020", "550": "w02003", "570": "w03001", "571": "w03002", "520": "w19002", "039": "w20012",
    "037": "w20023", "040": "w20038", "038": "w20061", "041": "w20089", "036": "w20092", "020": "w20111",
    "021": "w20113", "022": "w20115", "023": "w20116", "024": "w20117", "026": "w20119", "027": "w20120",
    "028": "w20121", "029": "w20122", "030": "w20123", "031": "w20124", "032": "w20125", "033": "w20126",
    "034": "w20127", "035": "w20128", "065": "w21001", "060": "w21003", "062": "w21004", "063": "w21006",
    "064": "w21007", "101": "w21011", "070": "w21016", "072": "w21017", "071": "w21019", "090": "w21022",
    "080": "w22001", "110": "w23002", "540": "w25043", "350": "w33001", "351": "w33007", "061": "w99001",
}  # fmt: skip

#: Table B.2 (gas): 2005 code → 2017 code.
GAS_2005: Final[dict[str, str]] = {
    "B02": "a00000", "37": "a01010", "S02": "a01011", "S03": "a01012", "S08": "a01013", "S05": "a01014",
    "S06": "a01015", "S07": "a01016", "S04": "a01017", "30": "a05001", "S01": "a19001", "36": "a20016",
    "33": "a20025", "32": "a20043", "31": "a20057", "35": "a20063", "34": "a20091", "10": "a21001",
    "03": "a21002", "04": "a21005", "07": "a21017", "06": "a21018", "11": "a21022", "08": "a21024",
    "02": "a21026", "05": "a21028", "27": "a23001", "29": "a24046", "25": "a24087", "17": "a25003",
    "18": "a25005", "23": "a25010", "22": "a25023", "20": "a25044", "21": "a26001", "28": "a30001",
    "13": "a30022", "19": "a31001", "26": "a31002", "01": "a34013", "09": "a34038", "14": "a34039",
    "15": "a34040", "24": "a99049", "12": "a99051",
}  # fmt: skip

CODES_2005: Final[dict[str, str]] = {**WATER_2005, **GAS_2005}


def code_2017(code: str) -> str | None:
    """The HJ 212-2017 code of a 2005 code, or None (2017 codes and vendor codes are not 2005 codes).

    >>> code_2017("060"), code_2017("w21003"), code_2017("B11")
    ('w21003', None, None)
    """
    return CODES_2005.get(code)


__all__ = ["CODES_2005", "GAS_2005", "WATER_2005", "code_2017"]
