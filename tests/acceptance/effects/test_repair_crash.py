"""``/repair`` killed between recording its session and the first message's commit: after the bot runs again the
room holds exactly one step-1 message, the session points at it and its first tick is waiting."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from features.mediator._content import default_repair_steps
from tests._crash import crash_rig, messages_with
from tests._waiting import until
from tests.acceptance.effects._rooms import effect_job, job_done, make_room

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

#: Long enough that no tick edits the message while the test looks at it.
STEP_SECONDS = "600"


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_a_repair_killed_while_posting_its_first_message_posts_it_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver = rig.local.driver
        channels = await rig.configured_guild()
        made = await make_room(db_pool, driver, channels["pair_category_id"], "alice", "bob")
        pair_id, room = made.pair_id, made.room_id
        failpoint = f"effect.repair_start.{step}"
        doomed = await rig.start_bot(failpoint, REPAIR_STEP_SECONDS=STEP_SECONDS)
        await driver.run_command("alice", "repair", channel_id=room)
        await rig.killed_at(doomed, failpoint)
        assert len(driver.channel_messages(room)) == (1 if step == "after_call" else 0)
        session = await db_pool.fetchrow("SELECT * FROM mediator_repair_sessions WHERE pair_id = $1", pair_id)
        assert session is not None and session["status"] == "active" and session["message_id"] is None
        assert await db_pool.fetchval("SELECT count(*) FROM jobs WHERE name = 'mediator.repair.tick'") == 0

        survivor = await rig.start_bot(REPAIR_STEP_SECONDS=STEP_SECONDS)

        async def message_recorded() -> str | None:
            value = await db_pool.fetchval(
                "SELECT message_id FROM mediator_repair_sessions WHERE id = $1", session["id"]
            )
            return None if value is None else str(value)

        message_id = await until(message_recorded, "the first message recorded on the session")
        (message,) = driver.channel_messages(room)  # exactly once: the nonce absorbed the repeat
        assert message["id"] == message_id
        assert messages_with(rig.local, room, default_repair_steps()[0].ru.title) == [message]
        effect = await db_pool.fetchrow("SELECT * FROM scheduled_posts WHERE kind = 'repair_start'")
        assert effect is not None
        assert (effect["status"], effect["published_message_id"], effect["attempts"]) == ("sent", message_id, 2)
        ticks = await db_pool.fetch("SELECT state, payload FROM jobs WHERE name = 'mediator.repair.tick'")
        assert [t["state"] for t in ticks] == ["queued"]  # step 2, enqueued with the message, once
        status = await db_pool.fetchval("SELECT status FROM mediator_repair_sessions WHERE id = $1", session["id"])
        assert status == "active"

        await until(lambda: job_done(db_pool, effect_job(effect["id"])), "the backstop job done")
        await rig.stop(survivor)
