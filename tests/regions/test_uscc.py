"""GB 32100-2015 unified social credit codes and GB 11714-1997 organisation codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ljeco.core.errors import ValidationError
from ljeco.regions.uscc import (
    USCC_CHARSET,
    USCC_WEIGHTS,
    is_valid_uscc,
    make_uscc,
    org_code_check_char,
    uscc_check_char,
    uscc_problem,
)

# The specimen printed in explanations of GB 32100-2015 (a Fuzhou enterprise): 91350100M000100Y43.
SPECIMEN = "91350100M000100Y43"


def test_weights_are_gb32100_table_4():
    # GB 32100-2015 Table 4, positions 1–17.
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_charset_omits_ambiguous_letters():
    assert len(USCC_CHARSET) == 31
    assert not set("IOZSV") & set(USCC_CHARSET)


def test_org_code_check_of_specimen_by_hand():
    # GB 11714-1997: M=22, 0,0,0, 1, 0,0, Y=34; weights 3,7,9,10,5,8,4,2
    # 22·3 + 1·5 + 34·2 = 66 + 5 + 68 = 139; 139 mod 11 = 7; 11 − 7 = 4.
    assert org_code_check_char("M000100Y") == "4"


def test_uscc_check_of_specimen_by_hand():
    # Values in the GB 32100 charset: M=21, Y=30.
    # 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + 21·20 + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10
    #   + 30·30 + 4·28 = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    assert uscc_check_char(SPECIMEN[:17]) == "3"
    assert is_valid_uscc(SPECIMEN)


def test_constructed_code_by_hand():
    # 9 1 500112 MA5U0000 ?: org body M=22, A=10, 5, U=30, 0,0,0,0:
    # 22·3 + 10·7 + 5·9 + 30·10 = 66 + 70 + 45 + 300 = 481; 481 mod 11 = 8; 11 − 8 = 3.
    # USCC values M=21, A=10, U=27, then the org check 3:
    # 9·1 + 1·3 + 5·9 + 0·27 + 0·19 + 1·26 + 1·16 + 2·17 + 21·20 + 10·29 + 5·25 + 27·13 + 3·28
    #   = 9 + 3 + 45 + 26 + 16 + 34 + 420 + 290 + 125 + 351 + 84 = 1403; 1403 mod 31 = 8; 31 − 8 = 23 → 'P'.
    assert make_uscc("9", "1", "500112", "MA5U0000") == "91500112MA5U00003P"


def test_check_value_31_is_written_zero_and_10_as_x():
    # Organisation body "00000001": 1·2 = 2, 11 − 2 = 9; body "00000006": 6·2 = 12, 12 mod 11 = 1, 11 − 1 = 10 → 'X'; body "00000000": 11 → '0'.
    assert org_code_check_char("00000001") == "9"
    assert org_code_check_char("00000006") == "X"
    assert org_code_check_char("00000000") == "0"
    # A first-17 whose weighted sum is a multiple of 31 gets '0' (31 is written 0): all zeros.
    assert uscc_check_char("0" * 17) == "0"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100Y44", "check character should be 3"),
        ("91350100M000100Y53", "organisation code check character should be 4"),
        ("9135O100M000100Y43", "not allowed"),
        ("91A50100M000100Y43", "division"),
    ],
)
def test_problems_are_named(code: str, fragment: str):
    assert fragment in (uscc_problem(code) or "")


def test_bad_input_raises_validation_error():
    with pytest.raises(ValidationError):
        uscc_check_char("I" * 17)
    with pytest.raises(ValidationError):
        make_uscc("9", "1", "5001", "MA5U0000")


_body = st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8)
_division = st.text(alphabet="0123456789", min_size=6, max_size=6)


@given(_body, _division)
def test_made_codes_validate_and_any_single_substitution_is_caught(body: str, division: str):
    code = make_uscc("9", "1", division, body)
    assert is_valid_uscc(code)
    # A mod-31 check with weights coprime to 31 detects every single-character substitution.
    for pos in range(17):
        for ch in "0A":
            if code[pos] == ch:
                continue
            assert not is_valid_uscc(code[:pos] + ch + code[pos + 1 :], check_org_code=False)
