from __future__ import annotations

from hj212_frames import APPENDIX_A_FRAME, segment_2051
from hypothesis import given, settings
from hypothesis import strategies as st

from ljeco.ingest.hj212.codec import encode_segment, parse
from ljeco.ingest.hj212.stream import JUNK_KEEP, FrameSplitter, Junk

F1 = APPENDIX_A_FRAME
F2 = encode_segment(segment_2051())


def _frames(events: list[bytes | Junk]) -> list[bytes]:
    return [e for e in events if isinstance(e, bytes)]


def test_frame_split_at_every_byte() -> None:
    for cut in range(1, len(F1)):
        s = FrameSplitter()
        assert s.feed(F1[:cut]) == []
        assert s.feed(F1[cut:]) == [F1]
        assert s.pending == 0


def test_several_frames_in_one_read() -> None:
    assert FrameSplitter().feed(F1 + F2 + F1) == [F1, F2, F1]


def test_garbage_between_frames() -> None:
    out = FrameSplitter().feed(b"AT+CSQ\r\nOK\r\n" + F1 + b"\x00\xff#" + F2)
    assert out == [Junk(b"AT+CSQ\r\nOK\r\n", 12, "garbage"), F1, Junk(b"\x00\xff#", 3, "garbage"), F2]


def test_lf_only_frames_and_lying_length() -> None:
    lf1 = F1[:-2] + b"\n"
    liar = b"##0999" + F2[6:]  # declared length wrong, frame ends with CR LF
    assert FrameSplitter().feed(lf1 + liar + lf1) == [lf1, liar, lf1]


def test_truncated_frame_followed_by_a_frame() -> None:
    cut = F2[:100]
    assert FrameSplitter().feed(cut + F1) == [Junk(cut, 100, "truncated"), F1]


def test_too_long_without_end_is_junk_and_bounded() -> None:
    s = FrameSplitter(max_frame=1036)
    out = s.feed(b"##9999" + b"a" * 3000)
    assert s.pending <= 1036
    assert out and isinstance(out[0], Junk) and out[0].reason == "too_long"
    rest = s.feed(b"\r\n" + F1)
    assert _frames(rest) == [F1]


def test_endless_junk_is_counted_not_kept() -> None:
    s = FrameSplitter(max_frame=2048)
    total = 0
    kept = 0
    for _ in range(100):
        for e in s.feed(b"x" * 10_000):
            assert isinstance(e, Junk)
            total += e.size
            kept += len(e.data)
        assert s.pending <= 2048
    assert total == 1_000_000 and kept <= JUNK_KEEP * 1_000_000 // 2048


def test_close_reports_cut_frame() -> None:
    s = FrameSplitter()
    s.feed(F1[:50])
    assert s.close() == [Junk(F1[:50], 50, "truncated")]


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.sampled_from([F1, F2, b"junk", b"\r\n", b"#", F1[:30]]), max_size=12),
    cuts=st.lists(st.integers(1, 50), max_size=30),
)
def test_bytes_are_conserved_and_whole_frames_survive(parts: list[bytes], cuts: list[int]) -> None:
    stream = b"".join(parts)
    s = FrameSplitter()
    events: list[bytes | Junk] = []
    pos = 0
    for c in cuts:
        events += s.feed(stream[pos : pos + c])
        pos += c
    events += s.feed(stream[pos:])
    events += s.close()
    size = sum(len(e) if isinstance(e, bytes) else e.size for e in events)
    assert size == len(stream)
    for frame in _frames(events):
        assert frame.startswith(b"##")
    # a full frame that is directly preceded by a line end or the start is always recovered
    expected = 0
    prev = b""
    for p in parts:
        if p in (F1, F2) and (prev in (b"", F1, F2, b"\r\n")):
            expected += 1
        prev = p
    good = [f for f in _frames(events) if f in (F1, F2)]
    assert len(good) >= expected
    for frame in good:
        parse(frame)
