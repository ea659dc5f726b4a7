"""``together seed``: idempotent loading of reference data.

Every step is an upsert, so running the command again changes nothing. Feature content (texts, quests, date
ideas) registers its loader in :data:`SEEDERS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg

from together.config import Settings

Seeder = Callable[[asyncpg.Pool, Settings], Awaitable[str]]


async def _configured_guilds(pool: asyncpg.Pool, settings: Settings) -> str:
    """Create the settings row of every guild the configuration names, so its schedules run."""
    guilds = set(settings.allowed_guild_ids or ())
    if settings.discord_guild_id is not None:
        guilds.add(settings.discord_guild_id)
    created = 0
    async with pool.acquire() as conn:
        for guild_id in sorted(guilds):
            status = await conn.execute(
                "INSERT INTO guild_settings (guild_id) VALUES ($1) ON CONFLICT (guild_id) DO NOTHING", guild_id
            )
            created += status == "INSERT 0 1"
    return f"guilds: {len(guilds)} configured, {created} new"


SEEDERS: list[Seeder] = [_configured_guilds]


async def seed_database(pool: asyncpg.Pool, settings: Settings) -> list[str]:
    """Run every seeder in order; return one summary line each."""
    return [await seeder(pool, settings) for seeder in SEEDERS]
