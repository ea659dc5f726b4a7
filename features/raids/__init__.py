"""Weekly raids: a cooperative goal for the whole server every week, three quests a day, claims the partner
confirms, a live progress card and the raid's line on every Pair Home panel (features.md §4)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import interactions

from features.kernel import (
    Feature,
    FeatureHost,
    FeatureStatus,
    GuildSettings,
    bind,
    component,
    evaluate_feature,
    feature_flags,
    fetch_guild_settings,
    option,
    settings_values,
    subcommand,
)
from features.raids._card import RAID_CARD
from features.raids._claims import PROMPT, claim_quest, confirm_claim
from features.raids._commands import CARD_CHANNEL_TYPES, board_button, end, progress, quests, start
from features.raids._jobs import OFFERS_GENERATE, WEEK_END, WEEK_START, RaidOffersGenerate, RaidWeekEnd, RaidWeekStart
from features.raids._lifecycle import end_overdue, offer_today, start_raid
from features.raids._pair_home import RAID_SECTION
from features.raids._quests import check_quest_content
from features.raids._rules import DEFAULT_GOAL, MAX_GOAL, MIN_GOAL
from gateway.i18n import register_catalog
from store import JobContext

register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)

logger = logging.getLogger(__name__)


def _ready(settings: GuildSettings) -> bool:
    """The raid feature is on and its channel configured (a one-off ``jobs send`` is held to it too)."""
    state = evaluate_feature(Feature.RAID, feature_flags(settings.features), settings_values(settings))
    return state.status is FeatureStatus.READY


def install(host: FeatureHost) -> None:
    """Declare the raid commands, buttons, jobs, progress card, claim prompt and Pair Home section."""

    async def week_start(payload: RaidWeekStart, ctx: JobContext) -> None:
        services = host.services
        async with services.pool.acquire() as conn, conn.transaction():
            settings = await fetch_guild_settings(conn, payload.guild_id)
            if not _ready(settings) or settings.raid_channel_id is None:
                logger.info("raid start skipped: the raid feature is not ready", extra={"guild_id": payload.guild_id})
                return
            started = await start_raid(
                conn, guild_id=payload.guild_id, channel_id=settings.raid_channel_id, goal=DEFAULT_GOAL,
                timezone=settings.timezone_or(services.default_timezone), now=dt.datetime.now(dt.UTC),
                started_by=None, once_a_week=True,
            )
        logger.info(
            "weekly raid start",
            extra={"raid_created": started.created, "ended": len(started.ended),
                   "raid_id": None if started.raid is None else str(started.raid.id)},
        )

    async def week_end(payload: RaidWeekEnd, ctx: JobContext) -> None:
        async with host.services.pool.acquire() as conn, conn.transaction():
            ended = await end_overdue(conn, payload.guild_id, dt.datetime.now(dt.UTC))
        logger.info("weekly raid end", extra={"ended": len(ended)})

    async def offers(payload: RaidOffersGenerate, ctx: JobContext) -> None:
        services = host.services
        async with services.pool.acquire() as conn, conn.transaction():
            settings = await fetch_guild_settings(conn, payload.guild_id)
            offered = _ready(settings) and await offer_today(
                conn, payload.guild_id, dt.datetime.now(dt.UTC), settings.timezone_or(services.default_timezone)
            )
        logger.info("raid offers", extra={"offered": offered})

    channel = option(
        "raid.start.option.channel",
        interactions.OptionType.CHANNEL,
        required=False,
        channel_types=list(CARD_CHANNEL_TYPES),
    )
    goal = option(
        "raid.start.option.goal", interactions.OptionType.INTEGER, required=False, min_value=MIN_GOAL,
        max_value=MAX_GOAL,
    )
    host.add_command(
        subcommand("raid", "start", bind(host, start, feature="raids", action="start"), options=[channel, goal])
    )
    host.add_command(subcommand("raid", "end", bind(host, end, feature="raids", action="end")))
    host.add_command(subcommand("raid", "quests", bind(host, quests, feature="raids", action="quests")))
    host.add_command(subcommand("raid", "progress", bind(host, progress, feature="raids", action="progress")))
    host.add_command(
        component("raid_claim", bind(host, claim_quest, feature="raids", action="claim"), prefix="t1:raid:claim:")
    )
    host.add_command(
        component(
            "raid_confirm", bind(host, confirm_claim, feature="raids", action="confirm"), prefix="t1:raid:confirm:"
        )
    )
    on_board = bind(host, board_button, feature="raids", action="board.button")
    for action in ("quests", "mine", "rules"):
        host.add_command(component(f"raid_{action}", on_board, prefix=f"t1:raid:{action}:"))
    host.add_control_hint("t1:raid:", "raid.hint.outdated")
    host.add_job(WEEK_START, week_start)
    host.add_job(WEEK_END, week_end)
    host.add_job(OFFERS_GENERATE, offers)
    host.add_projection(RAID_CARD)
    host.add_effect_kind(PROMPT)
    host.add_pair_home_section(RAID_SECTION)
    host.add_content_check(check_quest_content)
