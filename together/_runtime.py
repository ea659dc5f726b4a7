"""The bot's parts over an open database: features, actor system, job service and Discord gateway.

:class:`BotRuntime` builds them (no I/O) the same way for ``together run`` and for the end-to-end tests;
:func:`running_bot` starts them in order (guild settings cache, actors, jobs, Discord) and stops them in the
manual's order (jobs, actors, Discord), the cache last.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import msgspec
from opentelemetry import trace

from actors import ActorSystem, PgDeadLetterStore
from gateway import DiscordGateway, GatewaySettings
from gateway._host import FeatureHost, ProjectionRefresher, Services
from gateway.features import install_features
from gateway.features._schedule_gate import feature_schedule_gate
from store import JobService, default_registry
from store._guild_cache import GuildSettingsCache

logger = logging.getLogger(__name__)


class BotOptions(msgspec.Struct, frozen=True, kw_only=True):
    """The settings the bot's parts need beyond the database and the Discord connection."""

    default_timezone: str = "Asia/Almaty"
    repair_step_seconds: float = 120.0
    shutdown_grace_seconds: float = 25.0
    run_cron: bool = True


class _UnwiredProjections:
    """Until projection kinds are installed: a refresh is logged and dropped (nothing renders yet)."""

    def refresh(self, kind: str, guild_id: str, entity_id: str) -> None:
        logger.warning("no projection kind installed", extra={"projection": f"{kind}:{guild_id}:{entity_id}"})


class BotRuntime:
    """Every part of the running bot, built and wired but not started."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        dsn: str,
        gateway_settings: GatewaySettings,
        options: BotOptions,
        *,
        projections: ProjectionRefresher | None = None,
    ) -> None:
        self.pool = pool
        self.options = options
        self.host = install_features(FeatureHost())
        self.gateway = DiscordGateway(gateway_settings, commands=self.host.commands)
        self.rest = self.gateway.rest_port()
        self.guilds = GuildSettingsCache(pool, dsn)
        self.system = ActorSystem(
            self.host.actor_kinds,
            tracer=trace.get_tracer("together.actors"),
            dead_letter_store=PgDeadLetterStore(pool),
            shutdown_grace_s=options.shutdown_grace_seconds,
        )
        self.services = Services(
            pool=pool,
            rest=self.rest,
            system=self.system,
            guilds=self.guilds,
            projections=projections or _UnwiredProjections(),
            application_id=gateway_settings.application_id,
            default_timezone=options.default_timezone,
            repair_step_seconds=options.repair_step_seconds,
        )
        self.host.attach(self.services)
        registry = default_registry()
        self.host.install_jobs(registry)
        self.jobs = JobService(
            pool,
            dsn,
            registry,
            default_timezone=options.default_timezone,
            run_cron=options.run_cron,
            schedule_gate=feature_schedule_gate,
        )


@asynccontextmanager
async def running_bot(
    pool: asyncpg.Pool,
    dsn: str,
    gateway_settings: GatewaySettings,
    options: BotOptions | None = None,
    *,
    projections: ProjectionRefresher | None = None,
) -> AsyncIterator[BotRuntime]:
    """Start the bot's parts over ``pool`` (guild settings cache, actors, jobs, Discord); stop jobs, actors,
    Discord, then the cache."""
    runtime = BotRuntime(pool, dsn, gateway_settings, options or BotOptions(), projections=projections)
    grace = runtime.options.shutdown_grace_seconds
    await runtime.guilds.start()
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
        await runtime.guilds.stop()
