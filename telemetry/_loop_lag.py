"""The event loop's lag on ``/metrics``: the watchdog's :class:`~telemetry.LoopMonitor` ticks, observed.

A coroutine that blocks the loop (a sync call, a CPU-bound render) delays every other task by the same amount:
interaction acknowledgements, lease renewals, the health endpoints. :class:`LoopLagGauge` observes the ticks of
the process's loop monitor (the one the watchdog runs; no second task measures the same thing) and shows the
largest lag of the last ``window_s`` as ``together_event_loop_lag_seconds``, so a spike between two scrapes is
not missed. It keeps its own window: the heartbeat's :meth:`~telemetry.LoopMonitor.take_peak` stays the
heartbeat's.
"""

from __future__ import annotations

from collections import deque
from typing import Final

from prometheus_client import Gauge

from telemetry._metrics import REGISTRY
from telemetry._watchdog import LoopMonitor, LoopTick

LOOP_LAG: Final = Gauge(
    "together_event_loop_lag_seconds",
    "The largest delay with which the event loop ran a due timer over the last window (scheduling delay).",
    registry=REGISTRY,
)


class LoopLagGauge:
    """Shows a loop monitor's lag as a gauge: the largest tick lag within the last ``window_s`` seconds.

    ``gauge`` None keeps the readings off the metrics (a test, a second monitor in one process).
    """

    def __init__(self, *, window_s: float = 15.0, gauge: Gauge | None = LOOP_LAG) -> None:
        if window_s <= 0:
            raise ValueError("the lag window must be positive")
        self.window_s = window_s
        self._gauge = gauge
        self._ticks: deque[tuple[float, float]] = deque()

    @property
    def max_lag_s(self) -> float:
        """The largest lag within the window (0 before the first tick)."""
        return max((lag for _, lag in self._ticks), default=0.0)

    def attach(self, monitor: LoopMonitor) -> None:
        """Observe every tick of ``monitor`` from now on."""
        monitor.observe(self.on_tick)

    def on_tick(self, tick: LoopTick) -> None:
        """Take one tick into the window and update the gauge."""
        self._ticks.append((tick.at, tick.lag))
        while self._ticks and self._ticks[0][0] < tick.at - self.window_s:
            self._ticks.popleft()
        if self._gauge is not None:
            self._gauge.set(self.max_lag_s)
