"""Quality judgements on stored data: surface water, black-odorous water, noise, groundwater and soil.

The service reads a site's (or every visible site's) values from the observation store into the same frames the
file CLI reads (:mod:`ljeco.modules.quality.reading`) and runs the pure engines of :mod:`ljeco.standards` on them,
so ``ljeco water assess FILE``, ``ljeco water assess --site`` and ``/api/v1/water/...`` give the same answer.

Site attributes the engines need
--------------------------------
* water section: ``water_target_class`` (水质目标, I–V); ``attributes["waterbody"]`` ``river`` (default) or
  ``lake`` (湖库: TP and TN rules); ``attributes["depth_cm"]`` for black-odorous transparency in shallow water;
* noise station: ``noise_zone_class`` (GB 3096-2008: 0, 1, 2, 3, 4a, 4b) — required;
* soil point: ``attributes["soil_land"]`` (``first``, ``second``, ``agricultural``), else derived from
  ``attributes["land_use"]`` (see :data:`LAND_USE_CATEGORY`); ``attributes["agri_land_use"]`` (GB 15618:
  ``paddy``, ``orchard``, ``other``, ``rotation``; default ``other``).

Every function takes ``user`` (scoped by :func:`ljeco.observations.queries.site_scope`; ``None`` is the local
operator of the CLI, unscoped) and local dates ``date_from`` … ``date_to`` inclusive.
"""

from __future__ import annotations

from ljeco.modules.quality.ground import LAND_USE_CATEGORY, groundwater_samples, soil_assessment, soil_land
from ljeco.modules.quality.noise import noise_days, noise_zones
from ljeco.modules.quality.water import (
    SectionResult,
    water_assessment,
    water_overall,
    water_samples,
    water_section_results,
)

__all__ = [
    "LAND_USE_CATEGORY",
    "SectionResult",
    "groundwater_samples",
    "noise_days",
    "noise_zones",
    "soil_assessment",
    "soil_land",
    "water_assessment",
    "water_overall",
    "water_samples",
    "water_section_results",
]
