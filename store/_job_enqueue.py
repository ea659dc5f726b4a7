"""Enqueue one job or a batch inside the caller's transaction, with a delay and a coalescing key.

Both paths are a single statement that inserts the rows and calls ``pg_notify`` (delivered at commit, so an
uncommitted business write never wakes a worker for a job it cannot see). A job with a ``coalesce_key`` is
absorbed when a *waiting* (queued, never started) job with the same key exists: the result says so and carries
the id of the job that absorbed it. The enqueue runs in a PRODUCER span ``jobs.enqueue <name>`` whose W3C
context is stored in the row's ``trace_context`` column.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, TypeAlias

import asyncpg
import msgspec
from asyncpg.pool import PoolConnectionProxy
from opentelemetry import propagate, trace

from store._job_payloads import JobPayload
from store._job_registry import JobRequest, JobSpec

#: Anything that runs a query: a connection (the caller's transaction), a pooled one, or the pool itself.
Executor: TypeAlias = "asyncpg.Connection[Any] | PoolConnectionProxy[Any] | asyncpg.Pool[Any]"

#: The channel workers LISTEN on; the payload is ``<name or *> <run_at epoch seconds>``.
NOTIFY_CHANNEL: Final = "together_jobs"

_INSERT_ONE: Final = """
WITH ins AS (
    INSERT INTO jobs (name, payload, payload_version, run_at, max_attempts, coalesce_key,
                      correlation_id, guild_id, trace_context)
    VALUES ($1, $2::jsonb, $3, coalesce($4, now()), $5, $6, $7, $8, $9::jsonb)
    ON CONFLICT (coalesce_key) WHERE state = 'queued' DO NOTHING
    RETURNING id, run_at
)
SELECT id, pg_notify('together_jobs', $1 || ' ' || extract(epoch FROM run_at)::text) FROM ins
"""

_INSERT_MANY: Final = """
WITH ins AS (
    INSERT INTO jobs (name, payload, payload_version, run_at, max_attempts, coalesce_key,
                      correlation_id, guild_id, trace_context)
    SELECT n, p::jsonb, v, coalesce(r, now()), m, k, c, g, t::jsonb
    FROM unnest($1::text[], $2::text[], $3::smallint[], $4::timestamptz[], $5::int[], $6::text[],
                $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS u(n, p, v, r, m, k, c, g, t, ord)
    ORDER BY ord
    ON CONFLICT (coalesce_key) WHERE state = 'queued' DO NOTHING
    RETURNING id, coalesce_key, run_at
), note AS (
    SELECT pg_notify('together_jobs', '* ' || extract(epoch FROM min(run_at))::text) AS sent
    FROM ins HAVING count(*) > 0
)
SELECT id, coalesce_key FROM ins WHERE (SELECT count(*) FROM note) >= 0 ORDER BY id
"""

#: The waiting jobs that absorbed requests of keys $1; each gets the absorbed request's traceparent $2 as a
#: link (an insert beside the job, so nothing waits on the job's row lock).
_ABSORBED: Final = """
WITH waiting AS (
    SELECT id, coalesce_key FROM jobs WHERE state = 'queued' AND coalesce_key = ANY($1::text[])
), linked AS (
    INSERT INTO job_trace_links (job_id, traceparent) SELECT id, $2 FROM waiting WHERE $2 <> ''
)
SELECT coalesce_key, id FROM waiting
"""


class EnqueueResult(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of one enqueue: the job id, and whether a waiting job with the same key absorbed it."""

    job_id: int
    coalesced: bool


def _tracer(tracer: trace.Tracer | None) -> trace.Tracer:
    return tracer if tracer is not None else trace.get_tracer("store.jobs")


def _row_values(request: JobRequest, carrier: str) -> tuple[Any, ...]:
    payload = request.payload
    return (
        request.name,
        msgspec.json.encode(payload).decode(),
        request.payload_version,
        request.run_at,
        request.max_attempts,
        request.coalesce_key,
        payload.correlation_id,
        payload.guild_id,
        carrier,
    )


async def enqueue(
    conn: Executor,
    spec: JobSpec[Any],
    payload: JobPayload,
    *,
    run_at: datetime | None = None,
    coalesce_key: str | None = None,
    tracer: trace.Tracer | None = None,
) -> EnqueueResult:
    """Insert job ``spec`` with ``payload`` in ``conn``'s transaction; ``run_at`` None means now.

    Raises :class:`InvalidJobPayload` before touching the database when the payload is not the spec's struct.
    """
    request = spec.request(payload, run_at=run_at, coalesce_key=coalesce_key)
    name = spec.name
    with _tracer(tracer).start_as_current_span(f"jobs.enqueue {name}", kind=trace.SpanKind.PRODUCER) as span:
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        values = _row_values(request, msgspec.json.encode(carrier).decode())
        job_id = await conn.fetchval(_INSERT_ONE, *values)
        if job_id is not None:
            span.set_attribute("messaging.message.id", str(job_id))
            return EnqueueResult(job_id=int(job_id), coalesced=False)
        # Absorbed: report the waiting job that holds the key. It may have been claimed in between, in which
        # case the caller still learns the send was coalesced (id 0: the key's job already started).
        absorbed = await conn.fetch(_ABSORBED, [coalesce_key], carrier.get("traceparent", ""))
        span.set_attribute("messaging.coalesced", True)
        return EnqueueResult(job_id=int(absorbed[0]["id"]) if absorbed else 0, coalesced=True)


async def enqueue_many(
    conn: Executor,
    requests: Sequence[JobRequest],
    *,
    tracer: trace.Tracer | None = None,
) -> list[EnqueueResult]:
    """Insert a batch in one statement (one NOTIFY); results follow the order of ``requests``.

    Within the batch the first request of a key wins and later ones are reported coalesced.
    """
    if not requests:
        return []
    label = requests[0].name if len({r.name for r in requests}) == 1 else "batch"
    with _tracer(tracer).start_as_current_span(f"jobs.enqueue {label}", kind=trace.SpanKind.PRODUCER) as span:
        span.set_attribute("messaging.batch.message_count", len(requests))
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        encoded = msgspec.json.encode(carrier).decode()
        columns: list[list[Any]] = [[] for _ in range(9)]
        for request in requests:
            for column, value in zip(columns, _row_values(request, encoded), strict=True):
                column.append(value)
        rows = await conn.fetch(_INSERT_MANY, *columns)
    by_key: dict[str, int] = {}
    keyless: list[int] = []
    for row in rows:
        if row["coalesce_key"] is None:
            keyless.append(int(row["id"]))
        else:
            by_key[row["coalesce_key"]] = int(row["id"])
    # Ids come from one sequence in row order, so sorted keyless ids match keyless requests in order.
    missing = [k for k in (r.coalesce_key for r in requests) if k is not None and k not in by_key]
    absorbed: dict[str, int] = {}
    if missing:
        waiting = await conn.fetch(_ABSORBED, missing, carrier.get("traceparent", ""))
        absorbed = {row["coalesce_key"]: int(row["id"]) for row in waiting}
    results: list[EnqueueResult] = []
    keyless_iter = iter(keyless)
    claimed_keys: set[str] = set()
    for request in requests:
        key = request.coalesce_key
        if key is None:
            results.append(EnqueueResult(job_id=next(keyless_iter), coalesced=False))
        elif key in by_key and key not in claimed_keys:
            claimed_keys.add(key)
            results.append(EnqueueResult(job_id=by_key[key], coalesced=False))
        else:
            results.append(EnqueueResult(job_id=by_key.get(key, absorbed.get(key, 0)), coalesced=True))
    return results
