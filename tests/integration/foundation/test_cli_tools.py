"""``together seed`` is idempotent; ``together smoke`` tells a healthy bot from a sick one."""

from __future__ import annotations

import asyncpg
import pytest

from store._pool import ping
from telemetry.http import HealthChecks, HealthServer
from together._seed import seed_database
from together._smoke import run_smoke
from together.config import load_settings

pytestmark = pytest.mark.anyio


async def test_seed_registers_configured_guilds_once(db_pool: asyncpg.Pool) -> None:
    settings = load_settings(
        {"DISCORD_GUILD_ID": "100000000000000001", "ALLOWED_GUILD_IDS": "100000000000000001,100000000000000002"}
    )
    assert "guilds: 2 configured, 2 new" in await seed_database(db_pool, settings)
    assert "guilds: 2 configured, 0 new" in await seed_database(db_pool, settings)
    rows = await db_pool.fetch("SELECT guild_id, locale FROM guild_settings ORDER BY guild_id")
    assert [(r["guild_id"], r["locale"]) for r in rows] == [
        ("100000000000000001", "ru"),
        ("100000000000000002", "ru"),
    ]


async def test_smoke_passes_on_a_healthy_bot_and_names_what_fails(db_pool: asyncpg.Pool) -> None:
    state = {"discord": True}
    checks = HealthChecks(
        version="t", db=lambda: ping(db_pool), discord=lambda: state["discord"], boss=lambda: True, cache_seconds=0
    )
    server = HealthServer(checks, host="127.0.0.1", port=0)
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        results = await run_smoke(base)
        assert [(r.name, r.ok) for r in results] == [
            ("livez", True),
            ("healthz", True),
            ("readyz", True),
            ("metrics", True),
        ]
        state["discord"] = False
        failing = {r.name for r in await run_smoke(base) if not r.ok}
        assert failing == {"healthz", "readyz"}
    finally:
        await server.stop()
    unreachable = await run_smoke(base)
    assert not any(r.ok for r in unreachable)
