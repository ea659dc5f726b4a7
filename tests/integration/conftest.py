"""Fixture shared by the integration tiers that talk to Discord: a loopback emulator with a demo guild.

Every test using ``local`` ends by asserting the emulator's invariants: no request body violated Discord's
schema or rules, and every interaction was acknowledged within 3 seconds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway.emulator import LocalDiscord, start_local_emulator


@pytest.fixture
async def local() -> AsyncIterator[LocalDiscord]:
    env = await start_local_emulator()
    try:
        yield env
        assert env.emulator.violations == []
        assert env.driver.failed_interactions() == []
    finally:
        await env.close()
