"""Discord's rate limits as the emulator enforces them: sans-IO accounting of buckets and the global cap.

Nothing here reads a clock or touches the network: every call takes ``now`` (seconds, any monotonic origin)
and answers with a :class:`Decision` from which the server writes ``X-RateLimit-*`` headers and, when refused,
a 429 body. Buckets are fixed windows opened by their first request, keyed by the route's bucket name plus its
major parameter (channel, guild, or webhook id + token), as Discord documents.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Final, Literal

#: Discord's global cap: requests per second per bot, interaction and webhook-token routes exempt.
GLOBAL_LIMIT: Final = 50
GLOBAL_WINDOW: Final = 1.0

Scope = Literal["user", "global", "shared"]


@dataclass(frozen=True, slots=True)
class RouteLimit:
    """One bucket's size: ``limit`` requests per ``window`` seconds, under the name ``bucket``."""

    bucket: str
    limit: int
    window: float


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome for one request: allowed or refused, plus what its headers must say."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: float
    reset_at: float
    bucket_hash: str
    scope: Scope | None = None
    retry_after: float = 0.0

    def headers(self, *, epoch_now: float) -> dict[str, str]:
        """The ``X-RateLimit-*`` headers (plus ``Retry-After`` when refused); ``epoch_now`` is wall time."""
        out = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": f"{epoch_now + self.reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{self.reset_after:.3f}",
            "X-RateLimit-Bucket": self.bucket_hash,
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
            out["X-RateLimit-Scope"] = self.scope or "user"
            if self.scope == "global":
                out["X-RateLimit-Global"] = "true"
        return out

    def body(self) -> dict[str, object]:
        """The JSON body Discord sends with a 429."""
        message = (
            "The resource is being rate limited." if self.scope == "shared" else "You are being rate limited."
        )
        return {
            "message": message,
            "retry_after": round(self.retry_after, 3),
            "global": self.scope == "global",
        }


@dataclass(slots=True)
class _Window:
    opened_at: float
    used: int = 0


def bucket_hash(name: str) -> str:
    """A stable opaque id for a bucket name, like Discord's ``X-RateLimit-Bucket``."""
    return hashlib.blake2s(name.encode(), digest_size=8).hexdigest()


@dataclass(slots=True)
class RateLimiter:
    """Fixed-window accounting for every (bucket, major parameter) pair plus the global window.

    Refused requests do not consume a slot (Discord does not count them against the bucket either).
    ``max_global_in_window`` remembers the highest number of counted requests seen in one global window, which
    benchmarks report as the peak global rate.
    """

    global_limit: int = GLOBAL_LIMIT
    global_window: float = GLOBAL_WINDOW
    _buckets: dict[tuple[str, str], _Window] = field(default_factory=dict)
    _global: _Window | None = None
    max_global_in_window: int = 0
    refused: int = 0

    def check(self, route: RouteLimit, major: str, now: float, *, global_exempt: bool) -> Decision:
        """Account one request on ``route`` for ``major`` at ``now``: allowed (and counted) or refused."""
        bhash = bucket_hash(route.bucket)
        window = self._buckets.get((route.bucket, major))
        if window is None or now >= window.opened_at + route.window:
            window = _Window(opened_at=now)
            self._buckets[(route.bucket, major)] = window
        reset_after = max(0.0, window.opened_at + route.window - now)
        if not global_exempt:
            gwin = self._global
            if gwin is None or now >= gwin.opened_at + self.global_window:
                gwin = self._global = _Window(opened_at=now)
            if gwin.used >= self.global_limit:
                self.refused += 1
                retry = max(0.001, gwin.opened_at + self.global_window - now)
                return Decision(
                    allowed=False,
                    limit=route.limit,
                    remaining=max(0, route.limit - window.used),
                    reset_after=reset_after,
                    reset_at=now + reset_after,
                    bucket_hash=bhash,
                    scope="global",
                    retry_after=retry,
                )
        if window.used >= route.limit:
            self.refused += 1
            return Decision(
                allowed=False,
                limit=route.limit,
                remaining=0,
                reset_after=reset_after,
                reset_at=now + reset_after,
                bucket_hash=bhash,
                scope="user",
                retry_after=max(0.001, reset_after),
            )
        window.used += 1
        if not global_exempt:
            assert self._global is not None
            self._global.used += 1
            self.max_global_in_window = max(self.max_global_in_window, self._global.used)
        return Decision(
            allowed=True,
            limit=route.limit,
            remaining=route.limit - window.used,
            reset_after=reset_after,
            reset_at=now + reset_after,
            bucket_hash=bhash,
        )

    def forget_expired(self, now: float, horizon: float = 60.0) -> None:
        """Drop windows closed for longer than ``horizon`` seconds (keeps memory flat in long runs)."""
        stale = [k for k, w in self._buckets.items() if now - w.opened_at > horizon]
        for key in stale:
            del self._buckets[key]
