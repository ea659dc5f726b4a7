"""Trace context and log fields flow from the enqueuer to the handler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.util.types import AttributeValue

from store._job_enqueue import enqueue
from store._job_registry import JobContext
from store._job_worker import Worker
from telemetry import current_log_fields
from tests.integration.store._jobs import fast_options, registry_with, scoreboard, spec_of, wait_until

pytestmark = pytest.mark.anyio


def _message_id(span: ReadableSpan) -> AttributeValue | None:
    """The job id a job span carries (``None`` for the interaction span around the enqueues)."""
    assert span.attributes is not None
    return span.attributes.get("messaging.message.id")


async def test_immediate_job_is_a_child_and_delayed_job_is_linked(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    fields: dict[str, dict[str, str | None]] = {}

    async def handler(payload: Any, ctx: JobContext) -> None:
        fields[payload.duel_id] = current_log_fields()

    name = "duel.scoreboard.refresh"
    with tracer.start_as_current_span("interaction"):
        await enqueue(db_pool, spec_of(name), scoreboard("now", interaction_id="i1", user_id="u1"), tracer=tracer)
        await enqueue(
            db_pool,
            spec_of(name),
            scoreboard("later", interaction_id="i2"),
            tracer=tracer,
            run_at=datetime.now(UTC) + timedelta(seconds=0.2),
        )
    worker = Worker(
        db_pool, database_url, registry_with(name, handler), options=fast_options(), tracer=tracer
    )
    await worker.start()
    try:

        async def both_done() -> bool:
            return bool(await db_pool.fetchval("SELECT count(*) FROM jobs WHERE state = 'done'") == 2)

        await wait_until(both_done)
    finally:
        await worker.stop()
    spans = {s.name + ":" + str(_message_id(s)): s for s in exporter.get_finished_spans()}
    root = next(s for s in exporter.get_finished_spans() if s.name == "interaction")
    process = sorted(
        (s for s in spans.values() if s.name.startswith("jobs.process")), key=lambda s: int(str(_message_id(s)))
    )
    enqueues = [s for s in spans.values() if s.name.startswith("jobs.enqueue")]
    assert len(process) == 2 and len(enqueues) == 2
    assert all(s.kind == trace.SpanKind.PRODUCER for s in enqueues)
    immediate, delayed = process
    assert immediate.context.trace_id == root.context.trace_id
    assert immediate.parent is not None and immediate.parent.span_id in {s.context.span_id for s in enqueues}
    assert delayed.context.trace_id != root.context.trace_id
    assert delayed.links and delayed.links[0].context.trace_id == root.context.trace_id
    assert fields["now"]["interaction_id"] == "i1" and fields["now"]["user_id"] == "u1"
    assert fields["now"]["feature"] == "duels" and fields["now"]["action"] == "scoreboard.refresh"
    assert fields["later"]["correlation_id"] == "c-later" and fields["later"]["job_id"] is not None
