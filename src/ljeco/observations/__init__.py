"""The observation store: sites, parameters, series, observations, quality flags and rollups."""
