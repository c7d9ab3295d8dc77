"""The write path: idempotent upserts, corrections with history, latest pointer, dirty days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from ljeco.core.db import read_session, write_session
from ljeco.core.errors import ValidationError
from ljeco.observations.store import ObservationIn, WriteResult, store_raw, write_observations

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _rows(engine: Engine, table: str = "observations") -> list[tuple[object, ...]]:
    cols = {
        "observations": "series_id, t, value, flag, review",
        "observation_revisions": "series_id, t, value, flag",
        "obs_latest": "series_id, t",
        "rollup_dirty": "series_id, day",
    }[table]
    with read_session(engine) as s:
        return [tuple(r) for r in s.execute(text(f"SELECT {cols} FROM {table} ORDER BY 1, 2"))]


def test_insert_then_resend_is_unchanged(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    batch = [ObservationIn(sid, T0 + timedelta(hours=h), 10.0 + h) for h in range(5)]
    with write_session(obs_engine) as s:
        assert write_observations(s, batch, source="test") == WriteResult(5, 0, 0)
    with write_session(obs_engine) as s:
        assert write_observations(s, batch, source="test") == WriteResult(0, 0, 5)
    rows = _rows(obs_engine)
    assert len(rows) == 5
    assert rows[0] == (sid, int(T0.timestamp()), 10.0, "N", 0)
    assert _rows(obs_engine, "observation_revisions") == []


def test_correction_keeps_history(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    with write_session(obs_engine) as s:
        write_observations(
            s, [ObservationIn(sid, T0, 10.0), ObservationIn(sid, T0 + timedelta(hours=1), 11)], source="a"
        )
    with write_session(obs_engine) as s:
        res = write_observations(
            s,
            [ObservationIn(sid, T0, 12.5, "D"), ObservationIn(sid, T0 + timedelta(hours=1), 11)],
            source="b",
        )
    assert res == WriteResult(inserted=0, updated=1, unchanged=1)
    t = int(T0.timestamp())
    assert _rows(obs_engine)[0] == (sid, t, 12.5, "D", 0)
    assert _rows(obs_engine, "observation_revisions") == [(sid, t, 10.0, "N")]


def test_last_row_of_a_batch_wins_and_none_value(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_co_h"]
    with write_session(obs_engine) as s:
        res = write_observations(
            s,
            [
                {"series_id": sid, "time": T0, "value": 1.0},
                {"series_id": sid, "time": T0, "value": 2.0},
                {"series_id": sid, "time": T0 + timedelta(hours=1), "value": None, "flag": "d"},
            ],
            source="x",
        )
    assert res.inserted == 2
    rows = _rows(obs_engine)
    assert rows == [(sid, int(T0.timestamp()), 2.0, "N", 0), (sid, int(T0.timestamp()) + 3600, None, "D", 0)]


def test_latest_moves_forward_only(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    with write_session(obs_engine) as s:
        write_observations(s, [ObservationIn(sid, T0 + timedelta(hours=5), 1.0)], source="x")
        write_observations(s, [ObservationIn(sid, T0 + timedelta(hours=2), 1.0)], source="x")
    assert _rows(obs_engine, "obs_latest") == [(sid, int(T0.timestamp()) + 5 * 3600)]


def test_dirty_days_are_local_days(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    # 2024-01-01T15:00Z is 23:00 local (label 24:00 of 1 January); 16:00Z is 00:00 local on 2 January.
    local_day1 = int(datetime(2023, 12, 31, 16, tzinfo=UTC).timestamp())
    with write_session(obs_engine) as s:
        write_observations(
            s,
            [
                ObservationIn(sid, T0 + timedelta(hours=15), 1.0),
                ObservationIn(sid, T0 + timedelta(hours=16), 1.0),
            ],
            source="x",
        )
    assert _rows(obs_engine, "rollup_dirty") == [(sid, local_day1), (sid, local_day1 + 86400)]


def test_naive_time_is_refused(obs_engine: Engine, catalog: dict[str, int]) -> None:
    with write_session(obs_engine) as s, pytest.raises(ValidationError):
        write_observations(s, [ObservationIn(catalog["a1_pm25_h"], datetime(2024, 1, 1), 1.0)], source="x")


def test_raw_records_link(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    with write_session(obs_engine) as s:
        ids = store_raw(s, kind="file_row", origin="f.csv", rows=[(2, "A1,2024-01-01 01:00,10"), (3, "x")])
        write_observations(
            s,
            [ObservationIn(sid, T0, 10.0), ObservationIn(sid, T0 + timedelta(hours=1), 3.0)],
            source="f",
            raw_ids=ids,
        )
    with read_session(obs_engine) as s:
        got = (
            s.execute(
                text(
                    "SELECT r.content FROM observations o JOIN raw_records r ON r.id = o.raw_id ORDER BY o.t"
                )
            )
            .scalars()
            .all()
        )
    assert got == ["A1,2024-01-01 01:00,10", "x"]


batches = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from([1.0, 2.5, None, 7.0]), st.sampled_from(["N", "D"])),
    min_size=1,
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=batches, split=st.integers(0, 40))
def test_any_split_and_repeat_gives_same_table(
    obs_engine: Engine, catalog: dict[str, int], batch: list[tuple[int, float | None, str]], split: int
) -> None:
    sid = catalog["m1_pm25_h"]
    recs = [ObservationIn(sid, T0 + timedelta(hours=h), v, f) for h, v, f in batch]
    with write_session(obs_engine) as s:
        s.execute(text("DELETE FROM observations WHERE series_id = :s"), {"s": sid})
        write_observations(s, recs, source="once")
    once = [r for r in _rows(obs_engine) if r[0] == sid]
    with write_session(obs_engine) as s:
        s.execute(text("DELETE FROM observations WHERE series_id = :s"), {"s": sid})
        write_observations(s, recs[:split], source="split")
        write_observations(s, recs[split:], source="split")
        again = write_observations(s, recs, source="split")
    assert [r for r in _rows(obs_engine) if r[0] == sid] == once
    # Expected by hand: the last value per hour of the whole batch.
    last: dict[int, tuple[float | None, str]] = {}
    for h, v, f in batch:
        last[h] = (v, f)
    assert [(r[1], r[2], r[3]) for r in once] == [
        (int(T0.timestamp()) + h * 3600, v, f) for h, (v, f) in sorted(last.items())
    ]
    assert again.inserted == 0 and again.updated == 0
