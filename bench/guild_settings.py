"""Guild settings reads: the LISTEN-invalidated cache against a Postgres read per call (the reader it replaced).

Run ``python -m bench.guild_settings`` (``DATABASE_URL`` = an admin DSN of a server allowed to create
databases; unset: an embedded PostgreSQL in a temporary folder). Measures, on one fresh database:

- reads per second and mean microseconds per ``get`` of one guild, cached vs a query each time;
- cross-process staleness: a write through one pool, then how long until a cache on another pool (another
  "process") serves it (milliseconds from the committed write; p50 / p95 / max over repeated writes).

The last line printed is one JSON object with every number.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import asyncpg

from bench._common import admin_server, create_database, percentile, with_database
from features.kernel import GuildSettingsCache, fetch_guild_settings, update_guild_settings
from store import apply_migrations

GUILD = "100000000000000001"
READS = 5000
WRITES = 100


async def _reads(cache: GuildSettingsCache, pool: asyncpg.Pool) -> dict[str, float]:
    await cache.get(GUILD)
    start = time.perf_counter()
    for _ in range(READS):
        await cache.get(GUILD)
    cached = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(READS):
        async with pool.acquire() as conn:
            await fetch_guild_settings(conn, GUILD)
    direct = time.perf_counter() - start
    return {
        "cached_reads_per_s": round(READS / cached),
        "cached_us_per_read": round(cached / READS * 1e6, 2),
        "query_reads_per_s": round(READS / direct),
        "query_us_per_read": round(direct / READS * 1e6, 1),
    }


async def _staleness(writer: asyncpg.Pool, reader: GuildSettingsCache) -> dict[str, float]:
    delays: list[float] = []
    for i in range(WRITES):
        zone = "UTC" if i % 2 else "Europe/Berlin"
        await reader.get(GUILD)  # the reader holds a copy before each write
        async with writer.acquire() as conn:
            await update_guild_settings(conn, GUILD, {"timezone": zone})
        committed = time.perf_counter()
        while (await reader.get(GUILD)).timezone != zone:  # noqa: ASYNC110 - the NOTIFY arrives by itself
            await asyncio.sleep(0)
        delays.append((time.perf_counter() - committed) * 1000)
    return {
        "stale_ms_p50": round(percentile(delays, 50), 3),
        "stale_ms_p95": round(percentile(delays, 95), 3),
        "stale_ms_max": round(max(delays), 3),
    }


async def run(dsn: str) -> dict[str, Any]:
    """Every measurement on the database at ``dsn`` (migrated here)."""
    await asyncio.to_thread(apply_migrations, dsn)
    pool_a = await asyncpg.create_pool(dsn, min_size=2, max_size=4)
    pool_b = await asyncpg.create_pool(dsn, min_size=2, max_size=4)
    assert pool_a is not None and pool_b is not None
    cache_a, cache_b = GuildSettingsCache(pool_a, dsn), GuildSettingsCache(pool_b, dsn)
    await cache_a.start()
    await cache_b.start()
    try:
        async with pool_a.acquire() as conn:
            await update_guild_settings(conn, GUILD, {"locale": "ru"})
        return {"reads": READS, "writes": WRITES, **await _reads(cache_a, pool_a), **await _staleness(pool_a, cache_b)}
    finally:
        await cache_a.stop()
        await cache_b.stop()
        await pool_a.close()
        await pool_b.close()


def main() -> None:
    with admin_server() as admin:
        database = create_database(admin, "bench_guild")
        print(json.dumps(asyncio.run(run(with_database(admin, database)))), flush=True)


if __name__ == "__main__":
    main()
