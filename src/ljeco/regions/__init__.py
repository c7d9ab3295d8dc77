"""Region packs: a district's places, monitoring network and enterprises as validated data files.

>>> region = load_region("liangjiang")
>>> region.site("1427A").name
'礼嘉'
"""

from ljeco.regions.loader import Problem, available_regions, check_region, load_region
from ljeco.regions.models import (
    AdminUnit,
    Enterprise,
    Frame,
    Outlet,
    Pollutant,
    Region,
    Site,
    WaterBody,
    Zone,
)

__all__ = [
    "AdminUnit",
    "Enterprise",
    "Frame",
    "Outlet",
    "Pollutant",
    "Problem",
    "Region",
    "Site",
    "WaterBody",
    "Zone",
    "available_regions",
    "check_region",
    "load_region",
]
