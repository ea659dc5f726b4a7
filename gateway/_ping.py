"""``/ping``: defer ephemerally, then edit the reply to a localized "pong" (no database)."""

from __future__ import annotations

from typing import Any

import interactions

from gateway._handler import interaction_handler, require_reply
from gateway._i18n import translate


@interaction_handler(feature="ping", action="invoke")
async def ping(ctx: Any) -> None:
    """Answer ``/ping`` in the guild's language (the user's when outside a guild)."""
    locale = ctx.guild_locale if ctx.guild_id is not None else ctx.locale
    await ctx.defer(ephemeral=True)
    require_reply(await ctx.send(translate("ping.reply", locale), ephemeral=True), "the /ping reply")


def ping_command() -> interactions.SlashCommand:
    """The ``/ping`` slash command, descriptions localized."""
    return interactions.SlashCommand(
        name="ping",
        description=interactions.LocalisedDesc(
            english_us=translate("ping.description", "en"), russian=translate("ping.description", "ru")
        ),
        callback=ping,
    )
