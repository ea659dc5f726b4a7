"""The watchdog: an event-loop monitor, a heartbeat, and the liveness decision ``/livez`` serves.

- :class:`LoopMonitor` is a task that sleeps a short interval and notes how late it wakes: the scheduling delay
  of the event loop (its lag), and the monotonic time of its last tick. It is reusable on its own (a lag gauge
  reads :attr:`LoopMonitor.lag`; observers get every tick).
- A blocked loop cannot report itself, so :class:`Watchdog` also runs a thread that reads the last tick: when
  the loop has not ticked for more than ``max_block`` seconds it logs, once per stall, where the loop's thread
  is stuck (its stack), and logs again when the loop runs.
- :class:`Heartbeat` logs one JSON line ``heartbeat`` every ``interval`` seconds with the counts its ``stats``
  callable returns (queues, actors) and the loop's peak lag since the previous line.
- :func:`decide_liveness` is the pure decision: not live while the loop has not ticked for ``max_block``
  seconds, for a while (``stall_memory``, by default ``max_block``) after a stall longer than that (a probe
  that waited through the stall is answered after it, and must hear about it), or when no heartbeat was logged
  for two intervals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final

logger = logging.getLogger(__name__)

#: What a heartbeat reports besides the loop: ``{"jobs_running": 2, "jobs_due": 0, ...}``.
HeartbeatStats = Callable[[], Awaitable[Mapping[str, object]]]

#: Stack frames of the blocked loop's thread put in the log line.
_STACK_FRAMES: Final = 30


async def _cancel(task: asyncio.Task[None] | None) -> None:
    """Cancel ``task`` (if any) and wait until it has ended."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@dataclass(frozen=True, slots=True, kw_only=True)
class Stall:
    """A stretch of time the loop did not run: how long, and when (monotonic) it ran again."""

    seconds: float
    ended_at: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Liveness:
    """The verdict of :func:`decide_liveness` and what it was based on."""

    ok: bool
    #: The loop ran within ``max_block`` and no longer stall counts against it.
    loop_ok: bool
    #: A heartbeat was logged within two intervals.
    heartbeat_ok: bool
    #: Seconds since the loop last ticked.
    loop_silent_s: float
    #: The stall that still counts against liveness (None when none does).
    stall_s: float | None
    #: Seconds since the last heartbeat (since the watchdog started, before the first).
    heartbeat_age_s: float
    reasons: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The ``/livez`` body."""
        return {
            "ok": self.ok,
            "loop": "ok" if self.loop_ok else "blocked",
            "heartbeat": "ok" if self.heartbeat_ok else "stopped",
            "loop_silent_s": round(self.loop_silent_s, 3),
            "stall_s": None if self.stall_s is None else round(self.stall_s, 3),
            "heartbeat_age_s": round(self.heartbeat_age_s, 3),
            "reasons": list(self.reasons),
        }


def decide_liveness(
    *,
    now: float,
    last_tick: float,
    last_heartbeat: float,
    stall: Stall | None,
    max_block: float,
    heartbeat_interval: float,
    stall_memory: float | None = None,
) -> Liveness:
    """Whether the process is live at ``now`` (all times monotonic seconds).

    ``last_tick``: when the loop monitor last ran; ``last_heartbeat``: when the last heartbeat was logged (its
    start time before the first); ``stall``: the most recent stall longer than ``max_block``, if any, which
    counts for ``stall_memory`` seconds after it ended (default: ``max_block``).
    """
    memory = max_block if stall_memory is None else stall_memory
    reasons: list[str] = []
    silent = max(0.0, now - last_tick)
    if silent > max_block:
        reasons.append(f"event loop blocked for {silent:.1f} s (limit {max_block:g} s)")
    counted: float | None = None
    if stall is not None and stall.seconds > max_block and now - stall.ended_at <= memory:
        counted = stall.seconds
        reasons.append(
            f"event loop was blocked for {stall.seconds:.1f} s until {now - stall.ended_at:.1f} s ago "
            f"(limit {max_block:g} s)"
        )
    loop_ok = not reasons
    age = max(0.0, now - last_heartbeat)
    heartbeat_ok = age <= 2 * heartbeat_interval
    if not heartbeat_ok:
        reasons.append(f"no heartbeat for {age:.1f} s (one is due every {heartbeat_interval:g} s)")
    return Liveness(ok=loop_ok and heartbeat_ok, loop_ok=loop_ok, heartbeat_ok=heartbeat_ok, loop_silent_s=silent,
                    stall_s=counted, heartbeat_age_s=age, reasons=tuple(reasons))


@dataclass(frozen=True, slots=True, kw_only=True)
class LoopTick:
    """One tick of the loop monitor: when (monotonic), how long since the previous tick, how late it woke."""

    at: float
    gap: float
    lag: float


class LoopMonitor:
    """Measures the event loop's scheduling delay with a task that wakes every ``interval`` seconds.

    :attr:`lag` is the delay of the latest tick (seconds late), :meth:`take_peak` the largest since it was
    last taken, :attr:`last_tick` the monotonic time of the latest tick (a float written by the loop and safe
    to read from another thread). :meth:`observe` adds a callback run on the loop at every tick.
    """

    def __init__(self, *, interval: float = 0.5, clock: Callable[[], float] = time.monotonic) -> None:
        if interval <= 0:
            raise ValueError("the loop monitor's interval must be positive")
        self.interval = interval
        self._clock = clock
        self.last_tick = clock()
        self.lag = 0.0
        self._peak = 0.0
        self._observers: list[Callable[[LoopTick], None]] = []
        self._task: asyncio.Task[None] | None = None
        #: The thread running the loop (set at start), for a watchdog to read its stack.
        self.thread_id: int | None = None

    def observe(self, observer: Callable[[LoopTick], None]) -> None:
        """Call ``observer(tick)`` on the loop after every tick."""
        self._observers.append(observer)

    def take_peak(self) -> float:
        """The largest lag since the previous call (or since start), and start a new window."""
        peak, self._peak = self._peak, 0.0
        return peak

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start ticking on the running loop."""
        if self._task is not None:
            raise RuntimeError("the loop monitor is already started")
        self.thread_id = threading.get_ident()
        self.last_tick = self._clock()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-monitor")

    async def stop(self) -> None:
        task, self._task = self._task, None
        await _cancel(task)

    def record(self, *, at: float, expected: float) -> LoopTick:
        """Note a tick that ran at ``at`` but was due at ``expected`` and tell the observers (the monitor's
        task calls it; a test may call it with its own times)."""
        tick = LoopTick(at=at, gap=at - self.last_tick, lag=max(0.0, at - expected))
        self.last_tick = at
        self.lag = tick.lag
        self._peak = max(self._peak, tick.lag)
        for observer in self._observers:
            try:
                observer(tick)
            except Exception:
                logger.exception("a loop monitor observer failed")
        return tick

    async def _run(self) -> None:
        while True:
            expected = self._clock() + self.interval
            await asyncio.sleep(self.interval)
            self.record(at=self._clock(), expected=expected)


class Heartbeat:
    """Logs ``heartbeat`` every ``interval`` seconds (the first at start) with ``stats()`` and the loop's lag.

    ``stats`` gets ``timeout`` seconds (a slow database must not stop the heartbeat, which would fail
    liveness): when it fails, the line says so in ``stats_error`` and is logged all the same.
    :attr:`last_beat` is the monotonic time of the latest line.
    """

    def __init__(
        self,
        stats: HeartbeatStats | None = None,
        *,
        interval: float = 30.0,
        timeout: float | None = None,
        monitor: LoopMonitor | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._stats = stats
        self._timeout = timeout if timeout is not None else min(5.0, interval / 2)
        self._monitor = monitor
        self._clock = clock
        self._started = clock()
        self.last_beat: float | None = None
        self.beats = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is not None:
            raise RuntimeError("the heartbeat is already started")
        self._started = self._clock()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="heartbeat")

    async def stop(self) -> None:
        task, self._task = self._task, None
        await _cancel(task)

    async def beat(self) -> None:
        """Gather the stats and log one heartbeat line."""
        fields: dict[str, object] = {}
        if self._stats is not None:
            try:
                async with asyncio.timeout(self._timeout):
                    fields.update(await self._stats())
            except Exception as exc:  # any failure: the line still goes out, saying so
                fields["stats_error"] = exc.__class__.__name__
        if self._monitor is not None:
            fields["loop_lag_ms"] = round(self._monitor.take_peak() * 1000, 1)
        fields["uptime_s"] = round(self._clock() - self._started, 1)
        self.beats += 1
        self.last_beat = self._clock()
        logger.info("heartbeat", extra=fields)

    async def _run(self) -> None:
        while True:
            await self.beat()
            await asyncio.sleep(self.interval)


class Watchdog:
    """The loop monitor, the heartbeat and the watchdog thread of one process, and its liveness.

    ``max_block``: how long the loop may go without running before the process is not live;
    ``heartbeat_interval``: seconds between heartbeat lines (two missed ones: not live); ``stall_memory``: how
    long a stall keeps ``/livez`` failing after the loop runs again (default ``max_block``). ``tick_interval``
    (default: a quarter of ``max_block``, at most half a second) paces the monitor and the thread.
    """

    def __init__(
        self,
        stats: HeartbeatStats | None = None,
        *,
        heartbeat_interval: float = 30.0,
        max_block: float = 10.0,
        stall_memory: float | None = None,
        tick_interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_block = max_block
        self.stall_memory = max_block if stall_memory is None else stall_memory
        self.heartbeat_interval = heartbeat_interval
        self._clock = clock
        tick = tick_interval if tick_interval is not None else min(0.5, max_block / 4)
        self.monitor = LoopMonitor(interval=tick, clock=clock)
        self.heartbeat = Heartbeat(stats, interval=heartbeat_interval, monitor=self.monitor, clock=clock)
        self.monitor.observe(self._on_tick)
        self._stall: Stall | None = None
        self._started = clock()
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()

    async def start(self) -> None:
        """Start the monitor, the heartbeat (its first line now) and the thread."""
        self._started = self._clock()
        self.monitor.start()
        self.heartbeat.start()
        self._halt.clear()
        self._thread = threading.Thread(target=self._watch, name="together-watchdog", daemon=True)
        self._thread.start()

    async def stop(self) -> None:
        self._halt.set()
        await self.heartbeat.stop()
        await self.monitor.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            await asyncio.to_thread(thread.join, 5.0)

    def liveness(self) -> Liveness:
        """:func:`decide_liveness` on the current readings."""
        last_beat = self.heartbeat.last_beat
        return decide_liveness(
            now=self._clock(),
            last_tick=self.monitor.last_tick,
            last_heartbeat=self._started if last_beat is None else last_beat,
            stall=self._stall,
            max_block=self.max_block,
            heartbeat_interval=self.heartbeat_interval,
            stall_memory=self.stall_memory,
        )

    def _on_tick(self, tick: LoopTick) -> None:
        if tick.gap > self.max_block:
            self._stall = Stall(seconds=tick.gap, ended_at=tick.at)

    # -- the thread ------------------------------------------------------------------------------------

    def _watch(self) -> None:
        reported: float | None = None  # the last tick of the stall already reported
        while not self._halt.wait(self.monitor.interval):
            last = self.monitor.last_tick
            silent = self._clock() - last
            if silent > self.max_block and reported != last:
                reported = last
                logger.error(
                    "event loop blocked for %.1f s (limit %g s)", silent, self.max_block,
                    extra={"loop_silent_s": round(silent, 3), "stack": self._loop_stack()},
                )
            elif reported is not None and reported != last:
                logger.warning("event loop runs again after %.1f s", last - reported,
                               extra={"loop_silent_s": round(last - reported, 3)})
                reported = None

    def _loop_stack(self) -> str:
        ident = self.monitor.thread_id
        frame = None if ident is None else sys._current_frames().get(ident)
        if frame is None:
            return ""
        return "".join(traceback.format_stack(frame)[-_STACK_FRAMES:])
