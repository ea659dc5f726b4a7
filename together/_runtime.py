"""The bot's parts over an open database, as supervised children: actors, jobs, Discord.

:class:`BotRuntime` builds the features, the actor system, the job service and the REST port over a pool (no
I/O). :func:`bot_children` turns them into the children of a rest-for-one supervisor — ``actors`` (which
builds the runtime when it starts, so a restarted database gives a fresh one), then ``jobs``, then
``discord`` — which ``together run`` puts under its root after HTTP and the database, and which
:func:`running_bot` (the end-to-end tests) runs over a pool it is given. Both therefore start and stop the
bot the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio
import asyncpg
import msgspec
from opentelemetry import trace

from actors import ActorSystem, ChildSpec, PgDeadLetterStore, ServiceHandle, Strategy, Supervisor
from features import install_features
from features.kernel import (
    EffectRunner,
    FeatureHost,
    GuildSettingsCache,
    Services,
    feature_schedule_gate,
    fetch_guild_settings,
)
from gateway import AiohttpDiscordRest, DiscordGateway, GatewaySettings, InvalidRequestGuard
from gateway.projection import Projections
from store import JobService, MaintenanceWatch, WorkerOptions, due_job_count
from together._queue_metrics import queue_collector
from together.errors import BotError

#: The bot's children stop in this order (after the jobs stop taking work, actor turns finish).
BOT_STOP_ORDER = ("jobs", "actors", "discord")


class ServiceEnded(BotError):
    """A service that should run until stopped ended on its own."""


class BotOptions(msgspec.Struct, frozen=True, kw_only=True):
    """The settings the bot's parts need beyond the database and the Discord connection."""

    default_timezone: str = "Asia/Almaty"
    repair_step_seconds: float = 120.0
    shutdown_grace_seconds: float = 25.0
    run_cron: bool = True
    #: How long a claim on a job or an effect holds before another worker may take it over.
    lease_seconds: float = 30.0


class BotRuntime:
    """Every part of the running bot over one pool, built and wired but not started."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        dsn: str,
        gateway_settings: GatewaySettings,
        options: BotOptions,
    ) -> None:
        self.pool = pool
        self.options = options
        self.gateway_settings = gateway_settings
        self.host = install_features(FeatureHost())
        self.invalid_requests = InvalidRequestGuard(gateway_settings.invalid_request_budget)
        self.rest = AiohttpDiscordRest(
            gateway_settings.token, api_base=gateway_settings.api_base, guard=self.invalid_requests
        )
        self.projections = Projections(
            self.host.projection_kinds, lambda: self.host.services, read_guild=fetch_guild_settings
        )
        self.guilds = GuildSettingsCache(pool, dsn)
        #: The maintenance switch as this process sees it (interactions, jobs, cron and /healthz obey it).
        self.maintenance = MaintenanceWatch(pool, dsn)
        self.system = ActorSystem(
            [*self.host.actor_kinds, self.projections.actor_kind],
            tracer=trace.get_tracer("together.actors"),
            dead_letter_store=PgDeadLetterStore(pool),
            shutdown_grace_s=options.shutdown_grace_seconds,
        )
        registry = self.host.job_registry()
        # Every projection kind's refresh job: acknowledged once its message shows the committed state.
        self.projections.install_jobs(registry)
        self.services = Services(
            pool=pool,
            rest=self.rest,
            system=self.system,
            guilds=self.guilds,
            projections=self.projections,
            application_id=gateway_settings.application_id,
            default_timezone=options.default_timezone,
            repair_step_seconds=options.repair_step_seconds,
            runnable_jobs=frozenset(registry.handled_names()),
            maintenance=self.maintenance,
            effects=EffectRunner(self.host.effect_kinds, lease_seconds=options.lease_seconds),
        )
        self.host.attach(self.services)
        self.jobs = JobService(
            pool,
            dsn,
            registry,
            default_timezone=options.default_timezone,
            run_cron=options.run_cron,
            schedule_gate=feature_schedule_gate,
            maintenance=self.maintenance,
            # Expired leases are reaped at least once per lease, so a crashed worker's job waits about one lease.
            options=WorkerOptions(
                lease_seconds=options.lease_seconds, maintenance_interval=min(30.0, options.lease_seconds)
            ),
        )
        #: The current Discord connection (a new one after each restart of the ``discord`` child).
        self.gateway: DiscordGateway | None = None

    async def heartbeat_stats(self) -> dict[str, object]:
        """What the heartbeat line reports: this worker's running jobs, the jobs due and waiting, the actors,
        and whether maintenance is on."""
        kinds = list(self.system.metric_kinds())
        stats: dict[str, object] = {
            "jobs_running": self.jobs.worker.running_count,
            "actors_active": sum(active for _, _, active, _ in kinds),
            "actor_mailbox_depth": sum(queued for _, _, _, queued in kinds),
            "actor_restarts": sum(sum(s.restarts.values()) for _, s, _, _ in kinds),
            "actor_dead_letters": sum(sum(s.dead_letters.values()) for _, s, _, _ in kinds),
            "maintenance": self.maintenance.active,
        }
        # Last: if the database is slow, the heartbeat's timeout cuts this and the line says so.
        async with self.pool.acquire() as conn:
            stats["jobs_due"] = await due_job_count(conn)
        return stats

    def new_gateway(self) -> DiscordGateway:
        """A fresh client with every feature's commands (interactions.py clients start only once)."""
        self.gateway = DiscordGateway(
            self.gateway_settings,
            commands=self.host.commands,
            invalid_requests=self.invalid_requests,
            locale_of=self.host.locale_of,
            control_hints=self.host.control_hints,
        )
        return self.gateway


@dataclass
class BotSlot:
    """Where the ``actors`` child puts the runtime it built, for the later children and the health checks."""

    runtime: BotRuntime | None = None

    def require(self) -> BotRuntime:
        if self.runtime is None:
            raise ServiceEnded("the bot runtime is not built (the actors child is not running)")
        return self.runtime


async def run_until_stopped(handle: ServiceHandle, watched: Callable[[], Awaitable[None]], what: str) -> None:
    """Wait for a stop request while ``watched`` runs; ``watched`` ending first is a failure of the service."""
    async with anyio.create_task_group() as tg:

        async def watch() -> None:
            await watched()
            raise ServiceEnded(f"{what} ended on its own")

        tg.start_soon(watch)
        await handle.wait_stop()
        tg.cancel_scope.cancel()


def bot_children(slot: BotSlot, build: Callable[[], BotRuntime], *, grace: float) -> list[ChildSpec]:
    """The children ``actors``, ``jobs``, ``discord`` (in start order) of a rest-for-one supervisor."""

    async def actors(handle: ServiceHandle) -> None:
        runtime = slot.runtime = build()
        # The guild settings cache and the maintenance switch live with the actors: everything after them reads
        # configuration, and obeys maintenance from its first interaction and job.
        await runtime.guilds.start()
        try:
            await runtime.maintenance.start()
            try:
                await runtime.system.run(handle)
            finally:
                await runtime.maintenance.stop()
        finally:
            await runtime.rest.close()
            await runtime.guilds.stop()

    async def jobs(handle: ServiceHandle) -> None:
        service = slot.require().jobs
        await service.start()
        # The queues' gauges on /metrics, read at scrape time while the queue runs.
        metrics = queue_collector(slot.require().pool)
        metrics.register()
        try:
            handle.set_probe(service.is_healthy)
            handle.started()
            await handle.wait_stop()
        finally:
            metrics.unregister()
            await service.stop(grace)

    async def discord(handle: ServiceHandle) -> None:
        gateway = slot.require().new_gateway()
        try:
            await gateway.start()
            handle.set_probe(lambda: gateway.ready)
            handle.started()
            await run_until_stopped(handle, gateway.wait, "the Discord client")
        finally:
            await gateway.stop()  # idempotent

    return [
        ChildSpec.service("actors", actors, cooperative=True, shutdown_timeout_s=grace + 5),
        ChildSpec.service("jobs", jobs, cooperative=True, shutdown_timeout_s=grace + 5),
        ChildSpec.service("discord", discord, cooperative=True, shutdown_timeout_s=15),
    ]


@asynccontextmanager
async def running_bot(
    pool: asyncpg.Pool,
    dsn: str,
    gateway_settings: GatewaySettings,
    options: BotOptions | None = None,
) -> AsyncIterator[BotRuntime]:
    """Run the bot's supervised children over ``pool`` until the block ends (then stop them in order)."""
    opts = options or BotOptions()
    slot = BotSlot()

    def build() -> BotRuntime:
        return BotRuntime(pool, dsn, gateway_settings, opts)

    supervisor = Supervisor(
        bot_children(slot, build, grace=opts.shutdown_grace_seconds),
        name="bot",
        strategy=Strategy.REST_FOR_ONE,
        stop_order=BOT_STOP_ORDER,
    )
    async with anyio.create_task_group() as tg:
        started = anyio.Event()
        tg.start_soon(supervisor.run, ServiceHandle("bot", on_started=started.set))
        try:
            await started.wait()
            yield slot.require()
        finally:
            supervisor.request_stop()
