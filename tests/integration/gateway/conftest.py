"""Fixture: our gateway connected to the loopback Discord emulator (``local``, from ``tests/integration``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway._client import DiscordGateway
from gateway.emulator import LocalDiscord


@pytest.fixture
async def bot(local: LocalDiscord) -> AsyncIterator[DiscordGateway]:
    gw = DiscordGateway(local.settings)
    await gw.start()
    try:
        yield gw
    finally:
        await gw.stop()
