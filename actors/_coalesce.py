"""Debounce windows for coalesced messages (pure, no I/O).

A debounced trigger is held back here until its window closes: ``debounce_s`` after the newest trigger, but no
later than ``max_delay_s`` after the first one, so a steady trickle of triggers cannot starve the render. When
the window closes the caller moves the envelope into the mailbox as the key's pending message.
"""

from __future__ import annotations

from collections.abc import Hashable

from actors._envelope import Envelope
from actors._mailbox import Coalesce


class _Slot:
    __slots__ = ("due", "envelope", "first")

    def __init__(self, envelope: Envelope, first: float, due: float) -> None:
        self.envelope = envelope
        self.first = first
        self.due = due


class DebounceSlots:
    """Debounced envelopes per coalesce key, with their due times."""

    __slots__ = ("_slots",)

    def __init__(self) -> None:
        self._slots: dict[Hashable, _Slot] = {}

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, ckey: Hashable) -> bool:
        return ckey in self._slots

    def trigger(self, ckey: Hashable, envelope: Envelope, policy: Coalesce, now: float) -> tuple[bool, float]:
        """Record a trigger; returns ``(opened, due)``: whether a new window opened and when it now closes."""
        slot = self._slots.get(ckey)
        ceiling = policy.max_delay_s
        if slot is None:
            due = now + policy.debounce_s
            if ceiling is not None:
                due = min(due, now + ceiling)
            self._slots[ckey] = _Slot(envelope, now, due)
            return True, due
        slot.envelope.absorb(envelope)
        due = now + policy.debounce_s
        if ceiling is not None:
            due = min(due, slot.first + ceiling)
        # The window only ever moves later by debounce, and never past the ceiling.
        slot.due = max(slot.due, due) if ceiling is None else min(max(slot.due, due), slot.first + ceiling)
        return False, slot.due

    def due_at(self, ckey: Hashable) -> float | None:
        """When the window for ``ckey`` closes (None when there is none)."""
        slot = self._slots.get(ckey)
        return None if slot is None else slot.due

    def pop_due(self, ckey: Hashable, now: float) -> Envelope | None:
        """Take the envelope for ``ckey`` if its window has closed at ``now``; else None."""
        slot = self._slots.get(ckey)
        if slot is None or slot.due > now:
            return None
        del self._slots[ckey]
        return slot.envelope

    def drain(self) -> list[Envelope]:
        """Take every held envelope regardless of due time (the actor stops)."""
        out = [slot.envelope for slot in self._slots.values()]
        self._slots.clear()
        return out
