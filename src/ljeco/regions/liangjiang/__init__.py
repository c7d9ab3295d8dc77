"""regions/liangjiang."""
