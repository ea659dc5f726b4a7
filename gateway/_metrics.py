"""Prometheus metrics of the Discord side: interactions by feature (count and acknowledgement latency) and every
REST request by route class and status, whichever client sent it (the REST port or interactions.py's)."""

from __future__ import annotations

import re
from typing import Final

from prometheus_client import Counter, Histogram

from telemetry import REGISTRY

INTERACTIONS: Final = Counter(
    "together_interactions",
    "Interactions handled, by feature and outcome (handled, refused, failed).",
    ["feature", "outcome"],
    registry=REGISTRY,
)
INTERACTION_ACK: Final = Histogram(
    "together_interaction_ack_seconds",
    "From the handler's start to Discord accepting the interaction's first answer (the 3-second deadline).",
    ["feature"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0),
    registry=REGISTRY,
)
DISCORD_REQUESTS: Final = Counter(
    "discord_requests",
    "Discord REST answers by route class (method and route template, no ids) and HTTP status.",
    ["route", "status"],
    registry=REGISTRY,
)

_ID_SEGMENT: Final = re.compile(r"/\d+(?=/|$)")


def route_class(method: str, path: str) -> str:
    """``PATCH /channels/{channel_id}/messages/{message_id}``: the method and the route template. A path built
    with its ids already in (a few library routes are) gets ``{id}`` for each numeric segment, so the label set
    stays bounded."""
    return f"{method.upper()} {_ID_SEGMENT.sub('/{id}', path)}"


def observe_interaction(feature: str, outcome: str, started: float, acknowledged_at: float | None) -> None:
    """Count one interaction and, when it was answered, its acknowledgement latency (monotonic seconds)."""
    INTERACTIONS.labels(feature, outcome).inc()
    if acknowledged_at is not None:
        INTERACTION_ACK.labels(feature).observe(max(0.0, acknowledged_at - started))
