"""Per-guild schedule switches (``scheduler_settings``): a missing row means the schedule is on.

The cron scheduler reads the same rows in its fire transaction (:data:`store._job_cron.SCHEDULE_ACTIVE_SQL`),
so a switch takes effect at the next due time without any in-memory state to refresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from store import Connection

_SELECT: Final = "SELECT schedule_name, enabled FROM scheduler_settings WHERE guild_id = $1"
_UPSERT: Final = """
INSERT INTO scheduler_settings (guild_id, schedule_name, enabled) SELECT $1, name, $3 FROM unnest($2::text[]) AS name
ON CONFLICT (guild_id, schedule_name) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()
"""


async def fetch_schedule_switches(conn: Connection, guild_id: str, names: Iterable[str]) -> dict[str, bool]:
    """``{schedule name: on?}`` for ``names``; a schedule without a row is on."""
    stored = {row["schedule_name"]: bool(row["enabled"]) for row in await conn.fetch(_SELECT, guild_id)}
    return {name: stored.get(name, True) for name in names}


async def set_schedule_switches(conn: Connection, guild_id: str, names: Iterable[str], enabled: bool) -> None:
    """Switch every schedule of ``names`` on or off for ``guild_id``."""
    await conn.execute(_UPSERT, guild_id, list(names), enabled)
