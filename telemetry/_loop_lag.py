"""How late the event loop runs what is due: a small task that asks to wake every ``interval_s`` and measures by
how much its wake-ups come late.

A coroutine that blocks the loop (a sync call, a CPU-bound render) delays every other task by the same amount:
interaction acknowledgements, lease renewals, the health endpoints. The monitor turns that into the gauge
``together_event_loop_lag_seconds`` (the largest delay seen in the last ``window_s``, so a spike between two
scrapes is not missed) and into :attr:`LoopLagMonitor.last_beat`, the monotonic time of its last wake-up, which a
watchdog running outside the loop (a thread) can read to tell a blocked loop from a slow one.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Final

from prometheus_client import Gauge

from telemetry._metrics import REGISTRY

LOOP_LAG: Final = Gauge(
    "together_event_loop_lag_seconds",
    "The largest delay with which the event loop ran a due timer over the last window (scheduling delay).",
    registry=REGISTRY,
)


class LoopLagMonitor:
    """Measures the event loop's scheduling delay while :meth:`run` runs (start it as a task; cancel to stop).

    ``lag_s`` is the last measured delay, ``max_lag_s`` the largest within the last ``window_s`` (what the gauge
    shows), ``last_beat`` the monotonic time of the last wake-up (None before the first). ``gauge`` None keeps
    the measurements off the metrics (a second monitor in the same process, a test).
    """

    def __init__(
        self,
        interval_s: float = 0.5,
        *,
        window_s: float = 15.0,
        gauge: Gauge | None = LOOP_LAG,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if interval_s <= 0 or window_s <= 0:
            raise ValueError("interval_s and window_s must be positive")
        self.interval_s = interval_s
        self.window_s = window_s
        self._gauge = gauge
        self._clock = clock
        self._samples: deque[tuple[float, float]] = deque()
        self.lag_s = 0.0
        self.last_beat: float | None = None

    @property
    def max_lag_s(self) -> float:
        """The largest delay measured within the last ``window_s`` (0 before the first measurement)."""
        return max((lag for _, lag in self._samples), default=0.0)

    def blocked_for(self, now: float | None = None) -> float:
        """How long past its due time the monitor's next wake-up is, as of ``now``: 0 while the loop keeps up,
        growing while it is blocked (or while :meth:`run` is not running). Safe to call from another thread."""
        if self.last_beat is None:
            return 0.0
        current = self._clock() if now is None else now
        return max(0.0, current - self.last_beat - self.interval_s)

    def observe(self, lag_s: float, now: float) -> None:
        """Record one measured delay at ``now`` (what :meth:`run` does after each wake-up)."""
        self.lag_s = max(0.0, lag_s)
        self.last_beat = now
        self._samples.append((now, self.lag_s))
        while self._samples and self._samples[0][0] < now - self.window_s:
            self._samples.popleft()
        if self._gauge is not None:
            self._gauge.set(self.max_lag_s)

    async def run(self) -> None:
        """Measure until cancelled."""
        self.last_beat = self._clock()
        while True:
            due = self._clock() + self.interval_s
            await asyncio.sleep(self.interval_s)
            now = self._clock()
            self.observe(now - due, now)
