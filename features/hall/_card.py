"""The monthly hall card: ``projection:hall:<guild>:<month>``, one message per month in the hall channel.

Its version is the database's transaction time in microseconds: the card sums other features' rows, which bump no
version of the hall's, so every refresh renders the month afresh (a few times a month), and a refresh that runs
twice edits the same message rather than posting another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from features.hall._jobs import HALL_REFRESH_SPEC, hall_month, hall_payload
from features.hall._render import render_hall_card
from features.hall._store import month_figures
from features.kernel import (
    GuildSettings,
    HallCategory,
    Services,
    fetch_guild_settings,
    month_bounds,
    month_day_keys,
    pairs_opted_in,
    parse_month_key,
    previous_month_key,
    zone,
)
from gateway import NO_MENTIONS
from gateway.i18n import default_translator
from gateway.projection import ProjectionKind, RefreshJob, Snapshot, Stamp
from store import Connection

_NOW: Final = "SELECT transaction_timestamp()"


def _valid_month(entity_id: str) -> bool:
    try:
        parse_month_key(entity_id)
    except ValueError:
        return False
    return True


async def _version(conn: Connection) -> tuple[int, dt.datetime]:
    now: dt.datetime = await conn.fetchval(_NOW)
    return int(now.timestamp() * 1_000_000), now


async def hall_stamp(conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
    """The card's channel (the hall channel now) and version; None without a hall channel or a month."""
    settings = await fetch_guild_settings(conn, guild_id)
    if settings.hall_channel_id is None or not _valid_month(entity_id):
        return None
    version, _ = await _version(conn)
    return Stamp(channel_id=settings.hall_channel_id, version=version)


async def load_hall(services: Services, conn: Connection, settings: GuildSettings, entity_id: str) -> Snapshot | None:
    """The card of month ``entity_id``, in the guild's language and timezone."""
    if settings.hall_channel_id is None or not _valid_month(entity_id):
        return None
    tz = zone(settings.timezone_or(services.default_timezone))
    shown = {category.value: await pairs_opted_in(conn, settings.guild_id, category) for category in HallCategory}
    figures = await month_figures(
        conn, settings.guild_id, bounds=month_bounds(entity_id, tz), days=month_day_keys(entity_id), shown=shown
    )
    version, now = await _version(conn)
    body = render_hall_card(entity_id, figures, now, locale=settings.locale, tr=default_translator()).to_payload()
    body["allowed_mentions"] = NO_MENTIONS
    return Snapshot(channel_id=settings.hall_channel_id, version=version, body=body)


async def month_just_ended(conn: Connection, guild_id: str) -> Sequence[str]:
    """What the monthly schedule shows: the month before the guild's current one."""
    settings = await fetch_guild_settings(conn, guild_id)
    return (previous_month_key(dt.datetime.now(dt.UTC), zone(settings.timezone)),)


HALL_REFRESH: Final = RefreshJob(
    spec=HALL_REFRESH_SPEC, payload=hall_payload, entity=hall_month, every=month_just_ended
)
#: One card per month in the hall channel.
HALL_CARD: Final = ProjectionKind(name="hall", version=hall_stamp, load=load_hall, refresh=HALL_REFRESH)
