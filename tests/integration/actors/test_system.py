"""Activation, turns, ordering, ask/tell semantics and mailbox policies of the actor system."""

from __future__ import annotations

import asyncio
from typing import cast

import anyio
import pytest

from actors import (
    ActorCrashed,
    ActorStopped,
    ActorSystem,
    AskTimeout,
    Backoff,
    MailboxFull,
    Overflow,
    Supervision,
    UnknownActorKind,
)
from actors.testing import MockClock
from tests.integration.actors._support import Add, Boom, Get, Hold, Refused, counter_class, counter_kind, settle

pytestmark = pytest.mark.anyio


async def test_first_message_activates_and_ref_never_does() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls)]) as system:
        ref = system.ref("counter", "a")
        assert not system.is_active(ref) and system.task_count() == 0
        assert await ref.ask(Add(2), timeout=1) == 2
        assert system.is_active(ref) and cls.journal.activations == 1
        assert await ref.ask(Add(3), timeout=1) == 5
        assert cls.journal.activations == 1
        with pytest.raises(UnknownActorKind):
            system.ref("nope", "a")


async def test_turns_are_not_reentrant() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls)]) as system:
        ref = system.ref("counter", "a")
        first, second = anyio.Event(), anyio.Event()
        ref.tell_nowait(Hold("one", first))
        ref.tell_nowait(Hold("two", second))
        second.set()  # the second may not start although it could finish at once
        await settle(10)
        assert cls.journal.events == [("start", "one")]
        first.set()
        await system.quiesce()
        assert cls.journal.events == [("start", "one"), ("end", "one"), ("start", "two"), ("end", "two")]


async def test_messages_from_one_sender_arrive_in_order() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, capacity=8)]) as system:
        ref = system.ref("counter", "a")

        async def sender(name: str) -> None:
            for i in range(150):
                await ref.tell((name, i))
                if i % 7 == 0:
                    await asyncio.sleep(0)

        async with anyio.create_task_group() as tg:
            for name in ("a", "b", "c"):
                tg.start_soon(sender, name)
        await system.quiesce()
        received = cast("list[tuple[str, int]]", cls.journal.events)  # the (name, i) tuples the senders told
        assert len(received) == 450
        for name in ("a", "b", "c"):
            assert [i for (n, i) in received if n == name] == list(range(150))
        # The senders really interleaved (otherwise the test proves nothing).
        assert len({n for (n, _) in received[:30]}) == 3


async def test_ask_times_out_on_the_virtual_clock() -> None:
    cls = counter_class()
    async with MockClock(autojump=True) as clock, ActorSystem([counter_kind(cls)], clock=clock,
                                                             shutdown_grace_s=1.0) as system:
        ref = system.ref("counter", "a")
        with pytest.raises(AskTimeout):
            await ref.ask(Hold("stuck", anyio.Event()), timeout=30)
        assert 30 <= clock.now() <= 30.02


async def test_domain_errors_are_replies_and_keep_state() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls)]) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(5), timeout=1)
        with pytest.raises(Refused):
            await ref.ask(Add(-1), timeout=1)
        assert await ref.ask(Get(), timeout=1) == 5
        assert system.stats("counter").messages["domain_error"] == 1
        assert cls.journal.activations == 1


async def test_a_crash_answers_the_asker_and_restarts_with_fresh_state() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, supervision=Supervision(backoff=_no_backoff()))]) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(5), timeout=1)
        with pytest.raises(ActorCrashed) as info:
            await ref.ask(Boom(), timeout=1)
        assert isinstance(info.value.cause, RuntimeError)
        assert await ref.ask(Get(), timeout=1) == 0
        assert cls.journal.activations == 2
        assert system.stats("counter").restarts == {"RuntimeError": 1}


def _no_backoff() -> Backoff:
    return Backoff(min_s=0.0, max_s=0.0, random_factor=0.0)


async def test_reject_policy_raises_for_ask_and_dead_letters_for_tell() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, capacity=1, overflow=Overflow.REJECT)]) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("busy", gate))
        await settle()
        assert ref.tell_nowait(Add(1)) is True  # fills the one slot
        with pytest.raises(MailboxFull):
            await ref.ask(Add(2), timeout=1)
        assert ref.tell_nowait(Add(3)) is False
        assert await ref.tell(Add(4)) is False
        gate.set()
        await system.quiesce()
        assert await ref.ask(Get(), timeout=1) == 1
        assert system.stats("counter").dead_letters == {"mailbox_full": 2}


async def test_drop_oldest_keeps_the_newest() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, capacity=2, overflow=Overflow.DROP_OLDEST)]) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("busy", gate))
        await settle()
        for n in (1, 10, 100, 1000):
            assert ref.tell_nowait(Add(n))
        gate.set()
        await system.quiesce()
        assert await ref.ask(Get(), timeout=1) == 1100
        assert system.stats("counter").dead_letters == {"dropped_oldest": 2}


async def test_block_policy_applies_backpressure() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, capacity=2)]) as system:
        ref = system.ref("counter", "a")
        gate = anyio.Event()
        ref.tell_nowait(Hold("busy", gate))
        await settle()
        await ref.tell(Add(1))
        await ref.tell(Add(2))
        sent = anyio.Event()

        async def third() -> None:
            await ref.tell(Add(4))
            sent.set()

        async with anyio.create_task_group() as tg:
            tg.start_soon(third)
            await settle(10)
            assert not sent.is_set()
            assert ref.tell_nowait(Add(1000)) is False  # tell_nowait never blocks: dead letter
            gate.set()
        assert await ref.ask(Get(), timeout=1) == 7


async def test_read_only_queries_may_interleave() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, interleave=frozenset({Get}))]) as system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(3), timeout=1)
        gate = anyio.Event()
        ref.tell_nowait(Hold("long", gate))
        await settle()
        # Answered while the long turn is suspended; a normal message would wait for it.
        assert await ref.ask(Get(), timeout=1) == 3
        with pytest.raises(AskTimeout):
            await ref.ask(Add(1), timeout=0.05)
        gate.set()
        await system.quiesce()
        assert await ref.ask(Get(), timeout=1) == 4


async def test_throughput_cap_lets_other_actors_in() -> None:
    cls = counter_class()
    async with ActorSystem([counter_kind(cls, throughput=4)]) as system:
        a, b = system.ref("counter", "a"), system.ref("counter", "b")
        await a.ask(Get(), timeout=1)
        await b.ask(Get(), timeout=1)
        for _ in range(40):
            a.tell_nowait(Add(1))
            b.tell_nowait(Add(1))
        await system.quiesce()
        adds = cast("list[tuple[str, str, int]]", cls.journal.events)  # ("add", key, n): only Adds were told
        keys = [key for (_, key, _) in adds]
        switches = sum(1 for x, y in zip(keys, keys[1:], strict=False) if x != y)
        assert switches >= 10  # batches of at most 4, alternating
        assert max(len(run) for run in "".join(keys).replace("ab", "a b").replace("ba", "b a").split()) <= 4


async def test_after_stop_tell_dead_letters_and_ask_raises() -> None:
    cls = counter_class()
    system = ActorSystem([counter_kind(cls)])
    async with system:
        ref = system.ref("counter", "a")
        await ref.ask(Add(1), timeout=1)
    assert ref.tell_nowait(Add(1)) is False
    with pytest.raises(ActorStopped):
        await ref.ask(Get(), timeout=1)
    assert system.stats("counter").dead_letters["system_stopped"] == 1
    assert system.task_count() == 0


async def test_fault_injection_delays_turns_on_the_clock() -> None:
    from actors.testing import FaultInjector

    cls = counter_class()
    faults = FaultInjector()
    faults.delay_turn("counter", 5.0, message_type=Add, times=2)
    async with MockClock(autojump=True) as clock, ActorSystem([counter_kind(cls)], clock=clock,
                                                             faults=faults) as system:
        ref = system.ref("counter", "a")
        with pytest.raises(AskTimeout):
            await ref.ask(Add(1), timeout=2)
        assert await ref.ask(Add(1), timeout=20) == 2  # waited for the first delayed turn, then its own
        assert clock.now() == pytest.approx(10.0, abs=0.05)
        assert await ref.ask(Add(1), timeout=1) == 3  # the rule fired twice and is spent
