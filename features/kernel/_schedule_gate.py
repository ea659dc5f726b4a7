"""The cron gate the bot runs with: a guild's schedule fires only while its owner feature is ready there.

Runs inside the cron scheduler's fire transaction (after the schedule's own ``/admin schedule`` switch), reading
the committed ``guild_settings`` row, so switching a feature off stops its schedules at their next due time in
every process, with nothing cached to go stale.
"""

from __future__ import annotations

from features.kernel._access import settings_values
from features.kernel._guild_settings import fetch_guild_settings
from features.kernel._schedules import schedule_may_fire
from store import Connection


async def feature_schedule_gate(conn: Connection, guild_id: str, schedule_name: str) -> bool:
    """Whether ``schedule_name``'s owner feature is on and configured in ``guild_id``."""
    settings = await fetch_guild_settings(conn, guild_id)
    return schedule_may_fire(schedule_name, settings.features, settings_values(settings))
