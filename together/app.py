"""``together run``: bring the bot up, serve until SIGTERM/SIGINT, stop in the manual's order.

Start order: the HTTP server first (so ``/livez`` answers and ``/healthz`` tells the truth while the rest
starts), then the database (embedded server, migrations, pool), then the job runtime, then Discord. Stop order
(seeds and DESIGN decision 7): stop taking jobs, let in-flight work finish within the grace period, close the
pool, stop the Discord client, stop the HTTP server.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Mapping
from typing import Final

import anyio

from store import JobService, default_registry, ping
from telemetry.http import HealthChecks, HealthServer
from together._database import open_database
from together._lifecycle import Lifecycle, Service
from together.config import Settings
from together.version import __version__

logger = logging.getLogger(__name__)

# Stop ranks, lowest first (DESIGN decision 7).
STOP_JOBS: Final = 10
STOP_ACTORS: Final = 20
STOP_POOL: Final = 30
STOP_DISCORD: Final = 40
STOP_HTTP: Final = 50


class StartupFailed(Exception):
    """The bot could not start; the message says why in one line."""


async def run(settings: Settings, environ: Mapping[str, str]) -> int:
    """Run the bot until a stop signal; return the process exit code (0 only for a clean stop)."""
    lifecycle = Lifecycle()
    state = _RuntimeState()
    checks = HealthChecks(
        version=__version__,
        db=state.db_ok,
        discord=state.discord_ready,
        boss=state.boss_ok,
    )
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        try:
            await _start(settings, environ, lifecycle, state, checks)
        except Exception as exc:
            logger.exception("start-up failed", extra={"error": _one_line(exc)})
            checks.draining = True
            await lifecycle.shutdown()
            raise StartupFailed(_one_line(exc)) from exc
        logger.info("together is running", extra={"version": __version__})
        async for signum in signals:
            logger.info("shutdown started", extra={"signal": signal.Signals(signum).name})
            break
    checks.draining = True
    ok = await lifecycle.shutdown()
    logger.info("shutdown complete" if ok else "shutdown failed", extra={"failed_steps": lifecycle.failed})
    return 0 if ok else 1


class _RuntimeState:
    """What the health checks read; filled in as services start."""

    def __init__(self) -> None:
        self.pool: object | None = None
        self.discord: object | None = None
        self.jobs: object | None = None

    async def db_ok(self) -> bool:
        import asyncpg

        return isinstance(self.pool, asyncpg.Pool) and await ping(self.pool)

    def discord_ready(self) -> bool:
        return bool(getattr(self.discord, "ready", False))

    def boss_ok(self) -> bool:
        is_healthy = getattr(self.jobs, "is_healthy", None)
        return bool(is_healthy()) if callable(is_healthy) else False


async def _start(
    settings: Settings,
    environ: Mapping[str, str],
    lifecycle: Lifecycle,
    state: _RuntimeState,
    checks: HealthChecks,
) -> None:
    http = HealthServer(checks, host=settings.http_host, port=settings.http_port)
    await http.start()
    lifecycle.add(Service("http", http.stop, STOP_HTTP))

    database = await open_database(settings)
    state.pool = database.pool
    lifecycle.add(Service("postgres pool", database.aclose, STOP_POOL))

    jobs = JobService(
        database.pool, database.dsn, default_registry(), default_timezone=settings.default_timezone
    )
    await jobs.start()
    state.jobs = jobs
    grace = settings.shutdown_grace_seconds

    async def stop_jobs() -> None:
        await jobs.stop(grace)

    lifecycle.add(Service("jobs", stop_jobs, STOP_JOBS, stop_timeout=grace + 5))

    state.discord = await _start_discord(settings, lifecycle)


async def _start_discord(settings: Settings, lifecycle: Lifecycle) -> object:
    """Connect to Discord, or to the local emulator (with a demo guild) when no token is configured."""
    from gateway import DiscordGateway, GatewaySettings, start_local_emulator

    if settings.discord_token is None:
        local = await start_local_emulator()
        lifecycle.add(Service("discord emulator", local.close, STOP_HTTP - 1))
        gateway_settings = local.settings
    else:
        gateway_settings = GatewaySettings(
            token=settings.discord_token,
            application_id=settings.discord_app_id,
            guild_id=int(settings.discord_guild_id) if settings.discord_guild_id else None,
            api_base=settings.discord_api_base,
        )
    gateway = DiscordGateway(gateway_settings)
    await gateway.start()
    lifecycle.add(Service("discord", gateway.stop, STOP_DISCORD))
    return gateway


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
