"""One object the composition root starts and stops: the worker plus the per-guild cron scheduler."""

from __future__ import annotations

import asyncpg
from opentelemetry import trace

from store._job_cron import CronScheduler, ScheduleGate
from store._job_registry import JobRegistry
from store._job_worker import Worker, WorkerOptions
from store._maintenance import MaintenanceState, MaintenanceWatch


class JobService:
    """The job queue of one process: a :class:`Worker` and (optionally) a :class:`CronScheduler`.

    Start it after the pool exists and the handlers are registered; stop it first on shutdown (DESIGN decision
    7: stop taking new jobs, let running ones finish within ``grace``). :meth:`is_healthy` is ``boss`` in
    ``/healthz``. Several processes may each run one: claims, leases and cron fire keys keep them apart.

    Maintenance holds both whatever the wiring (the claim and the tick read the row); given the process's
    ``maintenance`` watch, they also resume the moment it ends instead of at their next poll.
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        dsn: str,
        registry: JobRegistry,
        *,
        default_timezone: str,
        options: WorkerOptions | None = None,
        run_cron: bool = True,
        schedule_gate: ScheduleGate | None = None,
        tracer: trace.Tracer | None = None,
        maintenance: MaintenanceWatch | None = None,
    ) -> None:
        self.worker = Worker(pool, dsn, registry, options=options, tracer=tracer)
        self.cron: CronScheduler | None = None
        if run_cron:
            self.cron = CronScheduler(
                pool, registry, default_timezone=default_timezone, gate=schedule_gate, tracer=tracer
            )
        if maintenance is not None:
            maintenance.subscribe(self._on_maintenance)

    def _on_maintenance(self, state: MaintenanceState) -> None:
        self.worker.wake()
        if self.cron is not None:
            self.cron.wake()

    async def start(self) -> None:
        """Start the worker, then the cron loop."""
        await self.worker.start()
        if self.cron is not None:
            await self.cron.start()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop the cron loop, then the worker (finishing running jobs within ``grace`` seconds)."""
        if self.cron is not None:
            await self.cron.stop()
        await self.worker.stop(grace)

    def is_healthy(self) -> bool:
        """True while the worker's LISTEN connection and claim loop (and the cron loop, if any) are alive and their
        most recent database round (a claim, a cron tick) succeeded."""
        return self.worker.is_healthy() and (self.cron is None or self.cron.is_healthy())
