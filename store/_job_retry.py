"""Retry policy of one job name: exponential backoff with jitter (pure, no I/O)."""

from __future__ import annotations

import random

import msgspec


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """How often and how soon a failed job runs again.

    ``max_attempts`` counts every run, the first one included; after the last failed attempt the job goes
    ``dead``. The delay before attempt ``n + 1`` is ``base_delay * 2 ** (n - 1)`` capped at ``max_delay``, of
    which a ``jitter`` fraction is randomised so that jobs failing together do not retry in lock step.
    """

    max_attempts: int = 5
    base_delay: float = 2.0
    max_delay: float = 600.0
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.base_delay < 0 or self.max_delay < 0 or not 0.0 <= self.jitter <= 1.0:
            raise ValueError("delays must be >= 0 and jitter within [0, 1]")

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after the ``attempts``-th failed run (``attempts`` >= 1)."""
        exponent = max(0, attempts - 1)
        # Cap the exponent so huge attempt counts cannot overflow a float.
        full = min(self.max_delay, self.base_delay * (2.0 ** min(exponent, 30)))
        draw = (rng or random).random()
        return full * (1.0 - self.jitter) + full * self.jitter * draw

    def gives_up(self, attempts: int) -> bool:
        """True when ``attempts`` runs used every allowed attempt."""
        return attempts >= self.max_attempts
