"""An idle worker stays quiet, wakes on NOTIFY alone, and survives losing its LISTEN connection."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from store._job_enqueue import enqueue
from store._job_registry import JobContext
from store._job_worker import Worker
from tests.integration.store._jobs import fast_options, registry_with, scoreboard, spec_of, wait_until

pytestmark = pytest.mark.anyio

NAME = "duel.scoreboard.refresh"


class CountingPool:
    """Counts the queries a worker sends through its pool.

    It stands in for an ``asyncpg.Pool``, a concrete class with no protocol to satisfy: hence the
    ``type: ignore[arg-type]`` where the worker takes it."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.queries = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.pool, name)
        if name not in {"fetch", "fetchval", "fetchrow", "execute"}:
            return attr

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.queries += 1
            return await attr(*args, **kwargs)

        return counted


async def test_idle_worker_sends_no_queries_and_wakes_on_notify(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    ran = asyncio.Event()

    async def handler(payload: Any, ctx: JobContext) -> None:
        ran.set()

    counting = CountingPool(db_pool)
    options = fast_options(poll_interval=30.0, maintenance_interval=30.0)
    worker = Worker(counting, database_url, registry_with(NAME, handler), options=options)  # type: ignore[arg-type]
    await worker.start()
    try:
        await asyncio.sleep(0.3)  # start-up: one maintenance, one claim, one next-due lookup
        counting.queries = 0
        await asyncio.sleep(1.0)
        assert counting.queries == 0
        await enqueue(db_pool, spec_of(NAME), scoreboard())
        await asyncio.wait_for(ran.wait(), 10)  # only NOTIFY can wake it: the poll is 30 s away
    finally:
        await worker.stop()


async def test_worker_reconnects_its_listen_connection(db_pool: asyncpg.Pool, database_url: str) -> None:
    ran = asyncio.Event()

    async def handler(payload: Any, ctx: JobContext) -> None:
        ran.set()

    worker = Worker(
        db_pool,
        database_url,
        registry_with(NAME, handler),
        options=fast_options(poll_interval=30.0, maintenance_interval=30.0),
    )
    await worker.start()
    listen_pids = (
        "SELECT array_agg(pid) FROM pg_stat_activity"
        " WHERE query LIKE 'LISTEN%' AND datname = current_database()"
    )
    try:
        assert worker.is_healthy()
        (old,) = await db_pool.fetchval(listen_pids)
        await db_pool.execute("SELECT pg_terminate_backend($1)", old)

        async def reconnected() -> bool:
            pids = await db_pool.fetchval(listen_pids) or []
            return worker.is_healthy() and old not in pids and len(pids) == 1

        await wait_until(reconnected)
        await enqueue(db_pool, spec_of(NAME), scoreboard())
        await asyncio.wait_for(ran.wait(), 10)
    finally:
        await worker.stop()


async def test_job_service_runs_cron_and_worker_and_counts_metrics(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    from store._job_metrics import JOBS_PROCESSED
    from store._job_service import JobService
    from telemetry import render_metrics

    ran = asyncio.Event()

    async def publish(payload: Any, ctx: JobContext) -> None:
        assert payload.guild_id == "77" and payload.scheduled_for is not None
        ran.set()

    registry = registry_with("public.post.publish", publish)

    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('77', 'UTC')")
    before = JOBS_PROCESSED.labels("public.post.publish", "done")._value.get()
    service = JobService(
        db_pool, database_url, registry, default_timezone="Asia/Almaty", options=fast_options()
    )
    assert not service.is_healthy()
    await service.start()
    try:
        await asyncio.wait_for(ran.wait(), 10)  # the every-2-minutes sweep fired within its catch-up grace
        assert service.is_healthy()
        await wait_until(lambda: _done(db_pool))
    finally:
        await service.stop(grace=1)
    assert not service.is_healthy()
    assert JOBS_PROCESSED.labels("public.post.publish", "done")._value.get() == before + 1
    body = render_metrics().decode()
    assert 'together_job_lag_seconds_count{name="public.post.publish"}' in body


async def _done(pool: asyncpg.Pool) -> bool:
    return bool(await pool.fetchval("SELECT count(*) FROM jobs WHERE state = 'done'") == 1)
