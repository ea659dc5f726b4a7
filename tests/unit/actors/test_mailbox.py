"""Mailbox overflow policies and coalesce slots (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actors._envelope import Envelope
from actors._mailbox import EMPTY_QUEUE, Coalesce, Mailbox, Offer, Overflow


def test_fifo_until_full_then_full() -> None:
    box = Mailbox(2)
    assert box.offer("a", Overflow.BLOCK) is Offer.ACCEPTED
    assert box.offer("b", Overflow.REJECT) is Offer.ACCEPTED
    assert box.offer("c", Overflow.BLOCK) is Offer.FULL
    assert box.offer("c", Overflow.REJECT) is Offer.FULL
    assert [box.take(), box.take()] == ["a", "b"]


def test_drop_oldest_makes_room_and_reports_the_dropped_item() -> None:
    box = Mailbox(2)
    box.offer("a", Overflow.DROP_OLDEST)
    box.offer("b", Overflow.DROP_OLDEST)
    assert box.offer("c", Overflow.DROP_OLDEST) is Offer.DROPPED_OLDEST
    assert box.dropped == "a"
    assert list(box.queue) == ["b", "c"]


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Mailbox(0)


def test_released_queue_is_reallocated_on_write() -> None:
    box = Mailbox(4)
    box.queue = EMPTY_QUEUE
    assert len(box) == 0
    assert box.offer("x", Overflow.BLOCK) is Offer.ACCEPTED
    assert box.queue is not EMPTY_QUEUE and list(box.queue) == ["x"]


def test_coalesce_merges_into_the_pending_envelope() -> None:
    box = Mailbox(10)
    first, second, third = Envelope("v1"), Envelope("v2"), Envelope("v3")
    assert box.offer_coalesced(first, "k") is Offer.ACCEPTED
    assert box.offer_coalesced(second, "k") is Offer.COALESCED
    assert box.offer_coalesced(third, "k") is Offer.COALESCED
    assert len(box) == 1
    taken = box.take()
    assert taken is first and first.message == "v3" and first.absorbed == 3
    # Once in flight, the next trigger opens a new pending slot.
    assert box.offer_coalesced(Envelope("v4"), "k") is Offer.ACCEPTED
    assert len(box) == 1


def test_coalesce_keeps_every_reply_future() -> None:
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        futs = [loop.create_future() for _ in range(3)]
        box = Mailbox(4)
        for i, fut in enumerate(futs):
            box.offer_coalesced(Envelope(i, fut), "k")
        env = box.take()
        assert isinstance(env, Envelope)
        assert env.all_replies() == futs
    finally:
        loop.close()


def test_a_new_coalesce_key_at_a_full_mailbox_is_refused() -> None:
    box = Mailbox(1)
    box.offer("x", Overflow.BLOCK)
    assert box.offer_coalesced(Envelope("r"), "k") is Offer.FULL


def test_push_front_and_drain() -> None:
    box = Mailbox(3)
    box.offer("b", Overflow.BLOCK)
    box.push_front("a")
    box.offer_coalesced(Envelope("c"), "k")
    items = box.drain()
    assert items[:2] == ["a", "b"] and len(items) == 3
    assert len(box) == 0 and box.pending is None


def test_coalesce_rejects_a_ceiling_below_the_debounce() -> None:
    with pytest.raises(ValueError):
        Coalesce(debounce_s=2.0, max_delay_s=1.0)


_ops = st.lists(
    st.one_of(
        st.tuples(st.just("offer"), st.sampled_from(list(Overflow))),
        st.tuples(st.just("coalesce"), st.sampled_from(["k1", "k2", "k3"])),
        st.tuples(st.just("take"), st.none()),
    ),
    max_size=80,
)


@given(capacity=st.integers(min_value=1, max_value=8), ops=_ops)
def test_mailbox_invariants_under_any_sequence(capacity: int, ops: list[tuple[str, object]]) -> None:
    box = Mailbox(capacity)
    counter = 0
    sent: list[int] = []
    dropped: list[int] = []
    taken: list[object] = []
    triggers = 0
    absorbed = 0
    for op, arg in ops:
        counter += 1
        if op == "offer":
            assert isinstance(arg, Overflow)
            result = box.offer(counter, arg)
            if result is Offer.DROPPED_OLDEST:
                if isinstance(box.dropped, Envelope):
                    absorbed += box.dropped.absorbed  # a dropped coalesced envelope still accounts for them
                else:
                    assert isinstance(box.dropped, int)
                    dropped.append(box.dropped)
            if result is not Offer.FULL:
                sent.append(counter)
        elif op == "coalesce":
            if box.offer_coalesced(Envelope(("c", arg, counter)), arg) is not Offer.FULL:
                triggers += 1
        elif box.queue:
            item = box.take()
            if isinstance(item, Envelope):
                absorbed += item.absorbed
            else:
                taken.append(item)
        # Capacity holds, and at most one pending envelope per key, each also in the queue.
        assert len(box) <= capacity
        pending = box.pending or {}
        assert all(env in box.queue for env in pending.values())
        assert len({id(env) for env in pending.values()}) == len(pending)
    for item in box.drain():
        if isinstance(item, Envelope):
            absorbed += item.absorbed
        else:
            taken.append(item)
    # Plain messages: FIFO, nothing lost except what drop_oldest reported.
    assert taken == [m for m in sent if m not in dropped]
    # Coalesced triggers: every accepted trigger is accounted for in some envelope's absorbed count.
    assert absorbed == triggers
