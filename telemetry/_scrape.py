"""Metrics read at scrape time by an async function (a database query), for ``/metrics``.

prometheus_client collects synchronously, so a value that takes a query (the job queue's depth) cannot be read
inside ``collect``. A :class:`ScrapeCollector` is refreshed by :func:`scrape_metrics` just before the registry is
rendered: its ``read`` runs once per scrape, bounded by ``timeout_s``, and what it returned is what ``collect``
yields. A read that fails or times out yields nothing for that scrape (absent data, never stale values) and
counts ``together_metrics_read_failures_total{collector}``; the rest of the page is served as usual.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Final

from prometheus_client import Counter
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from telemetry._metrics import REGISTRY, render_metrics

logger = logging.getLogger(__name__)

READ_FAILURES: Final = Counter(
    "together_metrics_read_failures",
    "Scrape-time metric reads that failed or timed out (their metrics are absent from that scrape).",
    ["collector"],
    registry=REGISTRY,
)

#: ``read()``: the metric families of one scrape.
MetricsRead = Callable[[], Awaitable[Sequence[Metric]]]

_ACTIVE: dict[str, ScrapeCollector] = {}


class ScrapeCollector(Collector):
    """Metric families that ``read()`` computes at each scrape (see the module docstring).

    ``name`` identifies it in the failure counter and makes it unique: registering a collector replaces the
    one registered under the same name (one per process, whichever pool is current).
    """

    def __init__(self, name: str, read: MetricsRead, *, timeout_s: float = 1.0) -> None:
        self.name = name
        self._read = read
        self._timeout_s = timeout_s
        self._families: Sequence[Metric] = ()

    async def refresh(self) -> None:
        """Read the families for the scrape about to be rendered."""
        try:
            async with asyncio.timeout(self._timeout_s):
                self._families = tuple(await self._read())
        except Exception as exc:  # a failing read must never fail the whole page
            self._families = ()
            READ_FAILURES.labels(self.name).inc()
            logger.warning("metrics read failed", extra={"collector": self.name, "error": repr(exc)})

    def collect(self) -> Iterable[Metric]:
        return self._families

    def describe(self) -> Iterable[Metric]:
        # Nothing to describe before the first read; the registry then checks no names for duplicates.
        return ()

    def register(self) -> None:
        """Serve this collector on ``/metrics`` (replacing the one of the same name, if any)."""
        previous = _ACTIVE.get(self.name)
        if previous is not None:
            previous.unregister()
        REGISTRY.register(self)
        _ACTIVE[self.name] = self

    def unregister(self) -> None:
        """Stop serving it (nothing when it is not registered)."""
        if _ACTIVE.get(self.name) is self:
            del _ACTIVE[self.name]
            REGISTRY.unregister(self)


async def scrape_metrics() -> bytes:
    """Refresh every registered :class:`ScrapeCollector` (concurrently, each within its timeout), then render
    the registry in Prometheus text format."""
    collectors = list(_ACTIVE.values())
    if collectors:
        await asyncio.gather(*(collector.refresh() for collector in collectors))
    return render_metrics()
