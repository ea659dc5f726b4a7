"""A pair's horoscope posted to its room survives a crash between the intent, the Discord call and the commit:
after the bot runs again the reading is in the room exactly once, and asking again records nothing new."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import asyncpg
import pytest

from features.horoscope._rules import horoscope_week
from features.kernel import record_effect, zone
from tests._crash import crash_rig
from tests._waiting import until
from tests.acceptance.effects._rooms import make_room

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_a_pair_horoscope_killed_mid_post_is_posted_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    failpoint = f"effect.horoscope_pair_post.{step}"
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver, guild = rig.local.driver, rig.local.driver.guild_id
        channels = await rig.configured_guild()
        room = await make_room(db_pool, driver, channels["pair_category_id"], "alice", "bob")
        week = horoscope_week(dt.datetime.now(dt.UTC), zone(None))
        key = f"horoscope-pair:{room.pair_id}:{week.isoformat()}"

        async def ask() -> bool:
            async with db_pool.acquire() as conn, conn.transaction():
                await conn.execute(
                    "INSERT INTO horoscope_pair_readings (pair_id, week_key, guild_id, sign_low, sign_high)"
                    " VALUES ($1, $2, $3, 'leo', 'libra') ON CONFLICT DO NOTHING",
                    room.pair_id, week.isoformat(), guild,
                )
                recorded = await record_effect(
                    conn, guild_id=guild, kind="horoscope_pair_post", channel_id=room.room_id,
                    payload={"asked_by": driver.user_id("alice")},
                    context={"pair_id": str(room.pair_id), "week": week.isoformat()}, key=key,
                )
            return recorded.queued

        doomed = await rig.start_bot(failpoint)
        assert await ask()
        await rig.killed_at(doomed, failpoint)
        assert len(driver.channel_messages(room.room_id)) == (1 if step == "after_call" else 0)

        survivor = await rig.start_bot()

        async def sent() -> bool:
            status = await db_pool.fetchval("SELECT status FROM scheduled_posts WHERE idempotency_key = $1", key)
            return bool(status == "sent")

        await until(sent, "the pair's horoscope sent")
        (posted,) = driver.channel_messages(room.room_id)  # exactly once: the nonce absorbed the repeat
        assert "Шаг для двоих" in str(posted)
        assert not await ask()  # asking again in the same week records nothing new
        assert len(driver.channel_messages(room.room_id)) == 1
        await rig.stop(survivor)
