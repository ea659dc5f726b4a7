"""Health of the worker and the cron loop follows their last database round: a loop that keeps failing (here:
the tables are missing) is unhealthy however alive its task is, and healthy again after a round succeeds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import anyio
import asyncpg
import pytest

from store import CronScheduler, JobContext, JobRegistry, JobSpec, ScheduledPayload, Worker, apply_migrations

pytestmark = pytest.mark.anyio

#: A job of these tests alone (not a feature's): due every minute, so a fresh guild has an occurrence to fire.
EVERY_MINUTE = JobSpec(
    name="test.health.tick", payload_type=ScheduledPayload, feature="test", action="tick", cron="* * * * *"
)


def _registry() -> JobRegistry:
    registry = JobRegistry((EVERY_MINUTE,))

    async def handle(payload: ScheduledPayload, ctx: JobContext) -> None:
        pass

    registry.set_handler(EVERY_MINUTE.name, handle)
    return registry


@pytest.fixture
async def empty_pool(empty_database_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(empty_database_url, min_size=1, max_size=4)
    assert pool is not None
    try:
        yield pool
    finally:
        await pool.close()


async def _until(predicate: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait for ``predicate`` (a hang guard, not a timing assertion)."""
    async with asyncio.timeout(limit):
        # Health is a flag read on demand, so there is no event to wait on.
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def _never_healthy_for(is_healthy: Callable[[], bool], seconds: float) -> None:
    # Several retry rounds (one a second): the verdict is not a blip between two attempts.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert not is_healthy()
        await asyncio.sleep(0.05)


async def test_worker_is_unhealthy_while_claims_fail_and_healthy_after_one_succeeds(
    empty_pool: asyncpg.Pool, empty_database_url: str
) -> None:
    worker = Worker(empty_pool, empty_database_url, _registry())
    await worker.start()
    try:
        await _until(lambda: not worker.is_healthy())
        await _never_healthy_for(worker.is_healthy, 2.5)
        await anyio.to_thread.run_sync(apply_migrations, empty_database_url)
        await _until(worker.is_healthy)
    finally:
        await worker.stop()


async def test_cron_is_unhealthy_while_ticks_fail_and_healthy_after_one_succeeds(
    empty_pool: asyncpg.Pool, empty_database_url: str
) -> None:
    cron = CronScheduler(empty_pool, _registry(), default_timezone="UTC")
    await cron.start()
    try:
        await _until(lambda: not cron.is_healthy())
        await _never_healthy_for(cron.is_healthy, 2.5)
        await anyio.to_thread.run_sync(apply_migrations, empty_database_url)
        await _until(cron.is_healthy)
    finally:
        await cron.stop()


async def test_a_bug_in_a_tick_is_retried_and_reported_instead_of_ending_the_cron_loop(
    db_pool: asyncpg.Pool,
) -> None:
    broken = True

    async def gate(conn: object, guild_id: str, schedule_name: str) -> bool:
        if broken:
            raise ValueError("a gate with a bug")
        return True

    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('9', 'UTC')")
    cron = CronScheduler(db_pool, _registry(), default_timezone="UTC", gate=gate)
    await cron.start()
    try:
        await _until(lambda: not cron.is_healthy())
        await _never_healthy_for(cron.is_healthy, 1.5)
        broken = False
        await _until(cron.is_healthy)
    finally:
        await cron.stop()
    # The occurrence the gate kept failing fired once it stopped raising.
    assert await db_pool.fetchval("SELECT count(*) FROM jobs WHERE name = $1", EVERY_MINUTE.name) >= 1
