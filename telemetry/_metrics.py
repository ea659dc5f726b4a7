"""The process's Prometheus registry; every package registers its metrics here.

A dedicated registry (not prometheus_client's global one) keeps library metrics out and lets ``/metrics`` show
exactly what this project measures.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import CollectorRegistry, generate_latest

REGISTRY: Final = CollectorRegistry(auto_describe=True)


def render_metrics() -> bytes:
    """The registry in Prometheus text format."""
    return generate_latest(REGISTRY)
