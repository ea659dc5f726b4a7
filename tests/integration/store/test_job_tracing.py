"""Trace context and log fields flow from the enqueuer to the handler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from store._job_enqueue import enqueue
from store._job_registry import JobContext
from store._job_worker import Worker
from telemetry import BoundFieldsProcessor, current_log_fields
from tests.integration.store._jobs import fast_options, registry_with, scoreboard, spec_of, wait_until

pytestmark = pytest.mark.anyio


async def test_every_job_is_a_child_of_its_request_and_links_the_requests_it_absorbed(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(BoundFieldsProcessor())
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    fields: dict[str, dict[str, str | None]] = {}

    async def handler(payload: Any, ctx: JobContext) -> None:
        fields[payload.duel_id] = current_log_fields()

    name = "duel.scoreboard.refresh"
    later = datetime.now(UTC) + timedelta(seconds=0.3)
    with tracer.start_as_current_span("interaction"):
        await enqueue(db_pool, spec_of(name), scoreboard("now", interaction_id="i1", user_id="u1"), tracer=tracer)
        await enqueue(db_pool, spec_of(name), scoreboard("later", interaction_id="i2"), tracer=tracer, run_at=later)
        await enqueue(
            db_pool, spec_of(name), scoreboard("merged"), tracer=tracer, run_at=later, coalesce_key="board"
        )
    for other in ("second action", "third action"):
        with tracer.start_as_current_span(other):  # absorbed by the waiting "merged" job
            result = await enqueue(
                db_pool, spec_of(name), scoreboard("merged"), tracer=tracer, run_at=later, coalesce_key="board"
            )
            assert result.coalesced
    worker = Worker(
        db_pool, database_url, registry_with(name, handler), options=fast_options(), tracer=tracer
    )
    await worker.start()
    try:

        async def all_done() -> bool:
            return bool(await db_pool.fetchval("SELECT count(*) FROM jobs WHERE state = 'done'") == 3)

        await wait_until(all_done)
    finally:
        await worker.stop()
    finished = exporter.get_finished_spans()
    roots = {s.name: s for s in finished if s.parent is None}
    root = roots["interaction"]
    process = {str(s.attributes["together.correlation_id"]): s for s in finished  # type: ignore[index]
               if s.name.startswith("jobs.process")}
    enqueues = {s.context.span_id: s for s in finished if s.name.startswith("jobs.enqueue")}
    assert all(s.kind == trace.SpanKind.PRODUCER for s in enqueues.values())
    for job in process.values():
        # Immediate, delayed or coalesced: the job runs in the trace of the request that inserted it.
        assert job.context.trace_id == root.context.trace_id
        assert job.parent is not None and enqueues[job.parent.span_id].context.trace_id == root.context.trace_id
    merged = process["c-merged"]
    assert {link.context.trace_id for link in merged.links} == {
        roots["second action"].context.trace_id, roots["third action"].context.trace_id
    }
    assert merged.attributes is not None and merged.attributes["together.job.absorbed"] == 2
    assert not process["c-now"].links
    # The bound log fields are the job span's attributes, under the logs' names.
    assert process["c-now"].attributes is not None
    assert process["c-now"].attributes["together.interaction_id"] == "i1"
    assert process["c-now"].attributes["together.feature"] == "duels"
    assert fields["now"]["interaction_id"] == "i1" and fields["now"]["user_id"] == "u1"
    assert fields["now"]["feature"] == "duels" and fields["now"]["action"] == "scoreboard.refresh"
    assert fields["later"]["correlation_id"] == "c-later" and fields["later"]["job_id"] is not None
