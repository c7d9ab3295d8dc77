"""Arrival monitoring (数据到达率) and gap detection for backfill (补传).

Pure functions: for a device, a CN and its expected interval, which period starts were expected in a window,
which arrived, the arrival percentage and the gaps (runs of missing periods). Periods are aligned to the local
day (UTC+8): with a 600 s cadence the expected 2051 records of a day start at 00:00, 00:10 … 23:50 local time.
The standard sets no arrival rule; expected = every period of the configured cadence (per device and CN).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CST_OFFSET_S = 8 * 3600  # China Standard Time [s]


def align(t: int, interval: int) -> int:
    """The start of the period containing ``t`` [UTC epoch s], periods aligned to local (UTC+8) midnight."""
    return t - (t + CST_OFFSET_S) % interval


@dataclass(frozen=True, slots=True)
class Arrival:
    """Expected vs received periods in ``[start, end)`` [UTC epoch s]."""

    interval: int  # [s]
    start: int
    end: int
    expected: int
    received: int
    gaps: tuple[tuple[int, int], ...] = field(default=())  # [first missing start, last missing start]

    @property
    def percent(self) -> float | None:
        """Arrival rate [%]; None when nothing was expected."""
        return round(100.0 * self.received / self.expected, 1) if self.expected else None


def arrival(times: Iterable[int], *, start: int, end: int, interval: int) -> Arrival:
    """Arrival of records with data times ``times`` [UTC epoch s] against one record per ``interval``.

    >>> a = arrival([0, 600, 1800], start=-CST_OFFSET_S % 600, end=3000, interval=600)
    >>> (a.expected, a.received, a.gaps, a.percent)
    (5, 3, ((1200, 1200), (2400, 2400)), 60.0)
    """
    if interval <= 0:
        raise ValueError("interval must be positive [s]")
    first = align(start, interval)
    if first < start:
        first += interval
    slots = range(first, end, interval)
    got = {align(t, interval) for t in times if start <= t < end}
    gaps: list[tuple[int, int]] = []
    run_start: int | None = None
    for slot in slots:
        if slot in got:
            if run_start is not None:
                gaps.append((run_start, slot - interval))
                run_start = None
        elif run_start is None:
            run_start = slot
    if run_start is not None:
        gaps.append((run_start, slots[-1]))
    return Arrival(interval, start, end, len(slots), len(got & set(slots)), tuple(gaps))


class GapTracker:
    """Live gap detection for the gateway: per (MN, CN) the newest period seen and the open gaps.

    ``observe`` returns a new gap ``(first missing, last missing)`` when a record skips periods; gaps are closed
    period by period as history records arrive (``filled`` counts closed gaps).
    """

    def __init__(self, *, max_gap_periods: int = 24 * 6 * 7, max_open: int = 16):
        self.max_gap_periods = max_gap_periods  # do not ask for more than a week of 10-min data at once
        self.max_open = max_open  # open gaps kept per (MN, CN)
        self._last: dict[tuple[str, str], int] = {}
        self._open: dict[tuple[str, str], list[set[int]]] = {}
        self.filled = 0

    def observe(self, mn: str, cn: str, t: int, interval: int) -> tuple[int, int] | None:
        key = (mn, cn)
        slot = align(t, interval)
        gaps = self._open.get(key)
        if gaps:
            for missing in gaps:
                if slot in missing:
                    missing.discard(slot)
                    if not missing:
                        self.filled += 1
            self._open[key] = [g for g in gaps if g]
        last = self._last.get(key)
        if last is None or slot > last:
            self._last[key] = slot
        if last is None or slot <= last + interval:
            return None
        first, final = last + interval, slot - interval
        if (final - first) // interval + 1 > self.max_gap_periods:
            first = final - (self.max_gap_periods - 1) * interval
        open_gaps = self._open.setdefault(key, [])
        open_gaps.append(set(range(first, final + 1, interval)))
        del open_gaps[: -self.max_open]  # a device that never back-fills must not grow memory without bound
        return first, final

    def seed(self, mn: str, cn: str, t: int, interval: int) -> None:
        """Start from the newest period already archived (after a restart), so the first record after the
        restart can reveal the gap the downtime left."""
        slot = align(t, interval)
        key = (mn, cn)
        if slot > self._last.get(key, slot - 1):
            self._last[key] = slot

    def open_gaps(self, mn: str, cn: str) -> int:
        return len(self._open.get((mn, cn), ()))


__all__ = ["Arrival", "GapTracker", "align", "arrival"]
