"""Platform-level pages.

The home page ``/`` is the dashboard (驾驶舱) of :mod:`ljeco.modules.monitoring.pages` (anonymous visitors get the
login form there); this module keeps the router hook for platform pages that belong to no module.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
