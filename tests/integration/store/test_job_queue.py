"""The job queue against a real Postgres: enqueue, claim, delays, coalescing, retries, dead letters, stop."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from features.mediator._jobs import MediatorRepairTick
from store import InvalidJobPayload, UnknownJobName, enqueue, enqueue_many
from store._job_registry import JobContext
from tests.integration.store._jobs import job_state, registry_with, scoreboard, spec_of, start_worker, wait_until

pytestmark = pytest.mark.anyio

NAME = "duel.scoreboard.refresh"


async def _never(payload: Any, ctx: JobContext) -> None:
    raise AssertionError("not run")


async def test_enqueue_in_caller_transaction_rolls_back_with_it(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        result = await enqueue(conn, spec_of(NAME), scoreboard())
        assert not result.coalesced
        await tx.rollback()
    assert await db_pool.fetchval("SELECT count(*) FROM jobs") == 0


async def test_enqueue_rejects_unknown_name_and_wrong_payload(db_pool: asyncpg.Pool) -> None:
    with pytest.raises(UnknownJobName):
        registry_with(NAME, _never).spec("no.such.job")
    with pytest.raises(InvalidJobPayload, match="takes MediatorRepairTick"):
        await enqueue(db_pool, spec_of("mediator.repair.tick"), scoreboard())
    assert await db_pool.fetchval("SELECT count(*) FROM jobs") == 0


async def test_coalescing_key_absorbs_second_waiting_job(db_pool: asyncpg.Pool) -> None:
    first = await enqueue(db_pool, spec_of(NAME), scoreboard(), coalesce_key="k1")
    second = await enqueue(db_pool, spec_of(NAME), scoreboard(), coalesce_key="k1")
    other = await enqueue(db_pool, spec_of(NAME), scoreboard(), coalesce_key="k2")
    assert not first.coalesced and second.coalesced and not other.coalesced
    assert second.job_id == first.job_id
    batch = await enqueue_many(
        db_pool,
        [
            spec_of(NAME).request(scoreboard(), coalesce_key="k1"),
            spec_of(NAME).request(scoreboard()),
            spec_of(NAME).request(scoreboard(), coalesce_key="k3"),
            spec_of(NAME).request(scoreboard(), coalesce_key="k3"),
            spec_of(NAME).request(scoreboard()),
        ],
    )
    assert [r.coalesced for r in batch] == [True, False, False, True, False]
    assert batch[0].job_id == first.job_id and batch[3].job_id == batch[2].job_id
    assert len({batch[1].job_id, batch[2].job_id, batch[4].job_id}) == 3
    assert await db_pool.fetchval("SELECT count(*) FROM jobs") == 5


async def test_concurrent_workers_never_run_a_job_twice(db_pool: asyncpg.Pool, database_url: str) -> None:
    runs: Counter[int] = Counter()

    async def handler(payload: Any, ctx: JobContext) -> None:
        runs[ctx.job_id] += 1
        await asyncio.sleep(0.001)

    await enqueue_many(db_pool, [spec_of(NAME).request(scoreboard(str(i))) for i in range(300)])
    workers = [await start_worker(db_pool, database_url, registry_with(NAME, handler)) for _ in range(3)]
    try:
        await wait_until(lambda: _count(db_pool, "done", 300))
    finally:
        for w in workers:
            await w.stop(grace=5)
    assert len(runs) == 300
    assert set(runs.values()) == {1}


async def test_delayed_jobs_never_start_early(db_pool: asyncpg.Pool, database_url: str) -> None:
    started: dict[str, float] = {}

    async def handler(payload: MediatorRepairTick, ctx: JobContext) -> None:
        started[payload.session_id] = time.time()

    worker = await start_worker(db_pool, database_url, registry_with("mediator.repair.tick", handler))
    try:
        due: dict[str, float] = {}
        for i, delay in enumerate((0.3, 0.6, 0.9)):
            run_at = datetime.now(UTC) + timedelta(seconds=delay)
            due[str(i)] = run_at.timestamp()
            await enqueue(
                db_pool,
                spec_of("mediator.repair.tick"),
                MediatorRepairTick(
                    correlation_id="c",
                    guild_id="1",
                    feature="mediator",
                    action="repair.tick",
                    session_id=str(i),
                    step=i + 1,
                ),
                run_at=run_at,
            )
        await wait_until(lambda: _count(db_pool, "done", 3))
    finally:
        await worker.stop()
    for key, when in due.items():
        assert started[key] >= when


async def test_coalescing_across_two_workers_runs_one_job(db_pool: asyncpg.Pool, database_url: str) -> None:
    runs: list[int] = []

    async def handler(payload: Any, ctx: JobContext) -> None:
        runs.append(ctx.job_id)

    run_at = datetime.now(UTC) + timedelta(seconds=0.3)
    results = await asyncio.gather(
        *(
            enqueue(
                db_pool, spec_of(NAME), scoreboard(), coalesce_key="projection:duel_scoreboard:1:d1", run_at=run_at
            )
            for _ in range(10)
        )
    )
    assert sum(not r.coalesced for r in results) == 1
    workers = [await start_worker(db_pool, database_url, registry_with(NAME, handler)) for _ in range(2)]
    try:
        await wait_until(lambda: _count(db_pool, "done", 1))
        await asyncio.sleep(0.2)
    finally:
        for w in workers:
            await w.stop()
    assert len(runs) == 1


async def test_retries_with_backoff_then_dead_letter(db_pool: asyncpg.Pool, database_url: str) -> None:
    attempts: list[int] = []

    async def handler(payload: Any, ctx: JobContext) -> None:
        attempts.append(ctx.attempt)
        raise RuntimeError(f"boom {ctx.attempt}")

    registry = registry_with(NAME, handler)
    from store._job_registry import JobSpec
    from store._job_retry import RetryPolicy

    spec = registry.spec(NAME)
    registry.add_spec(
        JobSpec(
            name=NAME,
            payload_type=spec.payload_type,
            feature=spec.feature,
            action=spec.action,
            retry=RetryPolicy(max_attempts=3, base_delay=0.05, jitter=0.5),
        )
    )
    job = await enqueue(db_pool, registry.spec(NAME), scoreboard())
    worker = await start_worker(db_pool, database_url, registry)
    try:
        await wait_until(lambda: _count(db_pool, "dead", 1))
    finally:
        await worker.stop()
    row = await job_state(db_pool, job.job_id)
    assert attempts == [1, 2, 3]
    assert row["attempts"] == 3 and row["last_error"] == "RuntimeError: boom 3"


async def test_bad_payload_goes_dead_with_reason(db_pool: asyncpg.Pool, database_url: str) -> None:
    calls: list[Any] = []

    async def handler(payload: Any, ctx: JobContext) -> None:
        calls.append(payload)

    bad = await db_pool.fetchval(
        "INSERT INTO jobs (name, payload) VALUES ($1, '{\"guild_id\": 5}') RETURNING id", NAME
    )
    old = await db_pool.fetchval(
        "INSERT INTO jobs (name, payload, payload_version) VALUES ($1, '{}', 9) RETURNING id", NAME
    )
    # A name no process handles: dead once it has waited past the grace a rolling deploy gets, not before.
    unknown = await db_pool.fetchval(
        "INSERT INTO jobs (name, payload, run_at) VALUES ('legacy.job', '{}', now() - interval '6 minutes') "
        "RETURNING id"
    )
    fresh = await db_pool.fetchval("INSERT INTO jobs (name, payload) VALUES ('newer.job', '{}') RETURNING id")
    good = await enqueue(db_pool, spec_of(NAME), scoreboard())
    worker = await start_worker(db_pool, database_url, registry_with(NAME, handler))
    try:
        await wait_until(lambda: _count(db_pool, "dead", 3))
        await wait_until(lambda: _count(db_pool, "done", 1))
        assert worker.is_healthy()
    finally:
        await worker.stop()
    assert len(calls) == 1
    assert "invalid payload" in (await job_state(db_pool, bad))["last_error"]
    assert "payload version 9" in (await job_state(db_pool, old))["last_error"]
    assert "no handler for job name 'legacy.job'" in (await job_state(db_pool, unknown))["last_error"]
    assert (await job_state(db_pool, fresh))["state"] == "queued"
    assert (await job_state(db_pool, good.job_id))["state"] == "done"


async def test_graceful_stop_finishes_short_jobs_and_releases_long_ones(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    started = asyncio.Event()
    finished: list[str] = []

    async def handler(payload: Any, ctx: JobContext) -> None:
        started.set()
        await asyncio.sleep(0.1 if payload.duel_id == "short" else 60)
        finished.append(payload.duel_id)

    short = await enqueue(db_pool, spec_of(NAME), scoreboard("short"))
    long = await enqueue(db_pool, spec_of(NAME), scoreboard("long"))
    worker = await start_worker(db_pool, database_url, registry_with(NAME, handler))
    await wait_until(lambda: _count(db_pool, "active", 2))
    await started.wait()
    await worker.stop(grace=0.5)
    assert not worker.is_healthy()
    assert finished == ["short"]
    assert (await job_state(db_pool, short.job_id))["state"] == "done"
    released = await job_state(db_pool, long.job_id)
    assert released["state"] == "queued" and released["attempts"] == 0 and released["lease_owner"] is None
    assert await db_pool.fetchval("SELECT count(*) FROM jobs WHERE state = 'active'") == 0


async def _count(pool: asyncpg.Pool, state: str, expected: int) -> bool:
    return bool(await pool.fetchval("SELECT count(*) FROM jobs WHERE state = $1", state) == expected)


async def test_concurrent_producers_keep_one_waiting_job_per_key(database_url: str) -> None:
    pool = await asyncpg.create_pool(database_url, min_size=10, max_size=20)
    assert pool is not None

    async def producer(i: int) -> list[bool]:
        out = []
        for j in range(25):
            result = await enqueue(pool, spec_of(NAME), scoreboard(), coalesce_key=f"key-{(i + j) % 5}")
            out.append(result.coalesced)
        return out

    try:
        flags = [f for batch in await asyncio.gather(*(producer(i) for i in range(20))) for f in batch]
        per_key = await pool.fetch("SELECT coalesce_key, count(*) AS n FROM jobs GROUP BY 1")
    finally:
        await pool.close()
    assert flags.count(False) == 5 and flags.count(True) == 495
    assert sorted((r["coalesce_key"], r["n"]) for r in per_key) == [(f"key-{k}", 1) for k in range(5)]
