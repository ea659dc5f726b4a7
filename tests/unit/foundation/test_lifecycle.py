"""Shutdown runs every step once, in the manual's order, even when a step fails or hangs."""

from __future__ import annotations

import pytest

from together._lifecycle import Lifecycle, Service
from together.app import STOP_ACTORS, STOP_DISCORD, STOP_HTTP, STOP_JOBS, STOP_POOL

pytestmark = pytest.mark.anyio


def _recorder(log: list[str], name: str, *, fail: bool = False, hang: bool = False) -> Service:
    import anyio

    rank = {"jobs": STOP_JOBS, "actors": STOP_ACTORS, "pool": STOP_POOL, "discord": STOP_DISCORD, "http": STOP_HTTP}

    async def stop() -> None:
        log.append(name)
        if hang:
            await anyio.sleep_forever()
        if fail:
            raise RuntimeError(f"{name} broke")

    return Service(name, stop, rank[name], stop_timeout=0.05)


async def test_stop_order_follows_the_manual_not_the_start_order() -> None:
    log: list[str] = []
    lifecycle = Lifecycle()
    # Started in start-up order: HTTP first, then the pool, jobs, actors, Discord.
    for name in ("http", "pool", "jobs", "actors", "discord"):
        lifecycle.add(_recorder(log, name))
    assert await lifecycle.shutdown() is True
    assert log == ["jobs", "actors", "pool", "discord", "http"]
    assert lifecycle.stopped == log


async def test_a_failing_or_hanging_step_does_not_stop_the_rest() -> None:
    log: list[str] = []
    lifecycle = Lifecycle()
    lifecycle.add(_recorder(log, "http"))
    lifecycle.add(_recorder(log, "pool", fail=True))
    lifecycle.add(_recorder(log, "jobs", hang=True))
    assert await lifecycle.shutdown() is False
    assert log == ["jobs", "pool", "http"]
    assert lifecycle.failed == ["jobs", "pool"]
    assert lifecycle.stopped == ["http"]


async def test_shutdown_is_idempotent() -> None:
    log: list[str] = []
    lifecycle = Lifecycle()
    lifecycle.add(_recorder(log, "http"))
    assert await lifecycle.shutdown()
    assert await lifecycle.shutdown()
    assert log == ["http"]
