"""Failures of keyed actors: restart with backoff and stash, poison messages, deciders, escalation, watch."""

from __future__ import annotations

from typing import cast

import anyio
import pytest

from actors import (
    ActorKind,
    ActorStopped,
    ActorSystem,
    Backoff,
    Directive,
    ExceptionDecider,
    InMemoryDeadLetterStore,
    Restart,
    Supervision,
    SupervisorEscalated,
    Terminated,
)
from actors.testing import FaultInjector, MockClock
from tests.integration.actors._support import Add, Boom, Counter, Get, Hold, counter_class, counter_kind

pytestmark = pytest.mark.anyio

SLOW = Backoff(min_s=10.0, max_s=60.0, random_factor=0.0)


def _kind(cls: type[Counter], supervision: Supervision) -> ActorKind:
    return counter_kind(cls, supervision=supervision)


def _added(cls: type[Counter]) -> list[int]:
    """The ``n`` of every recorded event: the ``("add", key, n)`` of each Add (only Adds are told here)."""
    adds = cast("list[tuple[str, str, int]]", cls.journal.events)
    return [n for (_, _, n) in adds]


async def test_restart_waits_out_the_backoff_and_retries_the_message() -> None:
    cls = counter_class()
    faults = FaultInjector()
    faults.fail_nth("counter", Add, 2)
    async with MockClock(autojump=True) as clock, ActorSystem(
        [_kind(cls, Supervision(backoff=SLOW))], clock=clock, faults=faults
    ) as system:
        ref = system.ref("counter", "a")
        ref.tell_nowait(Add(1))
        ref.tell_nowait(Add(2))  # fails once, is retried after the restart
        ref.tell_nowait(Add(3))
        await system.quiesce()
        assert clock.now() == pytest.approx(10.0)
        assert cls.journal.activations == 2
        # State was rebuilt: the restarted activation saw 2 and 3 only.
        assert await ref.ask(Get(), timeout=1) == 5
        assert _added(cls) == [1, 2, 3]
        assert faults.injected == [("counter", "a", "Add")]


async def test_a_message_failing_twice_is_poison_and_processing_continues() -> None:
    cls = counter_class()
    faults = FaultInjector()
    faults.fail_nth("counter", Add, 2, times=2)
    store = InMemoryDeadLetterStore()
    async with MockClock(autojump=True) as clock, ActorSystem(
        [_kind(cls, Supervision(backoff=SLOW))], clock=clock, faults=faults, dead_letter_store=store
    ) as system:
        ref = system.ref("counter", "a")
        for n in (1, 20, 300):
            ref.tell_nowait(Add(n))
        await system.quiesce()
        assert await ref.ask(Get(), timeout=1) == 300  # the restarts reset the state; 300 came after
        assert _added(cls) == [1, 300]
    assert len(store.letters) == 1
    letter = store.letters[0]
    assert (letter.kind, letter.key, letter.reason, letter.attempts) == ("counter", "a", "poison", 2)
    assert letter.payload == '{"n":20}' or "20" in letter.payload
    assert "InjectedFault" in letter.error
    assert system.stats("counter").dead_letters == {"poison": 1}


async def test_the_stash_during_backoff_is_bounded() -> None:
    cls = counter_class()
    faults = FaultInjector()
    faults.fail_nth("counter", Boom, 1)
    clock = MockClock()
    async with ActorSystem([_kind(cls, Supervision(backoff=SLOW, stash_capacity=2, poison_after=1))],
                           clock=clock, faults=faults) as system:
        ref = system.ref("counter", "a")
        ref.tell_nowait(Boom())
        await clock.run_for(1)  # crashed; backing off for 10 s
        accepted = [ref.tell_nowait(Add(n)) for n in (1, 2, 3, 4)]
        assert accepted == [True, True, False, False]
        await clock.run_for(10)
        await system.quiesce()
        assert await ref.ask(Get(), timeout=1) == 3
        assert system.stats("counter").dead_letters == {"stash_full": 2, "poison": 1}


async def test_a_spent_restart_budget_escalates_and_stops_the_system() -> None:
    cls = counter_class()
    faults = FaultInjector()
    faults.fail_nth("counter", Add, 1, times=100)
    clock = MockClock(autojump=True)
    supervision = Supervision(max_restarts=2, within_s=60, backoff=SLOW, poison_after=100)
    system = ActorSystem([_kind(cls, supervision)], faults=faults, clock=clock)
    with pytest.raises(SupervisorEscalated) as info:
        async with clock, system:
            ref = system.ref("counter", "a")
            ref.tell_nowait(Add(1))
            await anyio.sleep_forever()
    assert "counter/a" in str(info.value)
    assert system.ready is False
    assert cls.journal.activations == 3  # the first activation and two restarts
    assert system.task_count() == 0


async def test_decider_resume_keeps_state_and_stop_notifies_watchers() -> None:
    cls = counter_class()
    decider = ExceptionDecider({RuntimeError: Directive.RESUME, KeyError: Directive.STOP})
    faults = FaultInjector()
    faults.fail_nth("counter", Get, 2, error=KeyError("gone"))
    supervision = Supervision(decider=decider, poison_after=1)
    async with ActorSystem([_kind(cls, supervision)], faults=faults) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(4), timeout=1)
        ref.tell_nowait(Boom())  # resumed: the state survives
        assert await ref.ask(Get(), timeout=1) == 4
        notes: list[Terminated] = []
        system.watch(ref, notes.append)
        ref.tell_nowait(Get())  # the second Get fails with KeyError: stop
        await system.quiesce()
        assert not system.is_active(ref)
        assert notes == [Terminated(ref=ref, reason="crashed: KeyError")]
        assert cls.journal.activations == 1


async def test_temporary_kinds_stop_instead_of_restarting() -> None:
    cls = counter_class()
    async with ActorSystem([_kind(cls, Supervision(restart=Restart.TEMPORARY))]) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(1), timeout=1)
        gate = anyio.Event()
        ref.tell_nowait(Hold("h", gate))
        ref.tell_nowait(Boom())
        queued = ref.ask(Get(), timeout=1)
        gate.set()
        with pytest.raises(ActorStopped):
            await queued
        await system.quiesce()
        assert system.stats("counter").restarts == {}
        # Virtual: the next message simply activates it again.
        assert await ref.ask(Get(), timeout=1) == 0


async def test_watchers_get_terminated_as_a_message() -> None:
    watcher_cls = counter_class()
    target_cls = counter_class()
    kinds = [ActorKind(name="watcher", factory=watcher_cls, idle_timeout_s=None),
             _kind(target_cls, Supervision())]
    async with ActorSystem(kinds) as system:
        target = system.ref("counter", "t")
        watcher = system.ref("watcher", "w")
        await watcher.ask(Get(), timeout=1)
        system.watch(target, watcher)
        await system.quiesce()
        assert system.stop_actor(target, "done")
        await system.quiesce()
        assert watcher_cls.journal.events == [Terminated(ref=target, reason="done")]
