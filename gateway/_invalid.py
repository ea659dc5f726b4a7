"""Counting invalid requests (401, 403, 429) against Discord's ban line, sans-IO.

Discord bans an IP for a while after 10,000 such answers in 10 minutes (429s of the ``shared`` scope are not
counted). :class:`InvalidRequestGuard` keeps the timestamps of the last window and tells the HTTP layer
how long to hold requests back once a budget well below that line is spent.
"""

from __future__ import annotations

from collections import deque
from typing import Final

DISCORD_BAN_LINE: Final = 10_000
WINDOW: Final = 600.0


def is_invalid(status: int, scope: str | None) -> bool:
    """Whether Discord counts this answer towards the ban line."""
    if status in (401, 403):
        return True
    return status == 429 and scope != "shared"


class InvalidRequestGuard:
    """A sliding 10-minute window of invalid answers with a budget (default a quarter of Discord's line)."""

    def __init__(self, budget: int = DISCORD_BAN_LINE // 4, window: float = WINDOW) -> None:
        if not 0 < budget < DISCORD_BAN_LINE:
            raise ValueError("the budget must stay below Discord's 10,000 line")
        self.budget = budget
        self.window = window
        self._times: deque[float] = deque()
        self.total = 0

    def record(self, now: float) -> None:
        """Count one invalid answer received at ``now``."""
        self._times.append(now)
        self.total += 1
        self._expire(now)

    def count(self, now: float) -> int:
        """Invalid answers within the window ending at ``now``."""
        self._expire(now)
        return len(self._times)

    def delay(self, now: float) -> float:
        """Seconds to hold the next request back: zero under budget, else until the window frees a slot."""
        self._expire(now)
        excess = len(self._times) - self.budget
        if excess < 0:
            return 0.0
        return max(0.0, self._times[excess] + self.window - now)

    def _expire(self, now: float) -> None:
        horizon = now - self.window
        while self._times and self._times[0] <= horizon:
            self._times.popleft()
