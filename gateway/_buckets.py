"""Client-side pacing by Discord's rate-limit headers, sans-IO.

:class:`BucketBook` learns each route bucket from ``X-RateLimit-*`` headers and answers how long the next
request on that bucket must wait; :class:`GlobalPacer` keeps the whole process under a request rate. Both
take ``now`` explicitly so they are tested without clocks or sockets.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(slots=True)
class BucketState:
    """What Discord last said about one bucket: ``remaining`` of ``limit`` until ``reset_at`` (monotonic)."""

    limit: int = 1
    remaining: int = 1
    reset_at: float = 0.0
    bucket: str | None = None
    known: bool = False

    def delay(self, now: float) -> float:
        """Seconds until a request may go out on this bucket."""
        if self.remaining > 0 or now >= self.reset_at:
            return 0.0
        return self.reset_at - now

    def reserve(self, now: float) -> None:
        """Account one request about to be sent (optimistic; the response's headers correct it)."""
        if now >= self.reset_at and self.known:
            self.remaining = self.limit
        if self.remaining > 0:
            self.remaining -= 1


class BucketBook:
    """Bucket states keyed by ``"<METHOD> <template>|<major id>"``."""

    def __init__(self) -> None:
        self._states: dict[str, BucketState] = {}

    def state(self, key: str) -> BucketState:
        """The (possibly new, unknown) state of a bucket key."""
        st = self._states.get(key)
        if st is None:
            st = self._states[key] = BucketState()
        return st

    def peek(self, key: str) -> BucketState | None:
        """The state if the bucket was seen, else ``None`` (for callers that report bucket pressure)."""
        return self._states.get(key)

    def update(self, key: str, headers: Mapping[str, str], now: float) -> BucketState:
        """Ingest a response's headers (no-op when it carries none)."""
        st = self.state(key)
        limit = headers.get("X-RateLimit-Limit")
        remaining = headers.get("X-RateLimit-Remaining")
        reset_after = headers.get("X-RateLimit-Reset-After")
        if limit is None or remaining is None or reset_after is None:
            return st
        st.limit = int(limit)
        st.remaining = int(remaining)
        st.reset_at = now + float(reset_after)
        st.bucket = headers.get("X-RateLimit-Bucket")
        st.known = True
        return st

    def block(self, key: str, retry_after: float, now: float) -> None:
        """After a 429: nothing more on this bucket for ``retry_after`` seconds."""
        st = self.state(key)
        st.remaining = 0
        st.reset_at = max(st.reset_at, now + retry_after)


class GlobalPacer:
    """At most ``rate`` requests in any ``window`` seconds (sliding), with a global 429 hold-off."""

    def __init__(self, rate: int = 45, window: float = 1.0) -> None:
        self.rate = rate
        self.window = window
        self._sent: deque[float] = deque()
        self._blocked_until = 0.0

    def delay(self, now: float) -> float:
        """Seconds until the next request may go out."""
        while self._sent and self._sent[0] <= now - self.window:
            self._sent.popleft()
        wait = max(0.0, self._blocked_until - now)
        if len(self._sent) >= self.rate:
            wait = max(wait, self._sent[0] + self.window - now)
        return wait

    def sent(self, now: float) -> None:
        """Account one request sent at ``now``."""
        self._sent.append(now)

    def block(self, retry_after: float, now: float) -> None:
        """After a global 429."""
        self._blocked_until = max(self._blocked_until, now + retry_after)
