"""Pollution sources (污染源): the enterprise registry (一企一档), outlets and their limits, compliance from CEMS."""
