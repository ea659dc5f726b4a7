"""100,000 activations: passivated actors hold no task."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actors import Actor, ActorKind, ActorSystem
from actors.testing import MockClock

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.fixture
def anyio_backend() -> tuple[str, dict[str, Any]]:
    # asyncio debug mode records a creation traceback for every task and future: 100k actors would take
    # minutes.
    return ("asyncio", {"debug": False})


class Tally(Actor):
    async def receive(self, message: object) -> object:
        return message


async def test_100k_activations_then_passivation_leave_no_task() -> None:
    clock = MockClock()
    baseline = len(asyncio.all_tasks())
    kind = ActorKind(name="tally", factory=Tally, idle_timeout_s=60)
    async with ActorSystem([kind], clock=clock) as system:
        refs = [system.ref("tally", f"k{i}") for i in range(100_000)]
        for ref in refs:
            ref.tell_nowait(1)
        await system.quiesce()
        assert system.active_count("tally") == 100_000
        assert system.task_count() == 100_000
        assert system.stats("tally").messages["ok"] == 100_000
        await clock.run_for(80)
        await system.quiesce()
        assert system.active_count("tally") == 0
        assert system.task_count() == 0
        # Only the system's own helpers remain (dead-letter writer, sweeper), not one task per actor.
        assert len(asyncio.all_tasks()) - baseline <= 5
        assert system.stats("tally").passivations == 100_000
        # A passivated key activates again on its next message.
        assert await refs[7].ask(2, timeout=1) == 2
