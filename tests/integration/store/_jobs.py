"""Helpers for job queue tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from features import install_features
from features.duels._jobs import DuelScoreboardRefresh
from features.kernel import FeatureHost
from store import JobContext, JobRegistry, JobSpec, Worker, WorkerOptions

#: The queue tests run the features' real job specs (names, payload structs, retry policies), without their
#: handlers: each test registers its own.
FEATURE_JOBS: dict[str, JobSpec[Any]] = {spec.name: spec for spec in install_features(FeatureHost()).job_registry()}


def spec_of(name: str) -> JobSpec[Any]:
    """The features' spec of job ``name``."""
    return FEATURE_JOBS[name]


def scoreboard(duel: str = "d1", guild: str = "1", **extra: Any) -> DuelScoreboardRefresh:
    return DuelScoreboardRefresh(
        correlation_id=f"c-{duel}",
        guild_id=guild,
        feature="duels",
        action="scoreboard.refresh",
        duel_id=duel,
        **extra,
    )


def registry_with(name: str, handler: Callable[[Any, JobContext], Awaitable[None]]) -> JobRegistry:
    """Every feature job known (so maintenance dead-letters none of them), ``name`` handled by ``handler``."""
    registry = JobRegistry(tuple(FEATURE_JOBS.values()))
    registry.add(FEATURE_JOBS[name], handler)
    return registry


def fast_options(**overrides: Any) -> WorkerOptions:
    values: dict[str, Any] = {"poll_interval": 2.0, "maintenance_interval": 0.5, "lease_seconds": 5.0}
    values.update(overrides)
    return WorkerOptions(**values)


async def start_worker(pool: asyncpg.Pool, dsn: str, registry: JobRegistry, **overrides: Any) -> Worker:
    worker = Worker(pool, dsn, registry, options=fast_options(**overrides))
    await worker.start()
    return worker


async def wait_until(predicate: Callable[[], Awaitable[bool]], limit: float = 10.0) -> None:
    """Poll ``predicate`` until true; fail after ``limit`` seconds (a hang guard, not a timing assertion)."""
    async with asyncio.timeout(limit):
        # The condition lives in the database, so there is no event to wait on.
        while not await predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def job_state(pool: asyncpg.Pool, job_id: int) -> asyncpg.Record:
    row = await pool.fetchrow("SELECT * FROM jobs WHERE id = $1", job_id)
    assert row is not None
    return row
