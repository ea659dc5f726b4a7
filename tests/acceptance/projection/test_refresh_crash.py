"""A bot process killed with SIGKILL after it claimed a refresh job and before its edit reached Discord: the
job was never acknowledged, so once the bot runs again the panel shows the committed state, with no further
change to the pair."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg
import pytest

from features.duels._store import insert_duel
from features.kernel import PAIR_HOME
from features.kernel._guild_settings import update_guild_settings
from features.kernel._pairs import bump_guild_pair_versions
from gateway.emulator import LocalDiscord
from gateway.projection import request_refresh
from tests._crash import crash_rig
from tests._waiting import until
from tests.acceptance.pairs._flows import text_of

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


def _panel(local: LocalDiscord, room: str) -> dict[str, Any] | None:
    pinned = [m for m in local.driver.channel_messages(room) if m.get("pinned")]
    assert len(pinned) <= 1, pinned
    return pinned[0] if pinned else None


async def test_a_bot_killed_before_the_edit_shows_the_committed_state_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        local = rig.local
        driver, guild = local.driver, local.demo.guild_id
        async with db_pool.acquire() as conn:
            await update_guild_settings(conn, guild, {"pair_category_id": local.demo.category_id, "locale": "en"})
        doomed = await rig.start_bot("projection.before_edit")

        created = await driver.run_command(
            "owner", "pair create", {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}
        )
        assert await driver.wait_ack(created)
        pair = await until(lambda: db_pool.fetchrow("SELECT id, private_channel_id FROM pairs"), "the pair")
        room = str(pair["private_channel_id"])

        async def panel_saying(text: str) -> dict[str, Any] | None:
            panel = _panel(local, room)
            return panel if panel is not None and text in text_of(panel) else None

        # Posted (not edited) by the doomed process: the failpoint waits for the first edit.
        panel = await until(lambda: panel_saying("Duel: none running right now"), "the first panel")

        # A duel starts: the pairs' versions grow and the panels' refreshes commit with them (what /duel start
        # does, without an interaction in flight when the process dies).
        async with db_pool.acquire() as conn, conn.transaction():
            await insert_duel(conn, guild_id=guild, public_channel_id=local.demo.general_channel_id)
            await bump_guild_pair_versions(conn, guild)
            await request_refresh(conn, [PAIR_HOME.ref(guild, pair["id"])], reason="duel_start")

        await rig.killed_at(doomed, "projection.before_edit")
        job = await db_pool.fetchrow("SELECT * FROM jobs WHERE name = 'pair.home.refresh' ORDER BY id DESC LIMIT 1")
        assert job is not None and job["state"] == "active"  # claimed, never acknowledged
        assert await panel_saying("Duel: none running right now")  # the edit never left the dead process

        # The dead worker's lease runs out, as it would have by the time an operator restarts the bot.
        await db_pool.execute("UPDATE jobs SET lease_expires_at = now() WHERE id = $1", job["id"])
        survivor = await rig.start_bot()

        async def job_done() -> bool:
            return bool(await db_pool.fetchval("SELECT state = 'done' FROM jobs WHERE id = $1", job["id"]))

        shown = await until(lambda: panel_saying("Duel running, waiting for the next round"), "the committed state")
        assert shown["id"] == panel["id"]  # the same pinned panel, edited in place
        await until(job_done, "the refresh job acknowledged")
        row = await db_pool.fetchrow("SELECT attempts, last_error FROM jobs WHERE id = $1", job["id"])
        assert row is not None and row["attempts"] == 2 and "lease expired" in str(row["last_error"])
        await rig.stop(survivor)
        assert driver.failed_interactions() == []
