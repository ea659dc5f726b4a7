"""Fixtures: a loopback Discord emulator with a demo guild, and our gateway connected to it.

Every test using ``local`` ends by asserting the emulator's invariants: no request body violated Discord's
schema or rules, and every interaction was acknowledged within 3 seconds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway import DiscordGateway, LocalDiscord, start_local_emulator


@pytest.fixture
async def local() -> AsyncIterator[LocalDiscord]:
    env = await start_local_emulator()
    try:
        yield env
        assert env.emulator.violations == []
        assert env.driver.failed_interactions() == []
    finally:
        await env.close()


@pytest.fixture
async def bot(local: LocalDiscord) -> AsyncIterator[DiscordGateway]:
    gw = DiscordGateway(local.settings)
    await gw.start()
    try:
        yield gw
    finally:
        await gw.stop()
