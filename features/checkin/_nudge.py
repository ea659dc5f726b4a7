"""``weekly.checkin.nudge`` (Wednesday 12:00 in the guild's timezone, features.md §7.5): one reminder post per
guild and week in the public channel, and every Pair Home panel told (a pair that has checked in reads that
the reminder is not for it).

The guild's week is noted in ``checkin_nudges`` in the transaction that queues the post (keyed by guild and
week as well), so a second fire in the same week, on this process or another, queues nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Final

from features.checkin._render import render_nudge_post
from features.checkin._rules import checkin_week
from features.checkin._store import mark_nudged
from features.kernel import (
    PAIR_HOME,
    WEEKLY_RETRY,
    Effect,
    Feature,
    FeatureStatus,
    GuildSettings,
    bump_guild_pair_versions,
    evaluate_feature,
    feature_flags,
    produce_post,
    settings_values,
    zone,
)
from gateway.i18n import default_translator
from gateway.projection import request_refresh
from store import Connection, JobSpec, ScheduledPayload

logger = logging.getLogger(__name__)

#: The post kind of the weekly reminder.
NUDGE_KIND: Final = "checkin_nudge"


class CheckinNudge(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Remind the guild's pairs of this week's check-in."""


NUDGE: Final = JobSpec(
    name="weekly.checkin.nudge", payload_type=CheckinNudge, feature="checkin", action="nudge",
    retry=WEEKLY_RETRY, cron="0 12 * * 3",
)


def checkin_ready(settings: GuildSettings) -> bool:
    """The check-in is on and its public channel configured (a one-off ``jobs send`` is held to it too)."""
    state = evaluate_feature(Feature.CHECKIN, feature_flags(settings.features), settings_values(settings))
    return state.status is FeatureStatus.READY


async def nudge(conn: Connection, settings: GuildSettings, now: dt.datetime, default_timezone: str) -> bool:
    """Queue this week's reminder unless the guild had it; True when this call queued it."""
    channel_id = settings.public_post_channel_id
    if not checkin_ready(settings) or channel_id is None:
        return False
    week = checkin_week(now, zone(settings.timezone_or(default_timezone)))
    if not await mark_nudged(conn, settings.guild_id, week):
        return False
    await produce_post(
        conn, guild_id=settings.guild_id, kind=NUDGE_KIND, channel_id=channel_id, payload={"week_key": week},
        key=f"checkin-nudge:{settings.guild_id}:{week}",
    )
    pair_ids = await bump_guild_pair_versions(conn, settings.guild_id)
    await request_refresh(conn, [PAIR_HOME.ref(settings.guild_id, pair) for pair in pair_ids], reason="checkin_nudge")
    logger.info("check-in reminder queued", extra={"week": week, "pairs": len(pair_ids)})
    return True


def render_nudge(effect: Effect, settings: GuildSettings) -> str:
    """The reminder's post, worded when it is sent."""
    return render_nudge_post(week_key=str(effect.payload["week_key"]), locale=settings.locale, tr=default_translator())
