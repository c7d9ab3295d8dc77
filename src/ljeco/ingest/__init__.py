"""Ingest paths: HJ 212 devices and files."""
