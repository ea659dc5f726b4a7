"""The OpenTelemetry tracer provider, configured from the standard ``OTEL_*`` environment variables.

The SDK reads most variables itself (``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``, the OTLP endpoint,
headers and timeout, the sampler, ``OTEL_BSP_*``). ``OTEL_TRACES_EXPORTER`` is read only by the SDK's
auto-configuration, which we do not use, so it is interpreted here: a comma-separated list of ``otlp``,
``console`` and ``none``. Unset, it means ``otlp`` when an OTLP endpoint is configured and ``none`` otherwise,
so a bot started on a laptop does not retry exports to a collector that is not there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

from telemetry._spans import BoundFieldsProcessor
from together.errors import ConfigError

__all__ = ("DEFAULT_SERVICE_NAME", "build_tracer_provider", "instrument_database", "trace_exporter_names")

DEFAULT_SERVICE_NAME: Final = "together"
_EXPORTERS: Final = frozenset({"otlp", "console", "none"})


def trace_exporter_names(environ: Mapping[str, str]) -> list[str]:
    """The exporters ``OTEL_TRACES_EXPORTER`` asks for (see the module docstring for the default)."""
    raw = environ.get("OTEL_TRACES_EXPORTER", "").strip()
    if not raw:
        endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        return ["otlp"] if endpoint else []
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    unknown = sorted(set(names) - _EXPORTERS)
    if unknown:
        problem = f"OTEL_TRACES_EXPORTER: unknown exporter(s) {', '.join(unknown)}; use otlp, console or none"
        raise ConfigError([problem])
    return [name for name in names if name != "none"]


def build_tracer_provider(environ: Mapping[str, str], *, service_version: str) -> TracerProvider:
    """A provider with the resource and span processors the environment asks for.

    The caller decides whether to install it globally (``together run`` does; tests build their own).
    """
    attributes: dict[str, str] = {SERVICE_VERSION: service_version}
    if not environ.get("OTEL_SERVICE_NAME"):
        attributes[SERVICE_NAME] = DEFAULT_SERVICE_NAME
    provider = TracerProvider(resource=Resource.create(attributes))
    provider.add_span_processor(BoundFieldsProcessor())  # first: the exporters see the stamped attributes
    for processor in _processors(trace_exporter_names(environ)):
        provider.add_span_processor(processor)
    return provider


def instrument_database(provider: TracerProvider) -> None:
    """Every asyncpg call of the process becomes a span in the current trace (the statement, never its
    parameter values: the instrumentation leaves them out unless asked)."""
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)


def _processors(names: list[str]) -> list[SpanProcessor]:
    processors: list[SpanProcessor] = []
    for name in names:
        if name == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            processors.append(BatchSpanProcessor(OTLPSpanExporter()))
        elif name == "console":
            processors.append(BatchSpanProcessor(ConsoleSpanExporter()))
    return processors
