"""The bot's parts over an open database: features, actor system, job service and Discord gateway.

:class:`BotRuntime` builds them (no I/O) the same way for ``together run`` and for the end-to-end tests;
:func:`running_bot` starts them in order (actors, jobs, Discord) and stops them in the manual's order (jobs,
actors, Discord).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import msgspec
from opentelemetry import trace

from actors import ActorSystem, PgDeadLetterStore
from gateway import DiscordGateway, GatewaySettings
from gateway._host import FeatureHost, Services
from gateway.features import install_features
from gateway.projection import Projections
from store import JobService, default_registry
from store._guild_source import PgGuildSettings


class BotOptions(msgspec.Struct, frozen=True, kw_only=True):
    """The settings the bot's parts need beyond the database and the Discord connection."""

    default_timezone: str = "Asia/Almaty"
    repair_step_seconds: float = 120.0
    shutdown_grace_seconds: float = 25.0
    run_cron: bool = True


class BotRuntime:
    """Every part of the running bot, built and wired but not started."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        dsn: str,
        gateway_settings: GatewaySettings,
        options: BotOptions,
    ) -> None:
        self.pool = pool
        self.options = options
        self.host = install_features(FeatureHost())
        self.gateway = DiscordGateway(gateway_settings, commands=self.host.commands)
        self.rest = self.gateway.rest_port()
        self.projections = Projections(self.host.projection_kinds, lambda: self.host.services)
        self.system = ActorSystem(
            [*self.host.actor_kinds, self.projections.actor_kind],
            tracer=trace.get_tracer("together.actors"),
            dead_letter_store=PgDeadLetterStore(pool),
            shutdown_grace_s=options.shutdown_grace_seconds,
        )
        self.services = Services(
            pool=pool,
            rest=self.rest,
            system=self.system,
            guilds=PgGuildSettings(pool),
            projections=self.projections,
            application_id=gateway_settings.application_id,
            default_timezone=options.default_timezone,
            repair_step_seconds=options.repair_step_seconds,
        )
        self.host.attach(self.services)
        registry = default_registry()
        self.host.install_jobs(registry)
        self.jobs = JobService(
            pool, dsn, registry, default_timezone=options.default_timezone, run_cron=options.run_cron
        )


@asynccontextmanager
async def running_bot(
    pool: asyncpg.Pool, dsn: str, gateway_settings: GatewaySettings, options: BotOptions | None = None
) -> AsyncIterator[BotRuntime]:
    """Start the bot's parts over ``pool`` (actors, jobs, Discord); stop jobs, actors, then Discord."""
    runtime = BotRuntime(pool, dsn, gateway_settings, options or BotOptions())
    grace = runtime.options.shutdown_grace_seconds
    try:
        async with runtime.system:
            await runtime.jobs.start()
            try:
                await runtime.gateway.start()
                yield runtime
            finally:
                await runtime.jobs.stop(grace)
    finally:
        await runtime.gateway.stop()  # idempotent; after the actors, so none of them sends to a closed client
        await runtime.rest.close()
