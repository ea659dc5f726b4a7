"""The composed bot (features, actors, jobs, Discord) answers through the emulator."""

from __future__ import annotations

import pytest

from tests._bot import LiveBot

pytestmark = pytest.mark.anyio


async def test_the_composed_bot_answers_ping_and_runs_jobs(live: LiveBot) -> None:
    rec = await live.driver.run_command("alice", "ping")
    assert await live.driver.wait_ack(rec)
    assert live.runtime.jobs.is_healthy()
    assert live.runtime.system.ready
