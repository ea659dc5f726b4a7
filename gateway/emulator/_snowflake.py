"""Genuine snowflakes: interactions.py derives ``ctx.expires_at`` from an interaction id's timestamp."""

from __future__ import annotations

import itertools
import time
from typing import Final

DISCORD_EPOCH_MS: Final = 1_420_070_400_000


class SnowflakeFactory:
    """Strictly increasing snowflakes stamped with the current wall-clock time (not thread-safe; one loop)."""

    def __init__(self, worker: int = 1) -> None:
        self._worker = worker & 0x1F
        self._counter = itertools.count()
        self._last = 0

    def next(self) -> str:
        """A new snowflake as a decimal string (Discord sends them as strings)."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = (ms << 22) | (self._worker << 17) | (next(self._counter) & 0xFFF)
        # Keep ids strictly increasing even if the counter wraps inside one millisecond.
        value = max(value, self._last + 1)
        self._last = value
        return str(value)

    @property
    def last(self) -> int:
        """The most recent snowflake minted (0 before the first)."""
        return self._last

    def resume_after(self, last: int) -> None:
        """Continue after ``last`` (a restored world's highest id), even if the clock now reads earlier."""
        self._last = max(self._last, last)


def snowflake_time(snowflake: str | int) -> float:
    """The Unix time (seconds) a snowflake was minted at."""
    return ((int(snowflake) >> 22) + DISCORD_EPOCH_MS) / 1000.0
