"""The gateway's settings, a frozen struct the composition root builds from the environment."""

from __future__ import annotations

import msgspec

#: Discord's public REST base; ``api_base=None`` means this.
DISCORD_API_BASE = "https://discord.com/api/v10"


class GatewaySettings(msgspec.Struct, frozen=True, kw_only=True):
    """How to reach Discord.

    ``token`` is the bot token; ``application_id`` is informative (the client learns it at login);
    ``guild_id`` set means application commands are synced to that guild only (instant in Discord),
    otherwise globally; ``api_base`` points the client at a Discord-compatible base URL (the emulator).
    ``invalid_request_budget`` is how many 401/403/429 answers in 10 minutes make the client hold every
    request back (Discord bans at 10,000).
    """

    token: str
    application_id: str | None = None
    guild_id: int | None = None
    api_base: str | None = None
    invalid_request_budget: int = 2_500
    start_timeout: float = 30.0
    stop_timeout: float = 5.0
