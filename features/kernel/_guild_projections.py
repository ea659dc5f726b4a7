"""The single-message projections a guild shows, so a change that affects all of them (the language) can
re-render each one."""

from __future__ import annotations

from typing import Final

from store import Connection

_KEYS: Final = "SELECT projection_key FROM projection_messages WHERE guild_id = $1 ORDER BY projection_key"


async def guild_projection_keys(conn: Connection, guild_id: str) -> list[str]:
    """Keys (``<kind>:<guild>:<entity>``) of every projection message of ``guild_id``."""
    return [row["projection_key"] for row in await conn.fetch(_KEYS, guild_id)]
