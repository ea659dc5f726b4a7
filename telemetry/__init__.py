"""Tracing setup, structured JSON logging with bound context, Prometheus metrics and crash-test failpoints."""

from __future__ import annotations

from telemetry._context import LOG_FIELDS as LOG_FIELDS
from telemetry._context import current_correlation_id as current_correlation_id
from telemetry._context import current_log_fields as current_log_fields
from telemetry._context import log_context as log_context
from telemetry._failpoint import FAILPOINT_ENV as FAILPOINT_ENV
from telemetry._failpoint import failpoint as failpoint
from telemetry._logging import configure_logging as configure_logging
from telemetry._metrics import REGISTRY as REGISTRY
from telemetry._metrics import render_metrics as render_metrics

__all__ = (
    "FAILPOINT_ENV",
    "LOG_FIELDS",
    "REGISTRY",
    "configure_logging",
    "current_correlation_id",
    "current_log_fields",
    "failpoint",
    "log_context",
    "render_metrics",
)
