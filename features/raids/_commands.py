"""``/raid start|end|quests|progress`` and the progress card's buttons (features.md §4.2, §4.5, §4.7)."""

from __future__ import annotations

import datetime as dt
import uuid

import interactions

from features.kernel import (
    CHANNEL_POST_PERMISSIONS,
    Feature,
    GuildSettings,
    Services,
    member_pair,
    missing_permissions,
    parse_permissions,
    permission_names,
    require_admin_or_moderator,
    require_custom_id,
    require_feature,
    zone,
)
from features.raids._card import raid_numbers
from features.raids._ids import BoardAction, parse_board_id
from features.raids._lifecycle import end_running, ensure_offer, start_raid
from features.raids._quests import quest_catalogue
from features.raids._render import progress_text, render_quests
from features.raids._rules import DAILY_PAIR_CAP, DEFAULT_GOAL, MAX_GOAL, MIN_GOAL, OFFERS_PER_DAY, raid_day
from features.raids._store import Raid, active_raid, fetch_raid, pair_tally
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator

#: Text and announcement channels: where the progress card can live.
CARD_CHANNEL_TYPES = (interactions.ChannelType.GUILD_TEXT, interactions.ChannelType.GUILD_NEWS)


def _card_channel(interaction: Interaction, settings: GuildSettings) -> str:
    """The ``channel`` option, else the configured raid channel; refused unless the bot can post there."""
    locale = settings.locale
    chosen = interaction.channel_option("channel")
    if chosen is not None and chosen.type not in CARD_CHANNEL_TYPES:
        raise Refusal("raid.reply.channel_not_text", locale=locale)
    channel_id = chosen.id if chosen is not None else settings.raid_channel_id
    cached = None if channel_id is None else interaction.guild_channels.channel(channel_id)
    if channel_id is None or cached is None:
        raise Refusal("raid.reply.channel_unavailable", locale=locale)
    missing = missing_permissions(parse_permissions(cached.bot_permissions), CHANNEL_POST_PERMISSIONS)
    if missing:
        names = permission_names(missing, locale=locale, tr=default_translator())
        raise Refusal("raid.reply.cannot_post", locale=locale, channel=f"<#{channel_id}>", missing=names)
    return channel_id


def _timezone(services: Services, settings: GuildSettings) -> str:
    return settings.timezone_or(services.default_timezone)


async def start(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/raid start [channel] [goal]`` (admin or moderator): this week's raid, if none is running."""
    await require_admin_or_moderator(interaction, services)
    settings = await require_feature(interaction, services, Feature.RAID)
    locale = settings.locale
    goal = interaction.int_option("goal", min_value=MIN_GOAL, max_value=MAX_GOAL) or DEFAULT_GOAL
    channel_id = _card_channel(interaction, settings)
    async with services.pool.acquire() as conn, conn.transaction():
        started = await start_raid(
            conn, guild_id=settings.guild_id, channel_id=channel_id, goal=goal,
            timezone=_timezone(services, settings), now=dt.datetime.now(dt.UTC),
            started_by=interaction.author_id, once_a_week=False,
        )
    assert started.raid is not None
    if not started.created:
        raise Refusal("raid.reply.already_running", locale=locale, channel=f"<#{started.raid.channel_id}>")
    tr = default_translator()
    await responder.reply(
        tr.text(
            locale, "raid.reply.started", channel=f"<#{channel_id}>", goal=tr.plural(locale, "raid.points", goal)
        )
    )


async def end(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/raid end`` (admin or moderator): the running raid ends now; its card shows the final figures."""
    await require_admin_or_moderator(interaction, services)
    settings = await require_feature(interaction, services, Feature.RAID)
    async with services.pool.acquire() as conn, conn.transaction():
        ended = await end_running(conn, settings.guild_id)
    if ended is None:
        raise Refusal("raid.reply.no_active_raid", locale=settings.locale)
    text = default_translator().text(settings.locale, "raid.reply.ended", channel=f"<#{ended.channel_id}>")
    await responder.reply(text)


async def _running(services: Services, settings: GuildSettings, now: dt.datetime) -> Raid:
    async with services.pool.acquire() as conn:
        raid = await active_raid(conn, settings.guild_id)
    if raid is None or not raid.running_at(now):
        raise Refusal("raid.reply.no_active_raid", locale=settings.locale)
    return raid


async def _send_quests(
    services: Services, settings: GuildSettings, raid: Raid, now: dt.datetime, responder: Responder
) -> None:
    today = raid_day(now, zone(_timezone(services, settings)))
    async with services.pool.acquire() as conn, conn.transaction():
        keys = await ensure_offer(conn, raid, today)
    catalogue = quest_catalogue()
    quests = [catalogue[key] for key in keys if key in catalogue]
    card = render_quests(raid.id, today, quests, locale=settings.locale, tr=default_translator())
    await responder.send_card(card.to_payload())


async def quests(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/raid quests``: today's three quests with their claim buttons."""
    settings = await require_feature(interaction, services, Feature.RAID)
    now = dt.datetime.now(dt.UTC)
    await _send_quests(services, settings, await _running(services, settings, now), now, responder)


async def progress(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/raid progress``: the running raid's figures, for anyone."""
    settings = await require_feature(interaction, services, Feature.RAID)
    now = dt.datetime.now(dt.UTC)
    raid = await _running(services, settings, now)
    async with services.pool.acquire() as conn:
        numbers = await raid_numbers(conn, raid, now)
    await responder.reply(progress_text(numbers, locale=settings.locale, tr=default_translator()))


def rules_text(locale: Locale) -> str:
    """The rules, as the card's button and the Pair Home panel explain them."""
    return default_translator().text(locale, "raid.reply.rules", offers=OFFERS_PER_DAY, cap=DAILY_PAIR_CAP)


async def board_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The card's buttons: today's quests, my pair's contribution, the rules."""
    settings = await require_feature(interaction, services, Feature.RAID)
    locale = settings.locale
    action, raid_id = require_custom_id(interaction, parse_board_id, locale=locale)
    if action is BoardAction.RULES:
        await responder.reply(rules_text(locale))
        return
    now = dt.datetime.now(dt.UTC)
    if action is BoardAction.QUESTS:
        raid = await _running(services, settings, now)
        if raid.id != raid_id:
            raise Refusal("raid.reply.raid_over", locale=locale)
        await _send_quests(services, settings, raid, now, responder)
        return
    await responder.reply(await contribution_text(services, settings, interaction, raid_id, now))


async def contribution_text(
    services: Services, settings: GuildSettings, interaction: Interaction, raid_id: uuid.UUID, now: dt.datetime
) -> str:
    """"My pair's contribution": today's and the whole raid's points of the member's pair."""
    locale = settings.locale
    tr = default_translator()
    today = raid_day(now, zone(_timezone(services, settings)))
    async with services.pool.acquire() as conn:
        raid = await fetch_raid(conn, raid_id)
        pair = await member_pair(conn, settings.guild_id, interaction.channel_id, interaction.author_id)
        if raid is None or raid.guild_id != settings.guild_id:
            raise Refusal("raid.reply.raid_over", locale=locale)
        if pair is None:
            raise Refusal("raid.reply.no_pair", locale=locale)
        tally = await pair_tally(conn, raid.id, pair.id, today)
    if tally.week_points == 0 and tally.today_claims == 0:
        return tr.text(locale, "raid.reply.no_contribution")
    return tr.text(
        locale,
        "raid.reply.contribution",
        today=tr.plural(locale, "raid.points", tally.today_points),
        week=tr.plural(locale, "raid.points", tally.week_points),
        cap=DAILY_PAIR_CAP,
    )
