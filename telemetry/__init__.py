"""Tracing setup, structured JSON logging with bound context, Prometheus metrics (with scrape-time reads and the
event loop's lag) and crash-test failpoints."""

from __future__ import annotations

from telemetry._context import LOG_FIELDS as LOG_FIELDS
from telemetry._context import current_correlation_id as current_correlation_id
from telemetry._context import current_log_fields as current_log_fields
from telemetry._context import log_context as log_context
from telemetry._failpoint import FAILPOINT_ENV as FAILPOINT_ENV
from telemetry._failpoint import failpoint as failpoint
from telemetry._logging import configure_logging as configure_logging
from telemetry._loop_lag import LOOP_LAG as LOOP_LAG
from telemetry._loop_lag import LoopLagMonitor as LoopLagMonitor
from telemetry._metrics import REGISTRY as REGISTRY
from telemetry._metrics import render_metrics as render_metrics
from telemetry._scrape import MetricsRead as MetricsRead
from telemetry._scrape import ScrapeCollector as ScrapeCollector
from telemetry._scrape import scrape_metrics as scrape_metrics

__all__ = (
    "FAILPOINT_ENV",
    "LOG_FIELDS",
    "LOOP_LAG",
    "LoopLagMonitor",
    "MetricsRead",
    "REGISTRY",
    "ScrapeCollector",
    "configure_logging",
    "current_correlation_id",
    "current_log_fields",
    "failpoint",
    "log_context",
    "render_metrics",
    "scrape_metrics",
)
