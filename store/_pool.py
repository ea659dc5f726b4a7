"""The asyncpg connection pool shared by every repository."""

from __future__ import annotations

from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from store._errors import DatabaseUnavailable

#: A connection as repositories accept it: a plain one or one lent by the pool.
Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"


async def create_pool(
    dsn: str, *, min_size: int = 1, max_size: int = 10, connect_timeout: float = 10.0
) -> asyncpg.Pool:
    """Open a pool and prove the database answers; raise :class:`DatabaseUnavailable` otherwise."""
    try:
        pool = await asyncpg.create_pool(
            dsn, min_size=min_size, max_size=max_size, timeout=connect_timeout, command_timeout=30
        )
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        raise DatabaseUnavailable(f"cannot connect to the database: {exc.__class__.__name__}") from exc
    assert pool is not None
    return pool


async def ping(pool: asyncpg.Pool) -> bool:
    """True when a pooled connection runs ``SELECT 1``; the caller bounds the time (``anyio.move_on_after``)."""
    try:
        async with pool.acquire() as conn:
            return bool(await conn.fetchval("SELECT 1") == 1)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
        return False
