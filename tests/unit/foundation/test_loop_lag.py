"""The event loop's lag on /metrics: the watchdog's loop monitor ticks, observed as the largest lag of a window
(a spike between two scrapes is not missed), without taking the heartbeat's peak."""

from __future__ import annotations

import asyncio
import time

import pytest
from prometheus_client import CollectorRegistry, Gauge

from telemetry import LoopLagGauge, LoopMonitor


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_gauge_shows_the_largest_lag_of_the_window() -> None:
    gauge = Gauge("lag_test_seconds", "test", registry=CollectorRegistry())
    clock = _Clock()
    monitor = LoopMonitor(interval=0.5, clock=clock)
    lag = LoopLagGauge(window_s=10.0, gauge=gauge)
    lag.attach(monitor)
    assert lag.max_lag_s == 0.0
    monitor.record(at=100.5, expected=100.498)
    monitor.record(at=103.5, expected=101.0)  # a 2.5 s stall
    monitor.record(at=104.0, expected=104.0)
    assert (lag.max_lag_s, gauge._value.get()) == (2.5, 2.5)
    assert monitor.take_peak() == 2.5  # the heartbeat's peak is its own
    assert lag.max_lag_s == 2.5
    monitor.record(at=114.0, expected=113.997)  # the stall is older than the window now
    assert lag.max_lag_s == pytest.approx(0.003) and gauge._value.get() == pytest.approx(0.003)
    with pytest.raises(ValueError, match="positive"):
        LoopLagGauge(window_s=0)


@pytest.mark.anyio
async def test_a_blocked_loop_shows_as_lag_at_least_as_long_as_the_block() -> None:
    monitor = LoopMonitor(interval=0.01)
    lag = LoopLagGauge(gauge=None)
    lag.attach(monitor)
    monitor.start()
    try:
        await asyncio.sleep(0.02)  # the monitor is running
        time.sleep(0.3)  # noqa: ASYNC251 (a synchronous call blocking every task: what the monitor measures)
        tick = monitor.last_tick
        while monitor.last_tick == tick:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        assert lag.max_lag_s >= 0.25
    finally:
        await monitor.stop()
