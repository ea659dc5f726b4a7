"""Retry policies the features' jobs share, by the kind of work (DESIGN decision 1: every job retries with
backoff and jitter, then goes dead with its last error)."""

from __future__ import annotations

from typing import Final

from store import RetryPolicy

#: Re-rendering a projection: cheap and idempotent, so retried soon and often.
REFRESH_RETRY: Final = RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=60.0)
#: Publishing a message: Discord may be down for a while; back off up to a quarter of an hour.
PUBLISH_RETRY: Final = RetryPolicy(max_attempts=8, base_delay=5.0, max_delay=900.0)
#: A weekly or monthly fire: it must happen this period, so it keeps trying for about a day.
WEEKLY_RETRY: Final = RetryPolicy(max_attempts=10, base_delay=10.0, max_delay=1800.0)
