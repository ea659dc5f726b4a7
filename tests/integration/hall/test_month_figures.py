"""The month's figures against a real database: only the guild-local month counts, and a top lists only pairs
whose two members both opted in to it."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from features.hall._store import month_figures
from features.kernel import HallCategory, month_bounds, month_day_keys, pairs_opted_in, set_opt_ins
from features.kernel._pairs import insert_pair

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
ALMATY = ZoneInfo("Asia/Almaty")


async def _checkin(pool: asyncpg.Pool, pair: uuid.UUID, at: dt.datetime, week: str) -> None:
    await pool.execute(
        "INSERT INTO checkins (id, guild_id, pair_id, week_key, agreement_key, communication, support,"
        " time_together, repair, overall, submitted_by, created_at)"
        " VALUES ($1, $2, $3, $4, 'x', 5, 5, 5, 5, 5, '1', $5)",
        uuid.uuid4(), GUILD, pair, week, at,
    )


async def test_only_the_guild_local_month_counts_and_tops_need_both_partners(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        ab = await insert_pair(conn, guild_id=GUILD, member1="1", member2="2", channel_id="501")
        cd = await insert_pair(conn, guild_id=GUILD, member1="3", member2="4", channel_id="502")
        for user in ("1", "2", "3"):  # 4 never agreed: the pair of 3 and 4 is never listed
            await set_opt_ins(conn, GUILD, user, list(HallCategory), opted_in=True)
    # 2026-11-01 00:30 in Almaty is still October 31 in UTC: it belongs to November here.
    await _checkin(db_pool, ab.id, dt.datetime(2026, 11, 1, 0, 30, tzinfo=ALMATY), "2026-10-26")
    await _checkin(db_pool, cd.id, dt.datetime(2026, 11, 20, 12, 0, tzinfo=ALMATY), "2026-11-16")
    await _checkin(db_pool, ab.id, dt.datetime(2026, 12, 1, 0, 5, tzinfo=ALMATY), "2026-11-30")  # December
    raid = uuid.uuid4()
    await db_pool.execute(
        "INSERT INTO raids (id, guild_id, week_key, timezone, channel_id, goal_points, ends_at)"
        " VALUES ($1, $2, '2026-11-23', 'Asia/Almaty', '9', 500, now())", raid, GUILD,
    )
    for pair, day, points in ((ab.id, "2026-11-24", 30), (cd.id, "2026-11-25", 50), (ab.id, "2026-12-01", 60)):
        await db_pool.execute(
            "INSERT INTO raid_pair_days (raid_id, day_key, pair_id, points) VALUES ($1, $2, $3, $4)",
            raid, day, pair, points,
        )
    async with db_pool.acquire() as conn:
        shown = {c.value: await pairs_opted_in(conn, GUILD, c) for c in HallCategory}
        figures = await month_figures(
            conn, GUILD, bounds=month_bounds("2026-11", ALMATY), days=month_day_keys("2026-11"), shown=shown
        )
    assert shown["checkin"] == {ab.id}
    assert (figures.active_pairs, figures.checkins, figures.raid_pairs, figures.duel_pairs) == (2, 2, 0, 0)
    assert [(r.pair_id, r.value) for r in figures.top_checkin] == [(ab.id, 1)]
    assert [(r.pair_id, r.value) for r in figures.top_raid] == [(ab.id, 30)]  # December's 60 do not count
    assert figures.top_duel == ()
