"""Process-wide admission for projection turns: one Discord request per channel at a time, few DB holders.

Every projection message in a channel shares that channel's route buckets, so letting two projections of one
channel talk to Discord at once gains nothing: the second would only queue inside the REST port, and it would
queue *while holding a database connection and the projection's advisory lock*. A turn therefore takes its
channel's gate first, waits for the bucket with nothing held, and only then takes one of a few database slots
for the short locked section (one or two HTTP round trips). The slots cap how many pool connections
projections can pin at once, whatever the number of channels.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class _Gate:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChannelGates:
    """Per-channel mutual exclusion plus a bound on concurrent locked sections."""

    def __init__(self, db_slots: int) -> None:
        if db_slots < 1:
            raise ValueError("projections need at least one database slot")
        self.db_slots = db_slots
        self._gates: dict[str, _Gate] = {}
        self._slots = asyncio.Semaphore(db_slots)

    @asynccontextmanager
    async def channel(self, channel_id: str) -> AsyncIterator[None]:
        """Hold ``channel_id``'s gate for the block (FIFO among waiters; dropped when nobody uses it)."""
        gate = self._gates.get(channel_id)
        if gate is None:
            gate = self._gates[channel_id] = _Gate()
        gate.users += 1
        try:
            async with gate.lock:
                yield
        finally:
            gate.users -= 1
            if gate.users == 0:
                del self._gates[channel_id]

    @asynccontextmanager
    async def db_slot(self) -> AsyncIterator[None]:
        """Hold one of the ``db_slots`` database slots for the block."""
        async with self._slots:
            yield

    def __len__(self) -> int:
        """How many channel gates are in use (for tests: idle gates are dropped)."""
        return len(self._gates)
