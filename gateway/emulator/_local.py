"""The offline default: with no ``DISCORD_TOKEN`` the bot runs against a local emulator with a demo guild."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from gateway._settings import GatewaySettings
from gateway.emulator._driver import Driver
from gateway.emulator._server import DiscordEmulator
from gateway.emulator._state import DemoGuild

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LocalDiscord:
    """A running emulator, its demo guild, a driver for it and the settings to connect the bot with."""

    emulator: DiscordEmulator
    demo: DemoGuild
    driver: Driver
    settings: GatewaySettings

    async def close(self) -> None:
        """Stop the emulator."""
        await self.emulator.close()


async def start_local_emulator(
    host: str = "127.0.0.1", port: int = 0, *, guild_locale: str = "ru", validate_schemas: bool = True
) -> LocalDiscord:
    """Start the emulator on loopback with a demo guild; commands sync to that guild."""
    emulator = DiscordEmulator(validate_schemas=validate_schemas)
    await emulator.start(host, port)
    demo = emulator.world.add_demo_guild(locale=guild_locale)
    settings = GatewaySettings(
        token=emulator.token,
        application_id=emulator.world.app_id,
        guild_id=int(demo.guild_id),
        api_base=emulator.api_base,
    )
    logger.info(
        "No DISCORD_TOKEN: the bot talks to the local Discord emulator at %s (demo guild %s). "
        "Act as a member with: curl -X POST %s/_emulator/command "
        '-d \'{"user": "alice", "command": "ping"}\'; '
        "see %s/_emulator/state",
        emulator.api_base,
        demo.guild_id,
        emulator.base_url,
        emulator.base_url,
    )
    return LocalDiscord(
        emulator=emulator,
        demo=demo,
        driver=Driver(emulator, demo.guild_id, demo.general_channel_id),
        settings=settings,
    )
