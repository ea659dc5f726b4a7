"""The whole bot over a test database and a loopback Discord emulator, for end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from gateway.emulator import Driver, LocalDiscord, start_local_emulator
from together._runtime import BotOptions, BotRuntime, running_bot


@dataclass(frozen=True)
class LiveBot:
    """A running bot, the emulator it talks to, and a driver acting as the demo guild's members."""

    local: LocalDiscord
    runtime: BotRuntime
    pool: asyncpg.Pool

    @property
    def driver(self) -> Driver:
        return self.local.driver


@asynccontextmanager
async def live_bot(
    pool: asyncpg.Pool,
    dsn: str,
    options: BotOptions | None = None,
    *,
    local: LocalDiscord | None = None,
) -> AsyncIterator[LiveBot]:
    """Run the bot against ``local`` (a fresh emulator when None); on a clean exit assert that no request
    broke Discord's schema or rules and that every interaction was acknowledged within 3 seconds."""
    own = local is None
    env = local or await start_local_emulator()
    try:
        bot_options = options or BotOptions(repair_step_seconds=1.0)
        async with running_bot(pool, dsn, env.settings, bot_options) as rt:
            yield LiveBot(env, rt, pool)
        assert env.emulator.violations == []
        assert env.driver.failed_interactions() == []
    finally:
        if own:
            await env.close()
