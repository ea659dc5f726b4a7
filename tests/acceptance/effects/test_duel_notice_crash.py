"""Round notices survive a crash between the round's commit, the Discord calls and their commits: after the bot
runs again every pair room holds the round's notice exactly once and every notice's job is done."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from gateway.i18n import default_translator
from tests._crash import crash_rig, messages_with
from tests._waiting import until
from tests.acceptance.config._support import reply_text
from tests.acceptance.effects._rooms import effect_job, job_done, make_room

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

#: What only the round's notice says (the Pair Home panel in the room carries the same answer button).
NOTICE_TITLE = default_translator().text("ru", "duel.notice.title", round=1)


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_round_notices_killed_mid_post_are_posted_once_each_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    failpoint = f"effect.duel_round_notice.{step}"
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver = rig.local.driver
        channels = await rig.configured_guild()
        category = channels["pair_category_id"]
        rooms = [
            (await make_room(db_pool, driver, category, "alice", "bob")).room_id,
            (await make_room(db_pool, driver, category, "carol", "owner")).room_id,
        ]
        doomed = await rig.start_bot(failpoint)
        started = await driver.run_command("owner", "duel start", {"public_channel": channels["hall_channel_id"]})
        await reply_text(driver, started)
        await driver.run_command("owner", "duel round start", {"duration_minutes": 5})
        await rig.killed_at(doomed, failpoint)

        posted = [len(messages_with(rig.local, room, NOTICE_TITLE)) for room in rooms]
        assert all(count <= 1 for count in posted)
        # Before the call nothing reached Discord; after it, the notice that reached the failpoint did.
        assert sum(posted) == 0 if step == "before_call" else sum(posted) >= 1
        notices = await db_pool.fetch("SELECT id, channel_id FROM scheduled_posts WHERE kind = 'duel_round_notice'")
        assert sorted(n["channel_id"] for n in notices) == sorted(rooms)  # recorded with the round, one a room

        survivor = await rig.start_bot()
        await until(rig.effects_settled, "every notice settled")
        statuses = await db_pool.fetch("SELECT status, published_message_id, channel_id FROM scheduled_posts")
        assert {s["status"] for s in statuses} == {"sent"}
        for room in rooms:
            (message,) = messages_with(rig.local, room, NOTICE_TITLE)  # exactly once: the nonce absorbed repeats
            assert message["id"] in {s["published_message_id"] for s in statuses if s["channel_id"] == room}

        async def jobs_done() -> bool:
            return all([await job_done(db_pool, effect_job(notice["id"])) for notice in notices])

        await until(jobs_done, "every notice's job done")
        await rig.stop(survivor)
