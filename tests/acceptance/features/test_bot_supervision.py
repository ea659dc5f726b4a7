"""The bot's children under their supervisor: a Discord client that dies for good is replaced by a new one."""

from __future__ import annotations

import anyio
import pytest

from tests._bot import LiveBot

pytestmark = pytest.mark.anyio


async def test_a_fatally_closed_discord_client_is_restarted_and_answers_again(live: LiveBot) -> None:
    first = live.runtime.gateway
    assert first is not None and first.ready
    # 4014 (disallowed intents) is fatal for the client: its task ends with an error, the discord child fails
    # and its supervisor starts a fresh client.
    await live.driver.close_gateway(4014)
    with anyio.fail_after(30):
        # Polled: the replacement client is created by the supervisor, which offers nothing to wait on.
        while live.runtime.gateway is first or not (live.runtime.gateway and live.runtime.gateway.ready):  # noqa: ASYNC110
            await anyio.sleep(0.05)
    rec = await live.driver.run_command("alice", "ping")
    assert await live.driver.wait_ack(rec)
    assert live.runtime.jobs.is_healthy()
