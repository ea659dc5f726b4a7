"""The watchdog's pure liveness decision, its ``/livez`` body, and the heartbeat line when its stats fail."""

from __future__ import annotations

import asyncio
import logging

import pytest

from telemetry import Heartbeat, LoopMonitor, Stall, decide_liveness

pytestmark = pytest.mark.anyio

LIMITS = {"max_block": 10.0, "heartbeat_interval": 30.0}


def test_a_loop_that_ticked_recently_with_a_recent_heartbeat_is_live() -> None:
    verdict = decide_liveness(now=1000.0, last_tick=999.6, last_heartbeat=990.0, stall=None, **LIMITS)
    assert verdict.ok and verdict.loop_ok and verdict.heartbeat_ok and verdict.reasons == ()
    assert verdict.to_json() == {
        "ok": True, "loop": "ok", "heartbeat": "ok", "loop_silent_s": 0.4, "stall_s": None,
        "heartbeat_age_s": 10.0, "reasons": [],
    }


def test_a_loop_silent_for_longer_than_the_limit_is_not_live_and_exactly_the_limit_is() -> None:
    blocked = decide_liveness(now=1000.0, last_tick=989.5, last_heartbeat=995.0, stall=None, **LIMITS)
    assert not blocked.ok and not blocked.loop_ok and blocked.heartbeat_ok
    assert blocked.reasons == ("event loop blocked for 10.5 s (limit 10 s)",)
    assert blocked.to_json()["loop"] == "blocked"
    at_limit = decide_liveness(now=1000.0, last_tick=990.0, last_heartbeat=995.0, stall=None, **LIMITS)
    assert at_limit.ok


def test_a_stall_that_ended_counts_for_the_memory_then_not() -> None:
    stall = Stall(seconds=12.0, ended_at=995.0)
    # The probe that waited through the stall is answered right after it: not live.
    right_after = decide_liveness(now=995.2, last_tick=995.0, last_heartbeat=994.0, stall=stall, **LIMITS)
    assert not right_after.ok and not right_after.loop_ok and right_after.stall_s == 12.0
    assert right_after.reasons == ("event loop was blocked for 12.0 s until 0.2 s ago (limit 10 s)",)
    later = decide_liveness(now=1005.5, last_tick=1005.4, last_heartbeat=1004.0, stall=stall, **LIMITS)
    assert later.ok and later.stall_s is None
    # A memory of its own (a test with tiny limits wants a longer one).
    remembered = decide_liveness(
        now=1005.5, last_tick=1005.4, last_heartbeat=1004.0, stall=stall, stall_memory=20.0, **LIMITS
    )
    assert not remembered.ok
    # A stall within the limit never counts.
    short = Stall(seconds=9.0, ended_at=999.0)
    assert decide_liveness(now=999.1, last_tick=999.0, last_heartbeat=998.0, stall=short, **LIMITS).ok


def test_no_heartbeat_for_two_intervals_is_not_live() -> None:
    stopped = decide_liveness(now=1000.0, last_tick=999.9, last_heartbeat=939.0, stall=None, **LIMITS)
    assert not stopped.ok and stopped.loop_ok and not stopped.heartbeat_ok
    assert stopped.reasons == ("no heartbeat for 61.0 s (one is due every 30 s)",)
    assert stopped.to_json()["heartbeat"] == "stopped"
    assert decide_liveness(now=1000.0, last_tick=999.9, last_heartbeat=940.0, stall=None, **LIMITS).ok
    both = decide_liveness(now=1000.0, last_tick=900.0, last_heartbeat=900.0, stall=None, **LIMITS)
    assert not both.loop_ok and not both.heartbeat_ok and len(both.reasons) == 2


async def test_a_heartbeat_whose_stats_fail_is_logged_all_the_same(caplog: pytest.LogCaptureFixture) -> None:
    async def broken() -> dict[str, object]:
        raise ConnectionResetError("the database went away")

    async def stuck() -> dict[str, object]:
        await asyncio.Event().wait()
        return {}

    caplog.set_level(logging.INFO, logger="telemetry._watchdog")
    monitor = LoopMonitor(interval=1.0, clock=lambda: 100.0)
    monitor.record(at=101.25, expected=101.0)
    heartbeat = Heartbeat(broken, interval=1.0, monitor=monitor)
    await heartbeat.beat()
    slow = Heartbeat(stuck, interval=1.0, timeout=0.01)
    await slow.beat()
    first, second = [r for r in caplog.records if r.getMessage() == "heartbeat"]
    assert first.__dict__["stats_error"] == "ConnectionResetError"
    assert first.__dict__["loop_lag_ms"] == 250.0
    assert second.__dict__["stats_error"] == "TimeoutError"
    assert heartbeat.beats == 1 and heartbeat.last_beat is not None


def test_the_loop_monitor_measures_lag_and_gaps_and_keeps_the_peak_of_each_window() -> None:
    monitor = LoopMonitor(interval=0.5, clock=lambda: 10.0)
    seen: list[float] = []
    monitor.observe(lambda tick: seen.append(tick.gap))
    monitor.record(at=10.6, expected=10.5)
    monitor.record(at=11.1, expected=11.1)
    late = monitor.record(at=23.0, expected=11.6)  # the loop was blocked for about 12 s
    assert late.gap == pytest.approx(11.9) and late.lag == pytest.approx(11.4)
    assert seen == [pytest.approx(0.6), pytest.approx(0.5), pytest.approx(11.9)]
    assert monitor.last_tick == 23.0 and monitor.lag == pytest.approx(11.4)
    assert monitor.take_peak() == pytest.approx(11.4)
    monitor.record(at=23.6, expected=23.5)
    assert monitor.take_peak() == pytest.approx(0.1)  # the next window's own peak
    with pytest.raises(ValueError):
        LoopMonitor(interval=0)
