"""Test tooling shipped with the runtime: a mock clock with autojump and fault injection.

Use ``MockClock`` as the system's clock to run timeouts, debounce windows and backoff in virtual time;
``await system.quiesce()`` to wait until nothing is left to do; ``FaultInjector`` to fail the n-th message of
a kind, or delay turns; ``system.kill(ref)`` to crash an actor from outside.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from actors._clock import Clock, TimerHandle, clock_sleep
from actors._dead_letters import InMemoryDeadLetterStore as InMemoryDeadLetterStore


class InjectedFault(Exception):
    """A failure raised on purpose by :class:`FaultInjector`."""


class _MockTimer:
    __slots__ = ("args", "callback", "cancelled", "deadline")

    def __init__(self, deadline: float, callback: Callable[..., object], args: tuple[object, ...]) -> None:
        self.deadline = deadline
        self.callback = callback
        self.args = args
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class MockClock:
    """Virtual time for the runtime (after trio's ``MockClock``).

    Time only moves when told: :meth:`advance` (or :meth:`jump_to`) runs every timer that falls due, in order.
    With ``autojump=True`` (used as ``async with MockClock(autojump=True) as clock``) a helper task jumps
    straight to the next timer whenever the event loop has nothing else to run, so a test that waits for a 30
    s backoff finishes at once. Autojump looks at the asyncio loop's ready queue (a CPython implementation
    detail); on a loop without one it falls back to yielding a few times before jumping.

    Caveat (as with trio's autojump): while tasks wait for real I/O (a database round trip) the loop looks
    idle, so virtual time may jump then; use the real clock in tests whose timeouts race real I/O.

    Cancellation: leaving the ``async with`` block cancels the autojump task; timers stay as they are.
    """

    def __init__(self, start: float = 0.0, *, autojump: bool = False) -> None:
        self._now = start
        self._heap: list[tuple[float, int, _MockTimer]] = []
        self._seq = itertools.count()
        self._autojump = autojump
        self._jumper: asyncio.Task[None] | None = None
        self._kick: asyncio.Future[None] | None = None

    def now(self) -> float:
        return self._now

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> TimerHandle:
        timer = _MockTimer(self._now + max(delay, 0.0), callback, args)
        heapq.heappush(self._heap, (timer.deadline, next(self._seq), timer))
        kick = self._kick
        if kick is not None and not kick.done():
            kick.set_result(None)
        return timer

    def next_deadline(self) -> float | None:
        """When the next live timer is due (None when none is set)."""
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds``, running every timer that falls due (synchronously, in order)."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self.jump_to(self._now + seconds)

    def jump_to(self, when: float) -> None:
        """Move time to ``when`` (not backwards), running the timers due by then."""
        while self._heap and self._heap[0][0] <= when:
            deadline, _, timer = heapq.heappop(self._heap)
            if timer.cancelled:
                continue
            self._now = max(self._now, deadline)
            timer.cancelled = True
            timer.callback(*timer.args)
        self._now = max(self._now, when)

    async def run_for(self, seconds: float) -> None:
        """Move time forward by ``seconds`` step by step: jump to each due timer, then let the tasks it woke
        run (so periodic timers re-arm and fire again), and so on until the target time.

        Cancellation: simply propagates; time stays wherever it had got to.
        """
        target = self._now + seconds
        while True:
            await _settle()
            deadline = self.next_deadline()
            if deadline is None or deadline > target:
                break
            self.jump_to(deadline)
        self.jump_to(target)
        await _settle()

    async def __aenter__(self) -> MockClock:
        if self._autojump:
            self._jumper = asyncio.get_running_loop().create_task(self._autojump_loop())
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        jumper, self._jumper = self._jumper, None
        if jumper is not None:
            jumper.cancel()
            try:
                await jumper
            except asyncio.CancelledError:
                pass

    async def _autojump_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if self.next_deadline() is None:
                self._kick = loop.create_future()
                await self._kick
                continue
            await asyncio.sleep(0)
            ready = getattr(loop, "_ready", None)
            if ready is None:
                for _ in range(20):
                    await asyncio.sleep(0)
            elif len(ready):
                continue  # something else can still run: time stands still
            deadline = self.next_deadline()
            if deadline is not None:
                self.jump_to(deadline)


async def _settle(limit: int = 1000) -> None:
    """Yield until nothing else is runnable (or ``limit`` times)."""
    loop = asyncio.get_running_loop()
    ready = getattr(loop, "_ready", None)
    for _ in range(limit):
        await asyncio.sleep(0)
        if ready is not None and not ready:
            return


@dataclass
class _Rule:
    kind: str
    message_type: type | None
    key: str | None
    nth: int
    times: int
    error: BaseException | None
    delay_s: float
    seen: int = 0
    fired: int = 0


class FaultInjector:
    """Fault injection hooks the runtime calls before every turn (pass as ``ActorSystem(faults=...)``).

    ``fail_nth(kind, MessageType, n)`` raises :class:`InjectedFault` (or ``error``) on the n-th message of
    that type for that kind, ``times`` times in a row from there (so ``times=2`` makes the n-th envelope
    poison, since the retry is the next message seen). ``delay_turn(kind, seconds)`` makes turns sleep first
    (clock time).
    """

    def __init__(self) -> None:
        self._rules: list[_Rule] = []
        #: ``(kind, key, message type name)`` of every injected failure, in order.
        self.injected: list[tuple[str, str, str]] = []

    def fail_nth(
        self,
        kind: str,
        message_type: type | None,
        n: int,
        *,
        times: int = 1,
        error: BaseException | None = None,
        key: str | None = None,
    ) -> None:
        """Fail the ``n``-th (1-based) matching message, and the next ``times - 1`` matching ones."""
        self._rules.append(_Rule(kind, message_type, key, n, times, error, 0.0))

    def delay_turn(
        self, kind: str, seconds: float, *, message_type: type | None = None, key: str | None = None,
        times: int = 1_000_000_000,
    ) -> None:
        """Delay matching turns by ``seconds`` of clock time (``times`` turns at most)."""
        self._rules.append(_Rule(kind, message_type, key, 1, times, None, seconds))

    async def before_turn(self, kind: str, key: str, message: object, clock: Clock) -> None:
        """Called by the runtime at the start of each turn; sleeps or raises as the rules say."""
        for rule in self._rules:
            if rule.kind != kind or (rule.key is not None and rule.key != key):
                continue
            if rule.message_type is not None and not isinstance(message, rule.message_type):
                continue
            rule.seen += 1
            if rule.seen < rule.nth or rule.fired >= rule.times:
                continue
            rule.fired += 1
            if rule.delay_s > 0:
                await clock_sleep(clock, rule.delay_s)
            else:
                self.injected.append((kind, key, type(message).__name__))
                if rule.error is not None:
                    raise rule.error
                raise InjectedFault(f"injected failure #{rule.seen}")


__all__ = ("FaultInjector", "InMemoryDeadLetterStore", "InjectedFault", "MockClock")
