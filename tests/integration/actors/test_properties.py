"""Property: whatever the mix of senders, crashes and poison, per-sender order holds and nothing is lost."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors import Actor, ActorContext, ActorKind, ActorSystem, Backoff, InMemoryDeadLetterStore, Supervision
from actors.testing import MockClock

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Msg:
    sender: int
    seq: int
    fails: bool


class Log(Actor):
    processed: list[Msg] = []

    def __init__(self, ctx: ActorContext) -> None:
        super().__init__(ctx)

    async def receive(self, message: object) -> object:
        assert isinstance(message, Msg)
        if message.fails:
            raise ValueError(f"poison {message.seq}")
        type(self).processed.append(message)
        return None


_plans = st.lists(st.tuples(st.integers(min_value=0, max_value=3), st.booleans(), st.booleans()),
                  min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=_plans, capacity=st.integers(min_value=1, max_value=6))
async def test_order_per_sender_and_every_message_accounted_for(plan: list[tuple[int, bool, bool]],
                                                                capacity: int) -> None:
    cls: type[Log] = type("L", (Log,), {"processed": []})  # a fresh log per example
    store = InMemoryDeadLetterStore()
    kind = ActorKind(name="log", factory=cls, capacity=capacity, idle_timeout_s=None,
                     supervision=Supervision(max_restarts=1000, within_s=1.0,
                                             backoff=Backoff(min_s=0.5, max_s=2.0, random_factor=0.5),
                                             stash_capacity=1000))
    seqs = [0, 0, 0, 0]
    sent: list[Msg] = []
    async with MockClock(autojump=True) as clock, ActorSystem([kind], clock=clock,
                                                             dead_letter_store=store) as system:
        ref = system.ref("log", "one")
        for sender, fails, pause in plan:
            seqs[sender] += 1
            msg = Msg(sender, seqs[sender], fails)
            sent.append(msg)
            assert await ref.tell(msg)  # blocks for room: nothing is refused
            if pause:
                await system.quiesce()
        await system.quiesce()
    good = [m for m in sent if not m.fails]
    def by_sender(m: Msg) -> tuple[int, int]:
        return (m.sender, m.seq)

    assert sorted(cls.processed, key=by_sender) == sorted(good, key=by_sender)  # each exactly once
    for sender in range(4):
        assert [m.seq for m in cls.processed if m.sender == sender] == [
            m.seq for m in good if m.sender == sender]
    assert sorted(letter.payload for letter in store.letters) == sorted(
        f'{{"sender":{m.sender},"seq":{m.seq},"fails":true}}' for m in sent if m.fails)
    assert all(letter.attempts == 2 for letter in store.letters)
