"""The watchdog over the real HTTP server: ``/livez`` fails when the event loop was blocked (the watchdog thread
logs where it was stuck) and recovers, fails when the heartbeat stops, and the heartbeat line carries its stats."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import anyio
import pytest

from telemetry import Watchdog
from telemetry.http import HealthChecks, HealthServer

pytestmark = pytest.mark.anyio


async def _no_db() -> bool:
    return True


@asynccontextmanager
async def _serving(dog: Watchdog) -> AsyncIterator[str]:
    checks = HealthChecks(version="t", db=_no_db, discord=lambda: True, boss=lambda: True, liveness=dog.liveness)
    server = HealthServer(checks, host="127.0.0.1", port=0)
    await dog.start()
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}/livez"
    finally:
        await server.stop()
        await dog.stop()


async def _livez(url: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        body = await response.json()
        assert isinstance(body, dict)
        return response.status, body


async def _livez_until(url: str, status: int, limit: float = 15.0) -> dict[str, object]:
    """Poll ``/livez`` until it answers ``status`` (a hang guard, not a timing assertion)."""
    with anyio.fail_after(limit):
        while True:
            got, body = await _livez(url)
            if got == status:
                return body
            await anyio.sleep(0.05)


def _block_the_loop_until_reported(caplog: pytest.LogCaptureFixture, limit: float = 15.0) -> None:
    """Block the event loop (this runs on it) until the watchdog thread has logged the block."""
    deadline = time.monotonic() + limit
    while not any(r.getMessage().startswith("event loop blocked") for r in caplog.records):
        assert time.monotonic() < deadline, "the watchdog thread never reported the blocked loop"
        time.sleep(0.01)  # blocking the loop is the point


async def test_livez_fails_when_the_loop_was_blocked_then_recovers(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="telemetry._watchdog")
    dog = Watchdog(heartbeat_interval=60.0, max_block=0.3, stall_memory=2.0, tick_interval=0.02)
    async with _serving(dog) as url:
        status, body = await _livez(url)
        assert status == 200 and body["ok"] is True and body["loop"] == "ok"

        _block_the_loop_until_reported(caplog)
        (report,) = [r for r in caplog.records if r.getMessage().startswith("event loop blocked")]
        assert report.levelno == logging.ERROR and report.threadName == "together-watchdog"
        # Where the loop was stuck: this very function.
        assert "_block_the_loop_until_reported" in report.__dict__["stack"]

        # The probe answered after the block hears about it...
        status, body = await _livez(url)
        assert status == 503 and body["ok"] is False and body["loop"] == "blocked" and body["heartbeat"] == "ok"
        reasons = body["reasons"]
        assert isinstance(reasons, list) and reasons and str(reasons[0]).startswith("event loop")
        # ...and, once the loop has run for a while, liveness comes back by itself.
        body = await _livez_until(url, 200)
        assert body["loop"] == "ok" and body["stall_s"] is None
    assert any(r.getMessage().startswith("event loop runs again after") for r in caplog.records)


async def test_livez_fails_when_the_heartbeat_stops_and_the_line_carries_the_stats(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="telemetry._watchdog")

    async def stats() -> dict[str, object]:
        return {"jobs_running": 2, "jobs_due": 5, "actors_active": 3}

    dog = Watchdog(stats, heartbeat_interval=0.1, max_block=5.0)
    async with _serving(dog) as url:
        await _livez_until(url, 200)
        beats = [r for r in caplog.records if r.getMessage() == "heartbeat"]
        assert beats, "the first heartbeat is logged at start"
        line = beats[0].__dict__
        assert (line["jobs_running"], line["jobs_due"], line["actors_active"]) == (2, 5, 3)
        assert isinstance(line["loop_lag_ms"], float) and isinstance(line["uptime_s"], float)

        await dog.heartbeat.stop()  # the heartbeat task dies; the loop itself is fine
        body = await _livez_until(url, 503)
        assert body["heartbeat"] == "stopped" and body["loop"] == "ok"
