from __future__ import annotations

from datetime import datetime

from hj212_frames import C16_ANSWER_CRC, C16_ANSWER_SEGMENT, MN, segment_2051

from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.answers import answer_for, data_answer, history_request, make_qn, notification_answer
from ljeco.ingest.hj212.codec import encode_segment, parse
from ljeco.ingest.hj212.split import SplitAssembler


def test_9014_is_the_c16_answer() -> None:
    upload = parse(encode_segment(segment_2051()))
    expected = b"##0087" + C16_ANSWER_SEGMENT.encode() + C16_ANSWER_CRC.encode() + b"\r\n"
    assert data_answer(upload) == expected
    assert answer_for(upload) == expected


def test_9013_answers_1013_notification() -> None:
    note = parse(encode_segment(f"QN=20160801085857223;ST=32;CN=1013;PW=123456;MN={MN};Flag=5;CP=&&&&"))
    ans = parse(notification_answer(note))
    assert (ans.qn, ans.st, ans.cn, ans.flag, ans.cp) == ("20160801085857223", "91", "9013", 4, ())
    assert answer_for(note) == notification_answer(note)


def test_no_answer_unless_flag_asks() -> None:
    assert answer_for(parse(encode_segment(segment_2051(flag=4)))) is None
    assert answer_for(parse(encode_segment("ST=32;CN=2011;PW=1;MN=2;CP=&&&&"))) is None
    # a 9014 from a device is not answered again
    assert answer_for(parse(encode_segment(C16_ANSWER_SEGMENT.replace("Flag=4", "Flag=5")))) is None


def test_each_split_piece_is_answered_with_its_own_qn() -> None:
    pieces = [
        parse(
            encode_segment(
                segment_2051(qn=f"2016080108500000{i}", flag=7).replace("Flag=7;", f"Flag=7;PNUM=2;PNO={i};")
            )
        )
        for i in (1, 2)
    ]
    answers = [parse(answer_for(p) or b"") for p in pieces]
    assert [a.qn for a in answers] == ["20160801085000001", "20160801085000002"]
    assert all(a.cn == "9014" and a.flag == 4 for a in answers)


def test_2025_answer_keeps_version_bits() -> None:
    up = parse(encode_segment(segment_2051(flag=9)))
    assert parse(data_answer(up)).flag == 8


def test_2005_answer_carries_qn_in_cp() -> None:
    up = parse(
        encode_segment("QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=1;CP=&&&&")
    )
    ans = parse(data_answer(up))
    assert ans.qn is None and ans.flag == 0
    assert ans.values() == {"QN": "20040516010101001", "CN": "2051"}


def test_history_request_c20_form() -> None:
    frame = history_request(
        cn="2051", mn=MN, pw="123456", st="32", qn="20160801085857223",
        begin=datetime(2016, 8, 1, 0, 0, tzinfo=CST), end=datetime(2016, 8, 1, 1, 0, tzinfo=CST),
    )  # fmt: skip
    expected = (
        f"QN=20160801085857223;ST=32;CN=2051;PW=123456;MN={MN};Flag=5;"
        "CP=&&BeginTime=20160801000000;EndTime=20160801010000&&"
    )
    f = parse(frame)
    assert f.segment() == expected
    assert (f.crc_status, f.needs_answer) == ("ok", True)


def test_make_qn() -> None:
    assert (
        make_qn(datetime(2016, 8, 1, 0, 58, 57, 223000, tzinfo=CST.utcoffset(None) and CST))
        == "20160801005857223"
    )


def test_split_reassembly() -> None:
    def piece(no: int, items: str) -> bytes:
        return encode_segment(
            f"QN=2016080108500000{no};ST=32;CN=2051;PW=1;MN={MN};Flag=7;PNUM=2;PNO={no};"
            f"CP=&&DataTime=20160801084000;{items}&&"
        )

    a = SplitAssembler(max_age=60)
    assert a.add(parse(piece(2, "w01018-Avg=24.6")), now=0.0) is None
    assert a.add(parse(piece(2, "w01018-Avg=24.6")), now=1.0) is None  # duplicate piece
    rec = a.add(parse(piece(1, "w00000-Avg=1.2")), now=2.0)
    assert rec is not None and len(a) == 0
    assert [p.pno for p in rec.pieces] == [1, 2]
    assert [g[0][0] for g in rec.cp] == ["DataTime", "w00000-Avg", "w01018-Avg"]
    assert a.add(parse(piece(1, "x-Avg=1")), now=3.0) is None
    assert a.expire(100.0) == [(MN, "2051", "20160801084000", 2)]
