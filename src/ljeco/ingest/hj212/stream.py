"""Cut a TCP byte stream into HJ 212 frames.

TCP delivers bytes, not frames: a frame may arrive in several reads, one read may hold several frames, and
devices put garbage between frames (modem AT chatter, truncated frames after a reconnect). A frame starts at
``##``; it ends where its declared length says (``6 + LLLL + 4`` then CR LF) or, when the length lies, at the
next LF (frames ended by LF alone occur in real traffic). Anything that is not a frame is returned as junk so
that the caller can archive it as evidence; a frame that grows past ``max_frame`` without an end is junk too.
The splitter never holds more than ``max_frame`` bytes of an unfinished frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from ljeco.ingest.hj212.codec import MAX_FRAME_BYTES

JunkReason = Literal["garbage", "truncated", "too_long"]


@dataclass(frozen=True, slots=True)
class Junk:
    """Bytes that are not a frame. ``data`` is cut to ``JUNK_KEEP`` bytes; ``size`` is the real size."""

    data: bytes
    size: int
    reason: JunkReason


JUNK_KEEP: Final = 4096  # bytes of a junk run kept as evidence; the rest is only counted


class FrameSplitter:
    """Incremental splitter: ``feed(chunk)`` returns the complete frames and junk runs found so far.

    Frames are returned with their line end (CR LF or LF) so that the archive keeps the bytes as received.

    >>> s = FrameSplitter()
    >>> s.feed(b"xx##0005ST=32AB")
    [Junk(data=b'xx', size=2, reason='garbage')]
    >>> s.feed(b"CD\\r\\n##00")
    [b'##0005ST=32ABCD\\r\\n']
    """

    def __init__(self, *, max_frame: int = MAX_FRAME_BYTES):
        self.max_frame = max_frame
        self._buf = bytearray()
        self._scan = 0  # offset in _buf from which to look for the line end of the current frame
        self._junk_size = 0  # bytes of a junk run dropped so far (large junk is counted, not kept)
        self._junk_head = b""

    @property
    def pending(self) -> int:
        """Bytes held for an unfinished frame [bytes]."""
        return len(self._buf)

    def feed(self, chunk: bytes) -> list[bytes | Junk]:
        out: list[bytes | Junk] = []
        buf = self._buf
        buf += chunk
        while buf:
            start = buf.find(b"##")
            if start < 0:
                # keep a trailing '#' in case the next read completes the header
                cut = len(buf) - 1 if buf.endswith(b"#") else len(buf)
                self._eat_junk(buf, cut)
                if self._junk_size >= self.max_frame:
                    self._flush_junk(out, "garbage")  # report long junk runs without waiting for '##'
                break
            while (
                start + 2 < len(buf) and buf[start + 2] == 0x23
            ):  # '###…': the frame starts at the last pair
                start += 1
            if start:
                self._eat_junk(buf, start)
                self._flush_junk(out, "garbage")
                continue
            end = self._frame_end(buf)
            if end is None:
                if len(buf) > self.max_frame:
                    self._eat_junk(buf, self.max_frame)
                    self._flush_junk(out, "too_long")
                    continue
                break
            if end < 0:  # a new '##' before any line end: the frame was truncated
                self._eat_junk(buf, -end)
                self._flush_junk(out, "truncated")
                continue
            if end > self.max_frame:
                self._eat_junk(buf, end)
                self._flush_junk(out, "too_long")
                continue
            out.append(bytes(buf[:end]))
            del buf[:end]
            self._scan = 0
        return out

    def close(self) -> list[bytes | Junk]:
        """End of stream: whatever is held is junk (a frame cut off by the disconnect)."""
        out: list[bytes | Junk] = []
        if self._buf:
            self._eat_junk(self._buf, len(self._buf))
        self._flush_junk(out, "truncated")
        return out

    def _frame_end(self, buf: bytearray) -> int | None:
        """End offset of the frame at the start of ``buf``; None if more bytes are needed; -k for junk of k."""
        digits = buf[2:6]
        if len(digits) == 4 and digits.isdigit():
            stop = 6 + int(digits) + 4
            if len(buf) >= stop + 2 and buf[stop] == 13 and buf[stop + 1] == 10:
                return stop + 2
            if len(buf) >= stop + 1 and buf[stop] == 10:
                return stop + 1
            if len(buf) < stop + 2 and len(buf) <= self.max_frame and buf.find(b"\n", 2) < 0:
                return None  # the declared end is not here yet; nothing contradicts it so far
        newline = buf.find(b"\n", max(self._scan, 2))
        limit = newline if newline >= 0 else len(buf)
        again = buf.find(b"##", 2, limit)
        if again >= 0:
            return -again
        if newline < 0:
            self._scan = max(2, len(buf) - 1)
            return None
        return newline + 1

    def _eat_junk(self, buf: bytearray, count: int) -> None:
        if count <= 0:
            return
        if len(self._junk_head) < JUNK_KEEP:
            self._junk_head += bytes(buf[: JUNK_KEEP - len(self._junk_head)])
        self._junk_size += count
        del buf[:count]
        self._scan = 0

    def _flush_junk(self, out: list[bytes | Junk], reason: JunkReason) -> None:
        if self._junk_size:
            head = self._junk_head[: self._junk_size]
            out.append(Junk(head, self._junk_size, reason))
        self._junk_size = 0
        self._junk_head = b""


__all__ = ["JUNK_KEEP", "FrameSplitter", "Junk"]
