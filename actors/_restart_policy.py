"""Pure supervision policy: restart types, directives, the restart-intensity window and backoff.

Nothing here awaits or reads a clock; callers pass ``now``. That keeps the rules exhaustively testable.
"""

from __future__ import annotations

import enum
import random
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


class Restart(enum.Enum):
    """OTP restart types: when a child that ended is started again."""

    #: Always restarted (static services).
    PERMANENT = "permanent"
    #: Restarted only after an abnormal exit (an exception); a normal return ends it for good.
    TRANSIENT = "transient"
    #: Never restarted, not even when a sibling's restart takes it down.
    TEMPORARY = "temporary"


class Directive(enum.Enum):
    """What a supervisor does with a failure (Akka's directives)."""

    #: Keep the actor and its state; skip to the next message.
    RESUME = "resume"
    #: Discard the state, wait out the backoff, activate again and carry on with the stash.
    RESTART = "restart"
    #: Stop the actor for good (pending messages become dead letters).
    STOP = "stop"
    #: Give up: the failure propagates to the parent supervisor.
    ESCALATE = "escalate"


Decider = Callable[[BaseException], Directive]


@dataclass(frozen=True, slots=True)
class ExceptionDecider:
    """A decider mapping exception types to directives; the most specific class in the MRO wins.

    ``ExceptionDecider({TimeoutError: Directive.RESUME, KeyError: Directive.STOP})`` resumes on timeouts,
    stops on key errors and answers ``default`` (restart) for anything else.
    """

    rules: Mapping[type[BaseException], Directive] = field(default_factory=dict)
    default: Directive = Directive.RESTART

    def __call__(self, exc: BaseException) -> Directive:
        for cls in type(exc).__mro__:
            directive = self.rules.get(cls)
            if directive is not None:
                return directive
        return self.default


def always_restart(exc: BaseException) -> Directive:
    """The default decider: every failure restarts."""
    return Directive.RESTART


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter (Akka's ``restartWithBackoff``).

    The n-th consecutive restart (n from 0) waits ``min(max_s, min_s * 2**n)`` seconds, stretched by a random
    factor in ``[1, 1 + random_factor]``. After ``reset_after_s`` without a failure the count starts over.
    """

    min_s: float = 0.1
    max_s: float = 10.0
    random_factor: float = 0.2
    reset_after_s: float = 30.0

    def __post_init__(self) -> None:
        if self.min_s < 0 or self.max_s < self.min_s or self.random_factor < 0 or self.reset_after_s < 0:
            raise ValueError("backoff needs 0 <= min_s <= max_s and non-negative random_factor and reset")

    def delay(self, attempt: int, rnd: float) -> float:
        """The delay before restart ``attempt`` (0-based) given a uniform random number ``rnd`` in [0, 1)."""
        # Cap the exponent so 2**attempt never overflows a float for absurd attempt counts.
        base = min(self.max_s, self.min_s * (2.0 ** min(attempt, 64)))
        return base * (1.0 + self.random_factor * rnd)


NO_BACKOFF = Backoff(min_s=0.0, max_s=0.0, random_factor=0.0, reset_after_s=0.0)


class RestartWindow:
    """Restart intensity: at most ``max_restarts`` restarts within any ``within_s`` seconds (OTP).

    :meth:`record` registers a restart at ``now`` and says whether it is still within budget. The window also
    tracks consecutive restarts for the backoff, reset after ``backoff.reset_after_s`` of calm.
    """

    __slots__ = ("_backoff", "_last_failure", "_rng", "_times", "attempt", "max_restarts", "within_s")

    def __init__(
        self,
        max_restarts: int,
        within_s: float,
        backoff: Backoff = NO_BACKOFF,
        *,
        rng: random.Random | None = None,
    ) -> None:
        if max_restarts < 0 or within_s <= 0:
            raise ValueError("max_restarts must be >= 0 and within_s > 0")
        self.max_restarts = max_restarts
        self.within_s = within_s
        self._backoff = backoff
        self._rng = rng or random.Random()
        self._times: deque[float] = deque()
        self._last_failure: float | None = None
        #: Consecutive restarts since the last calm period (drives the backoff exponent).
        self.attempt = 0

    def record(self, now: float) -> bool:
        """Record a restart at ``now``; False when it exceeds the budget (the caller escalates)."""
        times = self._times
        while times and times[0] <= now - self.within_s:
            times.popleft()
        if self._last_failure is not None and now - self._last_failure >= self._backoff.reset_after_s:
            self.attempt = 0
        self._last_failure = now
        if len(times) >= self.max_restarts:
            return False
        times.append(now)
        return True

    def next_delay(self) -> float:
        """The backoff before the restart just recorded; advances the consecutive-restart count."""
        delay = self._backoff.delay(self.attempt, self._rng.random())
        self.attempt += 1
        return delay

    def restarts_in_window(self, now: float) -> int:
        """How many restarts count against the budget at ``now``."""
        return sum(1 for t in self._times if t > now - self.within_s)
