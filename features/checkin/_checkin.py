"""``/checkin start``, Pair Home's check-in button, the agreement select and the score modal (features.md §7.2,
§7.3, without the defects of §16 items 17 and 22).

Every step runs only in the member's own pair room and for the guild's current week. Once the pair has a
check-in for the week, every step shows it (the agreement and the five scores) instead of asking again; a
second submit racing the first is answered with the first one's row (see :mod:`features.checkin._store`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from features.checkin._agreements import agreement_catalogue, agreement_text
from features.checkin._ids import parse_pick_id, parse_scores_id, parse_start_id
from features.checkin._render import CheckinView, invalid_fields, render_checkin, render_picker, render_score_modal
from features.checkin._rules import MAX_SCORE, MIN_SCORE, InvalidScores, checkin_week, parse_scores
from features.checkin._store import Checkin, checkin_of_week, store_checkin
from features.kernel import (
    PAIR_HOME,
    Feature,
    GuildSettings,
    Pair,
    Services,
    bump_pair_version,
    pair_for_room,
    pairs_of_member,
    require_custom_id,
    require_feature,
    zone,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator
from gateway.projection import request_refresh

logger = logging.getLogger(__name__)


def current_week(services: Services, settings: GuildSettings) -> str:
    """The guild's week now, in its timezone."""
    return checkin_week(dt.datetime.now(dt.UTC), zone(settings.timezone_or(services.default_timezone)))


def checkin_view(checkin: Checkin, locale: Locale) -> CheckinView:
    """A stored check-in as its card shows it to a reader of ``locale``."""
    return CheckinView(
        checkin_id=checkin.id, week_key=checkin.week_key, agreement=agreement_text(checkin.agreement_key, locale),
        scores=checkin.scores, submitted_by=checkin.submitted_by, created_at=checkin.created_at,
    )


async def _room_pair(services: Services, settings: GuildSettings, interaction: Interaction) -> Pair:
    """The member's pair whose room this is; refused elsewhere, pointing to their room when they have one."""
    locale = settings.locale
    async with services.pool.acquire() as conn:
        pair = await pair_for_room(conn, settings.guild_id, interaction.channel_id, interaction.author_id)
        if pair is not None:
            return pair
        pairs = await pairs_of_member(conn, settings.guild_id, interaction.author_id)
    if not pairs:
        raise Refusal("checkin.reply.no_pair", locale=locale)
    rooms = ", ".join(f"<#{pair.private_channel_id}>" for pair in pairs)
    raise Refusal("checkin.reply.run_in_pair_room", locale=locale, rooms=rooms)


async def _form_pair(
    services: Services, settings: GuildSettings, interaction: Interaction, pair_id: uuid.UUID, week: str
) -> Pair:
    """The pair a picker or modal was opened for, still this room's and this week's."""
    pair = await _room_pair(services, settings, interaction)
    if pair.id != pair_id:
        raise Refusal("checkin.reply.not_your_form", locale=settings.locale)
    if week != current_week(services, settings):
        raise Refusal("checkin.reply.week_over", locale=settings.locale)
    return pair


async def _show_stored(checkin: Checkin, status_key: str, locale: Locale, responder: Responder) -> None:
    tr = default_translator()
    status = tr.text(locale, status_key)
    card = render_checkin(checkin_view(checkin, locale), status=status, locale=locale, tr=tr)
    await responder.send_card(card.to_payload())


async def _open(services: Services, settings: GuildSettings, pair: Pair, responder: Responder) -> None:
    """This week's check-in if the pair has one, else the agreement picker."""
    week = current_week(services, settings)
    async with services.pool.acquire() as conn:
        stored = await checkin_of_week(conn, pair.id, week)
    if stored is not None:
        await _show_stored(stored, "checkin.status.already", settings.locale, responder)
        return
    agreements = tuple(agreement_catalogue().values())
    picker = render_picker(pair.id, week, agreements, locale=settings.locale, tr=default_translator())
    await responder.send_card(picker.to_payload())


async def start(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/checkin start``: in the member's own pair room, this week's check-in."""
    settings = await require_feature(interaction, services, Feature.CHECKIN)
    await _open(services, settings, await _room_pair(services, settings, interaction), responder)


async def start_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Pair Home's check-in button: the same, for the panel's own pair only."""
    settings = await require_feature(interaction, services, Feature.CHECKIN)
    pair_id = require_custom_id(interaction, parse_start_id, locale=settings.locale)
    pair = await _room_pair(services, settings, interaction)
    if pair.id != pair_id:
        raise Refusal("checkin.reply.not_your_form", locale=settings.locale)
    await _open(services, settings, pair, responder)


async def pick(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The agreement select: the score modal for the chosen agreement (or the check-in, if already done)."""
    settings = await require_feature(interaction, services, Feature.CHECKIN)
    locale = settings.locale
    ref = require_custom_id(interaction, parse_pick_id, locale=locale)
    pair = await _form_pair(services, settings, interaction, ref.pair_id, ref.week)
    async with services.pool.acquire() as conn:
        stored = await checkin_of_week(conn, pair.id, ref.week)
    if stored is not None:
        await _show_stored(stored, "checkin.status.already", locale, responder)
        return
    if len(interaction.values) != 1 or interaction.values[0] not in agreement_catalogue():
        raise Refusal("checkin.reply.unknown_agreement", locale=locale)
    modal = render_score_modal(pair.id, ref.week, interaction.values[0], locale=locale, tr=default_translator())
    await responder.open_modal(modal.to_payload())


async def submit(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The score modal: five whole numbers 1..10 stored once for the pair's week; anything else names the bad
    fields and stores nothing. A pair that already checked in is shown its check-in."""
    settings = await require_feature(interaction, services, Feature.CHECKIN)
    locale = settings.locale
    ref = require_custom_id(interaction, parse_scores_id, locale=locale)
    pair = await _form_pair(services, settings, interaction, ref.pair_id, ref.week)
    async with services.pool.acquire() as conn:
        earlier = await checkin_of_week(conn, pair.id, ref.week)
    if earlier is not None:
        # The partner was first: their check-in stands, and this member's answers were never asked for.
        await _show_stored(earlier, "checkin.status.already", locale, responder)
        return
    if ref.agreement_key not in agreement_catalogue():
        raise Refusal("checkin.reply.unknown_agreement", locale=locale)
    try:
        scores = parse_scores(interaction.fields)
    except InvalidScores as invalid:
        names = invalid_fields(invalid.fields, locale=locale, tr=default_translator())
        raise Refusal("checkin.reply.invalid_scores", locale=locale, fields=names, min=MIN_SCORE,
                      max=MAX_SCORE) from None
    assert ref.agreement_key is not None  # parse_scores_id always reads it
    async with services.pool.acquire() as conn, conn.transaction():
        stored = await store_checkin(
            conn, guild_id=settings.guild_id, pair_id=pair.id, week_key=ref.week, agreement_key=ref.agreement_key,
            scores=scores, submitted_by=interaction.author_id,
        )
        if stored.created:
            await bump_pair_version(conn, pair.id)
            await request_refresh(conn, [PAIR_HOME.ref(settings.guild_id, pair.id)], reason="checkin_saved")
    logger.info(
        "check-in submitted",
        extra={"checkin_id": str(stored.checkin.id), "checkin_created": stored.created, "week": ref.week},
    )
    status = "checkin.status.saved" if stored.created else "checkin.status.already"
    await _show_stored(stored.checkin, status, locale, responder)
