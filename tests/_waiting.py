"""Waiting in tests for what another task or process does: poll, with a hang guard rather than a timing
assertion (how long a step takes is measured by ``bench/``, never here)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

#: How long a step may take on a loaded 2-core machine before a test gives up (not a performance bound).
PATIENCE = 60.0


async def until(
    probe: Callable[[], Awaitable[T | None]], what: str, *, patience: float = PATIENCE, interval: float = 0.05
) -> T:
    """Poll ``probe`` until it returns something truthy and return that; fail naming ``what`` after
    ``patience`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(interval)


async def until_holds(predicate: Callable[[], object], *, within: float = 10.0, what: str = "the condition") -> None:
    """:func:`until` for a predicate that reads in-process state (no I/O of its own)."""

    async def probe() -> bool:
        return bool(predicate())

    await until(probe, what, patience=within, interval=0.02)
