"""Running asyncio programs of the platform (the HJ 212 gateway and its load generator).

``run`` uses uvloop (libuv: sockets, timers and callbacks in C) where it is installed, which is a dependency on
Linux and macOS; elsewhere, or with ``fast=False``, the standard event loop. Measured on the gateway at 5,000
frames/s with 2,000 connections (bench/results/hj212.md): the p99 answer latency fell from ~180 ms to ~100 ms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_name(*, fast: bool = True) -> str:
    """``uvloop`` or ``asyncio``: the loop :func:`run` would use."""
    if fast:
        try:
            import uvloop  # noqa: F401
        except ImportError:
            return "asyncio"
        return "uvloop"
    return "asyncio"


def run(main: Coroutine[Any, Any, T], *, fast: bool = True) -> T:
    """``asyncio.run(main)`` on uvloop when available and ``fast``."""
    if loop_name(fast=fast) == "uvloop":
        import uvloop

        return uvloop.run(main)
    return asyncio.run(main)


__all__ = ["loop_name", "run"]
