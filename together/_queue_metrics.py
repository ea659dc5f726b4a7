"""The queues' state on ``/metrics``, read at scrape time: jobs by name and state, the longest wait of a due job,
and the public posts by status.

One :class:`telemetry.ScrapeCollector` per process (registered by the ``jobs`` child while it runs): at each
scrape it takes a pool connection (waiting at most the read's timeout, so a busy pool costs the scrape these
metrics, never a hang) and runs two cheap queries over partial indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import asyncpg
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from features.kernel import post_counts
from store import queue_stats
from telemetry import ScrapeCollector

#: How long one scrape may spend reading the queues (connection wait included).
READ_TIMEOUT_S: Final = 1.0
_POST_STATUSES: Final = ("pending", "processing", "failed", "dead")


def queue_collector(pool: asyncpg.Pool, *, timeout_s: float = READ_TIMEOUT_S) -> ScrapeCollector:
    """The collector of the queues' gauges over ``pool`` (call ``register()`` to serve it)."""

    async def read() -> Sequence[Metric]:
        async with pool.acquire(timeout=timeout_s) as conn:
            stats = await queue_stats(conn)
            posts = await post_counts(conn)
        depth = GaugeMetricFamily(
            "together_job_queue_depth",
            "Unfinished jobs by name and state (queued; active; failed: waiting to retry; dead).",
            labels=["name", "state"],
        )
        waiting = GaugeMetricFamily(
            "together_job_oldest_waiting_seconds",
            "How long the longest-waiting due job of each name (queued or waiting to retry) has waited past its "
            "due time; absent when none is due.",
            labels=["name"],
        )
        longest: dict[str, float] = {}
        for stat in stats:
            depth.add_metric([stat.name, stat.state], stat.count)
            if stat.waiting_s is not None:
                longest[stat.name] = max(longest.get(stat.name, 0.0), stat.waiting_s)
        for name, seconds in sorted(longest.items()):
            waiting.add_metric([name], seconds)
        by_status = GaugeMetricFamily(
            "together_public_posts",
            "External effects (posts, rooms, notices) waiting (pending), being performed (processing), refused "
            "for good (failed) or given up after their attempts (dead).",
            labels=["status"],
        )
        for status in _POST_STATUSES:
            by_status.add_metric([status], posts[status])
        stuck = GaugeMetricFamily(
            "together_public_posts_stuck",
            "Public posts processing past their claim lease (the worker that claimed them is gone).",
            value=posts["stuck"],
        )
        return (depth, waiting, by_status, stuck)

    return ScrapeCollector("queues", read, timeout_s=timeout_s)
