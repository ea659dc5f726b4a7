"""A worker process for the crash test: runs ``duel.scoreboard.refresh`` jobs that never finish.

Usage: ``python -m tests.acceptance.store._crash_worker DSN``. The short lease (1 s) lets the test observe the
reaper quickly after it kills this process with SIGKILL.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import asyncpg

from store import JobContext, Worker, WorkerOptions
from tests.integration.store._jobs import registry_with


async def main(dsn: str) -> None:
    async def hang(payload: Any, ctx: JobContext) -> None:
        await asyncio.sleep(3600)

    registry = registry_with("duel.scoreboard.refresh", hang)
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=3)
    assert pool is not None
    worker = Worker(
        pool,
        dsn,
        registry,
        worker_id="doomed",
        options=WorkerOptions(lease_seconds=1.0, poll_interval=1.0, maintenance_interval=1.0),
    )
    await worker.start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
