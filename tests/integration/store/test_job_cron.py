"""Per-guild cron against a real Postgres: exactly once across schedulers, DST, catch-up, switches."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from store import CronScheduler, JobRegistry
from tests._schedules import seed_schedule_registry

pytestmark = pytest.mark.anyio

DAILY = "daily.raid.offers.generate"


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _scheduler(pool: asyncpg.Pool, clock: FakeClock, *names: str) -> CronScheduler:
    return CronScheduler(
        pool, seed_schedule_registry(), default_timezone="Asia/Almaty", clock=clock, schedules=names or (DAILY,)
    )


async def _jobs(pool: asyncpg.Pool) -> list[tuple[str, str, datetime]]:
    rows = await pool.fetch("SELECT name, guild_id, run_at FROM jobs ORDER BY guild_id, run_at")
    return [(r["name"], r["guild_id"], r["run_at"]) for r in rows]


async def test_two_schedulers_fire_once_across_dst_and_catch_up_once(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('1', 'Europe/Berlin')")
    other_pool = await asyncpg.create_pool(database_url, min_size=1, max_size=3)
    assert other_pool is not None
    clock = FakeClock(datetime(2026, 3, 28, 8, 0, 0, 500_000, tzinfo=UTC))  # 09:00:00.5 CET
    a, b = _scheduler(db_pool, clock), _scheduler(other_pool, clock)
    try:
        fired = await asyncio.gather(a.tick(), b.tick(), a.tick(), b.tick())
        assert sum(len(f) for f, _ in fired) == 1
        assert fired[0][1] == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # next: 09:00 CEST after the DST change
        # One second before 09:00 CEST (07:00 UTC): never early.
        clock.now = datetime(2026, 3, 29, 6, 59, 59, tzinfo=UTC)
        assert (await a.tick())[0] == [] and (await b.tick())[0] == []
        clock.now = datetime(2026, 3, 29, 7, 0, 0, 100_000, tzinfo=UTC)
        on_time = await asyncio.gather(a.tick(), b.tick())
        assert sum(len(f) for f, _ in on_time) == 1
        # Three days down: the missed occurrences fire once, not three times.
        clock.now = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)
        caught_up = await asyncio.gather(b.tick(), a.tick())
        assert sum(len(f) for f, _ in caught_up) == 1
    finally:
        await other_pool.close()
    assert await _jobs(db_pool) == [
        (DAILY, "1", datetime(2026, 3, 28, 8, 0, tzinfo=UTC)),
        (DAILY, "1", datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
        (DAILY, "1", datetime(2026, 4, 2, 7, 0, tzinfo=UTC)),
    ]
    payload = await db_pool.fetchval("SELECT payload->>'scheduled_for' FROM jobs ORDER BY id DESC LIMIT 1")
    assert payload == "2026-04-02T07:00:00+00:00"


async def test_default_timezone_and_fresh_guild_does_not_replay_old_occurrences(
    db_pool: asyncpg.Pool,
) -> None:
    await db_pool.execute("INSERT INTO guild_settings (guild_id) VALUES ('2')")
    # 09:00 in Almaty is 04:00 UTC.
    clock = FakeClock(datetime(2026, 3, 28, 3, 59, 59, tzinfo=UTC))
    scheduler = _scheduler(db_pool, clock, DAILY, "weekly.horoscope.publish")
    fired, next_at = await scheduler.tick()
    # A never-fired guild does not publish last Monday's horoscope on a Saturday.
    assert fired == [] and next_at == datetime(2026, 3, 28, 4, 0, tzinfo=UTC)
    clock.now = datetime(2026, 3, 28, 4, 0, 0, 1000, tzinfo=UTC)
    fired, _ = await scheduler.tick()
    assert [(f.schedule_name, f.due_at) for f in fired] == [(DAILY, datetime(2026, 3, 28, 4, 0, tzinfo=UTC))]


async def test_schedule_switched_off_does_not_fire_nor_replay(db_pool: asyncpg.Pool) -> None:
    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('3', 'UTC'), ('4', 'UTC')")
    await db_pool.execute(
        "INSERT INTO scheduler_settings (guild_id, schedule_name, enabled) VALUES ('3', $1, false)", DAILY
    )
    clock = FakeClock(datetime(2026, 5, 4, 9, 0, 1, tzinfo=UTC))
    scheduler = _scheduler(db_pool, clock)
    fired, _ = await scheduler.tick()
    assert {(f.guild_id, f.job_id is None) for f in fired} == {("3", True), ("4", False)}
    assert [g for _, g, _ in await _jobs(db_pool)] == ["4"]
    # Switching it back on later does not replay the skipped occurrence.
    await db_pool.execute("UPDATE scheduler_settings SET enabled = true")
    clock.now += timedelta(hours=1)
    assert (await scheduler.tick())[0] == []
    assert len(await _jobs(db_pool)) == 1


async def test_active_hook_is_overridable(db_pool: asyncpg.Pool) -> None:
    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('5', 'UTC')")

    class FeatureGated(CronScheduler):
        async def schedule_active(self, conn: object, guild_id: str, schedule_name: str) -> bool:
            return False

    clock = FakeClock(datetime(2026, 5, 4, 9, 0, 1, tzinfo=UTC))
    scheduler = FeatureGated(
        db_pool, seed_schedule_registry(), default_timezone="UTC", clock=clock, schedules=[DAILY]
    )
    fired, _ = await scheduler.tick()
    assert [f.job_id for f in fired] == [None]
    assert await _jobs(db_pool) == []


async def test_loop_fires_due_schedule_and_reports_health(db_pool: asyncpg.Pool) -> None:
    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('6', 'UTC')")
    scheduler = CronScheduler(
        db_pool,
        seed_schedule_registry(),
        default_timezone="UTC",
        schedules=["public.post.publish"],
        catch_up_grace=timedelta(minutes=3),
    )
    await scheduler.start()
    try:
        async with asyncio.timeout(10):
            while await db_pool.fetchval("SELECT count(*) FROM jobs") == 0:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        assert scheduler.is_healthy()
    finally:
        await scheduler.stop()
    assert not scheduler.is_healthy()
    assert await db_pool.fetchval("SELECT count(*) FROM jobs WHERE name = 'public.post.publish'") == 1


async def test_a_schedule_without_a_handler_never_fires(db_pool: asyncpg.Pool) -> None:
    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('7', 'UTC')")
    handled = seed_schedule_registry()
    unhandled = JobRegistry()
    unhandled.add_spec(handled.spec(DAILY))  # known here, but nothing in this process runs it
    clock = FakeClock(datetime(2026, 5, 4, 9, 0, 1, tzinfo=UTC))
    idle = CronScheduler(db_pool, unhandled, default_timezone="UTC", clock=clock, schedules=[DAILY])
    assert await idle.tick() == ([], None)
    assert await _jobs(db_pool) == []
    fired, _ = await CronScheduler(db_pool, handled, default_timezone="UTC", clock=clock, schedules=[DAILY]).tick()
    assert [f.schedule_name for f in fired] == [DAILY]
