"""A /say send survives a crash between the press, the Discord call and the commit: after the bot runs again the
text is in the pair room exactly once, the draft is marked sent with that message, and pressing send again
posts nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg
import pytest

from features.mediator._ids import say_send_id
from gateway.emulator import Driver, InteractionRecord
from gateway.i18n import default_translator
from tests._crash import crash_rig
from tests._waiting import until
from tests.acceptance.config._support import reply_text
from tests.acceptance.effects._rooms import effect_job, job_done, make_room

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

TEXT = "Мне обидно, когда ты опаздываешь и не предупреждаешь"


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_a_say_send_killed_mid_post_is_posted_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    failpoint = f"effect.say_send.{step}"
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver = rig.local.driver
        channels = await rig.configured_guild()
        room = await make_room(db_pool, driver, channels["pair_category_id"], "alice", "bob")
        doomed = await rig.start_bot(failpoint)

        opened = await driver.run_command("alice", "say", channel_id=room.room_id)
        assert await driver.wait_ack(opened) and opened.modal is not None
        submitted = await driver.submit_modal("alice", opened, {"source": TEXT})
        assert await driver.wait_ack(submitted)
        card = await until(lambda: _original(driver, submitted), "the /say card")
        assert card is not None
        draft_id = await db_pool.fetchval("SELECT id FROM mediator_say_sessions")
        send = say_send_id(draft_id)
        await driver.click("alice", card["id"], send)
        await rig.killed_at(doomed, failpoint)
        assert len(driver.channel_messages(room.room_id)) == (1 if step == "after_call" else 0)

        survivor = await rig.start_bot()

        async def marked_sent() -> bool:
            return bool(await db_pool.fetchval("SELECT sent_to_pair_at IS NOT NULL FROM mediator_say_sessions"))

        await until(marked_sent, "the draft marked sent")
        (posted,) = driver.channel_messages(room.room_id)  # exactly once: the nonce absorbed the repeat
        assert TEXT.split()[0] in str(posted)
        draft = await db_pool.fetchrow("SELECT sent_message_id FROM mediator_say_sessions")
        effect = await db_pool.fetchrow("SELECT * FROM scheduled_posts WHERE kind = 'say_send'")
        assert draft is not None and effect is not None
        assert draft["sent_message_id"] == effect["published_message_id"] == posted["id"]
        assert effect["status"] == "sent" and effect["lease_owner"] is None
        await until(lambda: job_done(db_pool, effect_job(effect["id"])), "the backstop job done")

        again = await driver.click("alice", card["id"], send)
        assert await reply_text(driver, again) == default_translator().text("ru", "say.reply.already_sent")
        assert len(driver.channel_messages(room.room_id)) == 1
        assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts") == 1
        await rig.stop(survivor)


async def _original(driver: Driver, rec: InteractionRecord) -> dict[str, Any] | None:
    return driver.original(rec)
