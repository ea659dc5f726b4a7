"""An approved question survives a crash between its approval, the Discord call and the commit: after the bot
runs again, ``public.post.publish`` has posted it exactly once and the question is marked published."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import asyncpg
import pytest

from features.anon._publish import record_publication
from features.anon._rules import text_hash
from tests._crash import crash_rig
from tests._waiting import until

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


@pytest.mark.parametrize("step", ["before_call", "after_call"])
async def test_an_approved_question_killed_mid_publish_is_posted_once_after_restart(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path, step: str
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver, guild = rig.local.driver, rig.local.driver.guild_id
        channels = await rig.configured_guild()
        inbox = channels["anon_inbox_channel_id"]
        doomed = await rig.start_bot(f"effect.anon_question.{step}")
        question = uuid.uuid4()
        text = "Does a crash keep a secret?"
        # What the approve button writes: the approved question and its post, in one transaction.
        async with db_pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO anon_questions (id, guild_id, request_code, author_user_id, question_text, text_hash,"
                " day_key, status, moderated_by, moderated_at) VALUES ($1, $2, 'CRASH2', $3, $4, $5, $6,"
                " 'approved', $7, now())",
                question, guild, driver.user_id("alice"), text, text_hash(text), dt.date.today(),
                driver.user_id("owner"),
            )
            recorded = await record_publication(conn, guild, inbox, question)
        await rig.killed_at(doomed, f"effect.anon_question.{step}")

        survivor = await rig.start_bot()

        async def published() -> bool:
            status = await db_pool.fetchval("SELECT status FROM anon_questions WHERE id = $1", question)
            return bool(status == "published")

        await until(published, "the question published")
        posted = driver.channel_messages(inbox)
        assert len(posted) == 1  # exactly once: the nonce absorbed the repeat
        row = await db_pool.fetchrow("SELECT * FROM anon_questions WHERE id = $1", question)
        assert row is not None and row["published_message_id"] == posted[0]["id"]
        effect = await db_pool.fetchrow("SELECT status FROM scheduled_posts WHERE id = $1", recorded.effect.id)
        assert effect is not None and effect["status"] == "sent"
        await rig.stop(survivor)
