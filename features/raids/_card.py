"""The progress card: one public message per raid, ``projection:raid_progress:<guild>:<raid>``.

Its version counts the raid row's version, the guild's opt-in changes and the days of the week begun, so the
ten-minute pass edits the card only when something it shows changed (a claim, the end, a new day's "days
left", a pair agreeing to be listed), never just because it ran.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Final

from features.kernel import GuildSettings, HallCategory, Services, opt_in_version, pairs_opted_in, zone
from features.raids._jobs import PROGRESS_SPEC, progress_entity, progress_payload
from features.raids._render import RaidCardView, RaidNumbers, render_progress_card
from features.raids._rules import TOP_PAIRS, days_elapsed, days_left
from features.raids._store import Raid, active_raid, fetch_raid, participants, top_pairs
from gateway import NO_MENTIONS
from gateway.i18n import default_translator
from gateway.projection import ProjectionKind, RefreshJob, Snapshot, Stamp
from store import Connection

#: Room in the version for the days of a week (1..8) under each raid row version.
_DAY_SLOTS: Final = 16


def card_version(raid: Raid, opt_ins: int, now: dt.datetime) -> int:
    """The card's version: grows with the raid row, the guild's opt-in changes (the top five may change) and
    every new day of its week."""
    return (raid.version + opt_ins) * _DAY_SLOTS + days_elapsed(now, raid.ends_at, zone(raid.timezone))


async def raid_numbers(conn: Connection, raid: Raid, now: dt.datetime) -> RaidNumbers:
    """The figures of ``raid`` at ``now``."""
    return RaidNumbers(
        raid_id=raid.id,
        status=raid.status,
        goal=raid.goal_points,
        progress=raid.progress_points,
        days_left=days_left(now, raid.ends_at, zone(raid.timezone)),
        participants=await participants(conn, raid.id),
        ends_at=raid.ends_at,
        top=await top_pairs(conn, raid.id, await pairs_opted_in(conn, raid.guild_id, HallCategory.RAID), TOP_PAIRS),
    )


async def _shown_raid(conn: Connection, guild_id: str, entity_id: str) -> Raid | None:
    try:
        raid_id = uuid.UUID(entity_id)
    except ValueError:
        return None
    raid = await fetch_raid(conn, raid_id)
    return None if raid is None or raid.guild_id != guild_id else raid


async def card_stamp(conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
    """The card's channel and version, nothing rendered."""
    raid = await _shown_raid(conn, guild_id, entity_id)
    if raid is None:
        return None
    version = card_version(raid, await opt_in_version(conn, guild_id), dt.datetime.now(dt.UTC))
    return Stamp(channel_id=raid.channel_id, version=version)


async def load_card(services: Services, conn: Connection, settings: GuildSettings, entity_id: str) -> Snapshot | None:
    """The card of raid ``entity_id`` as it is now, in the guild's language."""
    raid = await _shown_raid(conn, settings.guild_id, entity_id)
    if raid is None:
        return None
    now = dt.datetime.now(dt.UTC)
    view = RaidCardView(numbers=await raid_numbers(conn, raid, now), changed_at=raid.updated_at)
    body = render_progress_card(view, locale=settings.locale, tr=default_translator()).to_payload()
    body["allowed_mentions"] = NO_MENTIONS
    version = card_version(raid, await opt_in_version(conn, settings.guild_id), now)
    return Snapshot(channel_id=raid.channel_id, version=version, body=body)


async def running_raids(conn: Connection, guild_id: str) -> Sequence[str]:
    """What the ten-minute pass refreshes: the guild's active raid, if any."""
    raid = await active_raid(conn, guild_id)
    return () if raid is None else (str(raid.id),)


PROGRESS_REFRESH: Final = RefreshJob(
    spec=PROGRESS_SPEC, payload=progress_payload, entity=progress_entity, every=running_raids
)
#: The raid's public progress card in its channel.
RAID_CARD: Final = ProjectionKind(name="raid_progress", version=card_stamp, load=load_card, refresh=PROGRESS_REFRESH)
