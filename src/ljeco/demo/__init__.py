"""``ljeco demo``: fill the database with a region pack and its generated data, through the real ingest paths."""

from ljeco.demo.loader import DemoReport, load_demo

__all__ = ["DemoReport", "load_demo"]
