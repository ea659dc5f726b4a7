"""Prometheus metrics of the job queue, registered on the project's ``telemetry.REGISTRY``."""

from __future__ import annotations

from typing import Final

from prometheus_client import Counter, Histogram

from telemetry import REGISTRY

#: Finished runs by job name and outcome (done, retry, dead, invalid, released).
JOBS_PROCESSED: Final = Counter(
    "together_jobs_processed_total",
    "Job runs by name and outcome.",
    ("name", "outcome"),
    registry=REGISTRY,
)

#: Seconds between a job's due time (run_at) and the start of its handler.
JOB_LAG: Final = Histogram(
    "together_job_lag_seconds",
    "Delay between a job's due time and the start of its handler.",
    ("name",),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
    registry=REGISTRY,
)
