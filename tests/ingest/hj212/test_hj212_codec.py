from __future__ import annotations

from datetime import datetime

import pytest
from hj212_frames import APPENDIX_A_FRAME, MN, segment_2051
from hypothesis import given
from hypothesis import strategies as st

from ljeco.core.errors import ValidationError
from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.codec import DeviceProfile, build_segment, encode_segment, format_frame, parse
from ljeco.ingest.hj212.cp import measurements
from ljeco.ingest.hj212.crc import crc_hex
from ljeco.ingest.hj212.errors import ERROR_CODES, Hj212Error


def test_appendix_a_frame_fields() -> None:
    f = parse(APPENDIX_A_FRAME)
    assert (f.qn, f.st, f.cn, f.pw, f.mn, f.flag) == ("20160801085857223", "32", "1062", "100000", MN, 5)
    assert (f.declared_length, f.actual_length, f.crc_status, f.crc_algorithm) == (101, 101, "ok", "hj212")
    assert f.version == "2017" and f.needs_answer and not f.is_split
    assert f.values() == {"RtdInterval": 30}
    assert format_frame(f) == APPENDIX_A_FRAME


def test_without_line_end_and_lf_only() -> None:
    assert parse(APPENDIX_A_FRAME[:-2]).cn == "1062"
    assert parse(APPENDIX_A_FRAME[:-2] + b"\n").cn == "1062"


@pytest.mark.parametrize(
    ("flag", "version", "answer", "split"),
    [(4, "2017", False, False), (5, "2017", True, False), (0, "2005", False, False), (3, "2005", True, False),
     (8, "2025", False, False), (9, "2025", True, False), (252, None, False, False)],
)  # fmt: skip
def test_flag_bits(flag: int, version: str | None, answer: bool, split: bool) -> None:
    # Table 3: Flag = V5..V0 D A; V=000001 is 2017, 000000 is 2005 (000010: 2025, unverified)
    f = parse(encode_segment(f"QN=1;ST=32;CN=2011;PW=1;MN=2;Flag={flag};CP=&&&&"))
    assert (f.version, f.needs_answer, f.is_split) == (version, answer, split)
    assert f.version_unverified is (version == "2025")


def test_no_flag_is_2005_style() -> None:
    f = parse(
        encode_segment(
            "ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817;B01-Rtd=36.91&&"
        )
    )
    assert f.version == "2005" and f.qn is None and f.flag is None and not f.needs_answer


def test_split_piece() -> None:
    f = parse(encode_segment(segment_2051(flag=7).replace("Flag=7;", "Flag=7;PNUM=2;PNO=1;")))
    assert (f.pnum, f.pno, f.is_split, f.needs_answer) == (2, 1, True, True)


def test_tolerated_deviations() -> None:
    seg = "ST=32;CN=2051;QN=20190424002721168;PW=123456;,MN=ab_c;FLAG=5; PNO =2;PNUM=0002;CP=&&DataTime=20190416003000&&"
    f = parse(encode_segment(seg, lowercase=True))
    assert (f.qn, f.mn, f.flag, f.pnum, f.pno) == ("20190424002721168", "ab_c", 5, 2, 2)
    assert "crc_lowercase" in f.warnings and "pnum_without_split_flag" in f.warnings
    assert f.segment() == seg


def test_empty_qn_pw_mn_and_flag7_without_pnum() -> None:
    f = parse(encode_segment("QN=;ST=31;CN=2011;PW=;MN=;Flag=7;CP=&&&&"))
    assert (f.qn, f.pw, f.mn, f.pnum) == ("", "", "", None)
    assert set(f.warnings) >= {"qn_empty", "split_flag_without_pnum"}


def test_cp_grammar_and_values() -> None:
    cp = "DataTime=20160801084000;w01018-Rtd=2.2,w01018-Flag=N,w01018-SampleTime=20160801083000;FANSTATUS;a-Rtd=;x-Rtd=-0.5;"
    f = parse(encode_segment(f"QN=1;ST=32;CN=2011;PW=1;MN=2;Flag=4;CP=&&{cp}&&"))
    assert f.values() == {
        "DataTime": "20160801084000", "w01018-Rtd": 2.2, "w01018-Flag": "N",
        "w01018-SampleTime": "20160801083000", "FANSTATUS": None, "a-Rtd": "", "x-Rtd": -0.5,
    }  # fmt: skip
    assert f.data_time == datetime(2016, 8, 1, 8, 40, tzinfo=CST)
    ms = measurements(f.cp)
    assert [(m.code, m.kind, m.value, m.flag, m.sample_time) for m in ms] == [
        ("w01018", "Rtd", 2.2, "N", "20160801083000"),
        ("x", "Rtd", -0.5, None, None),
    ]


def test_duplicate_cp_items_become_lists() -> None:
    cp = "DataTime=20190430101750;PolId=w01019,i12001-Info=0;PolId=w21001,i12001-Info=2"
    f = parse(encode_segment(f"QN=1;ST=21;CN=3020;PW=1;MN=2;Flag=9;CP=&&{cp}&&"))
    assert f.values()["PolId"] == ["w01019", "w21001"]
    assert f.values()["i12001-Info"] == [0, 2]


def test_info_text_with_separators_and_utf8() -> None:
    # B.10 / C.40: logs are UTF-8 text between '//'; ';' and ',' inside do not split the item
    cp = "DataTime=20160801085857;PolId=w01018;i11001-Info=//清洗管路;故障,复位//"
    seg = f"QN=1;ST=32;CN=3020;PW=1;MN=2;Flag=4;CP=&&{cp}&&"
    frame = encode_segment(seg)
    f = parse(frame)
    assert f.values()["i11001-Info"] == "//清洗管路;故障,复位//"
    assert f.actual_length == len(seg.encode()) and f.actual_length > len(seg)
    assert format_frame(f) == frame


def test_length_as_character_count_accepted() -> None:
    seg = "QN=1;ST=32;CN=3020;PW=1;MN=2;Flag=4;CP=&&i11001-Info=//清洗//&&"
    body = seg.encode()
    frame = b"##%04d" % len(seg) + body + crc_hex("hj212", body).encode() + b"\r\n"
    f = parse(frame)
    assert f.length_status == "characters" and f.declared_length == len(seg)


def test_length_tolerance_per_device() -> None:
    seg = segment_2051().encode()
    frame = b"##%04d" % (len(seg) + 2) + seg + crc_hex("hj212", seg).encode() + b"\r\n"
    with pytest.raises(Hj212Error) as info:
        parse(frame)
    assert (info.value.instance_code, info.value.position) == ("hj212_length_mismatch", 2)
    f = parse(frame, DeviceProfile(length_tolerance=2))
    assert f.length_status == "tolerated"


def test_modbus_accepted_only_when_configured() -> None:
    frame = encode_segment(segment_2051(), crc="modbus_swapped")
    with pytest.raises(Hj212Error) as info:
        parse(frame)
    seg_end = 6 + len(segment_2051())
    assert (info.value.instance_code, info.value.position) == ("hj212_crc_algorithm", seg_end)
    f = parse(frame, DeviceProfile(crc="modbus_swapped"))
    assert (f.crc_status, f.crc_algorithm) == ("ok", "modbus_swapped")
    assert format_frame(f) == frame


def test_non_strict_keeps_fields_and_problems() -> None:
    frame = bytearray(encode_segment(segment_2051()))
    frame[-3] = ord("0") if frame[-3] != ord("0") else ord("1")
    f = parse(bytes(frame), strict=False)
    assert f.cn == "2051" and not f.ok and f.problems[0][0] == "hj212_crc_mismatch"
    assert f.crc_status == "mismatch" and f.crc_algorithm is None


def _framed(segment: str) -> bytes:
    return encode_segment(segment)


BASE = "QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=AB;Flag=5;CP=&&DataTime=20160801085857&&"


@pytest.mark.parametrize(
    ("data", "code", "position"),
    [
        (b"", "hj212_empty", 0),
        (b"#0101abc", "hj212_header", 0),
        (b"##01x1" + BASE.encode() + b"0000\r\n", "hj212_length_field", 2),
        (b"##0001" + BASE.encode() + crc_hex("hj212", BASE.encode()).encode(), "hj212_length_mismatch", 2),
        (b"##%04d" % len(BASE) + BASE.encode() + b"\r\n", "hj212_crc_absent", 6 + len(BASE)),
        (b"##%04d" % len(BASE) + BASE.encode() + b"0000\r\n", "hj212_crc_mismatch", 6 + len(BASE)),
        (
            b"##0016QN=1;ST=\xff\xfe;CN=1" + crc_hex("hj212", b"QN=1;ST=\xff\xfe;CN=1").encode(),
            "hj212_encoding",
            14,
        ),
        (_framed("QN=1;ST=32;CN=2011;PW=1;MN=1;Flag=4"), "hj212_cp_missing", 6),
        (_framed("QN=1;ST=32;CN=2011;CP=&&a=1"), "hj212_cp_unterminated", 6 + 27),
        (_framed("QN=1;ST=32;CN=2011;Flag=5CP=&&&&"), "hj212_field_syntax", 6 + 25),
        (_framed("QN=1;ST=32;CN2011;CP=&&&&"), "hj212_field_syntax", 6 + 11),
        (_framed("QN=1;ST=32;CN=2011;cn=2011;CP=&&&&"), "hj212_duplicate_field", 6 + 19),
        (_framed("QN=1;ST=32;PW=1;CP=&&&&"), "hj212_missing_field", 6),
        (_framed("QN=2016-08;ST=32;CN=2011;CP=&&&&"), "hj212_qn_format", 6 + 3),
        (_framed("QN=1;ST=3.2;CN=2011;CP=&&&&"), "hj212_st_format", 6 + 8),
        (_framed("QN=1;ST=32;CN=20111;CP=&&&&"), "hj212_cn_format", 6 + 14),
        (_framed("QN=1;ST=32;CN=2011;Flag=256;CP=&&&&"), "hj212_flag_format", 6 + 24),
        (_framed("QN=1;ST=32;CN=2011;Flag=7;PNUM=2;PNO=3;CP=&&&&"), "hj212_split_format", 6),
        (_framed("QN=1;ST=32;CN=2011;Flag=7;PNUM=0;PNO=1;CP=&&&&"), "hj212_split_format", 6 + 31),
        (_framed("QN=1;ST=32;CN=2011;Flag=7;PNUM=2;CP=&&&&"), "hj212_split_format", 6),
        (_framed("QN=1;ST=32;CN=2011;CP=&&a=1;=2&&"), "hj212_cp_syntax", 6 + 28),
        (_framed("QN=1;ST=32;CN=3020;CP=&&i11001-Info=//open&&"), "hj212_cp_syntax", 6 + 36),
        (b"##0005" + b"x" * 20000, "hj212_too_long", 10_011),
    ],
)
def test_error_codes_and_positions(data: bytes, code: str, position: int) -> None:
    with pytest.raises(Hj212Error) as info:
        parse(data)
    assert info.value.instance_code == code
    assert info.value.position == position
    assert info.value.details["position"] == position
    assert isinstance(info.value, ValidationError)
    assert code in ERROR_CODES


def test_every_error_code_is_exercised() -> None:
    import inspect

    source = inspect.getsource(inspect.getmodule(test_error_codes_and_positions))
    assert [code for code in ERROR_CODES if f'"{code}"' not in source] == []


# --- round trip on frames built from arbitrary well-formed parts -------------------------------------------

_token = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", min_size=1, max_size=12
)
_value = st.one_of(
    st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{1,4})?", fullmatch=True),
    st.sampled_from(["N", "F", "M", "S", "D", "C", "T", "B", "", "//清洗管路;a,b//"]),
)
_pair = st.tuples(_token.filter(lambda s: "-" not in s[:1]), st.one_of(st.none(), _value))
_cp = st.lists(st.lists(_pair, min_size=1, max_size=4), max_size=8)


@given(
    qn=st.one_of(st.none(), st.from_regex(r"[0-9]{17}", fullmatch=True)),
    st_code=st.sampled_from(["21", "22", "31", "32", "91", "101"]),
    cn=st.from_regex(r"[0-9]{4}", fullmatch=True),
    pw=st.one_of(st.none(), _token),
    mn=st.one_of(st.none(), _token),
    flag=st.one_of(st.none(), st.integers(0, 255)),
    cp=_cp,
)
def test_format_parse_round_trip(
    qn: str | None, st_code: str, cn: str, pw: str | None, mn: str | None, flag: int | None, cp: list
) -> None:
    cp_text = ";".join(",".join(k if v is None else f"{k}={v}" for k, v in g) for g in cp)
    segment = build_segment(qn=qn, st=st_code, cn=cn, pw=pw, mn=mn, flag=flag, cp=cp_text)
    frame = encode_segment(segment)
    parsed = parse(frame)
    assert format_frame(parsed) == frame
    assert (parsed.qn, parsed.st, parsed.cn, parsed.pw, parsed.mn, parsed.flag) == (
        qn,
        st_code,
        cn,
        pw,
        mn,
        flag,
    )
