"""The event loop's lag: measured from how late a due timer runs, kept as the largest delay of a window, and
readable from outside the loop as "how long since the monitor last ran"."""

from __future__ import annotations

import asyncio
import time

import pytest
from prometheus_client import CollectorRegistry, Gauge

from telemetry import LoopLagMonitor


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_gauge_shows_the_largest_delay_of_the_window() -> None:
    gauge = Gauge("lag_test_seconds", "test", registry=CollectorRegistry())
    clock = _Clock()
    monitor = LoopLagMonitor(0.5, window_s=10.0, gauge=gauge, clock=clock)
    assert monitor.max_lag_s == 0.0 and monitor.blocked_for() == 0.0
    monitor.observe(0.002, 100.0)
    monitor.observe(2.5, 101.0)
    monitor.observe(0.001, 105.0)
    assert (monitor.lag_s, monitor.max_lag_s, gauge._value.get()) == (0.001, 2.5, 2.5)
    monitor.observe(0.003, 111.5)  # the 2.5 s spike is older than the window now
    assert monitor.max_lag_s == 0.003 and gauge._value.get() == 0.003
    monitor.observe(-0.001, 112.0)  # a timer never runs early; clock noise is no lag
    assert monitor.lag_s == 0.0


def test_blocked_for_grows_while_the_monitor_does_not_run() -> None:
    clock = _Clock()
    monitor = LoopLagMonitor(0.5, gauge=None, clock=clock)
    monitor.observe(0.0, 100.0)
    assert monitor.blocked_for(100.4) == 0.0
    assert monitor.blocked_for(112.5) == pytest.approx(12.0)
    clock.now = 103.0
    assert monitor.blocked_for() == pytest.approx(2.5)
    with pytest.raises(ValueError, match="positive"):
        LoopLagMonitor(0)


@pytest.mark.anyio
async def test_a_blocked_loop_shows_as_lag_at_least_as_long_as_the_block() -> None:
    monitor = LoopLagMonitor(0.01, gauge=None)
    task = asyncio.create_task(monitor.run())
    try:
        await asyncio.sleep(0.02)  # the monitor is running
        time.sleep(0.3)  # noqa: ASYNC251 (a synchronous call blocking every task: what the monitor measures)
        beat = monitor.last_beat
        while monitor.last_beat == beat:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        assert monitor.max_lag_s >= 0.25
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
