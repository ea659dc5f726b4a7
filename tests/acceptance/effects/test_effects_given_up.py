"""An effect Discord refuses for good is ``failed`` with its reason, ``/admin doctor`` names it, and once the
cause is fixed the operator's requeue performs it exactly once."""

from __future__ import annotations

import pytest

from features.kernel import produce_post, requeue_posts
from features.kernel._permissions import Permission
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests._waiting import until
from tests.acceptance.config._support import configure, make_channels, whole_report

pytestmark = pytest.mark.anyio


async def test_a_refused_post_is_failed_reported_by_the_doctor_and_sent_once_when_requeued(live: LiveBot) -> None:
    driver, guild, tr = live.driver, live.driver.guild_id, default_translator()
    channels = make_channels(driver)
    await configure(live.pool, guild, channels)
    target = channels["public_post_channel_id"]
    driver.set_overwrite(target, "bot", deny=int(Permission.SEND_MESSAGES))

    async with live.pool.acquire() as conn, conn.transaction():
        recorded = await produce_post(conn, guild_id=guild, kind="setup_test", channel_id=target, payload={},
                                      key="given-up")

    async def status() -> str | None:
        value = await live.pool.fetchval("SELECT status FROM scheduled_posts WHERE id = $1", recorded.effect.id)
        return value if value in ("failed", "dead", "sent") else None

    assert await until(status, "the post settled") == "failed"
    row = await live.pool.fetchrow("SELECT last_error, attempts FROM scheduled_posts WHERE id = $1", recorded.effect.id)
    assert row is not None and row["attempts"] == 1 and "Forbidden" in row["last_error"]  # no retry can help
    assert driver.channel_messages(target) == []

    text = await whole_report(live, await driver.run_command("owner", "admin doctor"))
    assert tr.text("ru", "admin.doctor.finding.effects_undone", count=1, kinds="`setup_test` × 1") in text
    assert tr.text("ru", "admin.doctor.hint.effects_undone") in text

    driver.clear_overwrite(target, "bot")
    async with live.pool.acquire() as conn, conn.transaction():
        requeued = await requeue_posts(conn, failed=True, guild_id=guild)
    assert [r.previous for r in requeued] == ["failed"]
    assert await until(status, "the requeued post sent") == "sent"
    assert len(driver.channel_messages(target)) == 1
    text = await whole_report(live, await driver.run_command("owner", "admin doctor"))
    assert tr.text("ru", "admin.doctor.finding.effects_undone", count=1, kinds="`setup_test` × 1") not in text
