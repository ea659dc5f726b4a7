"""The raid's part of every Pair Home panel: the pair's points today and this week, and a button to today's
quests. Claims and confirmations bump the pair's version; a raid's start and end and the daily offers bump
every pair's (see :mod:`features.raids._lifecycle`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import msgspec

from features.kernel import (
    Button,
    ButtonStyle,
    Pair,
    PairHomePart,
    PairHomeSection,
    fetch_guild_settings,
    zone,
)
from features.raids._ids import BoardAction, board_id
from features.raids._rules import raid_day
from features.raids._store import active_raid, pair_tally
from gateway.i18n import Locale, Translator
from store import Connection


class PairHomeRaid(msgspec.Struct, frozen=True, kw_only=True):
    """The running raid as one pair sees it."""

    raid_id: uuid.UUID
    today_points: int
    week_points: int


async def load_raid_part(conn: Connection, pair: Pair) -> PairHomeRaid | None:
    """The guild's running raid and the pair's points in it; None when no raid runs."""
    raid = await active_raid(conn, pair.guild_id)
    now = dt.datetime.now(dt.UTC)
    if raid is None or not raid.running_at(now):
        return None
    settings = await fetch_guild_settings(conn, pair.guild_id)
    today = raid_day(now, zone(settings.timezone or raid.timezone))
    tally = await pair_tally(conn, raid.id, pair.id, today)
    return PairHomeRaid(raid_id=raid.id, today_points=tally.today_points, week_points=tally.week_points)


def render_raid_part(raid: PairHomeRaid | None, pair: Pair, locale: Locale, tr: Translator) -> PairHomePart:
    """"Raid: N points today, M this week" with a button to today's quests; a plain line when none runs."""
    if raid is None:
        return PairHomePart(line=tr.text(locale, "pair_home.raid.none"))
    line = tr.text(
        locale,
        "pair_home.raid.line",
        today=tr.plural(locale, "raid.points", raid.today_points),
        week=tr.plural(locale, "raid.points", raid.week_points),
    )
    button = Button(
        style=ButtonStyle.SECONDARY,
        label=tr.text(locale, "raid.button.quests"),
        custom_id=board_id(BoardAction.QUESTS, raid.raid_id),
    )
    return PairHomePart(line=line, button=button)


RAID_SECTION: Final = PairHomeSection(name="raid", load=load_raid_part, render=render_raid_part)
