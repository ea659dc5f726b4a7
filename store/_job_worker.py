"""The job worker: LISTEN/NOTIFY wake-ups, SKIP LOCKED batch claims, leases, retries and graceful stop.

The claim loop sleeps until the earliest of: a NOTIFY for a name it handles, the next due ``run_at`` (an
in-process timer re-armed by NOTIFY payloads), a freed slot, or the safety poll. An idle worker therefore
makes about three queries per poll interval (claim, next-due, maintenance). Finished jobs are acknowledged in
the same statement as the next claim, so draining a backlog costs one round trip per batch.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
import uuid
from typing import Any

import aiojobs
import asyncpg
import msgspec
from opentelemetry import propagate, trace

from store import _job_sql as sql
from store._job_enqueue import NOTIFY_CHANNEL
from store._job_metrics import JOB_LAG, JOBS_PROCESSED
from store._job_registry import JobContext, JobRegistry
from telemetry import log_context

logger = logging.getLogger(__name__)


class WorkerOptions(msgspec.Struct, frozen=True, kw_only=True):
    """Tuning of one worker; the defaults suit production."""

    concurrency: int = 10
    lease_seconds: float = 30.0
    poll_interval: float = 30.0
    maintenance_interval: float = 30.0
    retention_seconds: float = 7 * 24 * 3600.0
    #: A due row whose name no handler here knows waits this long (a newer process of a rolling deploy may
    #: run it) before maintenance dead-letters it with the reason, instead of it waiting for ever.
    unknown_grace_seconds: float = 300.0


class _Claimed(msgspec.Struct, kw_only=True):
    id: int
    name: str
    payload: str
    payload_version: int
    attempts: int
    max_attempts: int
    coalesce_key: str | None
    trace_context: str
    run_at: float
    created_at: float
    #: The traceparents of requests this job absorbed while it waited (coalesced), oldest first.
    trace_links: list[str] = []


class Worker:
    """Runs the handlers of ``registry`` for jobs in the database; one per process is enough.

    ``start()`` opens the LISTEN connection and the claim loop; ``stop(grace)`` stops claiming, lets running
    jobs finish within ``grace`` seconds, cancels the rest and releases their leases without counting the
    attempt. Cancelling the task that awaits ``stop`` does not leave leases behind: they expire and the reaper
    of any worker requeues them.
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        dsn: str,
        registry: JobRegistry,
        *,
        options: WorkerOptions | None = None,
        tracer: trace.Tracer | None = None,
        worker_id: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._pool = pool
        self._dsn = dsn
        self._registry = registry
        self._options = options or WorkerOptions()
        self._tracer = tracer if tracer is not None else trace.get_tracer("store.jobs")
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._rng = rng or random.Random()
        self._names = list(registry.handled_names())
        self._known = list(registry.names())
        self._wake = asyncio.Event()
        self._stopping = False
        self._running: dict[int, asyncio.Task[Any] | None] = {}
        self._acks: list[int] = []
        self._release: list[int] = []
        self._next_due: float | None = None
        self._listener: asyncpg.Connection | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._lease_task: asyncio.Task[None] | None = None
        self._jobs: aiojobs.Scheduler | None = None
        self._last_loop = 0.0
        # The last round of the claim loop raised: health says so until a round succeeds again.
        self._failing = False
        self._next_maintenance = 0.0

    # -- lifecycle -------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the LISTEN connection and start claiming."""
        if self._loop_task is not None:
            raise RuntimeError("worker already started")
        self._jobs = aiojobs.Scheduler(limit=self._options.concurrency)
        await self._connect_listener()
        self._last_loop = time.monotonic()
        self._loop_task = asyncio.create_task(self._claim_loop(), name=f"jobs-claim-{self.worker_id}")
        self._lease_task = asyncio.create_task(self._lease_loop(), name=f"jobs-lease-{self.worker_id}")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming, wait up to ``grace`` s for running jobs, then cancel the rest and release them."""
        self._stopping = True
        self._wake.set()
        if self._loop_task is not None:
            try:
                await self._loop_task
            except Exception:
                logger.exception("job claim loop ended with an error")
        if self._jobs is not None:
            # Waits for running handlers, then cancels what is left; cancelled runs add their id to _release.
            await self._jobs.wait_and_close(timeout=grace)
        release = sorted({*self._release, *self._running})
        self._running.clear()
        async with self._pool.acquire() as conn:
            if self._acks:
                acks, self._acks = self._acks, []
                await conn.execute(
                    sql.CLAIM, acks, self.worker_id, self._names, 0, self._options.lease_seconds
                )
            if release:
                await conn.execute(sql.RELEASE, release, self.worker_id)
                logger.info("released %d job leases on stop", len(release))
        if self._lease_task is not None:
            self._lease_task.cancel()
            await asyncio.gather(self._lease_task, return_exceptions=True)
        if self._listener is not None:
            await self._listener.close()
            self._listener = None

    def is_healthy(self) -> bool:
        """True while the LISTEN connection is open, the claim loop ran within two poll intervals and its most
        recent round succeeded (a loop that keeps retrying a failing claim is alive but does no work)."""
        if self._stopping or self._failing or self._loop_task is None or self._loop_task.done():
            return False
        if self._listener is None or self._listener.is_closed():
            return False
        return time.monotonic() - self._last_loop <= 2 * self._options.poll_interval + 1.0

    def wake(self) -> None:
        """Make the claim loop look for work now (used by in-process producers and tests)."""
        self._wake.set()

    @property
    def running_count(self) -> int:
        """How many jobs this worker is running now (the heartbeat reports it)."""
        return len(self._running)

    # -- LISTEN ----------------------------------------------------------------------------------------

    async def _connect_listener(self) -> None:
        conn = await asyncpg.connect(self._dsn)
        await conn.add_listener(NOTIFY_CHANNEL, self._on_notify)
        conn.add_termination_listener(self._on_listener_lost)
        self._listener = conn

    def _on_listener_lost(self, conn: object) -> None:
        if self._stopping:
            return  # our own close() on stop
        logger.warning("job LISTEN connection lost; reconnecting")
        self._wake.set()

    def _on_notify(self, conn: object, pid: int, channel: str, payload: object) -> None:
        name, _, when = str(payload).partition(" ")
        if name != "*" and name not in self._names:
            return
        try:
            due = float(when)
        except ValueError:
            due = 0.0
        if due <= time.time() + 0.0005:
            self._wake.set()
        elif self._next_due is None or due < self._next_due:
            # Re-arm the timer: the loop recomputes its sleep from _next_due.
            self._next_due = due
            self._wake.set()

    # -- claim loop ------------------------------------------------------------------------------------

    async def _claim_loop(self) -> None:
        opts = self._options
        while not self._stopping:
            self._last_loop = time.monotonic()
            self._wake.clear()
            try:
                if self._listener is None or self._listener.is_closed():
                    await self._reconnect_listener()
                if self._last_loop >= self._next_maintenance:
                    self._next_maintenance = self._last_loop + opts.maintenance_interval
                    await self._maintain()
                free = opts.concurrency - len(self._running)
                claimed = 0
                if free > 0 or self._acks:
                    claimed = await self._claim(max(free, 0))
                full_batch = free > 0 and claimed == free
                if free > 0 and not full_batch:
                    due = await self._pool.fetchval(sql.NEXT_DUE, self._names)
                    self._next_due = None if due is None else float(due)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                self._failing = True
                logger.warning("job claim loop: %s; retrying", exc.__class__.__name__)
                await asyncio.sleep(1.0)
                continue
            except Exception:
                # A bug must not end claiming for good; health shows it until a round succeeds.
                self._failing = True
                logger.exception("job claim loop failed; retrying")
                await asyncio.sleep(1.0)
                continue
            self._failing = False
            if full_batch:
                continue  # more may be due right now
            await self._sleep()

    async def _sleep(self) -> None:
        timeout = self._options.poll_interval
        if self._next_due is not None and len(self._running) < self._options.concurrency:
            # Half a millisecond late rather than early: the claim compares run_at with the database clock.
            timeout = min(timeout, max(0.0, self._next_due - time.time()) + 0.0005)
        timeout = min(timeout, max(0.0, self._next_maintenance - time.monotonic()))
        if self._wake.is_set():
            return
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            pass

    async def _reconnect_listener(self) -> None:
        old, self._listener = self._listener, None
        if old is not None and not old.is_closed():
            await old.close()
        await self._connect_listener()

    async def _claim(self, limit: int) -> int:
        acks, self._acks = self._acks, []
        try:
            rows = await self._pool.fetch(
                sql.CLAIM, acks, self.worker_id, self._names, limit, self._options.lease_seconds
            )
        except BaseException:
            self._acks.extend(acks)  # not acknowledged: keep them for the next round trip
            raise
        assert self._jobs is not None
        for row in rows:
            job = _Claimed(
                id=row["id"], name=row["name"], payload=row["payload"],
                payload_version=row["payload_version"],
                attempts=row["attempts"], max_attempts=row["max_attempts"], coalesce_key=row["coalesce_key"],
                trace_context=row["trace_context"], run_at=float(row["run_at"]),
                created_at=float(row["created_at"]), trace_links=list(row["trace_links"]),
            )
            self._running[job.id] = None
            await self._jobs.spawn(self._run(job))
        return len(rows)

    async def _maintain(self) -> None:
        row = await self._pool.fetchrow(
            sql.MAINTAIN, self._known, self._options.retention_seconds, self._options.unknown_grace_seconds
        )
        if row is not None and (row["reaped"] or row["unknown"]):
            logger.warning("job maintenance: requeued %d expired leases, dead-lettered %d unknown jobs",
                           row["reaped"], row["unknown"])

    async def _lease_loop(self) -> None:
        interval = self._options.lease_seconds / 3
        while True:
            await asyncio.sleep(interval)
            ids = list(self._running)
            if not ids:
                continue
            try:
                await self._pool.execute(sql.RENEW, ids, self.worker_id, self._options.lease_seconds)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                logger.warning("job lease renewal failed: %s", exc.__class__.__name__)

    # -- one run ---------------------------------------------------------------------------------------

    async def _run(self, job: _Claimed) -> None:
        try:
            await self._run_job(job)
        finally:
            self._running.pop(job.id, None)
            self._wake.set()

    async def _run_job(self, job: _Claimed) -> None:
        spec = self._registry.spec(job.name)
        handler = self._registry.get_handler(job.name)
        if handler is None:  # claimed names all have handlers; guard against a registry changed at run time
            await self._dead(job, f"no handler for job name {job.name!r} in this process")
            return
        if job.payload_version != spec.payload_type.VERSION:
            await self._dead(job, f"payload version {job.payload_version} of {job.name!r} is not supported "
                                  f"(this code reads version {spec.payload_type.VERSION})")
            return
        try:
            payload = msgspec.json.decode(job.payload, type=spec.payload_type)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            await self._dead(job, f"invalid payload for {job.name!r}: {exc}")
            return
        started = time.time()
        JOB_LAG.labels(job.name).observe(max(0.0, started - job.run_at))
        ctx = JobContext(job_id=job.id, name=job.name, attempt=job.attempts, max_attempts=job.max_attempts)
        fields = {
            "job_id": job.id, "correlation_id": payload.correlation_id, "guild_id": payload.guild_id,
            "user_id": payload.user_id, "feature": payload.feature, "action": payload.action,
            "interaction_id": payload.interaction_id,
        }
        with log_context(**fields), self._span(job) as span:
            try:
                await handler(payload, ctx)
            except asyncio.CancelledError:
                self._release.append(job.id)
                JOBS_PROCESSED.labels(job.name, "released").inc()
                raise
            except Exception as exc:
                span.record_exception(exc)
                span.set_status(trace.Status(trace.StatusCode.ERROR, exc.__class__.__name__))
                await self._fail(job, exc)
                return
        self._acks.append(job.id)
        JOBS_PROCESSED.labels(job.name, "done").inc()

    def _span(self, job: _Claimed) -> Any:
        """The job's span: a child of the request that enqueued it (an interaction's, a cron fire's, another
        job's), delayed, retried or not, so one member action is one trace; linked to the requests it
        absorbed while it waited."""
        try:
            carrier = msgspec.json.decode(job.trace_context, type=dict[str, str])
        except (msgspec.ValidationError, msgspec.DecodeError):
            carrier = {}
        parent = propagate.extract(carrier)
        links = []
        for traceparent in job.trace_links:
            linked = trace.get_current_span(propagate.extract({"traceparent": traceparent})).get_span_context()
            if linked.is_valid:
                links.append(trace.Link(linked))
        attributes: dict[str, str | int] = {
            "messaging.system": "together.jobs",
            "messaging.message.id": str(job.id),
            "together.job.attempt": job.attempts,
        }
        if len(job.trace_links) > 0:
            attributes["together.job.absorbed"] = len(job.trace_links)
        # An empty carrier extracts to an empty context: the job starts a trace of its own.
        return self._tracer.start_as_current_span(
            f"jobs.process {job.name}", context=parent, kind=trace.SpanKind.CONSUMER, links=links,
            attributes=attributes,
        )

    async def _dead(self, job: _Claimed, reason: str) -> None:
        logger.error("job %s dead: %s", job.id, reason)
        JOBS_PROCESSED.labels(job.name, "invalid").inc()
        await self._pool.execute(sql.DEAD, job.id, self.worker_id, reason)

    async def _fail(self, job: _Claimed, exc: Exception) -> None:
        policy = self._registry.spec(job.name).retry
        gives_up = job.attempts >= job.max_attempts
        delay = 0.0 if gives_up else _retry_delay(exc, policy.delay(job.attempts, self._rng), policy.max_delay)
        error = f"{exc.__class__.__name__}: {exc}"[:2000]
        if gives_up:
            logger.error("job %s failed on its last attempt %d: %s", job.id, job.attempts, error)
        else:
            logger.warning("job %s attempt %d failed, retry in %.1fs: %s", job.id, job.attempts, delay, error)
        JOBS_PROCESSED.labels(job.name, "dead" if gives_up else "retry").inc()
        await self._pool.execute(sql.FAIL, job.id, self.worker_id, error, gives_up, delay)


def _retry_delay(exc: Exception, backoff: float, max_delay: float) -> float:
    """When to run a failed job again: when the failure itself says (a ``retry_after`` in seconds, as a 429
    gives, or a lease held by another worker until it expires), else the policy's backoff."""
    hinted = getattr(exc, "retry_after", None)
    if isinstance(hinted, int | float) and not isinstance(hinted, bool) and hinted >= 0:
        return min(float(hinted), max_delay)
    return backoff

