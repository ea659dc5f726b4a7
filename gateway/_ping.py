"""``/ping``: a localized ephemeral "pong" in one interaction callback (no database, nothing to defer)."""

from __future__ import annotations

import interactions

from gateway._handler import interaction_handler
from gateway._i18n import translate
from gateway._interaction import Interaction
from gateway._responder import Responder


async def ping(interaction: Interaction, responder: Responder) -> None:
    """Answer ``/ping`` in the guild's language (the user's when outside a guild)."""
    in_guild = interaction.guild_id is not None
    locale = (interaction.guild_locale or interaction.locale) if in_guild else interaction.locale
    await responder.reply(translate("ping.reply", locale))


def ping_command() -> interactions.SlashCommand:
    """The ``/ping`` slash command, descriptions localized."""
    return interactions.SlashCommand(
        name="ping",
        description=interactions.LocalisedDesc(
            english_us=translate("command.ping.description", "en"), russian=translate("command.ping.description", "ru")
        ),
        callback=interaction_handler(feature="ping", action="invoke")(ping),
    )
