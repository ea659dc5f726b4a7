"""Scrape-time metrics: read once per scrape within a timeout; a failing or slow read leaves its metrics out
of that scrape (never stale values, never a failed page) and is counted."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from telemetry import REGISTRY, ScrapeCollector, scrape_metrics

pytestmark = pytest.mark.anyio


def _failures(name: str) -> float:
    return REGISTRY.get_sample_value("together_metrics_read_failures_total", {"collector": name}) or 0.0


async def test_each_scrape_reads_afresh_and_a_failed_read_leaves_the_metrics_out() -> None:
    reads: list[int] = []
    mode = {"fail": False, "slow": False}

    async def read() -> Sequence[Metric]:
        if mode["slow"]:
            await asyncio.sleep(10)
        if mode["fail"]:
            raise OSError("database gone")
        reads.append(len(reads) + 1)
        return [GaugeMetricFamily("scrape_test_reads", "Reads so far.", value=len(reads))]

    collector = ScrapeCollector("scrape_test", read, timeout_s=0.05)
    collector.register()
    try:
        assert "scrape_test_reads 1.0" in (await scrape_metrics()).decode()
        assert "scrape_test_reads 2.0" in (await scrape_metrics()).decode()
        before = _failures("scrape_test")
        mode["fail"] = True
        page = (await scrape_metrics()).decode()
        assert "scrape_test_reads" not in page and "together_metrics_read_failures_total" in page
        mode["fail"], mode["slow"] = False, True
        assert "scrape_test_reads" not in (await scrape_metrics()).decode()
        assert _failures("scrape_test") - before == 2
        mode["slow"] = False
        assert "scrape_test_reads 3.0" in (await scrape_metrics()).decode()

        # One collector per name: registering another replaces it.
        async def other() -> Sequence[Metric]:
            return [GaugeMetricFamily("scrape_test_other", "The replacement.", value=7)]

        replacement = ScrapeCollector("scrape_test", other)
        replacement.register()
        page = (await scrape_metrics()).decode()
        assert "scrape_test_other 7.0" in page and "scrape_test_reads" not in page
        collector.unregister()  # no longer registered: nothing happens
        assert "scrape_test_other 7.0" in (await scrape_metrics()).decode()
        replacement.unregister()
        assert "scrape_test_other" not in (await scrape_metrics()).decode()
    finally:
        collector.unregister()
