"""The health endpoints against a real database, what they say once the database is stopped, and ``boss``
following the job service over a database whose tables are missing."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import anyio
import asyncpg
import pytest

from store import JobRegistry, JobService, apply_migrations, create_pool, ping, start_embedded_postgres
from telemetry import REGISTRY
from telemetry.http import HealthChecks, HealthServer

pytestmark = pytest.mark.anyio


class Flags:
    discord = True
    boss = True
    maintenance = False


async def _serve(
    pool: asyncpg.Pool, flags: Flags, boss: Callable[[], bool] | None = None
) -> AsyncIterator[tuple[str, HealthChecks]]:
    checks = HealthChecks(
        version="1.2.3",
        db=lambda: ping(pool),
        discord=lambda: flags.discord,
        boss=boss or (lambda: flags.boss),
        maintenance=lambda: flags.maintenance,
        cache_seconds=0,
    )
    server = HealthServer(checks, host="127.0.0.1", port=0)
    await server.start()
    try:
        yield f"http://127.0.0.1:{server.port}", checks
    finally:
        await server.stop()


async def _get(url: str) -> tuple[int, dict[str, object] | str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        if response.content_type == "application/json":
            return response.status, await response.json()
        return response.status, await response.text()


async def test_healthz_reports_each_dependency_and_its_status_code(db_pool: asyncpg.Pool) -> None:
    flags = Flags()
    async for base, checks in _serve(db_pool, flags):
        status, body = await _get(base + "/healthz")
        assert status == 200
        assert isinstance(body, dict)
        assert set(body) == {"ok", "version", "uptime", "db", "discord", "boss", "maintenance"}
        assert body["ok"] is True and body["version"] == "1.2.3" and body["maintenance"] is False
        assert (body["db"], body["discord"], body["boss"]) == ("ok", "ready", "ok")
        assert isinstance(body["uptime"], float)

        flags.discord = False
        status, body = await _get(base + "/healthz")
        assert status == 503
        assert isinstance(body, dict) and body["discord"] == "not_ready" and body["ok"] is False
        flags.discord, flags.boss = True, False
        status, body = await _get(base + "/healthz")
        assert status == 503 and isinstance(body, dict) and body["boss"] == "fail"
        flags.boss = True

        assert (await _get(base + "/readyz"))[0] == 200
        # Maintenance is reported and changes no status code: the process is healthy and ready, answering
        # "back soon".
        flags.maintenance = True
        status, body = await _get(base + "/healthz")
        assert status == 200 and isinstance(body, dict) and body["maintenance"] is True and body["ok"] is True
        assert (await _get(base + "/readyz"))[0] == 200
        flags.discord = False
        status, body = await _get(base + "/healthz")
        assert status == 503 and isinstance(body, dict) and body["maintenance"] is True
        flags.discord, flags.maintenance = True, False

        checks.draining = True
        status, body = await _get(base + "/readyz")
        assert status == 503 and isinstance(body, dict)
        assert body["checks"] == {"db": "ok", "discord": "ready", "boss": "ok", "draining": True}
        assert (await _get(base + "/livez"))[0] == 200


async def test_metrics_are_prometheus_text(db_pool: asyncpg.Pool) -> None:
    from prometheus_client import Counter

    counter = Counter("health_test_probe_total", "A counter only this test increments.", registry=REGISTRY)
    counter.inc(3)
    try:
        async for base, _ in _serve(db_pool, Flags()):
            status, text = await _get(base + "/metrics")
            assert status == 200
            assert isinstance(text, str)
            assert "health_test_probe_total 3.0" in text
    finally:
        REGISTRY.unregister(counter)


@pytest.mark.slow
async def test_database_stopped_means_503_with_db_fail_and_livez_still_200() -> None:
    folder = Path(tempfile.mkdtemp(prefix="tgpg-down-"))
    server = await anyio.to_thread.run_sync(lambda: start_embedded_postgres(folder, delete_on_stop=True))
    pool = await create_pool(server.dsn(), min_size=1, max_size=2)
    try:
        async for base, _ in _serve(pool, Flags()):
            assert (await _get(base + "/healthz"))[0] == 200
            await anyio.to_thread.run_sync(server.stop)
            status, body = await _get(base + "/healthz")
            assert status == 503
            assert isinstance(body, dict) and body["db"] == "fail" and body["ok"] is False
            assert (await _get(base + "/livez"))[0] == 200
            assert (await _get(base + "/readyz"))[0] == 503
    finally:
        pool.terminate()


async def _healthz_until(url: str, boss: str, limit: float = 10.0) -> tuple[int, dict[str, object]]:
    """Poll ``/healthz`` until it reports ``boss`` (a hang guard: the job loops retry once a second)."""
    with anyio.fail_after(limit):
        while True:
            status, body = await _get(url + "/healthz")
            assert isinstance(body, dict)
            if body["boss"] == boss:
                return status, body
            await anyio.sleep(0.05)


async def test_boss_is_fail_while_the_job_tables_are_missing_and_ok_once_migrated(empty_database_url: str) -> None:
    pool = await create_pool(empty_database_url, min_size=1, max_size=4)
    # No job spec is needed: with the tables missing, the worker's claim and the cron's tick fail all the same.
    service = JobService(pool, empty_database_url, JobRegistry(), default_timezone="UTC")
    try:
        async for base, _ in _serve(pool, Flags(), boss=service.is_healthy):
            await service.start()
            try:
                status, body = await _healthz_until(base, "fail")
                # The database answers and the loops are running: only the failing claims and ticks say fail.
                assert status == 503 and body["ok"] is False
                assert (body["db"], body["discord"]) == ("ok", "ready")
                await anyio.sleep(1.5)  # a retry later it still says so
                assert (await _get(base + "/healthz"))[0] == 503
                await anyio.to_thread.run_sync(apply_migrations, empty_database_url)
                status, body = await _healthz_until(base, "ok")
                assert status == 200 and body["ok"] is True
            finally:
                await service.stop(grace=1)
    finally:
        await pool.close()
