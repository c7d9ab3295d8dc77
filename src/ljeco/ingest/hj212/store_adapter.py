"""Accepted HJ 212 values → the observation store (``ljeco.observations.store.write_observations``).

A thin adapter, called by :class:`~ljeco.ingest.hj212.sink.SqlSink` inside the same transaction as the raw
archive, so a value is in the store exactly when its frame is archived. What goes in:

* devices with a ``site_code`` whose site exists in the catalogue;
* factor codes of HJ 212-2017 Appendix B that the platform vocabulary knows (``by_hj212_code``); HJ/T 212-2005
  codes only with ``map_2005_codes`` (mapped by Table B.1/B.2 "原编码", units UNVERIFIED); vendor codes stay in
  ``hj212_values`` only;
* the value class that is the period's value: ``Avg`` of 2051 (minute data, period = the device's cadence for
  2051, default 600 s), 2061 (3600 s), 2031 (86 400 s); ``Rtd`` of 2011 (cadence for 2011, default 30 s);
* converted to the series unit with the vocabulary's ``hj212_factor`` (Table B.1/B.2 unit → canonical unit);
  where the vocabulary marks the printed unit as doubtful (``hj212_factor is None``, e.g. PM ng/m³ in Table B.2)
  the value is NOT stored (UNVERIFIED unit) and stays in ``hj212_values``.

``DataTime`` of 2031/2051/2061 is the start of the period (Table 4), which is the store's convention.
Observations are written with ``source="hj212"`` and ``raw_id=None``: the store's ``raw_id`` points to its own
raw-record table; the frame is found in ``hj212_raw_frames`` through ``hj212_values`` (MN, CN, DataTime, item).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy.orm import Session

from ljeco.ingest.hj212.codes import code_2017
from ljeco.ingest.hj212.cp import measurements
from ljeco.ingest.hj212.sink import Received

#: CN → (value class stored, default period [s]) — HJ 212-2017 Table 9 / Table 4.
STORED: Final[dict[str, tuple[str, int]]] = {
    "2011": ("Rtd", 30),
    "2051": ("Avg", 600),
    "2061": ("Avg", 3600),
    "2031": ("Avg", 86_400),
}


#: (site code, factor code, interval [s], period start, value in the frame's unit, flag): one value of an accepted
#: frame that may go to the store; plain data, so that it can be made on the event loop and sent to a writer
#: process (``ljeco.ingest.hj212.commit_process``).
PendingObservation = tuple[str, str, int, datetime, float, str]


class ObservationAdapter:
    """Maps accepted frames to observation rows; caches series look-ups per (site, code, interval)."""

    def __init__(self, *, map_2005_codes: bool = False) -> None:
        self.map_2005_codes = map_2005_codes  # UNVERIFIED units, see ljeco.ingest.hj212.codes
        self._series: dict[tuple[str, str, int], tuple[int, float] | None] = {}

    def reset(self) -> None:
        """Forget cached series (after a rolled-back transaction that may have created some)."""
        self._series.clear()

    def _series_for(self, session: Session, site: str, code: str, interval: int) -> tuple[int, float] | None:
        key = (site, code, interval)
        if key in self._series:
            return self._series[key]
        from ljeco.core.errors import NotFoundError
        from ljeco.observations.catalog import ensure_series
        from ljeco.standards.parameters import by_hj212_code

        found: tuple[int, float] | None = None
        try:
            vocab = by_hj212_code(code)
            series = ensure_series(session, site=site, parameter=vocab.name, interval_s=interval)
        except NotFoundError:
            series = None
        if series is not None:
            if series.unit == (vocab.hj212_unit or vocab.unit):
                found = (series.id, 1.0)
            elif series.unit == vocab.unit and vocab.hj212_factor is not None:
                found = (series.id, vocab.hj212_factor)
        self._series[key] = found
        return found

    def rows(self, batch: Sequence[Received]) -> list[PendingObservation]:
        """The batch's storable values, before any catalogue look-up (pure: runs where frames are prepared)."""
        found: list[PendingObservation] = []
        for item in batch:
            frame, device = item.frame, item.device
            if item.verdict != "ok" or frame is None or device is None or not device.site_code:
                continue
            stored = STORED.get(frame.cn or "")
            moment = frame.data_time
            if stored is None or moment is None:
                continue
            kind, default_interval = stored
            interval = int(device.cadence.get(frame.cn or "", 0)) or default_interval
            for m in measurements(frame.cp):
                if m.kind != kind:
                    continue
                code = (code_2017(m.code) or m.code) if self.map_2005_codes else m.code
                found.append((device.site_code, code, interval, moment, m.value, m.flag or "N"))
        return found

    def write(self, session: Session, rows: Sequence[PendingObservation]) -> int:
        """Write ``rows`` (from :meth:`rows`) whose series the catalogue knows; returns how many were handed to
        the store."""
        from ljeco.observations.store import ObservationIn, write_observations

        records: list[Any] = []
        for site, code, interval, moment, value, flag in rows:
            target = self._series_for(session, site, code, interval)
            if target is None:
                continue
            series_id, factor = target
            records.append(ObservationIn(series_id, moment, value * factor, flag))
        if records:
            write_observations(session, records, source="hj212")
        return len(records)


__all__ = ["STORED", "ObservationAdapter", "PendingObservation"]
