"""Maintenance mode with the whole bot: members get "back soon" and nothing is written, administrators keep
``/admin``, a job sent during maintenance runs once after it, and a cron occurrence due during it fires once
after it, in a scheduler over a pool of its own as much as in the bot."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from features.dates._content import Budget, Energy, TimeWindow, default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._ids import DateAxis, date_generate_id, date_save_id, date_select_id
from features.kernel import feature_schedule_gate, produce_post
from gateway.emulator import InteractionRecord
from gateway.i18n import default_translator
from store import CronScheduler, set_maintenance
from tests._bot import LiveBot
from tests._schedules import TEST_MONTHLY, scheduler_only_registry
from tests.acceptance._members import acked, current_message, eventually, make_pair, settled
from tests.acceptance.config._support import configure, make_channels, reply_text

pytestmark = pytest.mark.anyio

TR = default_translator()
NOTE = "Обновляемся, вернёмся к 18:00"


async def _switch(live: LiveBot, *, on: bool, message: str | None = None) -> None:
    """What ``together maintenance on|off`` does, then wait until the bot's copy of the switch follows."""
    async with live.pool.acquire() as conn:
        await set_maintenance(conn, active=on, message=message, changed_by="test@acceptance")

    async def followed() -> bool:
        return live.runtime.maintenance.active is on

    await eventually(followed, within=10)


async def _every_table(pool: asyncpg.Pool) -> dict[str, list[Any]]:
    """Every row of every table of the bot (yoyo's bookkeeping aside): "nothing was written" at all."""
    async with pool.acquire() as conn:
        tables = [r["table_name"] for r in await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_name NOT LIKE '%yoyo%' ORDER BY 1"
        )]
        return {t: sorted(map(repr, await conn.fetch(f'SELECT * FROM "{t}"'))) for t in tables}


def _back_soon() -> str:
    return TR.text("ru", "maintenance.back_soon_message", message=NOTE)


async def _assert_back_soon(live: LiveBot, rec: InteractionRecord) -> None:
    assert await reply_text(live.driver, rec) == _back_soon()
    answer = live.driver.original(rec)
    assert answer is not None and answer["flags"] & 64, "the answer is ephemeral"


async def _date_card_with_a_save_button(live: LiveBot) -> tuple[str, str]:
    """Alice's /date card, filtered and generated, and the custom id of its first idea's save button."""
    driver = live.driver
    opened = await acked(live, await driver.run_command("alice", "date"))
    card = driver.original(opened)
    assert card is not None
    start = DateFilters()
    await acked(live, await driver.select("alice", card["id"], date_select_id(DateAxis.ENERGY, start), ["low"]))
    low = DateFilters(energy=Energy.LOW, budget=Budget.MODERATE, time=TimeWindow.EVENING)
    await acked(live, await driver.click("alice", card["id"], date_generate_id(low)))
    ideas = pick_date_ideas(low, default_date_ideas())
    assert date_save_id(low, ideas[0].key) in str(current_message(live, card["id"]))
    return card["id"], date_save_id(low, ideas[0].key)


async def test_members_get_back_soon_and_nothing_is_written_then_everything_works_again(live: LiveBot) -> None:
    driver = live.driver
    channels = make_channels(driver)
    await configure(live.pool, driver.guild_id, channels)
    await make_pair(live)
    card_id, save = await _date_card_with_a_save_button(live)
    await settled(live)
    await _switch(live, on=True, message=NOTE)
    before, rooms = await _every_table(live.pool), len(driver.channels())
    alice, bob = driver.user_id("alice"), driver.user_id("bob")
    attempts = [
        driver.run_command("alice", "date"),
        driver.run_command("alice", "say"),
        driver.run_command("bob", "pair room"),
        driver.run_command("alice", "admin status"),  # not an administrator: /admin is no way around it
        driver.run_command("owner", "pair create", {"member1": alice, "member2": bob}),  # admins keep /admin only
        driver.run_command("owner", "setup start"),
        driver.run_command("owner", "duel start", {"public_channel": driver.default_channel_id}),
    ]
    for attempt in attempts:
        await _assert_back_soon(live, await attempt)
    await _assert_back_soon(live, await driver.click("alice", card_id, save))  # a button from before
    await settled(live)
    assert await _every_table(live.pool) == before
    assert len(driver.channels()) == rooms

    await _switch(live, on=False)
    saved = await acked(live, await driver.click("alice", card_id, save))
    assert await reply_text(driver, saved) != _back_soon()
    assert await live.pool.fetchval("SELECT count(*) FROM date_weekend_plans") == 1


async def test_administrators_keep_admin_during_maintenance(live: LiveBot) -> None:
    driver = live.driver
    await configure(live.pool, driver.guild_id, make_channels(driver))
    await _switch(live, on=True, message=NOTE)
    status = await reply_text(driver, await driver.run_command("owner", "admin status"))
    assert status != _back_soon() and TR.text("ru", "admin.doctor.finding.permissions_ok") in status
    rec = await driver.run_command("owner", "admin config set", {"name": "locale", "value": "en"})
    assert await reply_text(driver, rec) == "The server language is now English."
    assert await live.pool.fetchval("SELECT locale FROM guild_settings WHERE guild_id = $1", driver.guild_id) == "en"
    # The rest stays closed to them, now in the guild's new language.
    refused = await reply_text(driver, await driver.run_command("owner", "setup start"))
    assert refused == TR.text("en", "maintenance.back_soon_message", message=NOTE)


async def test_a_job_sent_during_maintenance_runs_once_after_it(live: LiveBot) -> None:
    driver, guild = live.driver, live.driver.guild_id
    channels = make_channels(driver)
    await configure(live.pool, guild, channels)
    target = channels["public_post_channel_id"]
    await _switch(live, on=True)
    async with live.pool.acquire() as conn, conn.transaction():
        produced = await produce_post(
            conn, guild_id=guild, kind="setup_test", channel_id=target, payload={}, key=f"maintenance:{guild}"
        )
    # Recording the post enqueued its job.
    job_id = await live.pool.fetchval(
        "SELECT id FROM jobs WHERE coalesce_key = $1", f"public-post:{produced.effect.id}"
    )
    # The worker had its NOTIFY: a claim that ignored maintenance would run the job now.
    await asyncio.sleep(0.5)
    row = await live.pool.fetchrow("SELECT state, attempts FROM jobs WHERE id = $1", job_id)
    assert row is not None and (row["state"], row["attempts"]) == ("queued", 0)
    assert driver.channel_messages(target) == []

    await _switch(live, on=False)

    async def done() -> bool:
        return bool(await live.pool.fetchval("SELECT state FROM jobs WHERE id = $1", job_id) == "done")

    # A hang guard longer than one lease: if the sweep held the effect longer than the job waits for it, the job
    # runs again when that lease ends.
    await eventually(done, within=60)
    await settled(live)
    assert [m["content"] for m in driver.channel_messages(target)] == [TR.text("ru", "setup.test_post.body")]
    # Once maintenance ends, the two-minute sweep may take the effect first: the targeted job then waits for it
    # (or, on a very slow machine, runs again after that lease: a second attempt); the post is made once either way.
    assert await live.pool.fetchval("SELECT attempts FROM jobs WHERE id = $1", job_id) in (1, 2)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_a_cron_occurrence_due_during_maintenance_fires_once_after_it_in_every_scheduler(
    live: LiveBot, database_url: str
) -> None:
    guild = live.driver.guild_id
    await configure(live.pool, guild, make_channels(live.driver))
    await live.pool.execute("UPDATE guild_settings SET timezone = 'Europe/Berlin' WHERE guild_id = $1", guild)
    # A second process's scheduler, over a pool of its own, next to one over the bot's pool: a monthly schedule
    # (day 1 at 10:00 in the guild) that the bot's own cron does not run.
    other_pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
    assert other_pool is not None
    clock = FakeClock(datetime(2026, 4, 1, 8, 0, 1, tzinfo=UTC))
    schedulers = [
        CronScheduler(pool, scheduler_only_registry(), default_timezone="UTC", clock=clock,
                      schedules=(TEST_MONTHLY,), gate=feature_schedule_gate)
        for pool in (live.pool, other_pool)
    ]
    try:
        fired = await asyncio.gather(*(s.tick() for s in schedulers))
        assert sum(len(f) for f, _ in fired) == 1  # April's, before maintenance

        await _switch(live, on=True, message=NOTE)
        for now in (datetime(2026, 5, 1, 8, 0, 1, tzinfo=UTC), datetime(2026, 5, 1, 11, 0, tzinfo=UTC)):
            clock.now = now  # May's 10:00 comes due, then three hours pass: nothing fires
            assert [await s.tick() for s in schedulers] == [([], None), ([], None)]

        await _switch(live, on=False)
        after = await asyncio.gather(*(s.tick() for s in schedulers), *(s.tick() for s in schedulers))
        assert sum(len(f) for f, _ in after) == 1
    finally:
        await other_pool.close()
    rows = await live.pool.fetch(
        "SELECT run_at FROM jobs WHERE name = $2 AND guild_id = $1 ORDER BY run_at", guild, TEST_MONTHLY
    )
    assert [r["run_at"] for r in rows] == [
        datetime(2026, 4, 1, 8, 0, tzinfo=UTC),
        datetime(2026, 5, 1, 8, 0, tzinfo=UTC),  # fired once, after maintenance, for its own due time
    ]
