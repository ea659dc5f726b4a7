"""A raid's life against a real database: Monday's start and end in either order, late or on two processes at
once; a moderator's restart in the same week; the day's offer picked once; confirmations under the daily cap."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from features.kernel import HallCategory, set_opt_ins
from features.kernel._pairs import insert_pair
from features.raids._card import RAID_CARD, raid_numbers
from features.raids._lifecycle import RaidStart, end_overdue, end_running, ensure_offer, start_raid
from features.raids._quests import quest_catalogue
from features.raids._rules import ClaimStatus, apply_daily_cap
from features.raids._store import (
    add_pair_day,
    add_progress,
    fetch_raid,
    insert_claim,
    lock_claim,
    lock_pair_day,
    pair_tally,
    participants,
    settle_claim,
)

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
TZ = "Asia/Almaty"
ALMATY = ZoneInfo(TZ)
#: Monday 2026-11-30, 09:00 in Almaty: the weekly start's due time.
MONDAY_0900 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ALMATY)
LAST_WEEK = MONDAY_0900 - dt.timedelta(days=7)


async def _start(
    pool: asyncpg.Pool, now: dt.datetime, *, once_a_week: bool = True, goal: int = 500
) -> RaidStart:
    async with pool.acquire() as conn, conn.transaction():
        return await start_raid(
            conn, guild_id=GUILD, channel_id="200000000000000001", goal=goal, timezone=TZ, now=now,
            started_by=None if once_a_week else "300000000000000001", once_a_week=once_a_week,
        )


async def _end(pool: asyncpg.Pool, now: dt.datetime) -> int:
    async with pool.acquire() as conn, conn.transaction():
        return len(await end_overdue(conn, GUILD, now))


async def _raids(pool: asyncpg.Pool) -> list[tuple[str, str]]:
    rows = await pool.fetch("SELECT week_key, status FROM raids WHERE guild_id = $1 ORDER BY created_at", GUILD)
    return [(r["week_key"], r["status"]) for r in rows]


async def test_monday_start_with_last_weeks_raid_still_active_starts_the_new_one(db_pool: asyncpg.Pool) -> None:
    await _start(db_pool, LAST_WEEK)
    started = await _start(db_pool, MONDAY_0900)  # 09:00: the 09:05 end has not run yet
    assert started.created and len(started.ended) == 1 and started.raid is not None
    assert await _raids(db_pool) == [("2026-11-23", "ended"), ("2026-11-30", "active")]
    assert await _end(db_pool, MONDAY_0900 + dt.timedelta(minutes=5)) == 0  # 09:05: nothing left to end
    # The ended raid's card and every card asked for a refresh in the same transaction.
    keys = {r["coalesce_key"] for r in await db_pool.fetch("SELECT coalesce_key FROM jobs")}
    cards = {f"projection:raid_progress:{GUILD}:{raid.id}" for raid in (started.raid, *started.ended)}
    assert cards <= keys


@pytest.mark.parametrize("end_first", [True, False])
async def test_start_and_end_in_either_order_give_the_week_exactly_one_raid(
    db_pool: asyncpg.Pool, end_first: bool
) -> None:
    await _start(db_pool, LAST_WEEK)
    if end_first:
        assert await _end(db_pool, MONDAY_0900) == 1
        assert (await _start(db_pool, MONDAY_0900)).created
    else:
        assert (await _start(db_pool, MONDAY_0900)).created
        assert await _end(db_pool, MONDAY_0900) == 0
    assert await _raids(db_pool) == [("2026-11-23", "ended"), ("2026-11-30", "active")]
    # A catch-up after downtime runs both again: still one raid this week.
    await asyncio.gather(_start(db_pool, MONDAY_0900), _end(db_pool, MONDAY_0900))
    assert await _raids(db_pool) == [("2026-11-23", "ended"), ("2026-11-30", "active")]


async def test_two_processes_starting_at_once_make_one_raid(db_pool: asyncpg.Pool) -> None:
    results = await asyncio.gather(*(_start(db_pool, MONDAY_0900) for _ in range(4)))
    assert sum(r.created for r in results) == 1
    assert len({r.raid.id for r in results if r.raid is not None}) == 1
    assert await _raids(db_pool) == [("2026-11-30", "active")]


async def test_a_moderator_may_restart_an_ended_week_but_the_schedule_does_not(db_pool: asyncpg.Pool) -> None:
    first = await _start(db_pool, MONDAY_0900)
    async with db_pool.acquire() as conn, conn.transaction():
        ended = await end_running(conn, GUILD)
    assert ended is not None and ended.id == first.raid.id  # type: ignore[union-attr]
    assert not (await _start(db_pool, MONDAY_0900 + dt.timedelta(hours=1))).created  # the schedule's repeat
    again = await _start(db_pool, MONDAY_0900 + dt.timedelta(hours=2), once_a_week=False)
    assert again.created
    refused = await _start(db_pool, MONDAY_0900 + dt.timedelta(hours=3), once_a_week=False)
    assert not refused.created and refused.raid is not None and refused.raid.id == again.raid.id  # type: ignore[union-attr]
    assert await _raids(db_pool) == [("2026-11-30", "ended"), ("2026-11-30", "active")]


async def test_the_days_offer_is_picked_once_and_then_read(db_pool: asyncpg.Pool) -> None:
    raid = (await _start(db_pool, MONDAY_0900)).raid
    assert raid is not None
    await db_pool.execute("DELETE FROM raid_offers")  # the start picked the first day's: pick it again

    async def offer() -> tuple[str, ...]:
        async with db_pool.acquire() as conn, conn.transaction():
            return await ensure_offer(conn, raid, "2026-11-30")

    offers = await asyncio.gather(*(offer() for _ in range(3)))
    assert len(set(offers)) == 1 and len(offers[0]) == 3 and set(offers[0]) <= set(quest_catalogue())
    assert await db_pool.fetchval("SELECT count(*) FROM raid_offers") == 1


async def test_confirmations_are_counted_against_the_daily_cap_one_after_another(db_pool: asyncpg.Pool) -> None:
    raid = (await _start(db_pool, MONDAY_0900)).raid
    assert raid is not None
    async with db_pool.acquire() as conn:
        pair = await insert_pair(conn, guild_id=GUILD, member1="1", member2="2", channel_id="500")
    claims = []
    async with db_pool.acquire() as conn:
        for key, points in (("a_quest", 25), ("b_quest", 25), ("c_quest", 25)):
            claim = await insert_claim(
                conn, raid_id=raid.id, day="2026-11-30", pair_id=pair.id, quest_key=key, points=points, user_id="1"
            )
            assert claim is not None
            claims.append(claim.id)
        assert await insert_claim(
            conn, raid_id=raid.id, day="2026-11-30", pair_id=pair.id, quest_key="a_quest", points=25, user_id="2"
        ) is None  # once per pair, quest and day

    async def confirm(claim_id: uuid.UUID) -> int:
        async with db_pool.acquire() as conn, conn.transaction():
            claim = await lock_claim(conn, claim_id)
            assert claim is not None
            earned = await lock_pair_day(conn, raid.id, claim.day_key, pair.id)
            await asyncio.sleep(0.05)  # hold the locks while the others try: they must wait, not read 0
            outcome = apply_daily_cap(earned, claim.points)
            await settle_claim(conn, claim.id, status=outcome.status, applied=outcome.applied, confirmed_by="2")
            if outcome.applied:
                await add_pair_day(conn, raid.id, claim.day_key, pair.id, outcome.applied)
            await add_progress(conn, raid.id, outcome.applied)
            return outcome.applied

    applied = await asyncio.gather(*(confirm(c) for c in claims))
    assert sorted(applied) == [10, 25, 25]  # 60 a day, however the three raced
    async with db_pool.acquire() as conn:
        assert (await fetch_raid(conn, raid.id)).progress_points == 60  # type: ignore[union-attr]
        assert await participants(conn, raid.id) == 1
        tally = await pair_tally(conn, raid.id, pair.id, "2026-11-30")
        assert (tally.today_points, tally.week_points, tally.today_claims) == (60, 60, 3)
        statuses = [r["status"] for r in await conn.fetch("SELECT status FROM raid_claims")]
        assert statuses.count(ClaimStatus.CONFIRMED.value) == 3


async def test_the_card_version_counts_every_change_it_shows(db_pool: asyncpg.Pool) -> None:
    raid = (await _start(db_pool, MONDAY_0900)).raid
    assert raid is not None
    async with db_pool.acquire() as conn:
        before = await RAID_CARD.version(conn, GUILD, str(raid.id))
        await add_progress(conn, raid.id, 5)
        after = await RAID_CARD.version(conn, GUILD, str(raid.id))
        assert before is not None and after is not None and after.version > before.version
        assert await RAID_CARD.version(conn, "another guild", str(raid.id)) is None
        assert await RAID_CARD.version(conn, GUILD, "not a uuid") is None


async def test_the_top_lists_only_pairs_both_partners_of_which_agreed(db_pool: asyncpg.Pool) -> None:
    raid = (await _start(db_pool, MONDAY_0900)).raid
    assert raid is not None
    async with db_pool.acquire() as conn:
        both = await insert_pair(conn, guild_id=GUILD, member1="1", member2="2", channel_id="501")
        one = await insert_pair(conn, guild_id=GUILD, member1="3", member2="4", channel_id="502")
        for pair, points in ((both, 20), (one, 50)):
            await lock_pair_day(conn, raid.id, "2026-11-30", pair.id)
            await add_pair_day(conn, raid.id, "2026-11-30", pair.id, points)
        before = await RAID_CARD.version(conn, GUILD, str(raid.id))
        for user in ("1", "2", "3"):  # the partner of 3 never agreed
            await set_opt_ins(conn, GUILD, user, [HallCategory.RAID], opted_in=True)
        after = await RAID_CARD.version(conn, GUILD, str(raid.id))
        assert before is not None and after is not None and after.version > before.version
        fresh = await fetch_raid(conn, raid.id)
        assert fresh is not None
        numbers = await raid_numbers(conn, fresh, MONDAY_0900)
    assert [(p.pair_id, p.points) for p in numbers.top] == [(both.id, 20)]

