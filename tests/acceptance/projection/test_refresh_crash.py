"""A bot process killed with SIGKILL after it claimed a refresh job and before its edit reached Discord: the
job was never acknowledged, so once the bot runs again the panel shows the committed state, with no further
change to the pair."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import pytest

from features.duels._store import insert_duel
from features.kernel import PAIR_HOME
from features.kernel._guild_settings import update_guild_settings
from features.kernel._pairs import bump_guild_pair_versions
from gateway.emulator import LocalDiscord, start_local_emulator
from gateway.projection import request_refresh
from telemetry import FAILPOINT_ENV
from tests.acceptance.foundation._process import Child, child_env, free_port, start, wait_for
from tests.acceptance.pairs._flows import text_of

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

PATIENCE = 60.0


async def _until(probe: Any, what: str) -> Any:
    """Poll ``probe`` until it returns something truthy; fail naming ``what`` after :data:`PATIENCE` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.1)


def _bot_env(local: LocalDiscord, database_url: str, port: int, **extra: str) -> dict[str, str]:
    """``together run`` against this test's emulator (outside the bot process, so it outlives a kill)."""
    settings = local.settings
    return child_env(
        DATABASE_URL=database_url,
        HTTP_PORT=str(port),
        DISCORD_TOKEN=settings.token,
        DISCORD_APP_ID=str(settings.application_id),
        DISCORD_GUILD_ID=str(settings.guild_id),
        DISCORD_API_BASE=str(settings.api_base),
        SHUTDOWN_GRACE_SECONDS="5",
        **extra,
    )


async def _healthy(port: int) -> None:
    # wait_for blocks; the emulator serves on this thread's loop meanwhile.
    await anyio.to_thread.run_sync(
        lambda: wait_for(f"http://127.0.0.1:{port}/healthz", lambda b: b.get("ok") is True, timeout=PATIENCE)
    )


def _panel(local: LocalDiscord, room: str) -> dict[str, Any] | None:
    pinned = [m for m in local.driver.channel_messages(room) if m.get("pinned")]
    assert len(pinned) <= 1, pinned
    return pinned[0] if pinned else None


async def test_a_bot_killed_before_the_edit_shows_the_committed_state_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path
) -> None:
    local = await start_local_emulator()
    driver, guild = local.driver, local.demo.guild_id
    children: list[Child] = []
    try:
        async with db_pool.acquire() as conn:
            await update_guild_settings(conn, guild, {"pair_category_id": local.demo.category_id, "locale": "en"})
        port = free_port()
        doomed = start(_bot_env(local, database_url, port, **{FAILPOINT_ENV: "projection.before_edit"}), tmp_path)
        children.append(doomed)
        await _healthy(port)

        created = await driver.run_command(
            "owner", "pair create", {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}
        )
        assert await driver.wait_ack(created)
        pair = await _until(lambda: db_pool.fetchrow("SELECT id, private_channel_id FROM pairs"), "the pair")
        room = str(pair["private_channel_id"])

        async def panel_saying(text: str) -> dict[str, Any] | None:
            panel = _panel(local, room)
            return panel if panel is not None and text in text_of(panel) else None

        # Posted (not edited) by the doomed process: the failpoint waits for the first edit.
        panel = await _until(lambda: panel_saying("Duel: none running right now"), "the first panel")

        # A duel starts: the pairs' versions grow and the panels' refreshes commit with them (what /duel start
        # does, without an interaction in flight when the process dies).
        async with db_pool.acquire() as conn, conn.transaction():
            await insert_duel(conn, guild_id=guild, public_channel_id=local.demo.general_channel_id)
            await bump_guild_pair_versions(conn, guild)
            await request_refresh(conn, [PAIR_HOME.ref(guild, pair["id"])], reason="duel_start")

        async def exited() -> int | None:
            return doomed.process.poll()

        assert await _until(exited, "the doomed process to die") == -signal.SIGKILL
        logs = [json.loads(line) for line in doomed.stdout_path.read_text().splitlines() if line.startswith("{")]
        assert any(line.get("failpoint") == "projection.before_edit" for line in logs)
        job = await db_pool.fetchrow("SELECT * FROM jobs WHERE name = 'pair.home.refresh' ORDER BY id DESC LIMIT 1")
        assert job is not None and job["state"] == "active"  # claimed, never acknowledged
        assert await panel_saying("Duel: none running right now")  # the edit never left the dead process

        # The dead worker's lease (30 s) runs out, as it would have by the time an operator restarts the bot.
        await db_pool.execute("UPDATE jobs SET lease_expires_at = now() WHERE id = $1", job["id"])
        survivor = start(_bot_env(local, database_url, port), tmp_path)
        children.append(survivor)

        async def job_done() -> bool:
            return bool(await db_pool.fetchval("SELECT state = 'done' FROM jobs WHERE id = $1", job["id"]))

        shown = await _until(lambda: panel_saying("Duel running, waiting for the next round"), "the committed state")
        assert shown["id"] == panel["id"]  # the same pinned panel, edited in place
        await _until(job_done, "the refresh job acknowledged")
        row = await db_pool.fetchrow("SELECT attempts, last_error FROM jobs WHERE id = $1", job["id"])
        assert row is not None and row["attempts"] == 2 and "lease expired" in str(row["last_error"])
        code, _, stderr = await anyio.to_thread.run_sync(survivor.stop)
        assert code == 0, stderr
        assert local.emulator.violations == []
        assert driver.failed_interactions() == []
    finally:
        for child in children:
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait()
        await local.close()
