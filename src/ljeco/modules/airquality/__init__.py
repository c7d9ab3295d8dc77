"""Air quality on stored data: the air engine (:mod:`ljeco.standards.air`) fed from the observation store.

* :mod:`.reading` — hourly values of air stations over a period, one query, into the engine's hourly frame.
* :mod:`.service` — hourly AQI, daily statistics, HJ 663 assessment of stations and the city, the current AQI of
  every station and the good-day summary of a year (keyword-only functions; the plan cockpit and the dashboard
  call these).
* :mod:`.api` — ``/api/v1/air/...``.

The store path hands the engine exactly the frame the file CLI reads (``station,time,so2,…,pm25``; local CNEMC
end-of-hour labels), so the file, store and API paths compute the same figures. Rules and choices:
``docs/standards/air.md`` ("From the store and the API").
"""
