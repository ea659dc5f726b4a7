"""Runbook operations on the job queue: depth by name and state, listing and requeueing jobs, and the queue's
state for ``/metrics``."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import msgspec

from store._job_enqueue import Executor

_DEPTH: Final = "SELECT name, state, count(*) AS n FROM jobs GROUP BY name, state ORDER BY name, state"
_DUE: Final = "SELECT count(*) FROM jobs WHERE state IN ('queued', 'failed') AND run_at <= now()"
_LIST: Final = """
SELECT id, name, state, attempts, max_attempts, run_at, last_error, guild_id, correlation_id
FROM jobs WHERE state = $1 ORDER BY updated_at DESC, id DESC LIMIT $2
"""
# Requeue as a fresh attempt series; 'failed' (waiting, outside the coalescing index) avoids key collisions.
_RETRY_ONE: Final = """
WITH upd AS (
    UPDATE jobs SET state = 'failed', attempts = 0, run_at = now(), lease_owner = NULL,
                    lease_expires_at = NULL, updated_at = now()
    WHERE id = $1 AND state IN ('dead', 'failed', 'done') RETURNING id
)
SELECT id, pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text) FROM upd
"""
_RETRY_DEAD: Final = """
WITH upd AS (
    UPDATE jobs SET state = 'failed', attempts = 0, run_at = now(), updated_at = now()
    WHERE state = 'dead' RETURNING id
)
SELECT count(*), pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text)
FROM upd HAVING count(*) > 0
"""

# Unfinished jobs only: the partial indexes cover these states, and finished work is counted as it happens
# (``together_jobs_processed_total``). ``waiting_s``: how long the longest-waiting due job has waited.
_STATS: Final = """
SELECT name, state, count(*) AS n,
       extract(epoch FROM now() - min(run_at) FILTER (WHERE state IN ('queued', 'failed') AND run_at <= now()))
           ::float8 AS waiting_s
FROM jobs WHERE state IN ('queued', 'active', 'failed', 'dead') GROUP BY name, state ORDER BY name, state
"""


class DepthRow(msgspec.Struct, frozen=True, kw_only=True):
    """Number of jobs of one name in one state."""

    name: str
    state: str
    count: int


class JobRow(msgspec.Struct, frozen=True, kw_only=True):
    """One job as the runbooks see it."""

    id: int
    name: str
    state: str
    attempts: int
    max_attempts: int
    run_at: datetime
    last_error: str | None
    guild_id: str | None
    correlation_id: str | None


async def queue_depth(conn: Executor) -> list[DepthRow]:
    """Counts of jobs by name and state."""
    return [DepthRow(name=r["name"], state=r["state"], count=r["n"]) for r in await conn.fetch(_DEPTH)]


async def list_jobs(conn: Executor, state: str, limit: int = 100) -> list[JobRow]:
    """The most recently updated jobs in ``state``."""
    return [JobRow(**dict(r)) for r in await conn.fetch(_LIST, state, limit)]


async def retry_job(conn: Executor, job_id: int) -> bool:
    """Requeue one dead, failed or done job now with a fresh attempt count; False when no such job."""
    return await conn.fetchval(_RETRY_ONE, job_id) is not None


async def retry_dead_jobs(conn: Executor) -> int:
    """Requeue every dead job now; return how many."""
    n = await conn.fetchval(_RETRY_DEAD)
    return int(n or 0)


class QueueStat(msgspec.Struct, frozen=True, kw_only=True):
    """The unfinished jobs of one name in one state; ``waiting_s``: seconds the longest-waiting due job of them
    has waited past its due time (None when none is due: active, dead, or waiting for a later time)."""

    name: str
    state: str
    count: int
    waiting_s: float | None


async def queue_stats(conn: Executor) -> list[QueueStat]:
    """Counts of queued, active, failed (waiting to retry) and dead jobs by name and state, with how long the
    longest-waiting due one has waited: one query over the queue's partial indexes."""
    return [
        QueueStat(name=r["name"], state=r["state"], count=r["n"], waiting_s=r["waiting_s"])
        for r in await conn.fetch(_STATS)
    ]
async def due_job_count(conn: Executor) -> int:
    """How many jobs are due and waiting for a worker (queued or failed, ``run_at`` reached)."""
    return int(await conn.fetchval(_DUE) or 0)
