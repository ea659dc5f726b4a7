"""A raid's life: started (by the Monday schedule or a moderator), offered three quests a day, ended when its
week is over (or by a moderator). Each change is one transaction that also asks for the refreshes it shows:
the progress card and every Pair Home panel of the guild (their raid line).

Raids of a past week never block a new one: a start ends them first, under the guild's raid lock, so the
Monday start and end jobs may run in either order, late, or twice on two processes, and the week still gets
exactly one raid (the earlier version's every-other-week defect, features.md §16.2).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

import msgspec

from features.kernel import PAIR_HOME, bump_guild_pair_versions, zone
from features.raids._card import RAID_CARD
from features.raids._quests import quest_catalogue
from features.raids._rules import pick_quests, raid_day, raid_week
from features.raids._store import (
    Raid,
    active_raid,
    end_overdue_raids,
    end_raid,
    insert_raid,
    lock_guild_raids,
    raid_of_week,
    store_offer,
    stored_offer,
)
from gateway.projection import ProjectionRef, request_refresh
from store import Connection

logger = logging.getLogger(__name__)


class RaidStart(msgspec.Struct, frozen=True, kw_only=True):
    """What a start did: the raid now running (new or found), and the past weeks' raids it ended."""

    raid: Raid | None
    created: bool
    ended: tuple[Raid, ...] = ()


def raid_projections(guild_id: str, raids: Iterable[Raid], pair_ids: Iterable[uuid.UUID]) -> list[ProjectionRef]:
    """The cards of ``raids`` and the Pair Home panels of ``pair_ids``."""
    return [
        *(RAID_CARD.ref(guild_id, raid.id) for raid in raids),
        *(PAIR_HOME.ref(guild_id, pair_id) for pair_id in pair_ids),
    ]


async def ensure_offer(conn: Connection, raid: Raid, day: str) -> tuple[str, ...]:
    """The quest keys offered on ``day``: picked and stored on first use, then always the stored ones."""
    stored = await stored_offer(conn, raid.id, day)
    if stored is not None:
        return stored
    return await store_offer(conn, raid.id, day, pick_quests(str(raid.id), day, quest_catalogue()))


async def start_raid(
    conn: Connection,
    *,
    guild_id: str,
    channel_id: str,
    goal: int,
    timezone: str,
    now: dt.datetime,
    started_by: str | None,
    once_a_week: bool,
) -> RaidStart:
    """Start the guild's raid of the week containing ``now``.

    A running raid of this week is returned as it is (``created`` false). ``once_a_week`` (the schedule) also
    leaves a week alone that already had a raid a moderator ended; a moderator may start another.
    """
    await lock_guild_raids(conn, guild_id)
    ended = tuple(await end_overdue_raids(conn, guild_id, now))
    running = await active_raid(conn, guild_id)
    week = raid_week(now, zone(timezone))
    if running is None and once_a_week:
        running = await raid_of_week(conn, guild_id, week.key)
    if running is not None:
        if ended:
            await _announce(conn, guild_id, ended, reason="raid_end")
        return RaidStart(raid=running, created=False, ended=ended)
    raid = await insert_raid(
        conn, guild_id=guild_id, week_key=week.key, timezone=timezone, channel_id=channel_id, goal=goal,
        started_by=started_by, ends_at=week.ends_at,
    )
    await ensure_offer(conn, raid, raid_day(now, zone(timezone)))
    await _announce(conn, guild_id, (*ended, raid), reason="raid_start")
    logger.info("raid started", extra={"raid_id": str(raid.id), "week": week.key, "goal": goal})
    return RaidStart(raid=raid, created=True, ended=ended)


async def end_overdue(conn: Connection, guild_id: str, now: dt.datetime) -> tuple[Raid, ...]:
    """End the guild's raids whose week is over (the Monday end job)."""
    await lock_guild_raids(conn, guild_id)
    ended = tuple(await end_overdue_raids(conn, guild_id, now))
    if ended:
        await _announce(conn, guild_id, ended, reason="raid_end")
    return ended


async def end_running(conn: Connection, guild_id: str) -> Raid | None:
    """End the guild's active raid now (a moderator's ``/raid end``); None when none runs."""
    await lock_guild_raids(conn, guild_id)
    running = await active_raid(conn, guild_id)
    ended = None if running is None else await end_raid(conn, running.id)
    if ended is not None:
        await _announce(conn, guild_id, (ended,), reason="raid_end")
    return ended


async def offer_today(conn: Connection, guild_id: str, now: dt.datetime, timezone: str) -> bool:
    """Pick today's quests of the guild's running raid (the daily job); tell the Pair Home panels the day
    turned. False when no raid runs."""
    raid = await active_raid(conn, guild_id)
    if raid is None or not raid.running_at(now):
        return False
    await ensure_offer(conn, raid, raid_day(now, zone(timezone)))
    pair_ids = await bump_guild_pair_versions(conn, guild_id)
    await request_refresh(conn, raid_projections(guild_id, (), pair_ids), reason="raid_offers")
    return True


async def _announce(conn: Connection, guild_id: str, raids: Iterable[Raid], *, reason: str) -> None:
    pair_ids = await bump_guild_pair_versions(conn, guild_id)
    await request_refresh(conn, raid_projections(guild_id, raids, pair_ids), reason=reason)
