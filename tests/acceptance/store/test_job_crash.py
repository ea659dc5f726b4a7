"""A worker process killed with SIGKILL mid-job: the job runs again elsewhere once its lease expires."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from features.duels._jobs import DuelScoreboardRefresh
from store._job_enqueue import enqueue
from store._job_registry import JobContext
from tests.integration.store._jobs import job_state, registry_with, spec_of, start_worker, wait_until

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[3]


async def test_killed_worker_job_runs_again_after_lease(db_pool: asyncpg.Pool, database_url: str) -> None:
    job = await enqueue(
        db_pool,
        spec_of("duel.scoreboard.refresh"),
        DuelScoreboardRefresh(
            correlation_id="c", guild_id="1", feature="duels", action="scoreboard.refresh", duel_id="d"
        ),
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.acceptance.store._crash_worker",
        database_url,
        cwd=ROOT,
    )
    try:

        async def leased_by_doomed() -> bool:
            return bool(
                await db_pool.fetchval(
                    "SELECT lease_owner = 'doomed' AND state = 'active' FROM jobs WHERE id = $1", job.job_id
                )
            )

        await wait_until(leased_by_doomed, limit=20)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        await proc.wait()
    assert (await job_state(db_pool, job.job_id))["state"] == "active"  # the dead process still holds it

    runs: list[int] = []

    async def handler(payload: Any, ctx: JobContext) -> None:
        runs.append(ctx.attempt)

    survivor = await start_worker(
        db_pool, database_url, registry_with("duel.scoreboard.refresh", handler), maintenance_interval=0.2
    )
    try:

        async def done() -> bool:
            return bool((await job_state(db_pool, job.job_id))["state"] == "done")

        await wait_until(done, limit=20)
    finally:
        await survivor.stop()
    assert runs == [2]  # the crashed run counted as attempt 1
    row = await job_state(db_pool, job.job_id)
    assert row["attempts"] == 2 and "lease expired: worker doomed" in row["last_error"]
