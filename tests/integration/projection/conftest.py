"""Fixtures: a loopback Discord emulator with a demo guild; every test ends with no Discord rule broken."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway import LocalDiscord, start_local_emulator


@pytest.fixture
async def local() -> AsyncIterator[LocalDiscord]:
    env = await start_local_emulator()
    try:
        yield env
        assert env.emulator.violations == []
    finally:
        await env.close()
