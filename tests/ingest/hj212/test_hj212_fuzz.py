"""The codec and the splitter never raise anything but Hj212Error, whatever the bytes."""

from __future__ import annotations

from hj212_frames import APPENDIX_A_FRAME
from hypothesis import given, settings
from hypothesis import strategies as st

from ljeco.ingest.hj212.codec import DeviceProfile, format_frame, parse
from ljeco.ingest.hj212.errors import Hj212Error
from ljeco.ingest.hj212.stream import FrameSplitter


def _parse_or_own_error(data: bytes, strict: bool) -> None:
    try:
        frame = parse(data, DeviceProfile(length_tolerance=3), strict=strict)
    except Hj212Error as exc:
        assert exc.instance_code.startswith("hj212_")
        assert 0 <= exc.position <= max(len(data), 10_011)
        return
    frame.values()
    format_frame(frame)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=400), st.booleans())
def test_arbitrary_bytes(data: bytes, strict: bool) -> None:
    _parse_or_own_error(data, strict)
    _parse_or_own_error(b"##" + data, strict)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(APPENDIX_A_FRAME) - 1), st.integers(0, 255)), max_size=6),
       st.booleans())  # fmt: skip
def test_mutated_valid_frame(mutations: list[tuple[int, int]], strict: bool) -> None:
    data = bytearray(APPENDIX_A_FRAME)
    for pos, byte in mutations:
        data[pos] = byte
    _parse_or_own_error(bytes(data), strict)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="#&;,=-/QNSTCPWMFlag0123456789\r\n 清", max_size=200))
def test_structured_text(text: str) -> None:
    _parse_or_own_error(text.encode(), False)
    _parse_or_own_error(b"##%04d" % len(text.encode()) + text.encode(), False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=10))
def test_splitter_on_arbitrary_reads(reads: list[bytes]) -> None:
    s = FrameSplitter(max_frame=512)
    for chunk in reads:
        for event in s.feed(chunk):
            if isinstance(event, bytes):
                _parse_or_own_error(event, False)
        assert s.pending <= 512
    s.close()
