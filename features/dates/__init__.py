"""``/date``: pick energy, budget and time, get three deterministic ideas, save one for the weekend.

The picker and the ideas live in one ephemeral message that each select or button replaces; every component
carries the current filters in its custom id, so no state is kept between clicks. Saving is the only write:
one row per member, weekend and idea (a second save of the same idea changes nothing and says so).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Final

import interactions
import msgspec
from babel.dates import format_date

from features.dates._content import check_date_content, default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._ids import parse_date_choice, parse_date_filters, parse_date_save_id
from features.dates._render import render_date_ideas, render_date_picker
from features.dates._store import NewDatePlan, save_date_plan
from features.kernel import (
    FeatureHost,
    command,
    component,
    member_pair,
    require_custom_id,
    require_guild_locale,
    send_card,
    weekend_date,
    zone,
)
from gateway import Refusal, interaction_handler, reply, update_message
from gateway.i18n import Locale, default_translator, register_catalog

__all__ = ("FEATURE", "install")

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

FEATURE: Final = "date"


def _format_weekend(day: dt.date, locale: Locale) -> str:
    return format_date(day, format="d MMMM", locale=locale)


def install(host: FeatureHost) -> None:
    """Declare ``/date``, its selects and its buttons, and the check of its content."""
    host.add_content_check(check_date_content)

    @interaction_handler(feature=FEATURE, action="open", locale_of=host.locale_of)
    async def open_picker(ctx: Any) -> None:
        locale = await require_guild_locale(ctx, host.services)
        await send_card(ctx, render_date_picker(DateFilters(), locale=locale, tr=default_translator()))

    @interaction_handler(feature=FEATURE, action="pick", locale_of=host.locale_of)
    async def pick(ctx: Any) -> None:
        locale = await host.locale_of(ctx)
        value = ctx.values[0] if ctx.values else ""
        filters = require_custom_id(ctx, lambda custom_id: parse_date_choice(custom_id, value), locale=locale)
        await update_message(ctx, render_date_picker(filters, locale=locale, tr=default_translator()).to_payload())

    @interaction_handler(feature=FEATURE, action="generate", locale_of=host.locale_of)
    async def generate(ctx: Any) -> None:
        locale = await host.locale_of(ctx)
        filters = require_custom_id(ctx, parse_date_filters, locale=locale)
        ideas = pick_date_ideas(filters, default_date_ideas())
        card = render_date_ideas(filters, ideas, locale=locale, tr=default_translator())
        await update_message(ctx, card.to_payload())

    @interaction_handler(feature=FEATURE, action="save", locale_of=host.locale_of)
    async def save(ctx: Any) -> None:
        services = host.services
        locale = await host.locale_of(ctx)
        filters, key = require_custom_id(ctx, parse_date_save_id, locale=locale)
        # Only one of the three ideas these filters give can be saved: a forged key finds nothing.
        idea = next((i for i in pick_date_ideas(filters, default_date_ideas()) if i.key == key), None)
        if idea is None or ctx.guild_id is None:
            raise Refusal("error.unknown_action", locale=locale)
        guild_id, user_id = str(ctx.guild_id), str(ctx.author_id)
        settings = await services.guilds.get(guild_id)
        weekend = weekend_date(dt.datetime.now(dt.UTC), zone(settings.timezone_or(services.default_timezone)))
        async with services.pool.acquire() as conn:
            pair = await member_pair(conn, guild_id, str(ctx.channel_id), user_id)
            saved = await save_date_plan(
                conn,
                NewDatePlan(
                    guild_id=guild_id, user_id=user_id, pair_id=None if pair is None else pair.id,
                    weekend_date=weekend, energy=filters.energy.value, budget=filters.budget.value,
                    time_window=filters.time.value, idea_key=idea.key, locale=locale,
                    idea=msgspec.to_builtins(idea.text(locale)),
                ),
            )
        key_name = "date.reply.saved" if saved else "date.reply.already_saved"
        await reply(ctx, default_translator().text(locale, key_name, date=_format_weekend(weekend, locale)))

    host.add_command(command("date", open_picker))
    host.add_command(interactions.ComponentCommand(name="date_pick", callback=pick,
                                                   listeners=[re.compile(r"^t1:date:(energy|budget|time):")]))
    host.add_command(component("date_generate", generate, prefix="t1:date:generate:"))
    host.add_command(component("date_save", save, prefix="t1:date:save:"))
