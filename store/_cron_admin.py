"""The operator's reads of the per-guild cron: the guilds it evaluates (with their timezones) and the due time
each schedule last fired for each guild (``cron_fires``)."""

from __future__ import annotations

import datetime as dt
from typing import Final

import msgspec

from store._pool import Connection

_GUILDS: Final = """
SELECT guild_id, timezone FROM guild_settings WHERE ($1::text IS NULL OR guild_id = $1) ORDER BY guild_id
"""
_LAST_FIRES: Final = """
SELECT guild_id, schedule_name, max(due_at) AS due_at FROM cron_fires
WHERE ($1::text IS NULL OR guild_id = $1) GROUP BY guild_id, schedule_name
"""


class CronGuild(msgspec.Struct, frozen=True, kw_only=True):
    """A guild the cron fires schedules for; ``timezone`` None: the default timezone."""

    guild_id: str
    timezone: str | None


async def cron_guilds(conn: Connection, guild_id: str | None = None) -> list[CronGuild]:
    """The guilds the cron evaluates (every ``guild_settings`` row), or only ``guild_id`` when it is one."""
    return [CronGuild(guild_id=r["guild_id"], timezone=r["timezone"]) for r in await conn.fetch(_GUILDS, guild_id)]


async def last_fires(conn: Connection, guild_id: str | None = None) -> dict[tuple[str, str], dt.datetime]:
    """``{(guild, schedule): due time of the last occurrence fired}`` (a fire whose schedule was off counts:
    the occurrence was consumed)."""
    rows = await conn.fetch(_LAST_FIRES, guild_id)
    return {(r["guild_id"], r["schedule_name"]): r["due_at"] for r in rows}
