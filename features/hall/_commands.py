"""``/hall status|optin|optout`` (any member) and ``/hall publish-now`` (admin or moderator)."""

from __future__ import annotations

import datetime as dt

from features.hall._card import HALL_CARD
from features.hall._render import CATEGORIES, month_label, status_text
from features.kernel import (
    Feature,
    HallCategory,
    Services,
    member_opt_ins,
    month_key,
    require_admin_or_moderator,
    require_feature,
    set_opt_ins,
    zone,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import default_translator
from gateway.projection import request_refresh

#: The ``category`` option's value that stands for every category.
ALL = "all"


async def status(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Which tops the member may appear in."""
    settings = await require_feature(interaction, services, Feature.HALL)
    async with services.pool.acquire() as conn:
        opted = await member_opt_ins(conn, settings.guild_id, interaction.author_id)
    await responder.reply(status_text(opted, locale=settings.locale, tr=default_translator()))


async def _switch(services: Services, interaction: Interaction, responder: Responder, *, opted_in: bool) -> None:
    settings = await require_feature(interaction, services, Feature.HALL)
    chosen = interaction.str_option("category", required=True)
    if chosen != ALL and chosen not in {category.value for category in HallCategory}:
        raise Refusal("hall.reply.unknown_category", locale=settings.locale)
    categories = CATEGORIES if chosen == ALL else (HallCategory(chosen),)
    async with services.pool.acquire() as conn, conn.transaction():
        await set_opt_ins(conn, settings.guild_id, interaction.author_id, categories, opted_in=opted_in)
        opted = await member_opt_ins(conn, settings.guild_id, interaction.author_id)
    tr = default_translator()
    text = status_text(opted, locale=settings.locale, tr=tr)
    await responder.reply(f"{tr.text(settings.locale, 'hall.reply.updated')}\n\n{text}")


async def opt_in(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/hall optin category``: the member may appear in that top (a pair only when both partners chose it)."""
    await _switch(services, interaction, responder, opted_in=True)


async def opt_out(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/hall optout category``: the member's pair leaves that top."""
    await _switch(services, interaction, responder, opted_in=False)


async def publish_now(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/hall publish-now``: the card of the current month, shown (or brought up to date) at once."""
    await require_admin_or_moderator(interaction, services)
    settings = await require_feature(interaction, services, Feature.HALL)
    month = month_key(dt.datetime.now(dt.UTC), zone(settings.timezone_or(services.default_timezone)))
    async with services.pool.acquire() as conn, conn.transaction():
        await request_refresh(conn, [HALL_CARD.ref(settings.guild_id, month)], reason="publish_now")
    tr = default_translator()
    await responder.reply(
        tr.text(settings.locale, "hall.reply.publishing", month=month_label(month, settings.locale),
                channel=f"<#{settings.hall_channel_id}>")
    )
