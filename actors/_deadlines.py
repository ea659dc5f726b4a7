"""Ask deadlines in coarse buckets: one clock timer per bucket instead of one timer per ``ask``.

An ``ask`` must always have a timeout, so every request arms one. A loop timer per request costs a heap push,
a handle object and a cancellation, a sizeable share of a ten-microsecond round trip. Deadlines are instead
rounded *up* to the next multiple of :data:`GRANULARITY_S` and kept in a set per bucket; one timer per bucket
fails the futures still pending when it fires. A timeout therefore fires at most ``GRANULARITY_S`` late, never
early.
"""

from __future__ import annotations

import asyncio
import math
from typing import Final

from actors._clock import Clock
from actors._errors import AskTimeout

#: Deadline resolution in seconds.
GRANULARITY_S: Final = 0.01


class AskDeadlines:
    """Pending ask futures grouped by deadline bucket."""

    __slots__ = ("_buckets", "_clock")

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._buckets: dict[int, set[asyncio.Future[object]]] = {}

    def arm(self, fut: asyncio.Future[object], timeout: float) -> set[asyncio.Future[object]]:
        """Fail ``fut`` with :class:`AskTimeout` after ``timeout`` seconds; returns the bucket to disarm
        from."""
        bucket = math.ceil((self._clock.now() + timeout) / GRANULARITY_S)
        pending = self._buckets.get(bucket)
        if pending is None:
            pending = self._buckets[bucket] = set()
            self._clock.call_later(bucket * GRANULARITY_S - self._clock.now(), self._fire, bucket)
        pending.add(fut)
        return pending

    def _fire(self, bucket: int) -> None:
        pending = self._buckets.pop(bucket, ())
        for fut in pending:
            if not fut.done():
                fut.set_exception(AskTimeout())

    def __len__(self) -> int:
        return sum(len(p) for p in self._buckets.values())
