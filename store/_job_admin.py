"""Runbook operations on the job queue: depth by name and state, listing and requeueing jobs."""

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


async def due_job_count(conn: Executor) -> int:
    """How many jobs are due and waiting for a worker (queued or failed, ``run_at`` reached)."""
    return int(await conn.fetchval(_DUE) or 0)
