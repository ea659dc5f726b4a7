"""``/duel start``, ``/duel round start`` and ``/duel end`` (admin or moderator)."""

from __future__ import annotations

import logging

import interactions

from features.duels._errors import InvalidQuestion, InvalidRoundDuration
from features.duels._notices import perform_notices
from features.duels._render import question_line
from features.duels._rounds import duel_projections, finish_duel, open_round
from features.duels._rules import (
    MAX_QUESTION_LENGTH,
    MAX_ROUND_MINUTES,
    MIN_QUESTION_LENGTH,
    MIN_ROUND_MINUTES,
    validate_question,
    validate_round_duration,
)
from features.duels._store import active_duel, insert_duel
from features.kernel import (
    CHANNEL_POST_PERMISSIONS,
    Services,
    bump_guild_pair_versions,
    discord_timestamp,
    missing_permissions,
    parse_permissions,
    permission_names,
    require_admin_or_moderator,
)
from gateway import Interaction, Refusal, ResolvedChannel, Responder
from gateway.i18n import Locale, default_translator
from gateway.projection import request_refresh

logger = logging.getLogger(__name__)

#: Text and announcement channels: where a scoreboard message can live.
SCOREBOARD_CHANNEL_TYPES = (interactions.ChannelType.GUILD_TEXT, interactions.ChannelType.GUILD_NEWS)


def _scoreboard_channel(interaction: Interaction, locale: Locale) -> ResolvedChannel:
    """The ``public_channel`` option; refused when it is not a text channel, or the bot cannot post there
    (naming what lacks)."""
    channel = interaction.channel_option("public_channel")
    cached = None if channel is None else interaction.guild_channels.channel(channel.id)
    if channel is None or channel.type not in SCOREBOARD_CHANNEL_TYPES or cached is None:
        raise Refusal("duel.reply.channel_not_text", locale=locale)
    granted = parse_permissions(cached.bot_permissions)
    missing = missing_permissions(granted, CHANNEL_POST_PERMISSIONS)
    if missing:
        names = permission_names(missing, locale=locale, tr=default_translator())
        raise Refusal("duel.reply.cannot_post", locale=locale, channel=f"<#{channel.id}>", missing=names)
    return channel


async def start_duel(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/duel start public_channel``: one active duel per server; its scoreboard appears in the channel."""
    settings = await require_admin_or_moderator(interaction, services)
    guild_id, locale = settings.guild_id, settings.locale
    tr = default_translator()
    channel = _scoreboard_channel(interaction, locale)
    running = None
    async with services.pool.acquire() as conn, conn.transaction():
        duel = await insert_duel(conn, guild_id=guild_id, public_channel_id=channel.id)
        if duel is not None:
            # Every Pair Home panel now says a duel runs and the next round is coming.
            pair_ids = await bump_guild_pair_versions(conn, guild_id)
            await request_refresh(conn, duel_projections(guild_id, duel.id, pair_ids), reason="duel_start")
        else:
            running = await active_duel(conn, guild_id)
    if duel is None:
        where = f"<#{running.public_channel_id}>" if running is not None else f"<#{channel.id}>"
        raise Refusal("duel.reply.already_active", locale=locale, channel=where)
    logger.info("duel started", extra={"duel_id": str(duel.id)})
    await responder.reply(tr.text(locale, "duel.reply.started", channel=f"<#{duel.public_channel_id}>"))


async def start_round(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/duel round start duration_minutes [question]``: opens the next round with the moderator's question or
    one from the bank, and tells every pair in its room."""
    settings = await require_admin_or_moderator(interaction, services)
    guild_id, locale = settings.guild_id, settings.locale
    tr = default_translator()
    try:
        minutes = validate_round_duration(interaction.int_option("duration_minutes") or 0)
    except InvalidRoundDuration:
        raise Refusal("error.invalid_duration", locale=locale, min=MIN_ROUND_MINUTES, max=MAX_ROUND_MINUTES) from None
    given = interaction.str_option("question")
    try:
        question = None if given is None else validate_question(given)
    except InvalidQuestion:
        raise Refusal(
            "duel.reply.question_length", locale=locale, min=MIN_QUESTION_LENGTH, max=MAX_QUESTION_LENGTH
        ) from None
    await responder.defer()  # the notices below take one Discord call per pair room
    async with services.pool.acquire() as conn, conn.transaction():
        opening = await open_round(
            conn,
            guild_id,
            minutes,
            question=question,
            locale=locale,
            notices_backstop_after=services.effects.lease_seconds,
        )
    if opening.out_of_questions:
        raise Refusal("duel.reply.out_of_questions", locale=locale)
    if opening.duel is None or opening.round is None:
        raise Refusal("duel.reply.no_active_duel", locale=locale)
    if not opening.started:
        raise Refusal("duel.reply.round_already_active", locale=locale, round=opening.round.round_no)
    logger.info("duel round started", extra={"duel_id": str(opening.duel.id), "round_no": opening.round.round_no})
    notices = await perform_notices(services, list(opening.notice_ids))
    # A room that is gone or closed to the bot gets no notice (its Pair Home panel carries the same answer
    # button); a notice Discord was slow to take is still on its way, by the effects job.
    failed = [notice for notice in notices if notice.status in ("failed", "dead")]
    for notice in failed:
        logger.warning("round notice not delivered", extra={"effect_id": str(notice.id), "error": notice.last_error})
    text = tr.plural(
        locale,
        "duel.reply.round_started",
        len(notices) - len(failed),
        round=opening.round.round_no,
        ends=discord_timestamp(opening.round.ends_at),
    )
    text = f"{text}\n{question_line(opening.round.question, tr, locale)}"
    if any(not notice.done for notice in notices):
        text = f"{text}\n{tr.text(locale, 'effect.reply.pending')}"
    await responder.reply(text)


async def end_duel(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/duel end``: the duel ends, its open round closes, the scoreboard shows the final results."""
    settings = await require_admin_or_moderator(interaction, services)
    guild_id, locale = settings.guild_id, settings.locale
    tr = default_translator()
    async with services.pool.acquire() as conn, conn.transaction():
        duel = await finish_duel(conn, guild_id)
    if duel is None:
        raise Refusal("duel.reply.no_active_duel", locale=locale)
    logger.info("duel ended", extra={"duel_id": str(duel.id)})
    await responder.reply(tr.text(locale, "duel.reply.ended", channel=f"<#{duel.public_channel_id}>"))
