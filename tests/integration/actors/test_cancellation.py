"""Cancellation in the middle of a turn, during backoff and of askers: nothing leaks, nothing is lost."""

from __future__ import annotations

import asyncio
from typing import cast

import anyio
import pytest

from actors import ActorStopped, ActorSystem, Backoff, Supervision
from actors.testing import MockClock
from tests.integration.actors._support import Add, Get, Hold, counter_class, counter_kind, settle

pytestmark = pytest.mark.anyio


async def test_kill_mid_turn_retries_the_message_and_keeps_the_stash() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, supervision=Supervision(backoff=Backoff(0, 0, 0)))]) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("interrupted", gate))
        for n in (1, 2, 3):
            ref.tell_nowait(Add(n))
        await settle()
        assert system.kill(ref)
        await settle()
        gate.set()  # the retried turn can finish now
        await system.quiesce()
        assert cls.journal.events == [
            ("start", "interrupted"), ("start", "interrupted"), ("end", "interrupted"),
            ("add", "a", 1), ("add", "a", 2), ("add", "a", 3),
        ]
        assert cls.journal.activations == 2
        assert system.stats("counter").restarts == {"ActorKilled": 1}


async def test_shutdown_cancels_a_stuck_turn_after_the_grace_period() -> None:
    cls = counter_class()
    baseline = set(asyncio.all_tasks())
    clock = MockClock(autojump=True)
    system = ActorSystem([counter_kind(cls)], clock=clock, shutdown_grace_s=5.0)
    async with clock:
        async with system:
            ref = system.ref("counter", "a")
            ref.tell_nowait(Hold("stuck", anyio.Event()))
            ref.tell_nowait(Add(1))
            pending = asyncio.ensure_future(ref.ask(Get(), timeout=60))
            await settle()
            started = clock.now()
        # Shutdown waited exactly the grace period, then cancelled the stuck turn.
        assert clock.now() - started == pytest.approx(5.0, abs=0.02)
        with pytest.raises(ActorStopped):
            await pending
    # The interrupted message and the queued ones became dead letters: counted, not silently dropped.
    assert system.stats("counter").dead_letters == {"system_stopped": 3}
    assert system.task_count() == 0
    assert set(asyncio.all_tasks()) <= baseline | {asyncio.current_task()}


async def test_shutdown_drains_queued_messages_within_the_grace_period() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls)]) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("h", gate))
        for n in range(5):
            ref.tell_nowait(Add(n))
        await settle()
        gate.set()
    events = cast("list[tuple[object, ...]]", cls.journal.events)  # ("start"/"end", tag) and ("add", key, n)
    assert [e for e in events if e[0] == "add"] == [("add", "a", n) for n in range(5)]
    assert system.stats("counter").dead_letters == {}


async def test_shutdown_during_backoff_keeps_the_stash() -> None:
    cls = counter_class()
    from actors.testing import FaultInjector

    faults = FaultInjector()
    faults.fail_nth("counter", Add, 1)
    clock = MockClock(autojump=True)
    async with clock, ActorSystem(
        [counter_kind(cls, supervision=Supervision(backoff=Backoff(min_s=3.0, max_s=3.0, random_factor=0.0)))],
        clock=clock, faults=faults, shutdown_grace_s=10.0,
    ) as system:
        ref = system.ref("counter", "a")
        for n in (1, 2, 3):
            ref.tell_nowait(Add(n))
        await settle()
    # The system stopped while the actor was backing off: it restarted and drained its stash before stopping.
    adds = cast("list[tuple[str, str, int]]", cls.journal.events)  # ("add", key, n): only Adds were told
    assert [n for (_, _, n) in adds] == [1, 2, 3]
    assert system.stats("counter").dead_letters == {}


async def test_a_cancelled_asker_does_not_disturb_the_actor() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls)]) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("h", gate))
        with anyio.move_on_after(0.01):
            await ref.ask(Add(5), timeout=10)
        gate.set()
        await system.quiesce()
        # The message still ran (it had been delivered); its answer was simply discarded.
        assert await ref.ask(Get(), timeout=1) == 5
        assert system.stats("counter").messages.get("failed", 0) == 0


async def test_cancelling_the_runner_cancels_every_actor() -> None:
    cls = counter_class()
    system = ActorSystem([counter_kind(cls)])
    async with anyio.create_task_group() as tg:
        await tg.start(_run, system)
        ref = system.ref("counter", "a")
        ref.tell_nowait(Hold("forever", anyio.Event()))
        await settle()
        assert system.task_count() == 1
        tg.cancel_scope.cancel()
    assert system.task_count() == 0
    assert system.stats("counter").dead_letters == {"system_stopped": 1}


async def _run(system: ActorSystem, *, task_status: anyio.abc.TaskStatus[None]) -> None:
    from actors import ServiceHandle

    await system.run(ServiceHandle("actors", on_started=lambda: task_status.started()))
