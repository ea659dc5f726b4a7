"""The ``/date`` handlers: the picker, its selects, the ideas and saving one for the weekend."""

from __future__ import annotations

import datetime as dt

import msgspec
from babel.dates import format_date

from features.dates._content import default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._ids import parse_date_choice, parse_date_filters, parse_date_save_id
from features.dates._render import render_date_ideas, render_date_picker
from features.dates._store import NewDatePlan, save_date_plan
from features.kernel import (
    Services,
    configured_locale,
    member_pair,
    require_custom_id,
    require_guild_locale,
    weekend_date,
    zone,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator


def _format_weekend(day: dt.date, locale: Locale) -> str:
    return format_date(day, format="d MMMM", locale=locale)


async def open_picker(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/date``: the picker, as an ephemeral card."""
    locale = await require_guild_locale(interaction, services)
    await responder.send_card(render_date_picker(DateFilters(), locale=locale, tr=default_translator()).to_payload())


async def pick(services: Services, interaction: Interaction, responder: Responder) -> None:
    """An energy, budget or time select: the picker again with that choice (in place)."""
    locale = await configured_locale(interaction, services.guilds)
    value = interaction.values[0] if interaction.values else ""
    filters = require_custom_id(interaction, lambda custom_id: parse_date_choice(custom_id, value), locale=locale)
    await responder.update(render_date_picker(filters, locale=locale, tr=default_translator()).to_payload())


async def generate(services: Services, interaction: Interaction, responder: Responder) -> None:
    """"Show ideas": three ideas for the chosen filters (in place)."""
    locale = await configured_locale(interaction, services.guilds)
    filters = require_custom_id(interaction, parse_date_filters, locale=locale)
    ideas = pick_date_ideas(filters, default_date_ideas())
    card = render_date_ideas(filters, ideas, locale=locale, tr=default_translator())
    await responder.update(card.to_payload())


async def save(services: Services, interaction: Interaction, responder: Responder) -> None:
    """"Save for the weekend": one row per member, weekend and idea."""
    locale = await configured_locale(interaction, services.guilds)
    filters, key = require_custom_id(interaction, parse_date_save_id, locale=locale)
    # Only one of the three ideas these filters give can be saved: a forged key finds nothing.
    idea = next((i for i in pick_date_ideas(filters, default_date_ideas()) if i.key == key), None)
    guild_id = interaction.guild_id
    if idea is None or guild_id is None:
        raise Refusal("error.unknown_action", locale=locale)
    user_id = interaction.author_id
    settings = await services.guilds.get(guild_id)
    weekend = weekend_date(dt.datetime.now(dt.UTC), zone(settings.timezone_or(services.default_timezone)))
    async with services.pool.acquire() as conn:
        pair = await member_pair(conn, guild_id, interaction.channel_id, user_id)
        saved = await save_date_plan(
            conn,
            NewDatePlan(
                guild_id=guild_id, user_id=user_id, pair_id=None if pair is None else pair.id,
                weekend_date=weekend, energy=filters.energy.value, budget=filters.budget.value,
                time_window=filters.time.value, idea_key=idea.key, locale=locale,
                idea=msgspec.to_builtins(idea.words(locale)),
            ),
        )
    key_name = "date.reply.saved" if saved else "date.reply.already_saved"
    await responder.reply(default_translator().text(locale, key_name, date=_format_weekend(weekend, locale)))
