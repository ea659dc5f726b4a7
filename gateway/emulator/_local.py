"""The offline default: with no ``DISCORD_TOKEN`` the bot runs against a local emulator with a demo guild.

Given a data folder, the emulator's world lives there (:mod:`gateway.emulator._persist`): a restart brings back
the same guild, people, channels and messages under the same ids, so what was set up before is still reachable.
Without one (tests) the world is in memory only and each start is a fresh small demo guild.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from gateway._settings import GatewaySettings
from gateway.emulator._demo import add_local_demo_guild
from gateway.emulator._driver import Driver
from gateway.emulator._persist import WORLD_FILE, Autosave, read_world_file
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
    autosave: Autosave | None = None

    async def close(self) -> None:
        """Stop the emulator, then write the world one last time (when it is kept in a data folder)."""
        await self.emulator.close()
        if self.autosave is not None:
            self.autosave.close()


async def start_local_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    guild_locale: str = "ru",
    validate_schemas: bool = True,
    data_dir: Path | None = None,
) -> LocalDiscord:
    """Start the emulator on loopback with a demo guild; commands sync to that guild.

    ``data_dir``: keep the world in ``data_dir/emulator-world.json`` (restored if it is there, else a new demo
    guild with people and channels named in ``guild_locale``); ``None``: a fresh in-memory world.
    """
    emulator = DiscordEmulator(validate_schemas=validate_schemas)
    world = emulator.world
    autosave: Autosave | None = None
    if data_dir is None:
        demo = world.add_demo_guild(locale=guild_locale)
    else:
        path = data_dir / WORLD_FILE
        restored = read_world_file(path, world, emulator.now())
        demo = restored or add_local_demo_guild(world, locale=guild_locale)
        autosave = Autosave(world, demo, path, emulator.now)
        autosave.start()
    await emulator.start(host, port)
    settings = GatewaySettings(
        token=emulator.token,
        application_id=world.app_id,
        guild_id=int(demo.guild_id),
        api_base=emulator.api_base,
    )
    guild = world.guilds[demo.guild_id]
    logger.info(
        "Discord emulator at %s/ (open it in a browser to use the bot as any member), guild %r (id %s)%s",
        emulator.base_url,
        guild.name,
        demo.guild_id,
        f", kept in {data_dir / WORLD_FILE}" if data_dir is not None else ", in memory",
        extra={"guild_id": demo.guild_id},
    )
    return LocalDiscord(
        emulator=emulator,
        demo=demo,
        driver=Driver(emulator, demo.guild_id, demo.general_channel_id),
        settings=settings,
        autosave=autosave,
    )
