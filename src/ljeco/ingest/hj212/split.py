"""Reassembly of split uploads (拆分包, HJ 212-2017 Table 3 PNUM/PNO, Appendix C.49/C.50).

Each piece is a complete frame with its own QN and complete CP items; the record is the union of the pieces.
Pieces are grouped by (MN, CN, DataTime, PNUM) — not by QN, which differs per piece. A piece received twice is
ignored; an incomplete set is dropped after ``max_age`` seconds (its pieces were archived and their values stored
one by one, so nothing is lost — only the "complete record" event is not raised).
"""

from __future__ import annotations

from dataclasses import dataclass

from ljeco.ingest.hj212.codec import Frame
from ljeco.ingest.hj212.cp import Group

SplitKey = tuple[str | None, str | None, str | None, int]


@dataclass(frozen=True, slots=True)
class Assembled:
    """A complete split record: its key, the pieces in PNO order and the CP items of all pieces."""

    key: SplitKey
    pieces: tuple[Frame, ...]
    cp: tuple[Group, ...]


class SplitAssembler:
    """Collect pieces until all PNO 1..PNUM of one key have arrived."""

    def __init__(self, *, max_age: float = 600.0, max_pending: int = 10_000):
        self.max_age = max_age
        self.max_pending = max_pending
        self._pending: dict[SplitKey, tuple[float, dict[int, Frame]]] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, frame: Frame, now: float) -> Assembled | None:
        """Add a piece received at ``now`` [s, monotonic]; returns the record when it is complete."""
        if frame.pnum is None or frame.pno is None:
            return Assembled((frame.mn, frame.cn, frame.data_time_text, 1), (frame,), frame.cp)
        key: SplitKey = (frame.mn, frame.cn, frame.data_time_text, frame.pnum)
        first, pieces = self._pending.get(key, (now, {}))
        pieces.setdefault(frame.pno, frame)
        if len(pieces) == frame.pnum:
            self._pending.pop(key, None)
            ordered = tuple(pieces[i] for i in sorted(pieces))
            cp: list[Group] = []
            for i, piece in enumerate(ordered):
                groups = piece.cp
                if i and groups and groups[0] and groups[0][0][0].strip() == "DataTime":
                    groups = groups[1:]  # every piece repeats DataTime (C.49)
                cp.extend(groups)
            return Assembled(key, ordered, tuple(cp))
        if key not in self._pending and len(self._pending) >= self.max_pending:
            self._pending.pop(next(iter(self._pending)))
        self._pending[key] = (first, pieces)
        return None

    def expire(self, now: float) -> list[SplitKey]:
        """Drop incomplete sets older than ``max_age``; returns their keys (for the arrival log)."""
        old = [k for k, (first, _p) in self._pending.items() if now - first > self.max_age]
        for key in old:
            del self._pending[key]
        return old


__all__ = ["Assembled", "SplitAssembler", "SplitKey"]
