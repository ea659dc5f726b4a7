"""A pair's reading (DESIGN decision 3): made once a week from both partners' signs, stored, shown to either
partner, and posted into the pair room at most once a week when one of them asks (an effect keyed by pair and
week, so pressing twice, or both partners at once, posts one message)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Final

from features.horoscope._card import current_week
from features.horoscope._content import horoscope_content
from features.horoscope._ids import parse_week_id
from features.horoscope._reading import pair_reading
from features.horoscope._render import render_pair_post, render_reading, render_sign_prompt, render_week_over
from features.horoscope._store import PairReading, claim_pair_reading, fetch_pair_reading, fetch_sign, store_sign
from features.kernel import (
    Container,
    Effect,
    EffectKind,
    EffectRefused,
    Feature,
    GuildSettings,
    Services,
    TextDisplay,
    V2Message,
    member_pair,
    post_message,
    record_effect,
    require_custom_id,
    require_feature,
    validate_message,
)
from gateway import NO_MENTIONS, Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator

#: The effect that posts a pair's reading into its room.
SHARE_EFFECT: Final = "horoscope_pair_post"


def pair_text(guild_id: str, week: dt.date, reading: PairReading, locale: Locale) -> str:
    return pair_reading(guild_id, week, reading.signs, horoscope_content(), locale=locale, tr=default_translator())


def _note(text: str) -> V2Message:
    return validate_message(V2Message(components=(Container(components=(TextDisplay(content=text),)),)))


async def pair_answer(
    services: Services, settings: GuildSettings, interaction: Interaction, week: dt.date
) -> V2Message:
    """What the pair button shows: the pair's stored reading; else one made now from both signs; or the sign
    select when the member has none yet; or a note when the partner has none yet."""
    locale, guild_id, user_id = settings.locale, settings.guild_id, interaction.author_id
    tr = default_translator()
    async with services.pool.acquire() as conn, conn.transaction():
        pair = await member_pair(conn, guild_id, interaction.channel_id, user_id)
        if pair is None:
            raise Refusal("horoscope.reply.no_pair", locale=locale)
        reading = await fetch_pair_reading(conn, pair.id, week)
        if reading is None:
            signs = {member: await fetch_sign(conn, guild_id, member) for member in pair.members}
            partner = pair.user_high if pair.user_low == user_id else pair.user_low
            if signs[user_id] is None:
                return render_sign_prompt(week, horoscope_content(), locale=locale, tr=tr)
            low, high = signs[pair.user_low], signs[pair.user_high]
            if low is None or high is None:
                return _note(tr.text(locale, "horoscope.pair.partner_no_sign", partner=f"<@{partner}>"))
            reading = await claim_pair_reading(conn, guild_id, pair.id, week, low, high)
    return render_reading(pair_text(guild_id, week, reading, locale), share_week=week, locale=locale, tr=tr)


async def home_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Pair Home's horoscope button: this week's pair reading."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    week = current_week(services, settings)
    await responder.send_card((await pair_answer(services, settings, interaction, week)).to_payload())


async def pick_own_sign(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The pair reading's sign select: store the member's sign, then show what the pair button would."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    week = require_custom_id(interaction, lambda custom_id: parse_week_id(custom_id, "mysign"), locale=locale)
    sign = interaction.values[0] if interaction.values else ""
    if horoscope_content().sign(sign) is None:
        raise Refusal("horoscope.reply.bad_choice", locale=locale)
    current = current_week(services, settings)
    if week != current:
        await responder.update(render_week_over(current, locale=locale, tr=default_translator()).to_payload())
        return
    async with services.pool.acquire() as conn:
        await store_sign(conn, settings.guild_id, interaction.author_id, sign)
    await responder.update((await pair_answer(services, settings, interaction, week)).to_payload())


async def share(services: Services, interaction: Interaction, responder: Responder) -> None:
    """"Post it in our room": the pair's reading of this week, posted into the pair room once."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    week = require_custom_id(interaction, lambda custom_id: parse_week_id(custom_id, "share"), locale=locale)
    if week != current_week(services, settings):
        raise Refusal("horoscope.reply.share_week_over", locale=locale)
    async with services.pool.acquire() as conn, conn.transaction():
        pair = await member_pair(conn, settings.guild_id, interaction.channel_id, interaction.author_id)
        if pair is None:
            raise Refusal("horoscope.reply.no_pair", locale=locale)
        if await fetch_pair_reading(conn, pair.id, week) is None:
            raise Refusal("horoscope.reply.no_pair_reading", locale=locale)
        recorded = await record_effect(
            conn, guild_id=settings.guild_id, kind=SHARE_EFFECT, channel_id=pair.private_channel_id,
            payload={"asked_by": interaction.author_id},
            context={"pair_id": str(pair.id), "week": week.isoformat()},
            key=f"horoscope-pair:{pair.id}:{week.isoformat()}", backstop_after=services.effects.lease_seconds,
        )
    room = f"<#{pair.private_channel_id}>"
    tr = default_translator()
    if not recorded.queued and recorded.effect.status == "sent":
        await responder.reply(tr.text(locale, "horoscope.reply.already_shared", room=room))
        return
    effect = await services.effects.perform(services, recorded.effect.id)
    if effect.status in ("failed", "dead"):
        raise Refusal("horoscope.reply.room_unavailable", locale=locale, room=room)
    if effect.status != "sent":
        await responder.reply(tr.text(locale, "effect.reply.pending"))
        return
    key = "horoscope.reply.shared" if recorded.queued else "horoscope.reply.already_shared"
    await responder.reply(tr.text(locale, key, room=room))


async def _post_reading(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """Post the pair's stored reading, worded in the guild's language when it is sent."""
    week = dt.date.fromisoformat(str(effect.context["week"]))
    async with services.pool.acquire() as conn:
        reading = await fetch_pair_reading(conn, uuid.UUID(str(effect.context["pair_id"])), week)
    if reading is None:
        raise EffectRefused("the pair's reading is gone")
    locale = settings.locale
    text = pair_text(settings.guild_id, week, reading, locale)
    body = render_pair_post(text, str(effect.payload["asked_by"]), locale=locale, tr=default_translator())
    payload = body.to_payload()
    payload["allowed_mentions"] = NO_MENTIONS
    return await post_message(services, effect, effect.channel_id, payload)


SHARE: Final = EffectKind(name=SHARE_EFFECT, perform=_post_reading, feature=Feature.HOROSCOPE)
