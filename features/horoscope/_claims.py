"""A member's reading (features.md §5.5/§6.6 merged, without §16.12 and §16.13): the card's button opens an
ephemeral picker (sign, tone, situation); "show my reading" stores the member's first reading of the week and
shows it; every later press shows that same reading and sends nothing anywhere. A button of a past week's
card says that week is over and offers this week's."""

from __future__ import annotations

import datetime as dt

from features.horoscope._card import current_week
from features.horoscope._content import horoscope_content
from features.horoscope._ids import CardAction, PickField, parse_card_id, parse_claim_id, parse_pick_id
from features.horoscope._pair import pair_answer
from features.horoscope._reading import Choice, personal_reading
from features.horoscope._render import PickerState, render_picker, render_reading, render_week_over
from features.horoscope._rules import DEFAULT_SITUATION, DEFAULT_TONE, Tone
from features.horoscope._store import Reading, claim_reading, fetch_reading, fetch_sign, store_sign
from features.kernel import Feature, Services, require_custom_id, require_feature
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator


def about_text(locale: Locale) -> str:
    """"What is this?": the card, its buttons, and that it is a ritual, not a prediction."""
    tr = default_translator()
    return tr.text(
        locale, "horoscope.reply.about", read=tr.text(locale, "horoscope.button.read"),
        pair=tr.text(locale, "horoscope.button.pair"),
    )


def reading_text(guild_id: str, week: dt.date, reading: Reading, locale: Locale) -> str:
    choice = Choice(sign=reading.sign, tone=reading.tone, situation=reading.situation)
    return personal_reading(guild_id, week, choice, horoscope_content(), locale=locale, tr=default_translator())


def _check_choice(sign: str | None, situation: str, locale: Locale) -> None:
    """Bad input writes nothing: a sign or situation the content does not have is refused."""
    content = horoscope_content()
    if (sign is not None and content.sign(sign) is None) or content.situation(situation) is None:
        raise Refusal("horoscope.reply.bad_choice", locale=locale)


async def card_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The card's buttons: my reading (the picker, or the stored reading), the pair's reading, what is this."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    action, week = require_custom_id(interaction, parse_card_id, locale=locale)
    tr = default_translator()
    if action is CardAction.ABOUT:
        await responder.reply(about_text(locale))
        return
    current = current_week(services, settings)
    if week != current:
        await responder.send_card(render_week_over(current, locale=locale, tr=tr).to_payload())
        return
    if action is CardAction.PAIR:
        await responder.send_card((await pair_answer(services, settings, interaction, current)).to_payload())
        return
    guild_id = settings.guild_id
    async with services.pool.acquire() as conn:
        reading = await fetch_reading(conn, guild_id, current, interaction.author_id)
        sign = None if reading is not None else await fetch_sign(conn, guild_id, interaction.author_id)
    if reading is not None:
        note = tr.text(locale, "horoscope.reply.already_read")
        card = render_reading(reading_text(guild_id, current, reading, locale), note, locale=locale, tr=tr)
        await responder.send_card(card.to_payload())
        return
    state = PickerState(week=current, sign=sign, tone=DEFAULT_TONE, situation=DEFAULT_SITUATION)
    await responder.send_card(render_picker(state, horoscope_content(), locale=locale, tr=tr).to_payload())


async def pick(services: Services, interaction: Interaction, responder: Responder) -> None:
    """A picker select: the picker again with that choice (in place)."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    week, field, sign, tone, situation = require_custom_id(interaction, parse_pick_id, locale=locale)
    value = interaction.values[0] if interaction.values else ""
    _check_choice(sign, situation, locale)
    if field is PickField.SIGN:
        _check_choice(value, situation, locale)
    elif field is PickField.SITUATION:
        _check_choice(sign, value, locale)
    elif value not in tuple(Tone):
        raise Refusal("horoscope.reply.bad_choice", locale=locale)
    tr = default_translator()
    current = current_week(services, settings)
    if week != current:
        await responder.update(render_week_over(current, locale=locale, tr=tr).to_payload())
        return
    state = PickerState(week=week, sign=sign, tone=tone, situation=situation).with_pick(field, value)
    await responder.update(render_picker(state, horoscope_content(), locale=locale, tr=tr).to_payload())


async def claim(services: Services, interaction: Interaction, responder: Responder) -> None:
    """"Show my reading": the member's first reading of the week is stored (and their sign with it); any later
    press shows the stored one, whatever is picked now."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    week, sign, tone, situation = require_custom_id(interaction, parse_claim_id, locale=locale)
    _check_choice(sign, situation, locale)
    tr = default_translator()
    current = current_week(services, settings)
    if week != current:
        await responder.update(render_week_over(current, locale=locale, tr=tr).to_payload())
        return
    guild_id, user_id = settings.guild_id, interaction.author_id
    async with services.pool.acquire() as conn, conn.transaction():
        reading, created = await claim_reading(
            conn, guild_id, current, user_id, Reading(sign=sign, tone=tone, situation=situation)
        )
        if created:
            await store_sign(conn, guild_id, user_id, sign)
    note = None if created else tr.text(locale, "horoscope.reply.already_read")
    card = render_reading(reading_text(guild_id, current, reading, locale), note, locale=locale, tr=tr)
    await responder.update(card.to_payload())
