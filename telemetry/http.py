"""The operations HTTP server: ``/healthz``, ``/livez``, ``/readyz`` and ``/metrics``.

- ``/healthz`` is the seeds' contract: ``{ok, version, uptime, db, discord, boss, maintenance}``, 200 when every
  dependency is fine and 503 otherwise, so probes can trust the status code (maintenance changes neither).
- ``/livez`` checks nothing outside the process: a database blip must never make an orchestrator restart us.
  With a watchdog's ``liveness`` it is 503 while the event loop is (or just was) blocked or the heartbeat
  stopped (:mod:`telemetry._watchdog`).
- ``/readyz`` is ``/healthz`` plus "not draining": it turns 503 as soon as shutdown starts; maintenance keeps it
  ready (the process answers, only with "back soon").
- ``/metrics`` is the project registry in Prometheus text format.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final, final

import anyio
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from telemetry._scrape import scrape_metrics
from telemetry._watchdog import Liveness

__all__ = ("DB_CHECK_TIMEOUT", "HealthChecks", "HealthServer", "build_app")

logger = logging.getLogger(__name__)

DB_CHECK_TIMEOUT: Final = 1.0


@final
class HealthChecks:
    """The live state of the process's dependencies, as ``/healthz`` reports it.

    ``db`` is a real query (run with a timeout, its result reused for ``cache_seconds`` so a probe storm does
    not become a query storm); ``discord`` and ``boss`` are cheap flags owned by the gateway and the scheduler;
    ``maintenance`` is the process's copy of the maintenance switch; ``liveness`` (a watchdog's) decides
    ``/livez``, which without one only says the process answers.
    """

    def __init__(
        self,
        *,
        version: str,
        db: Callable[[], Awaitable[bool]],
        discord: Callable[[], bool],
        boss: Callable[[], bool],
        maintenance: Callable[[], bool] = lambda: False,
        liveness: Callable[[], Liveness] | None = None,
        cache_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.version = version
        self._db = db
        self._discord = discord
        self._boss = boss
        self._maintenance = maintenance
        self.liveness = liveness
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._started = clock()
        self._db_result: tuple[float, bool] | None = None
        self.draining = False

    async def db_ok(self) -> bool:
        now = self._clock()
        if self._db_result is not None and now - self._db_result[0] < self._cache_seconds:
            return self._db_result[1]
        ok = False
        with anyio.move_on_after(DB_CHECK_TIMEOUT):
            try:
                ok = await self._db()
            except Exception:  # a failing check is a "fail", never a 500
                logger.warning("database health check raised", exc_info=True)
        self._db_result = (self._clock(), ok)
        return ok

    async def report(self) -> dict[str, object]:
        """The ``/healthz`` body."""
        db = await self.db_ok()
        discord = self._discord()
        boss = self._boss()
        return {
            "ok": db and discord and boss,
            "version": self.version,
            "uptime": round(self._clock() - self._started, 3),
            "db": "ok" if db else "fail",
            "discord": "ready" if discord else "not_ready",
            "boss": "ok" if boss else "fail",
            "maintenance": self._maintenance(),
        }


def build_app(checks: HealthChecks) -> web.Application:
    """The aiohttp application serving the four endpoints."""

    async def healthz(_: web.Request) -> web.Response:
        body = await checks.report()
        return web.json_response(body, status=200 if body["ok"] else 503)

    async def livez(_: web.Request) -> web.Response:
        if checks.liveness is None:
            return web.json_response({"ok": True})
        verdict = checks.liveness()
        return web.json_response(verdict.to_json(), status=200 if verdict.ok else 503)

    async def readyz(_: web.Request) -> web.Response:
        body = await checks.report()
        ready = bool(body["ok"]) and not checks.draining
        payload = {
            "ready": ready,
            "checks": {
                "db": body["db"],
                "discord": body["discord"],
                "boss": body["boss"],
                "draining": checks.draining,
            },
        }
        return web.json_response(payload, status=200 if ready else 503)

    async def metrics(_: web.Request) -> web.Response:
        response = web.Response(body=await scrape_metrics())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/livez", livez)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


@final
class HealthServer:
    """Serves :func:`build_app` on ``host:port`` (port 0 picks a free one; see :attr:`port`)."""

    def __init__(self, checks: HealthChecks, *, host: str, port: int) -> None:
        self.checks = checks
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port = port

    async def start(self) -> None:
        runner = web.AppRunner(build_app(self.checks), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        logger.info("http server listening", extra={"host": self._host, "port": self.port})

    async def stop(self) -> None:
        """Stop listening and close open connections. Idempotent."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
