"""``/ping``: a localized ephemeral "pong" in one interaction callback (no database, nothing to defer)."""

from __future__ import annotations

from typing import Any

import interactions

from gateway._handler import interaction_handler
from gateway._i18n import translate
from gateway._reply import reply


@interaction_handler(feature="ping", action="invoke")
async def ping(ctx: Any) -> None:
    """Answer ``/ping`` in the guild's language (the user's when outside a guild)."""
    locale = ctx.guild_locale if ctx.guild_id is not None else ctx.locale
    await reply(ctx, translate("ping.reply", locale))


def ping_command() -> interactions.SlashCommand:
    """The ``/ping`` slash command, descriptions localized."""
    return interactions.SlashCommand(
        name="ping",
        description=interactions.LocalisedDesc(
            english_us=translate("command.ping.description", "en"), russian=translate("command.ping.description", "ru")
        ),
        callback=ping,
    )
