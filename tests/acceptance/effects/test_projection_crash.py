"""A projection killed just before or just after its first post reached Discord: after the bot runs again the
room holds exactly one panel, pinned, and the stored projection points at it."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from features.kernel import PAIR_HOME
from gateway.projection import request_refresh, singleton_key
from tests._crash import crash_rig
from tests._waiting import until
from tests.acceptance.config._support import configure
from tests.acceptance.effects._rooms import job_done, make_room

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.mark.parametrize("step", ["before_post", "after_post"])
async def test_a_projection_killed_around_its_first_post_posts_it_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver, guild = rig.local.driver, rig.local.driver.guild_id
        category = rig.local.demo.category_id
        await configure(db_pool, guild, {"pair_category_id": category, "locale": "en"})
        made = await make_room(db_pool, driver, category, "alice", "bob")
        pair_id, room = made.pair_id, made.room_id
        ref = PAIR_HOME.ref(guild, pair_id)
        failpoint = f"projection.{step}"
        doomed = await rig.start_bot(failpoint)
        async with db_pool.acquire() as conn, conn.transaction():
            await request_refresh(conn, [ref], reason="crash_test")
        await rig.killed_at(doomed, failpoint)
        assert len(driver.channel_messages(room)) == (1 if step == "after_post" else 0)
        assert await db_pool.fetchval("SELECT count(*) FROM projection_messages") == 0  # the post never committed

        survivor = await rig.start_bot()

        async def pinned_panel() -> str | None:
            row = await db_pool.fetchrow(
                "SELECT message_id, pinned_at FROM projection_messages WHERE projection_key = $1", ref.key
            )
            return None if row is None or row["pinned_at"] is None else str(row["message_id"])

        message_id = await until(pinned_panel, "the panel recorded and pinned")
        (message,) = driver.channel_messages(room)  # exactly once: the nonce absorbed the repeat
        assert message["id"] == message_id and message.get("pinned")
        key = singleton_key(ref.kind.name, guild, ref.entity_id)
        await until(lambda: job_done(db_pool, key), "the refresh job done")
        await rig.stop(survivor)
