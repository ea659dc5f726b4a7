"""Check-ins and reminders against a real database: one check-in per pair and week under racing submits, the
week is the guild's, and the Wednesday reminder queues one post per guild and week however often it fires."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from features.checkin._nudge import NUDGE_KIND, nudge
from features.checkin._pair_home import load_checkin_part
from features.checkin._rules import Scores
from features.checkin._store import (
    checkin_of_week,
    checkins_done,
    fetch_checkin,
    store_checkin,
    was_nudged,
)
from features.kernel import Pair, fetch_guild_settings, week_key
from features.kernel._pairs import insert_pair

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
CHANNEL = "200000000000000009"
ALMATY = ZoneInfo("Asia/Almaty")
#: Wednesday 2026-12-02, 12:00 in Almaty: the reminder's due time.
WEDNESDAY_NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=ALMATY)
SCORES = Scores(communication=8, support=7, time_together=6, repair=5, overall=9)


async def _pair(pool: asyncpg.Pool, first: str = "300000000000000001", second: str = "300000000000000002") -> Pair:
    async with pool.acquire() as conn:
        return await insert_pair(conn, guild_id=GUILD, member1=first, member2=second, channel_id=f"4{first[1:]}")


async def _guild(pool: asyncpg.Pool, *, checkin: bool = True) -> None:
    await pool.execute(
        "INSERT INTO guild_settings (guild_id, timezone, public_post_channel_id, features) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (guild_id) DO UPDATE SET features = EXCLUDED.features",
        GUILD, "Asia/Almaty", CHANNEL, '{"checkin": true}' if checkin else "{}",
    )


async def _submit(pool: asyncpg.Pool, pair: Pair, who: str, agreement: str, scores: Scores = SCORES) -> tuple[
    uuid.UUID, bool
]:
    async with pool.acquire() as conn, conn.transaction():
        stored = await store_checkin(
            conn, guild_id=GUILD, pair_id=pair.id, week_key="2026-11-30", agreement_key=agreement, scores=scores,
            submitted_by=who,
        )
    return stored.checkin.id, stored.created


async def test_a_checkin_is_stored_with_its_agreement_and_five_scores(db_pool: asyncpg.Pool) -> None:
    pair = await _pair(db_pool)
    checkin_id, created = await _submit(db_pool, pair, pair.user_low, "one_date")
    assert created
    async with db_pool.acquire() as conn:
        stored = await fetch_checkin(conn, checkin_id)
        assert stored is not None and await checkin_of_week(conn, pair.id, "2026-11-30") == stored
        assert await checkin_of_week(conn, pair.id, "2026-12-07") is None
        assert await checkins_done(conn, GUILD, "2026-11-30") == 1
    assert (stored.agreement_key, stored.scores, stored.submitted_by) == ("one_date", SCORES, pair.user_low)


async def test_racing_submits_of_both_partners_store_one_and_both_get_it(db_pool: asyncpg.Pool) -> None:
    pair = await _pair(db_pool)
    other = Scores(communication=1, support=1, time_together=1, repair=1, overall=1)
    results = await asyncio.gather(
        *(
            _submit(db_pool, pair, member, agreement, scores)
            for member, agreement, scores in [
                (pair.user_low, "one_date", SCORES), (pair.user_high, "hug_hello", other),
                (pair.user_low, "say_thanks", other), (pair.user_high, "walk_together", SCORES),
            ]
        )
    )
    assert sum(created for _, created in results) == 1
    assert len({checkin_id for checkin_id, _ in results}) == 1
    assert await db_pool.fetchval("SELECT count(*) FROM checkins") == 1


async def test_another_pair_and_another_week_are_separate(db_pool: asyncpg.Pool) -> None:
    first = await _pair(db_pool)
    second = await _pair(db_pool, "300000000000000003", "300000000000000004")
    assert (await _submit(db_pool, first, first.user_low, "one_date"))[1]
    assert (await _submit(db_pool, second, second.user_low, "one_date"))[1]
    async with db_pool.acquire() as conn, conn.transaction():
        later = await store_checkin(
            conn, guild_id=GUILD, pair_id=first.id, week_key="2026-12-07", agreement_key="hug_hello", scores=SCORES,
            submitted_by=first.user_high,
        )
    assert later.created
    assert await db_pool.fetchval("SELECT count(*) FROM checkins") == 3


async def test_a_score_out_of_range_is_refused_by_the_table_too(db_pool: asyncpg.Pool) -> None:
    pair = await _pair(db_pool)
    with pytest.raises(asyncpg.CheckViolationError):
        await _submit(db_pool, pair, pair.user_low, "one_date", Scores(communication=11, support=1, time_together=1,
                                                                       repair=1, overall=1))
    assert await db_pool.fetchval("SELECT count(*) FROM checkins") == 0


async def _nudge(pool: asyncpg.Pool, now: dt.datetime) -> bool:
    async with pool.acquire() as conn, conn.transaction():
        settings = await fetch_guild_settings(conn, GUILD)
        return await nudge(conn, settings, now, "Asia/Almaty")


async def test_the_reminder_fired_twice_in_a_week_queues_one_post(db_pool: asyncpg.Pool) -> None:
    await _guild(db_pool)
    pair = await _pair(db_pool)
    fired = await asyncio.gather(_nudge(db_pool, WEDNESDAY_NOON), _nudge(db_pool, WEDNESDAY_NOON))
    assert sorted(fired) == [False, True]
    assert not await _nudge(db_pool, WEDNESDAY_NOON + dt.timedelta(days=2))  # Friday: the same week
    posts = await db_pool.fetch("SELECT kind, channel_id, payload, idempotency_key FROM scheduled_posts")
    assert [(p["kind"], p["channel_id"], p["idempotency_key"]) for p in posts] == [
        (NUDGE_KIND, CHANNEL, f"checkin-nudge:{GUILD}:2026-11-30")
    ]
    # The pair's panel is asked to refresh (its line now mentions the reminder).
    keys = {r["coalesce_key"] for r in await db_pool.fetch("SELECT coalesce_key FROM jobs")}
    assert f"projection:pair_home:{GUILD}:{pair.id}" in keys
    async with db_pool.acquire() as conn:
        assert await was_nudged(conn, GUILD, "2026-11-30")
    # Next week's Wednesday reminds again.
    assert await _nudge(db_pool, WEDNESDAY_NOON + dt.timedelta(days=7))
    assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts") == 2


async def test_no_reminder_while_the_checkin_is_off(db_pool: asyncpg.Pool) -> None:
    await _guild(db_pool, checkin=False)
    assert not await _nudge(db_pool, WEDNESDAY_NOON)
    assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts") == 0
    assert await db_pool.fetchval("SELECT count(*) FROM checkin_nudges") == 0


async def test_the_pair_home_state_follows_this_weeks_checkin_and_reminder(db_pool: asyncpg.Pool) -> None:
    await _guild(db_pool)
    pair = await _pair(db_pool)
    this_week = week_key(dt.datetime.now(dt.UTC), ALMATY)
    async with db_pool.acquire() as conn:
        before = await load_checkin_part(conn, pair)
        assert before is not None and (before.week_key, before.done, before.nudged) == (this_week, False, False)
        async with conn.transaction():
            await store_checkin(
                conn, guild_id=GUILD, pair_id=pair.id, week_key=this_week, agreement_key="one_date", scores=SCORES,
                submitted_by=pair.user_low,
            )
        await nudge(conn, await fetch_guild_settings(conn, GUILD), dt.datetime.now(dt.UTC), "Asia/Almaty")
        after = await load_checkin_part(conn, pair)
    assert after is not None and (after.done, after.nudged) == (True, True)
