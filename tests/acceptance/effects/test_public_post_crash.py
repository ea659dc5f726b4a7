"""A public post survives a crash at every step between its intent, the Discord call and the commit: after the
bot runs again it was posted exactly once, within about one lease of the restart."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from features.kernel import produce_post
from tests._crash import crash_rig, messages_with
from tests._waiting import until
from tests.acceptance.effects._rooms import effect_job, job_done

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_a_public_post_killed_mid_publish_is_posted_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver, guild = rig.local.driver, rig.local.driver.guild_id
        channels = await rig.configured_guild()
        target = channels["public_post_channel_id"]
        doomed = await rig.start_bot(f"effect.setup_test.{step}")
        async with db_pool.acquire() as conn, conn.transaction():
            recorded = await produce_post(
                conn, guild_id=guild, kind="setup_test", channel_id=target, payload={}, key=f"crash:{step}"
            )
        await rig.killed_at(doomed, f"effect.setup_test.{step}")
        assert len(messages_with(rig.local, target, "")) == (1 if step == "after_call" else 0)

        survivor = await rig.start_bot()

        async def sent() -> bool:
            status = await db_pool.fetchval("SELECT status FROM scheduled_posts WHERE id = $1", recorded.effect.id)
            return bool(status == "sent")

        await until(sent, "the post sent")
        assert len(driver.channel_messages(target)) == 1  # exactly once: the nonce absorbed the repeat
        row = await db_pool.fetchrow("SELECT * FROM scheduled_posts WHERE id = $1", recorded.effect.id)
        assert row is not None
        assert row["published_message_id"] == driver.channel_messages(target)[0]["id"]
        assert row["lease_owner"] is None
        assert row["attempts"] == 2  # the dead process's claim, then the survivor's (how long it waited: bench.soak)
        # The effect commits as sent inside the job; the job itself is marked done a moment later.
        await until(lambda: job_done(db_pool, effect_job(recorded.effect.id)), "the publishing job done")
        await rig.stop(survivor)
