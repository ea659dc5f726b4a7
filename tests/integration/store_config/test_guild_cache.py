"""The guild settings cache: copies served while LISTEN is up, invalidated across processes, safe after a
lost connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import asyncpg
import pytest

from features.kernel._guild_cache import GuildSettingsCache
from features.kernel._guild_settings import set_guild_features, update_guild_settings

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"


@pytest.fixture
async def second_pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    """A second pool on the same database: what another bot process would hold."""
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
    assert pool is not None
    try:
        yield pool
    finally:
        await pool.close()


async def _until(predicate: Callable[[], bool], within: float = 10.0) -> None:
    async def wait() -> None:
        while not predicate():  # noqa: ASYNC110 - polling a condition another task changes
            await asyncio.sleep(0.01)

    await asyncio.wait_for(wait(), within)


class CountingPool:
    """A pool wrapper counting how many connections reads borrow (i.e. how many reads hit Postgres).

    It stands in for an ``asyncpg.Pool``, a concrete class with no protocol to satisfy: hence the
    ``type: ignore[arg-type]`` where a cache takes it."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.reads = 0

    def acquire(self) -> object:
        self.reads += 1
        return self.pool.acquire()


async def test_a_write_through_one_process_is_seen_by_the_other(
    db_pool: asyncpg.Pool, second_pool: asyncpg.Pool, database_url: str
) -> None:
    first, second = GuildSettingsCache(db_pool, database_url), GuildSettingsCache(second_pool, database_url)
    await first.start()
    await second.start()
    try:
        assert (await first.get(GUILD)).locale == "ru"
        assert (await second.get(GUILD)).locale == "ru"  # both now hold a copy
        async with db_pool.acquire() as conn:
            await update_guild_settings(conn, GUILD, {"locale": "en"})
        first.invalidate(GUILD)  # the writer's own read-your-writes
        assert (await first.get(GUILD)).locale == "en"

        async def second_sees_it() -> None:
            while (await second.get(GUILD)).locale != "en":  # noqa: ASYNC110 - the NOTIFY arrives on its own
                await asyncio.sleep(0.01)

        await asyncio.wait_for(second_sees_it(), 10)
        async with second_pool.acquire() as conn:
            await set_guild_features(conn, GUILD, {"raid": True})
        await _until(lambda: GUILD not in first._copies)
        assert (await first.get(GUILD)).features == {"raid": True}
    finally:
        await first.stop()
        await second.stop()


async def test_copies_are_served_without_a_query_until_invalidated(db_pool: asyncpg.Pool, database_url: str) -> None:
    counting = CountingPool(db_pool)
    cache = GuildSettingsCache(counting, database_url)  # type: ignore[arg-type]
    await cache.start()
    try:
        first = await cache.get(GUILD)
        for _ in range(5):
            assert await cache.get(GUILD) is first
        assert counting.reads == 1
        cache.invalidate(GUILD)
        await cache.get(GUILD)
        assert counting.reads == 2
    finally:
        await cache.stop()


async def test_a_reconnect_drops_every_copy_and_a_stopped_cache_always_reads(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    counting = CountingPool(db_pool)
    cache = GuildSettingsCache(counting, database_url)  # type: ignore[arg-type]
    await cache.start()
    try:
        await cache.get(GUILD)  # hold a copy, so only the update's own notification can drop it
        async with db_pool.acquire() as conn:
            await update_guild_settings(conn, GUILD, {"timezone": "Asia/Tokyo"})

        async def notified() -> None:
            while (await cache.get(GUILD)).timezone != "Asia/Tokyo":  # noqa: ASYNC110 - the NOTIFY arrives on its own
                await asyncio.sleep(0.01)

        # Waiting for the notification (not invalidating by hand) means it cannot arrive late and drop the copy below.
        await asyncio.wait_for(notified(), 10)
        # A change that sends no notification (as if it had been missed) is not seen while listening...
        await db_pool.execute("UPDATE guild_settings SET timezone = 'Europe/Berlin' WHERE guild_id = $1", GUILD)
        assert (await cache.get(GUILD)).timezone == "Asia/Tokyo"
        # ...but losing the LISTEN connection (the server ends it) drops every copy once it is back.
        listener = cache._listener
        assert listener is not None
        await db_pool.execute("SELECT pg_terminate_backend($1)", listener.get_server_pid())
        await _until(lambda: cache.listening and cache._listener is not listener)
        replacement = cache._listener
        for _ in range(10):
            await asyncio.sleep(0)  # let any late termination callback of the old connection run
        assert cache.listening and cache._listener is replacement  # closing the old one is not a new loss
        assert (await cache.get(GUILD)).timezone == "Europe/Berlin"
    finally:
        await cache.stop()
    reads = counting.reads
    await cache.get(GUILD)
    await cache.get(GUILD)
    assert counting.reads == reads + 2  # not listening: nothing is cached


async def test_a_read_racing_an_invalidation_is_returned_but_not_kept(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    class RacingPool(CountingPool):
        """A notification for the guild arrives while each read is in flight."""

        def acquire(self) -> object:
            cache.invalidate(GUILD)
            return super().acquire()

    cache = GuildSettingsCache(RacingPool(db_pool), database_url)  # type: ignore[arg-type]
    await cache.start()
    try:
        assert (await cache.get(GUILD)).guild_id == GUILD
        assert GUILD not in cache._copies
    finally:
        await cache.stop()
