"""Read the guild as Discord shows it (roles, the bot's roles, channels with overwrites) for permission checks."""

from __future__ import annotations

import asyncio
import logging

from features.kernel._guild_permissions import GuildSnapshot, snapshot_from_discord
from features.kernel._host import Services
from gateway import GatewayError

logger = logging.getLogger(__name__)


async def fetch_guild_snapshot(services: Services, guild_id: str) -> GuildSnapshot | None:
    """The guild's snapshot over REST (three reads in parallel), or ``None`` when Discord cannot be asked.

    The bot's user id is the application id (true of every Discord bot user).
    """
    bot_id = services.application_id
    if bot_id is None:
        return None
    try:
        guild, member, channels = await asyncio.gather(
            services.rest.get_guild(guild_id),
            services.rest.get_member(guild_id, bot_id),
            services.rest.get_guild_channels(guild_id),
        )
    except GatewayError as exc:
        logger.warning("could not read the guild for a permission check: %s", exc.__class__.__name__)
        return None
    return snapshot_from_discord(guild=guild, bot_member=member, bot_id=bot_id, channels=channels)
