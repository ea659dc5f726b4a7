"""``together seed``: idempotent loading of reference data.

Every step is an upsert or a read, so running the command again changes nothing. Feature content (texts,
quests, date ideas) registers its loader in :data:`SEEDERS`.

The mediator and ``/date`` content (``gateway/domain/content/*.toml``) is not copied into Postgres: the files
ship with the code that interprets them (placeholders, exactly four repair steps, the filter values), the
rules read them from there, and a copy in the database that nothing reads would only drift. Seeding reads and
validates them, so a broken file fails the deploy's seed step (exit 1, naming the file) before anything is
written, instead of the first ``/say`` after the release.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg

from gateway.domain import CONTENT_DIR, SayTone, load_content
from gateway.i18n import LOCALES
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


async def _validated_content(pool: asyncpg.Pool, settings: Settings) -> str:
    """Read and validate the content files every locale's texts come from (nothing is written)."""
    content = load_content(CONTENT_DIR)
    templates = sum(len(content.say.templates(locale).for_tone(tone)) for locale in LOCALES for tone in SayTone)
    return (
        f"content: {len(content.date_ideas)} date ideas, {templates} /say templates, "
        f"{len(content.repair_steps)} repair steps ({', '.join(LOCALES)}) valid"
    )


SEEDERS: list[Seeder] = [_validated_content, _configured_guilds]


async def seed_database(pool: asyncpg.Pool, settings: Settings) -> list[str]:
    """Run every seeder in order; return one summary line each."""
    return [await seeder(pool, settings) for seeder in SEEDERS]
