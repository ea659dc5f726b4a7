"""Guild configuration read straight from Postgres on every call (the cache in front of it comes later)."""

from __future__ import annotations

import asyncpg

from store._guild_settings import GuildSettings, fetch_guild_settings


class PgGuildSettings:
    """``get(guild_id)`` reads the row each time: always current, one query per call."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def get(self, guild_id: str) -> GuildSettings:
        async with self._pool.acquire() as conn:
            return await fetch_guild_settings(conn, guild_id)
