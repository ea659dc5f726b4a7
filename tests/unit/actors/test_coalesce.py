"""Debounce windows for coalesced messages (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from actors._coalesce import DebounceSlots
from actors._envelope import Envelope
from actors._mailbox import Coalesce


def test_debounce_moves_the_window_with_each_trigger() -> None:
    slots = DebounceSlots()
    policy = Coalesce(debounce_s=1.0)
    assert slots.trigger("k", Envelope(1), policy, 0.0) == (True, 1.0)
    assert slots.trigger("k", Envelope(2), policy, 0.5) == (False, 1.5)
    assert slots.pop_due("k", 1.4) is None
    env = slots.pop_due("k", 1.5)
    assert env is not None and env.message == 2 and env.absorbed == 2
    assert "k" not in slots


def test_max_delay_caps_a_steady_trickle() -> None:
    slots = DebounceSlots()
    policy = Coalesce(debounce_s=1.0, max_delay_s=3.0)
    slots.trigger("k", Envelope(0), policy, 0.0)
    for t in (0.5, 1.2, 1.9, 2.6, 2.95):
        _, due = slots.trigger("k", Envelope(t), policy, t)
    assert due == 3.0
    assert slots.due_at("k") == 3.0


def test_keys_are_independent_and_drain_takes_everything() -> None:
    slots = DebounceSlots()
    policy = Coalesce(debounce_s=1.0)
    slots.trigger("a", Envelope("a"), policy, 0.0)
    slots.trigger("b", Envelope("b"), policy, 0.5)
    assert len(slots) == 2
    assert [e.message for e in slots.drain()] == ["a", "b"]
    assert len(slots) == 0


@given(
    debounce=st.floats(min_value=0.0, max_value=5.0),
    extra=st.floats(min_value=0.0, max_value=10.0),
    gaps=st.lists(st.floats(min_value=0.0, max_value=3.0), min_size=1, max_size=40),
)
def test_due_is_after_the_last_debounce_or_at_the_ceiling(debounce: float, extra: float,
                                                           gaps: list[float]) -> None:
    ceiling = debounce + extra
    policy = Coalesce(debounce_s=debounce, max_delay_s=ceiling)
    slots = DebounceSlots()
    now = 0.0
    first = 0.0
    last_due = 0.0
    for i, gap in enumerate(gaps):
        now = now + gap if i else 0.0
        if (pending_due := slots.due_at("k")) is not None and pending_due <= now:
            env = slots.pop_due("k", now)
            assert env is not None
        opened, due = slots.trigger("k", Envelope(i), policy, now)
        if opened:
            first = now
        # Never later than the ceiling, never earlier than the window that was already promised.
        assert due <= first + ceiling + 1e-9
        assert due >= min(now + debounce, first + ceiling) - 1e-9
        if not opened:
            assert due >= last_due - 1e-9
        last_due = due
