"""``together run`` serves the operator's gauges on ``/metrics``: the event loop's lag, measured by the monitor
the process runs, and the queues' state, read at scrape time."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.acceptance.foundation._process import child_env, free_port, start, wait_for

pytestmark = pytest.mark.slow


def _samples(url: str) -> dict[str, float]:
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    return {
        sample.name + str(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_run_serves_the_loop_lag_and_the_queue_gauges(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    child = start(child_env(DATABASE_URL=database_url, HTTP_PORT=str(port)), tmp_path)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", lambda b: b.get("ok") is True)
        deadline = time.monotonic() + 30
        samples = _samples(f"http://127.0.0.1:{port}/metrics")
        # The gauge exists from the start; the monitor's measurements make it positive (a timer never runs early).
        while samples.get("together_event_loop_lag_seconds[]", 0.0) <= 0 and time.monotonic() < deadline:
            time.sleep(0.2)
            samples = _samples(f"http://127.0.0.1:{port}/metrics")
        assert samples["together_event_loop_lag_seconds[]"] > 0
        assert samples["together_public_posts[('status', 'pending')]"] == 0
        assert samples["together_public_posts_stuck[]"] == 0
    finally:
        code, _, stderr = child.stop()
    assert code == 0, stderr
