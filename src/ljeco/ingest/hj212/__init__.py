"""HJ 212 (HJ/T 212-2005, HJ 212-2017, HJ 212-2025) codec, gateway and device registry."""
