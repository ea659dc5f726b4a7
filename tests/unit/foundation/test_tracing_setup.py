"""OTEL_TRACES_EXPORTER is honoured even though the SDK's own auto-configuration is not used."""

from __future__ import annotations

import pytest

from telemetry.setup import build_tracer_provider, trace_exporter_names
from together.errors import ConfigError


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x"}, []),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": "otlp, console"}, ["otlp", "console"]),
    ],
)
def test_exporter_selection(environ: dict[str, str], expected: list[str]) -> None:
    assert trace_exporter_names(environ) == expected


def test_unknown_exporter_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="zipkin"):
        trace_exporter_names({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_resource_names_the_service_and_version() -> None:
    provider = build_tracer_provider({}, service_version="9.9.9")
    attributes = provider.resource.attributes
    assert attributes["service.name"] == "together"
    assert attributes["service.version"] == "9.9.9"
    provider.shutdown()
