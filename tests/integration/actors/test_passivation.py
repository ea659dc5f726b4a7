"""Idle passivation: only received messages count, passive actors hold no task, activations are cheap."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import anyio
import pytest

from actors import ActorKind, ActorSystem, Terminated
from actors.testing import MockClock
from tests.integration.actors._support import Add, Counter, Get, Journal, counter_class

pytestmark = pytest.mark.anyio


async def test_idle_actor_passivates_after_its_timeout() -> None:
    cls = counter_class()
    kind = ActorKind(name="counter", factory=cls, idle_timeout_s=300)
    clock = MockClock()
    async with ActorSystem([kind], clock=clock) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(1), timeout=1)
        await clock.run_for(200)
        await system.quiesce()
        assert system.is_active(ref)
        await ref.ask(Add(1), timeout=1)  # activity: the countdown starts over
        await clock.run_for(299)
        await system.quiesce()
        assert system.is_active(ref)
        await clock.run_for(80)  # 379 s after the last message: past timeout * 1.25
        await system.quiesce()
        assert not system.is_active(ref)
        assert system.task_count() == 0
        assert cls.journal.deactivations == ["passivated"]
        assert system.stats("counter").passivations == 1
        # The next message activates a fresh activation.
        assert await ref.ask(Get(), timeout=1) == 0
        assert cls.journal.activations == 2


@dataclass(frozen=True)
class Schedule:
    timers: list[tuple[float, object]]


class Scheduler(Counter):
    async def receive(self, message: object) -> object:
        if isinstance(message, Schedule):
            for delay, note in message.timers:
                self.ctx.send_later(delay, note)
            return None
        return await super().receive(message)


async def test_the_actors_own_timers_do_not_keep_it_alive() -> None:
    cls: type[Scheduler] = type("S", (Scheduler,), {"journal": Journal()})
    kind = ActorKind(name="counter", factory=cls, idle_timeout_s=60)
    async with MockClock(autojump=True) as clock, ActorSystem([kind], clock=clock) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Get(), timeout=1)
        await ref.ask(Schedule([(10.0 * i, ("tick", i)) for i in range(1, 20)]), timeout=1)  # every 10 s
        gone = anyio.Event()
        notes: list[Terminated] = []

        def on_terminated(note: Terminated) -> None:
            notes.append(note)
            gone.set()

        system.watch(ref, on_terminated)
        await gone.wait()  # no busy loop: autojump only moves time while the loop is idle
        assert not system.is_active(ref)
        assert notes == [Terminated(ref=ref, reason="passivated")]
        assert 60 <= clock.now() <= 76
        ticks = [e for e in cls.journal.events if isinstance(e, tuple) and e[0] == "tick"]
        assert 4 <= len(ticks) <= 7  # ticks were delivered until passivation cancelled the rest


async def test_an_actor_busy_in_a_turn_is_not_passivated() -> None:
    from tests.integration.actors._support import Hold

    cls = counter_class()
    kind = ActorKind(name="counter", factory=cls, idle_timeout_s=10)
    clock = MockClock()
    async with ActorSystem([kind], clock=clock) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("long", gate))
        await asyncio.sleep(0)
        for _ in range(10):
            await clock.run_for(5)
            await asyncio.sleep(0)
        assert system.is_active(ref)
        gate.set()
        await system.quiesce()
        await clock.run_for(30)
        await system.quiesce()
        assert not system.is_active(ref)
