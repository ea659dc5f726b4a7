"""Tracing setup, structured JSON logging with bound context, Prometheus metrics (scrape-time reads, the event
loop's lag), crash-test failpoints and the watchdog (event-loop monitor, heartbeat, liveness)."""

from __future__ import annotations

from telemetry._context import LOG_FIELDS as LOG_FIELDS
from telemetry._context import current_correlation_id as current_correlation_id
from telemetry._context import current_fields as current_fields
from telemetry._context import current_log_fields as current_log_fields
from telemetry._context import log_context as log_context
from telemetry._context import span_attributes as span_attributes
from telemetry._failpoint import FAILPOINT_ENV as FAILPOINT_ENV
from telemetry._failpoint import FailpointError as FailpointError
from telemetry._failpoint import failpoint as failpoint
from telemetry._logging import configure_logging as configure_logging
from telemetry._loop_lag import LOOP_LAG as LOOP_LAG
from telemetry._loop_lag import LoopLagGauge as LoopLagGauge
from telemetry._metrics import REGISTRY as REGISTRY
from telemetry._metrics import render_metrics as render_metrics
from telemetry._scrape import MetricsRead as MetricsRead
from telemetry._scrape import ScrapeCollector as ScrapeCollector
from telemetry._scrape import scrape_metrics as scrape_metrics
from telemetry._spans import BoundFieldsProcessor as BoundFieldsProcessor
from telemetry._watchdog import Heartbeat as Heartbeat
from telemetry._watchdog import HeartbeatStats as HeartbeatStats
from telemetry._watchdog import Liveness as Liveness
from telemetry._watchdog import LoopMonitor as LoopMonitor
from telemetry._watchdog import LoopTick as LoopTick
from telemetry._watchdog import Stall as Stall
from telemetry._watchdog import Watchdog as Watchdog
from telemetry._watchdog import decide_liveness as decide_liveness

__all__ = (
    "BoundFieldsProcessor",
    "FAILPOINT_ENV",
    "FailpointError",
    "Heartbeat",
    "HeartbeatStats",
    "LOG_FIELDS",
    "LOOP_LAG",
    "Liveness",
    "LoopLagGauge",
    "LoopMonitor",
    "LoopTick",
    "MetricsRead",
    "REGISTRY",
    "ScrapeCollector",
    "Stall",
    "Watchdog",
    "configure_logging",
    "current_correlation_id",
    "current_fields",
    "current_log_fields",
    "decide_liveness",
    "failpoint",
    "log_context",
    "render_metrics",
    "scrape_metrics",
    "span_attributes",
)
