"""``together seed``: idempotent loading of reference data.

Every step is an upsert or a read, so running the command again changes nothing.

Each feature's content (``features/<feature>/content/*.toml``: date ideas, ``/say`` templates, repair steps) is
not copied into Postgres: the files ship with the code that interprets them (placeholders, exactly four
repair steps, the filter values), the rules read them from there, and a copy in the database that nothing reads
would only drift. Seeding runs every feature's content check (``host.add_content_check``), so a broken file
fails the deploy's seed step (exit 1, naming the file) before anything is written, instead of the first
``/say`` after the release.
"""

from __future__ import annotations

import asyncpg

from features import install_features
from features.kernel import FeatureHost
from together.config import Settings


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


def validated_content() -> str:
    """Run every feature's content check (nothing is written); raise ``ContentError`` on the first bad file."""
    host = install_features(FeatureHost())
    return "content: " + "; ".join(check() for check in host.content_checks) + " valid"


async def seed_database(pool: asyncpg.Pool, settings: Settings) -> list[str]:
    """Validate the content, then create the configured guilds; return one summary line each."""
    return [validated_content(), await _configured_guilds(pool, settings)]
