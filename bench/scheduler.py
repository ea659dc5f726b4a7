"""Side-by-side benchmark: our Postgres job queue against procrastinate on the same server.

Run ``python -m bench.scheduler`` (``DATABASE_URL`` = an admin DSN of a server allowed to create databases;
unset: an embedded PostgreSQL is started in a temporary folder). Every (system, scenario) gets a fresh
database, the systems alternate order between scenarios, pool size and concurrency are 10 for both, and
wake-up / delayed scenarios run the worker in a separate process from the producer, with timestamps from the
same wall clock.

Scenarios (sizes trimmed from the spec's protocol to keep the run under about two minutes):
enqueue one at a time; enqueue in batches of 500; drain a pre-inserted backlog of no-op jobs (one worker,
10 in flight, worker start-up included, until the database reports them all complete); wake-up latency of an
idle worker (send start -> handler start); delayed jobs due 1-5 s ahead (handler start - due; early count).

The last line printed is ``{"ours": {...}, "procrastinate": {...}}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import asyncpg
import psycopg

from bench._common import admin_server, create_database, drop_database, percentile, with_database

if TYPE_CHECKING:
    from procrastinate.types import JSONDict  # procrastinate is imported lazily: only its benchmark needs it

N_SINGLE = 1000
N_BATCH = 10_000
BATCH = 500
N_DRAIN = 3000
N_WAKE = 40
N_DELAYED = 20
CONCURRENCY = 10
SYSTEMS = ("ours", "procrastinate")
ROOT = Path(__file__).resolve().parents[1]

Record = tuple[float, float, float]  # (sent, due, handler start), wall clock seconds


# -- ours ------------------------------------------------------------------------------------------


def _ours_registry() -> Any:
    from store import JobPayload, JobRegistry, JobSpec

    class BenchNoop(JobPayload, frozen=True, kw_only=True):
        sent: float = 0.0
        due: float = 0.0

    spec = JobSpec(name="bench.noop", payload_type=BenchNoop, feature="bench", action="noop")
    registry = JobRegistry((spec,))
    return registry, spec, BenchNoop


class Ours:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.registry, self.spec, self.payload = _ours_registry()

    def _p(self, sent: float, due: float) -> Any:
        return self.payload(
            correlation_id="b", guild_id="1", feature="bench", action="noop", sent=sent, due=due
        )

    async def setup(self) -> None:
        from store import apply_migrations

        await asyncio.to_thread(apply_migrations, self.dsn)

    async def enqueue_single(self, n: int) -> float:
        from store import enqueue

        conn = await asyncpg.connect(self.dsn)
        try:
            start = time.perf_counter()
            for _ in range(n):
                now = time.time()
                await enqueue(conn, self.spec, self._p(now, now))
            return n / (time.perf_counter() - start)
        finally:
            await conn.close()

    async def enqueue_batch(self, n: int, size: int = BATCH) -> float:
        from store import enqueue_many

        conn = await asyncpg.connect(self.dsn)
        try:
            start = time.perf_counter()
            for _ in range(n // size):
                now = time.time()
                batch = [self.spec.request(self._p(now, now)) for _ in range(size)]
                await enqueue_many(conn, batch)
            return n / (time.perf_counter() - start)
        finally:
            await conn.close()

    async def send(self, sent: float, due: float | None) -> None:
        from store import enqueue

        run_at = None if due is None else datetime.fromtimestamp(due, UTC)
        await enqueue(self._conn, self.spec, self._p(sent, due or sent), run_at=run_at)

    async def open_producer(self) -> None:
        self._conn = await asyncpg.connect(self.dsn)

    async def close_producer(self) -> None:
        await self._conn.close()

    async def done_count(self) -> int:
        conn = await asyncpg.connect(self.dsn)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM jobs WHERE state = 'done'"))
        finally:
            await conn.close()

    async def serve(
        self, on_start: Callable[[Any], None], until: Awaitable[Any], ready: Callable[[], None]
    ) -> None:
        from store import JobContext, Worker, WorkerOptions

        async def handler(payload: Any, ctx: JobContext) -> None:
            on_start(payload)

        self.registry.add(self.spec, handler)
        pool = await asyncpg.create_pool(self.dsn, min_size=2, max_size=CONCURRENCY)
        assert pool is not None
        worker = Worker(pool, self.dsn, self.registry, options=WorkerOptions(concurrency=CONCURRENCY))
        await worker.start()
        ready()
        try:
            await until
        finally:
            await worker.stop(grace=5)
            await pool.close()


# -- procrastinate ---------------------------------------------------------------------------------


class Procrastinate:
    def __init__(self, dsn: str) -> None:
        import procrastinate

        self.dsn = dsn
        self._on_start: Callable[[Any], None] = lambda payload: None
        self.app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(conninfo=dsn, min_size=2, max_size=CONCURRENCY)
        )

        @self.app.task(name="noop", queue="bench")
        async def noop(sent: float, due: float) -> None:
            self._on_start((sent, due))

        self.task = noop

    async def setup(self) -> None:
        async with self.app.open_async():
            await self.app.schema_manager.apply_schema_async()

    async def enqueue_single(self, n: int) -> float:
        async with self.app.open_async():
            start = time.perf_counter()
            for _ in range(n):
                now = time.time()
                await self.task.defer_async(sent=now, due=now)
            return n / (time.perf_counter() - start)

    async def enqueue_batch(self, n: int, size: int = BATCH) -> float:
        async with self.app.open_async():
            start = time.perf_counter()
            for _ in range(n // size):
                now = time.time()
                jobs: list[JSONDict] = [{"sent": now, "due": now} for _ in range(size)]
                await self.task.batch_defer_async(*jobs)
            return n / (time.perf_counter() - start)

    async def open_producer(self) -> None:
        self._ctx = self.app.open_async()
        await self._ctx.__aenter__()

    async def close_producer(self) -> None:
        await self._ctx.__aexit__(None, None, None)

    async def send(self, sent: float, due: float | None) -> None:
        if due is None:
            await self.task.defer_async(sent=sent, due=sent)
        else:
            when = datetime.fromtimestamp(due, UTC)
            await self.task.configure(schedule_at=when).defer_async(sent=sent, due=due)

    async def done_count(self) -> int:
        with psycopg.connect(self.dsn) as conn:
            row = conn.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
            ).fetchone()
        return int(row[0]) if row else 0

    async def serve(
        self, on_start: Callable[[Any], None], until: Awaitable[Any], ready: Callable[[], None]
    ) -> None:
        self._on_start = on_start
        async with self.app.open_async():
            task = asyncio.create_task(
                self.app.run_worker_async(
                    queues=["bench"],
                    concurrency=CONCURRENCY,
                    install_signal_handlers=False,
                    wait=True,
                )
            )
            await asyncio.sleep(0.3)  # let it LISTEN before declaring readiness
            ready()
            try:
                await until
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


def _system(name: str, dsn: str) -> Ours | Procrastinate:
    return Ours(dsn) if name == "ours" else Procrastinate(dsn)


# -- worker process --------------------------------------------------------------------------------


async def _worker_main(system: str, dsn: str, expected: int, deadline: float) -> None:
    records: list[Record] = []
    done = asyncio.Event()

    def on_start(payload: Any) -> None:
        start = time.time()
        sent, due = (payload.sent, payload.due) if system == "ours" else payload
        records.append((sent, due, start))
        if len(records) >= expected:
            done.set()

    async def until() -> None:
        try:
            await asyncio.wait_for(done.wait(), deadline)
        except TimeoutError:
            pass

    def ready() -> None:
        sys.stdout.write("READY\n")
        sys.stdout.flush()

    await _system(system, dsn).serve(on_start, until(), ready)
    sys.stdout.write(json.dumps(records) + "\n")
    sys.stdout.flush()


async def _spawn_worker(system: str, dsn: str, expected: int, deadline: float) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.scheduler",
        "--worker",
        system,
        dsn,
        str(expected),
        str(deadline),
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 30)
    if line.strip() != b"READY":
        raise RuntimeError(f"worker for {system} failed to start: {line!r}")
    return proc


async def _collect(proc: asyncio.subprocess.Process) -> list[Record]:
    out, _ = await proc.communicate()
    records: list[list[float]] = json.loads(out.decode().strip().splitlines()[-1])
    return [(sent, due, start) for sent, due, start in records]


# -- scenarios -------------------------------------------------------------------------------------


async def s_enqueue(system: Ours | Procrastinate) -> dict[str, float]:
    return {"enqueue_jobs_per_s": round(await system.enqueue_single(N_SINGLE), 1)}


async def s_batch(system: Ours | Procrastinate) -> dict[str, float]:
    return {"enqueue_batch_jobs_per_s": round(await system.enqueue_batch(N_BATCH), 1)}


async def s_drain(system: Ours | Procrastinate) -> dict[str, float]:
    await system.enqueue_batch(N_DRAIN)
    count = 0
    all_started = asyncio.Event()

    def on_start(payload: Any) -> None:
        nonlocal count
        count += 1
        if count >= N_DRAIN:
            all_started.set()

    async def until() -> None:
        try:
            await asyncio.wait_for(all_started.wait(), 40)
            # Completion is recorded in the database, so there is no event to wait on.
            while await system.done_count() < N_DRAIN and time.perf_counter() - start < 40:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        except TimeoutError:
            pass
        finished[0] = time.perf_counter()

    finished = [0.0]
    start = time.perf_counter()
    await system.serve(on_start, until(), lambda: None)
    done = await system.done_count()
    return {"drain_jobs_per_s": round(done / (finished[0] - start), 1)}


async def s_wake(system: Ours | Procrastinate, name: str, dsn: str) -> dict[str, float]:
    proc = await _spawn_worker(name, dsn, N_WAKE, 40)
    await system.open_producer()
    rng = random.Random(1234)
    try:
        await asyncio.sleep(2.0)  # idle settle
        for _ in range(N_WAKE):
            await system.send(time.time(), None)
            await asyncio.sleep(rng.uniform(0.1, 0.3))
    finally:
        await system.close_producer()
    latencies = [(start - sent) * 1000 for sent, _, start in await _collect(proc)]
    return {
        "wake_p50_ms": round(percentile(latencies, 50), 2),
        "wake_p99_ms": round(percentile(latencies, 99), 2),
        "wake_max_ms": round(max(latencies, default=float("nan")), 2),
        "wake_n": len(latencies),
    }


async def s_delayed(system: Ours | Procrastinate, name: str, dsn: str) -> dict[str, float]:
    proc = await _spawn_worker(name, dsn, N_DELAYED, 5 + 5 + 1)  # horizon + procrastinate's 5 s poll + 1 s
    await system.open_producer()
    rng = random.Random(99)
    try:
        for _ in range(N_DELAYED):
            now = time.time()
            await system.send(now, now + rng.uniform(1.0, 5.0))
    finally:
        await system.close_producer()
    records = await _collect(proc)
    late = [(start - due) * 1000 for _, due, start in records]
    return {
        "delayed_late_p50_ms": round(percentile(late, 50), 2),
        "delayed_late_p99_ms": round(percentile(late, 99), 2),
        "delayed_early_count": sum(1 for v in late if v < 0),
        "delayed_missing": N_DELAYED - len(records),
    }


# -- driver ----------------------------------------------------------------------------------------


async def _fresh(admin_dsn: str, name: str) -> Ours | Procrastinate:
    database = create_database(admin_dsn, f"bench_{name}")
    system = _system(name, with_database(admin_dsn, database))
    await system.setup()
    return system


def _show(conn: psycopg.Connection[Any], setting: str) -> object:
    """One server setting (``setting`` is one of our constant names, never input)."""
    row = conn.execute(f"SHOW {setting}").fetchone()
    assert row is not None  # SHOW always answers one row
    return row[0]


def _server_info(admin_dsn: str) -> dict[str, Any]:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        info = {
            k: _show(conn, k) for k in ("server_version", "fsync", "synchronous_commit", "shared_buffers")
        }
    info["nproc"] = os.cpu_count()
    info["loadavg"] = os.getloadavg()
    return info


async def run(admin_dsn: str) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {name: {} for name in SYSTEMS}
    scenarios = ("enqueue", "batch", "drain", "wake", "delayed")
    for i, scenario in enumerate(scenarios):
        order = SYSTEMS if i % 2 == 0 else tuple(reversed(SYSTEMS))
        for name in order:
            system = await _fresh(admin_dsn, name)
            dsn = system.dsn
            if scenario == "enqueue":
                metrics = await s_enqueue(system)
            elif scenario == "batch":
                metrics = await s_batch(system)
            elif scenario == "drain":
                metrics = await s_drain(system)
            elif scenario == "wake":
                metrics = await s_wake(system, name, dsn)
            else:
                metrics = await s_delayed(system, name, dsn)
            metrics["loadavg_1m"] = round(os.getloadavg()[0], 2)
            print(json.dumps({"system": name, "scenario": scenario, **metrics}), flush=True)
            results[name].update({k: v for k, v in metrics.items() if k != "loadavg_1m"})
            drop_database(admin_dsn, urlsplit(dsn).path.lstrip("/"))
    return results


TARGETS = {
    "wake_p99_ms": ("<=", 8),
    "delayed_late_p99_ms": ("<=", 50),
    "delayed_early_count": ("<=", 0),
    "drain_jobs_per_s": (">=", 1000),
    "enqueue_jobs_per_s": (">=", 1500),
    "enqueue_batch_jobs_per_s": (">=", 40000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--worker", nargs=4, metavar=("SYSTEM", "DSN", "EXPECTED", "DEADLINE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # The app is built inside this module on purpose (both systems are set up the same way).
    logging.getLogger("procrastinate.blueprints").setLevel(logging.ERROR)
    if args.worker:
        system, dsn, expected, deadline = args.worker
        asyncio.run(_worker_main(system, dsn, int(expected), float(deadline)))
        return
    with admin_server() as admin:
        print(json.dumps({"server": _server_info(admin)}), flush=True)
        results = asyncio.run(run(admin))
    ours = results["ours"]
    missed = [
        k
        for k, (op, limit) in TARGETS.items()
        if not (ours.get(k, float("nan")) <= limit if op == "<=" else ours.get(k, float("nan")) >= limit)
    ]
    print(json.dumps({"ours_targets_missed": missed}), flush=True)
    keys = (
        "enqueue_jobs_per_s",
        "enqueue_batch_jobs_per_s",
        "drain_jobs_per_s",
        "wake_p50_ms",
        "wake_p99_ms",
        "delayed_late_p99_ms",
        "delayed_early_count",
        "delayed_missing",
    )
    print(json.dumps({name: {k: results[name].get(k) for k in keys} for name in SYSTEMS}), flush=True)


if __name__ == "__main__":
    main()
