"""The mailbox: a bounded FIFO with per-message-class overflow policies and coalesce slots (pure, no I/O).

The actor cell owns the waking and the blocking; this module only decides what goes where, so every policy is
a synchronous function with a result code and can be tested exhaustively.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Final, NamedTuple, cast

from actors._envelope import Envelope

#: The queue of a parked, empty mailbox: one shared placeholder instead of a 760-byte deque per idle actor. It
# is
#: a tuple, so a code path that forgot :meth:`Mailbox.writable` fails loudly instead of losing a message.
EMPTY_QUEUE: Final = cast("deque[object]", ())


class Overflow(enum.Enum):
    """What happens to a message that arrives at a full mailbox."""

    #: Backpressure: ``await ref.tell(...)`` and ``ask`` wait for room; ``tell_nowait`` dead-letters it.
    BLOCK = "block"
    #: ``ask`` raises ``MailboxFull``; ``tell`` dead-letters the message.
    REJECT = "reject"
    #: The oldest queued message becomes a dead letter to make room.
    DROP_OLDEST = "drop_oldest"


@dataclass(frozen=True, slots=True)
class Coalesce:
    """Coalesce messages of a class by ``key(message)``: one turn in flight plus one pending, newest wins.

    With ``debounce_s`` > 0 a pending message waits until no trigger came for ``debounce_s`` seconds, but
    never longer than ``max_delay_s`` after its first trigger. A new coalesce key arriving at a full mailbox
    is rejected like :attr:`Overflow.REJECT`.
    """

    key: Callable[[object], Hashable] = type
    debounce_s: float = 0.0
    max_delay_s: float | None = None

    def __post_init__(self) -> None:
        if self.debounce_s < 0 or (self.max_delay_s is not None and self.max_delay_s < self.debounce_s):
            raise ValueError("coalesce needs debounce_s >= 0 and max_delay_s >= debounce_s")


MessagePolicy = Overflow | Coalesce


class Offer(enum.IntEnum):
    """The outcome of offering an item to a mailbox."""

    ACCEPTED = 0
    #: The mailbox is full; the caller applies the policy (block or reject).
    FULL = 1
    #: Accepted after dropping the oldest item (see :attr:`Mailbox.dropped`).
    DROPPED_OLDEST = 2
    #: Merged into the pending envelope of the same coalesce key; no new slot used.
    COALESCED = 3


class MailboxStatistics(NamedTuple):
    """A snapshot of a mailbox (after anyio's ``MemoryObjectStreamStatistics``)."""

    queued: int
    capacity: int
    coalesce_pending: int


class Mailbox:
    """A bounded FIFO of messages or envelopes with coalesce slots.

    Invariant: every envelope in ``pending`` is also in ``queue``, exactly once, and has ``ckey`` set; taking
    it out of the queue (:meth:`take`) frees its slot, so at most one pending envelope exists per coalesce
    key.
    """

    __slots__ = ("capacity", "dropped", "pending", "queue")

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("mailbox capacity must be at least 1")
        self.queue: deque[object] = deque()
        self.capacity = capacity
        self.pending: dict[Hashable, Envelope] | None = None
        #: The item most recently pushed out by :attr:`Overflow.DROP_OLDEST` (for the caller to dead-letter).
        self.dropped: object | None = None

    def __len__(self) -> int:
        return len(self.queue)

    def writable(self) -> deque[object]:
        """The queue, allocating a fresh deque if the mailbox had released it while parked."""
        queue = self.queue
        if queue is EMPTY_QUEUE:
            queue = self.queue = deque()
        return queue

    def offer(self, item: object, overflow: Overflow) -> Offer:
        """Offer a message or envelope under a plain overflow policy."""
        queue = self.writable()
        if len(queue) < self.capacity:
            queue.append(item)
            return Offer.ACCEPTED
        if overflow is Overflow.DROP_OLDEST:
            self.dropped = self.take()
            queue.append(item)
            return Offer.DROPPED_OLDEST
        return Offer.FULL

    def offer_coalesced(self, envelope: Envelope, ckey: Hashable) -> Offer:
        """Merge into the pending envelope for ``ckey`` or queue ``envelope`` as the new pending one."""
        pending = self.pending
        if pending is not None:
            current = pending.get(ckey)
            if current is not None:
                current.absorb(envelope)
                return Offer.COALESCED
        if len(self.queue) >= self.capacity:
            return Offer.FULL
        envelope.ckey = ckey
        if pending is None:
            pending = self.pending = {}
        pending[ckey] = envelope
        self.writable().append(envelope)
        return Offer.ACCEPTED

    def take(self) -> object:
        """Remove and return the oldest item; frees its coalesce slot. Raises IndexError when empty."""
        item = self.queue.popleft()
        if type(item) is Envelope and item.ckey is not None and self.pending is not None:
            # From here on the envelope is "in flight": a newer trigger opens a fresh pending slot.
            self.pending.pop(item.ckey, None)
            item.ckey = None
        return item

    def push_front(self, item: object) -> None:
        """Put an item back at the head (a failed envelope retried first); ignores capacity on purpose."""
        self.writable().appendleft(item)

    def drain(self) -> list[object]:
        """Remove and return everything (used when the actor stops)."""
        items = list(self.queue)
        self.queue = EMPTY_QUEUE
        if self.pending is not None:
            for env in self.pending.values():
                env.ckey = None
            self.pending = None
        return items

    def statistics(self) -> MailboxStatistics:
        """Current fill level."""
        return MailboxStatistics(len(self.queue), self.capacity, len(self.pending or ()))
