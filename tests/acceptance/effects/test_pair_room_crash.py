"""A pair room survives a crash between ``/pair create``'s commit, the channel creation and the commit that stores
the pair: after the bot runs again the pair has exactly one room, the one Discord has, and no channel is left
over."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from features.kernel._permissions import Permission
from tests._crash import crash_rig
from tests._waiting import until
from tests.acceptance.config._support import configure

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_a_pair_room_killed_mid_creation_exists_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver, guild = rig.local.driver, rig.local.driver.guild_id
        category = rig.local.demo.category_id
        await configure(db_pool, guild, {"pair_category_id": category})
        before = {c["id"] for c in driver.channels(parent_id=category)}

        def rooms() -> list[dict[str, object]]:
            return [c for c in driver.channels(parent_id=category) if c["id"] not in before]

        failpoint = f"effect.pair_room.{step}"
        doomed = await rig.start_bot(failpoint)
        alice, bob = driver.user_id("alice"), driver.user_id("bob")
        await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob})
        await rig.killed_at(doomed, failpoint)
        assert len(rooms()) == (1 if step == "after_call" else 0)  # the call was (not) made before the crash
        assert await db_pool.fetchval("SELECT count(*) FROM pairs") == 0  # never a pair without its room

        survivor = await rig.start_bot()

        async def sent() -> asyncpg.Record | None:
            row = await db_pool.fetchrow("SELECT * FROM scheduled_posts WHERE kind = 'pair_room'")
            return row if row is not None and row["status"] == "sent" else None

        effect = await until(sent, "the pair room effect sent")
        assert effect is not None
        [room] = rooms()  # exactly one: the channel made before the crash was found, not made again
        [pair] = await db_pool.fetch("SELECT * FROM pairs")
        assert pair["private_channel_id"] == room["id"]
        assert {pair["user_low"], pair["user_high"]} == {alice, bob}
        assert effect["lease_owner"] is None and effect["attempts"] == 2  # the dead process's claim, the job's
        room_id = str(room["id"])
        for member in ("alice", "bob"):
            assert driver.permissions(member, room_id) & Permission.VIEW_CHANNEL, member  # both see the room

        async def panel_posted() -> bool:
            return bool(driver.channel_messages(room_id))  # the refresh requested with the pair shows its panel

        await until(panel_posted, "the pair's panel in its room")

        async def job_done() -> bool:
            state = await db_pool.fetchval(
                "SELECT state FROM jobs WHERE coalesce_key = $1 ORDER BY id DESC LIMIT 1", f"public-post:{effect['id']}"
            )
            return bool(state == "done")

        await until(job_done, "the effect's job done")
        assert await rig.effects_settled()
        await rig.stop(survivor)
