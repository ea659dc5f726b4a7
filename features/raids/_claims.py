"""Claim, then the partner confirms (features.md §4.6, on the guild's day and with every double press answered).

A member of a pair claims one of today's quests once their pair has done it; the claim is stored and its
confirmation prompt is an effect recorded in the same transaction (``raid_claim_prompt``), posted in the pair
room right after the commit, or by the effects job if this process dies first. Only the other partner can
confirm; the confirmation counts the quest against the pair's daily cap, moves the raid's progress, and turns
the prompt into a note of what counted.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any, Final

from features.kernel import (
    PAIR_HOME,
    Effect,
    EffectKind,
    EffectRefused,
    Feature,
    GuildSettings,
    Services,
    bump_pair_version,
    fetch_pair,
    member_pair,
    post_message,
    record_effect,
    require_custom_id,
    require_feature,
    zone,
)
from features.raids._card import RAID_CARD
from features.raids._ids import parse_claim_id, parse_confirm_id
from features.raids._lifecycle import ensure_offer
from features.raids._quests import quest_catalogue, quest_title
from features.raids._render import PromptView, render_claim_prompt, render_settled_prompt
from features.raids._rules import ClaimStatus, apply_daily_cap, raid_day
from features.raids._store import (
    Claim,
    add_pair_day,
    add_progress,
    fetch_claim,
    fetch_raid,
    forget_pending_claim,
    insert_claim,
    lock_claim,
    lock_pair_day,
    settle_claim,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator
from gateway.projection import request_refresh
from store import Connection

logger = logging.getLogger(__name__)

#: The effect that posts a claim's confirmation prompt in the pair room.
PROMPT_EFFECT: Final = "raid_claim_prompt"


def _prompt_view(claim: Claim, partner_id: str, locale: Locale) -> PromptView:
    return PromptView(
        claim_id=claim.id,
        claimer_id=claim.claimed_by,
        partner_id=partner_id,
        quest_title=quest_title(claim.quest_key, locale),
        points=claim.points,
    )


async def claim_quest(services: Services, interaction: Interaction, responder: Responder) -> None:
    """A claim button: today's quest, for the member's pair, once a day; the partner gets the prompt."""
    settings = await require_feature(interaction, services, Feature.RAID)
    locale = settings.locale
    ref = require_custom_id(interaction, parse_claim_id, locale=locale)
    now = dt.datetime.now(dt.UTC)
    today = raid_day(now, zone(settings.timezone_or(services.default_timezone)))
    async with services.pool.acquire() as conn, conn.transaction():
        raid = await fetch_raid(conn, ref.raid_id)
        if raid is None or raid.guild_id != settings.guild_id or not raid.running_at(now):
            raise Refusal("raid.reply.raid_over", locale=locale)
        if ref.day != today:
            raise Refusal("raid.reply.offer_expired", locale=locale)
        pair = await member_pair(conn, settings.guild_id, interaction.channel_id, interaction.author_id)
        if pair is None:
            raise Refusal("raid.reply.no_pair", locale=locale)
        quest = quest_catalogue().get(ref.quest_key)
        if quest is None or quest.key not in await ensure_offer(conn, raid, today):
            raise Refusal("raid.reply.not_offered", locale=locale)
        claim = await insert_claim(
            conn, raid_id=raid.id, day=today, pair_id=pair.id, quest_key=quest.key, points=quest.points,
            user_id=interaction.author_id,
        )
        if claim is None:
            raise Refusal("raid.reply.already_claimed", locale=locale, quest=quest.words(locale).title)
        partner = pair.user_high if pair.user_low == interaction.author_id else pair.user_low
        recorded = await record_effect(
            conn, guild_id=settings.guild_id, kind=PROMPT_EFFECT, channel_id=pair.private_channel_id,
            payload={"partner_id": partner}, context={"claim_id": str(claim.id)}, key=f"raid-claim:{claim.id}",
            backstop_after=services.effects.lease_seconds,
        )
        await bump_pair_version(conn, pair.id)
        await request_refresh(conn, [PAIR_HOME.ref(settings.guild_id, pair.id)], reason="raid_claim")
    logger.info("raid quest claimed", extra={"raid_id": str(raid.id), "quest": quest.key, "claim_id": str(claim.id)})
    await responder.defer()  # the prompt is a Discord call, maybe a slow one: answer within 3 s first
    effect = await services.effects.perform(services, recorded.effect.id)
    room = f"<#{pair.private_channel_id}>"
    tr = default_translator()
    if effect.status in ("failed", "dead"):
        raise Refusal("raid.reply.room_unavailable", locale=locale, room=room)
    if effect.status != "sent":
        await responder.reply(tr.text(locale, "effect.reply.pending"))
        return
    await responder.reply(tr.text(locale, "raid.reply.claimed", quest=quest.words(locale).title, room=room))


async def confirm_claim(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The partner's confirm button: counts the quest (within the daily cap) and settles the prompt."""
    settings = await require_feature(interaction, services, Feature.RAID)
    locale = settings.locale
    claim_id = require_custom_id(interaction, parse_confirm_id, locale=locale)
    now = dt.datetime.now(dt.UTC)
    async with services.pool.acquire() as conn, conn.transaction():
        claim = await lock_claim(conn, claim_id)
        raid = None if claim is None else await fetch_raid(conn, claim.raid_id)
        if claim is None or raid is None or raid.guild_id != settings.guild_id:
            raise Refusal("raid.reply.claim_gone", locale=locale)
        pair = await fetch_pair(conn, claim.pair_id)
        if pair is None or pair.status != "active" or not pair.has_member(interaction.author_id):
            raise Refusal("raid.reply.not_your_claim", locale=locale)
        if interaction.author_id == claim.claimed_by:
            raise Refusal("raid.reply.confirm_own", locale=locale)
        if claim.status is not ClaimStatus.PENDING:
            raise Refusal("raid.reply.already_confirmed", locale=locale)
        if not raid.running_at(now):
            raise Refusal("raid.reply.raid_over", locale=locale)
        earned = await lock_pair_day(conn, raid.id, claim.day_key, pair.id)
        outcome = apply_daily_cap(earned, claim.points)
        await settle_claim(
            conn, claim.id, status=outcome.status, applied=outcome.applied, confirmed_by=interaction.author_id
        )
        if outcome.applied:
            await add_pair_day(conn, raid.id, claim.day_key, pair.id, outcome.applied)
        await add_progress(conn, raid.id, outcome.applied)  # a capped claim still adds a participant
        await bump_pair_version(conn, pair.id)
        await request_refresh(
            conn,
            [RAID_CARD.ref(settings.guild_id, raid.id), PAIR_HOME.ref(settings.guild_id, pair.id)],
            reason="raid_confirm",
        )
    logger.info(
        "raid claim confirmed",
        extra={"claim_id": str(claim.id), "applied": outcome.applied, "status": outcome.status.value},
    )
    view = _prompt_view(claim, interaction.author_id, locale)
    settled = render_settled_prompt(view, interaction.author_id, outcome, locale=locale, tr=default_translator())
    await responder.update(settled.to_payload())


async def _post_prompt(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """Post the prompt, worded when it is sent; refused once the claim is gone or no longer waits."""
    async with services.pool.acquire() as conn:
        claim = await fetch_claim(conn, _claim_of(effect))
    if claim is None or claim.status is not ClaimStatus.PENDING:
        raise EffectRefused("the claim no longer waits for its partner")
    partner = str(effect.payload["partner_id"])
    body = render_claim_prompt(
        _prompt_view(claim, partner, settings.locale), locale=settings.locale, tr=default_translator()
    ).to_payload()
    # The partner is the one who has to act: the prompt pings them, and nobody else.
    body["allowed_mentions"] = {"users": [partner]}
    return await post_message(services, effect, effect.channel_id, body)


async def _forget_claim(conn: Connection, effect: Effect) -> None:
    """The prompt could not be posted (the room is gone or closed to the bot): the claim is withdrawn, so the
    pair can claim the quest again instead of waiting for a prompt that will never come."""
    claim = await forget_pending_claim(conn, _claim_of(effect))
    if claim is not None:
        await bump_pair_version(conn, claim.pair_id)
        await request_refresh(conn, [PAIR_HOME.ref(effect.guild_id, claim.pair_id)], reason="raid_claim_withdrawn")


def _claim_of(effect: Effect) -> uuid.UUID:
    return uuid.UUID(str(effect.context["claim_id"]))


PROMPT: Final = EffectKind(name=PROMPT_EFFECT, perform=_post_prompt, gave_up=_forget_claim, feature=Feature.RAID)
