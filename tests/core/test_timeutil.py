from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from ljeco.core.timeutil import CST, cnemc_day, to_local, to_utc


def test_naive_is_local_time():
    assert to_utc(datetime(2022, 1, 4, 16, 0)) == datetime(2022, 1, 4, 8, 0, tzinfo=UTC)


def test_hour_24_closes_the_day():
    # CNEMC label "24:00" of 4 January is 00:00 of 5 January local time.
    assert cnemc_day(datetime(2022, 1, 5, 0, 0, tzinfo=CST)) == date(2022, 1, 4)
    assert cnemc_day(datetime(2022, 1, 4, 1, 0, tzinfo=CST)) == date(2022, 1, 4)
    # The same instant given in UTC (16:00 UTC of 4 January is 24:00 local).
    assert cnemc_day(datetime(2022, 1, 4, 16, 0, tzinfo=UTC)) == date(2022, 1, 4)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_local_utc_round_trip(moment):
    assert to_utc(to_local(moment)) == moment
