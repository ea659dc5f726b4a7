"""``together run``: the whole process is one rest-for-one supervision tree, stopped in the manual's order.

Children, in start order (each starts only once the previous one is up): ``watchdog`` (the event-loop monitor,
its thread and the heartbeat line, which ``/livez`` reads), ``http`` (so ``/livez`` answers and
``/healthz`` tells the truth while the rest starts), ``postgres pool`` (embedded server, migrations, pool),
``discord emulator`` (only without a token), then the bot's ``actors``, ``jobs`` and ``discord``
(:mod:`together._runtime`). A child failing before it is up aborts the start: what started stops again and
the process exits 1 with one line. A child failing later restarts with every child after it (their inputs
came from it), within a restart budget; when the budget is spent the root gives up, readiness turns false and
the process exits 1. SIGTERM/SIGINT stop the children in the manual's order (DESIGN decision 7): stop taking
jobs, let actor turns finish, close the pool, stop the Discord client, stop HTTP (and the watchdog last).
"""

from __future__ import annotations

import logging
import signal
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import anyio

from actors import Backoff, ChildSpec, ServiceHandle, Strategy, Supervisor, SupervisorEscalated, SupervisorStartFailed
from gateway import GatewaySettings
from store import ping
from telemetry import LoopLagGauge, Watchdog
from telemetry.http import HealthChecks, HealthServer
from together._database import Database, open_database
from together._runtime import BotOptions, BotRuntime, BotSlot, bot_children
from together.config import Settings
from together.version import __version__

if TYPE_CHECKING:
    from gateway.emulator import LocalDiscord

logger = logging.getLogger(__name__)

#: DESIGN decision 7: jobs, actor turns, the pool, Discord, HTTP; the watchdog watches until the end.
STOP_ORDER: Final = ("jobs", "actors", "postgres pool", "discord", "discord emulator", "http", "watchdog")


class StartupFailed(Exception):
    """The bot could not start; the message says why in one line."""


@dataclass
class _Parts:
    """What the tree's children hand to the later ones and what the health checks read."""

    bot: BotSlot
    database: Database | None = None
    local: LocalDiscord | None = None

    async def db_ok(self) -> bool:
        return self.database is not None and await ping(self.database.pool)

    def discord_ready(self) -> bool:
        runtime = self.bot.runtime
        return runtime is not None and runtime.gateway is not None and runtime.gateway.ready

    def boss_ok(self) -> bool:
        runtime = self.bot.runtime
        return runtime is not None and runtime.jobs.is_healthy()

    def maintenance(self) -> bool:
        runtime = self.bot.runtime
        return runtime is not None and runtime.maintenance.active

    async def heartbeat_stats(self) -> dict[str, object]:
        runtime = self.bot.runtime
        if runtime is None:
            return {"bot": "starting"}
        return await runtime.heartbeat_stats()


def build_tree(settings: Settings, parts: _Parts, checks: HealthChecks) -> Supervisor:
    """The root supervisor of ``together run``."""
    grace = settings.shutdown_grace_seconds

    # Each resource is a context manager that ChildSpec.from_context runs as a child: entered at start, left
    # when the child is stopped; the resource is published in ``parts`` for the children after it.
    @asynccontextmanager
    async def watchdog() -> AsyncIterator[None]:
        dog = Watchdog(
            parts.heartbeat_stats,
            heartbeat_interval=settings.watchdog_heartbeat_seconds,
            max_block=settings.watchdog_max_block_seconds,
        )
        LoopLagGauge().attach(dog.monitor)  # together_event_loop_lag_seconds from the watchdog's own ticks
        await dog.start()
        checks.liveness = dog.liveness
        try:
            yield
        finally:
            checks.liveness = None
            await dog.stop()

    @asynccontextmanager
    async def http() -> AsyncIterator[None]:
        server = HealthServer(checks, host=settings.http_host, port=settings.http_port)
        await server.start()
        try:
            yield
        finally:
            await server.stop()

    @asynccontextmanager
    async def database() -> AsyncIterator[None]:
        parts.database = await open_database(settings)
        try:
            yield
        finally:
            db, parts.database = parts.database, None
            await db.aclose()

    @asynccontextmanager
    async def emulator() -> AsyncIterator[None]:
        # Imported only here: production code with a real token never loads the emulator (or jsonschema).
        from gateway.emulator import start_local_emulator

        parts.local = await start_local_emulator(
            settings.http_host, settings.local_emulator_port, data_dir=settings.data_dir
        )
        try:
            yield
        finally:
            local, parts.local = parts.local, None
            await local.close()

    def build_runtime() -> BotRuntime:
        assert parts.database is not None, "the database child starts before the bot"
        options = BotOptions(
            default_timezone=settings.default_timezone,
            repair_step_seconds=settings.repair_step_seconds,
            shutdown_grace_seconds=grace,
            lease_seconds=settings.lease_seconds,
        )
        return BotRuntime(parts.database.pool, parts.database.dsn, _gateway_settings(settings, parts), options)

    children = [
        ChildSpec.from_context("watchdog", watchdog),
        ChildSpec.from_context("http", http),
        ChildSpec.from_context("postgres pool", database, shutdown_timeout_s=30),
    ]
    if settings.discord_token is None:
        children.append(ChildSpec.from_context("discord emulator", emulator))
    children += bot_children(parts.bot, build_runtime, grace=grace)
    return Supervisor(
        children,
        name="together",
        strategy=Strategy.REST_FOR_ONE,
        max_restarts=5,
        within_s=60,
        backoff=Backoff(min_s=0.5, max_s=10.0),
        stop_order=STOP_ORDER,
    )


def _gateway_settings(settings: Settings, parts: _Parts) -> GatewaySettings:
    if parts.local is not None:
        return parts.local.settings
    assert settings.discord_token is not None
    return GatewaySettings(
        token=settings.discord_token,
        application_id=settings.discord_app_id,
        guild_id=int(settings.discord_guild_id) if settings.discord_guild_id else None,
        api_base=settings.discord_api_base,
    )


async def run(settings: Settings, environ: Mapping[str, str]) -> int:
    """Run the bot until a stop signal; return the process exit code (0 only for a clean stop)."""
    parts = _Parts(bot=BotSlot())
    checks = HealthChecks(
        version=__version__, db=parts.db_ok, discord=parts.discord_ready, boss=parts.boss_ok,
        maintenance=parts.maintenance,
    )
    root = build_tree(settings, parts, checks)
    handle = ServiceHandle(root.name, on_started=lambda: _banner(settings, parts))
    failure: SupervisorEscalated | None = None
    async with anyio.create_task_group() as tg:
        tg.start_soon(_stop_on_signal, root, checks)
        try:
            await root.run(handle)
        except SupervisorEscalated as exc:
            failure = exc
        finally:
            checks.draining = True
            tg.cancel_scope.cancel()
    if isinstance(failure, SupervisorStartFailed):
        raise StartupFailed(str(failure) if failure.cause is None else _one_line(failure.cause)) from failure
    if failure is not None:
        logger.critical("together stopped: the restart budget is spent", extra={"error": _one_line(failure)})
        return 1
    ok = not root.failed_stops
    logger.info("shutdown complete" if ok else "shutdown failed", extra={"failed_steps": root.failed_stops})
    return 0 if ok else 1


def banner_lines(settings: Settings, browser_client: str | None) -> tuple[str, str]:
    """The two start lines: where the health endpoint and the browser client (offline only) are; the database."""
    health = f"http://{settings.http_host}:{settings.http_port}/healthz"
    where = f"health {health}, browser client {browser_client}" if browser_client else f"health {health}"
    return f"together {__version__} is running: {where}", f"database: {settings.redacted_database()}"


def _banner(settings: Settings, parts: _Parts) -> None:
    browser = parts.local.emulator.base_url + "/" if parts.local is not None else None
    running, database = banner_lines(settings, browser)
    logger.info(running, extra={"version": __version__})
    logger.info(database)


async def _stop_on_signal(root: Supervisor, checks: HealthChecks) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        async for signum in signals:
            logger.info("shutdown started", extra={"signal": signal.Signals(signum).name})
            checks.draining = True
            root.request_stop()
            return


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
