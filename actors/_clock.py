"""Time as a port: the runtime never reads the event loop clock directly.

Every timer the runtime sets (ask timeouts, debounce windows, restart backoff, idle sweeps, shutdown
deadlines) goes through a :class:`Clock`, so tests swap in :class:`actors.testing.MockClock` and run minutes
of virtual time in milliseconds without a single real sleep.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

import anyio


class TimerHandle(Protocol):
    """A scheduled callback that can still be cancelled."""

    def cancel(self) -> None:
        """Cancel the callback; a no-op when it already ran."""


class Clock(Protocol):
    """Monotonic time plus one-shot timers on the running event loop."""

    def now(self) -> float:
        """The current time in seconds (monotonic, arbitrary origin)."""

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> TimerHandle:
        """Run ``callback(*args)`` on the event loop after ``delay`` seconds."""


class SystemClock:
    """The real clock: the running asyncio loop's ``time()`` and ``call_later``."""

    __slots__ = ()

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> TimerHandle:
        return asyncio.get_running_loop().call_later(max(delay, 0.0), callback, *args)


def _wake(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


async def clock_sleep(clock: Clock, delay: float) -> None:
    """Sleep ``delay`` seconds of ``clock`` time.

    Cancellation: the timer is cancelled and the ``CancelledError`` propagates; nothing stays scheduled.
    """
    fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    handle = clock.call_later(delay, _wake, fut)
    try:
        await fut
    finally:
        handle.cancel()


class clock_move_on_after:
    """A cancel scope that cancels itself after ``delay`` seconds of ``clock`` time.

    ``anyio.move_on_after`` reads the loop clock, which a mock clock cannot move; this one arms a clock timer
    that calls ``scope.cancel()``. Like anyio's scope it swallows the cancellation it caused;
    ``cancelled_caught`` tells whether the deadline was hit. Leaving the block disarms the timer.
    """

    __slots__ = ("_clock", "_delay", "_handle", "scope")

    def __init__(self, clock: Clock, delay: float, *, shield: bool = False) -> None:
        self._clock = clock
        self._delay = delay
        self._handle: TimerHandle | None = None
        self.scope = anyio.CancelScope(shield=shield)

    def __enter__(self) -> anyio.CancelScope:
        scope = self.scope.__enter__()
        if self._delay != float("inf"):
            self._handle = self._clock.call_later(self._delay, self.scope.cancel)
        return scope

    def __exit__(self, *exc_info: object) -> bool:
        if self._handle is not None:
            self._handle.cancel()
        return bool(self.scope.__exit__(*exc_info))  # type: ignore[arg-type]
