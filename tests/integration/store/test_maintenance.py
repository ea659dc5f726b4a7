"""Maintenance mode against a real Postgres: the switch and the CLI, a process's copy following it (NOTIFY, and
re-reads when not listening), the claim holding every worker, and cron holding then firing once."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from click.testing import CliRunner

from store import (
    CronScheduler,
    JobContext,
    JobRegistry,
    JobService,
    JobSpec,
    MaintenanceState,
    MaintenanceWatch,
    enqueue,
    read_maintenance,
    set_maintenance,
)
from store import _job_sql as sql
from tests._schedules import ScheduledTick, seed_schedule_registry
from tests.integration.store._jobs import registry_with, scoreboard, spec_of, start_worker, wait_until
from together.cli_maintenance import make_maintenance_command

pytestmark = pytest.mark.anyio

SCOREBOARD = "duel.scoreboard.refresh"
DAILY = "daily.raid.offers.generate"


async def test_switching_on_and_off_keeps_one_window_and_the_last_message(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        assert not (await read_maintenance(conn)).active
        on = await set_maintenance(conn, active=True, message="back at 18:00", changed_by="ops@a")
        again = await set_maintenance(conn, active=True, message=None, changed_by="ops@b")
        assert on.active and again.active and again.since == on.since and again.message is None
        assert again.last_window is None and again.changed_by == "ops@b"
        off = await set_maintenance(conn, active=False, changed_by="ops@a")
        assert not off.active and off.ended_at is not None and off.last_window == (on.since, off.ended_at)
        # Off again changes nothing about the last window.
        assert (await set_maintenance(conn, active=False)).last_window == off.last_window
        assert await read_maintenance(conn) == MaintenanceState(
            active=False, since=on.since, ended_at=off.ended_at, changed_by=None
        )
        with pytest.raises(ValueError, match="longer than 500"):
            await set_maintenance(conn, active=True, message="x" * 501)
        assert not (await read_maintenance(conn)).active


def test_the_cli_shows_and_switches_maintenance(database_url: str) -> None:
    cli = make_maintenance_command(lambda: database_url)
    runner = CliRunner()
    shown = runner.invoke(cli, [])
    assert shown.exit_code == 0 and shown.output == "maintenance: off\n"
    on = runner.invoke(cli, ["on", "--message", "Back at 18:00 — обновляемся"])
    assert on.exit_code == 0, on.output
    assert on.output.startswith("maintenance: on since ") and "message: Back at 18:00 — обновляемся" in on.output
    state = json.loads(runner.invoke(cli, ["--json"]).output)
    assert state["active"] is True and state["message"] == "Back at 18:00 — обновляемся"
    assert state["since"] and state["ended_at"] is None and "@" in state["changed_by"]
    assert runner.invoke(cli, ["off", "--message", "x"]).exit_code == 2
    assert runner.invoke(cli, ["on", "--message", "x" * 501]).exit_code == 2
    assert runner.invoke(cli, ["sideways"]).exit_code == 2
    off = runner.invoke(cli, ["off"])
    assert off.exit_code == 0 and off.output.startswith("maintenance: off (last on from ")
    assert json.loads(runner.invoke(cli, ["--json"]).output)["active"] is False


def test_the_cli_names_a_database_that_is_not_migrated(empty_database_url: str) -> None:
    result = CliRunner().invoke(make_maintenance_command(lambda: empty_database_url), ["on"])
    assert result.exit_code == 1 and "together migrate" in result.output


async def test_a_process_copy_follows_a_switch_from_elsewhere_by_notify_and_by_rereading(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    # Re-reads an hour apart: only the NOTIFY can bring the first switch in time.
    watch = MaintenanceWatch(db_pool, database_url, refresh_interval=3600)
    seen: list[bool] = []
    watch.subscribe(lambda state: seen.append(state.active))
    await watch.start()
    other = await asyncpg.connect(database_url)
    try:
        assert watch.listening and not watch.active
        await set_maintenance(other, active=True, message="soon")
        await wait_until(lambda: _true(watch.active))
        assert watch.state.message == "soon" and seen == [True]
        # A change whose notification is lost with the LISTEN connection: the reconnect re-reads the row.
        await other.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE query LIKE '%together_maintenance%' AND pid <> pg_backend_pid()"
        )
        await other.execute("UPDATE maintenance SET active = false, ended_at = now()")
        await wait_until(lambda: _true(not watch.active))
        assert seen == [True, False] and watch.listening
    finally:
        await watch.stop()
    # Without any notification, the periodic re-read.
    polling = MaintenanceWatch(db_pool, database_url, refresh_interval=0.1)
    await polling.start()
    try:
        await other.execute("UPDATE maintenance SET active = true, since = now(), ended_at = NULL")
        await wait_until(lambda: _true(polling.active))
    finally:
        await other.close()
        await polling.stop()


async def _true(value: bool) -> bool:
    return value


async def test_the_claim_takes_nothing_while_maintenance_is_on(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        job = await enqueue(conn, spec_of(SCOREBOARD), scoreboard())
        await set_maintenance(conn, active=True)
        held = await conn.fetch(sql.CLAIM, [], "w1", [SCOREBOARD], 10, 30.0)
        assert held == [] and await conn.fetchval(sql.NEXT_DUE, [SCOREBOARD]) is None
        assert await conn.fetchval("SELECT state FROM jobs WHERE id = $1", job.job_id) == "queued"
        await set_maintenance(conn, active=False)
        claimed = await conn.fetch(sql.CLAIM, [], "w1", [SCOREBOARD], 10, 30.0)
        assert [r["id"] for r in claimed] == [job.job_id]


async def test_a_job_sent_during_maintenance_runs_once_after_it_and_never_during_it(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    runs: list[bool] = []

    async def handler(payload: Any, ctx: JobContext) -> None:
        async with db_pool.acquire() as conn:
            runs.append((await read_maintenance(conn)).active)

    async with db_pool.acquire() as conn:
        await set_maintenance(conn, active=True)
    # A worker wired with nothing about maintenance holds all the same: the claim reads the row.
    worker = await start_worker(db_pool, database_url, registry_with(SCOREBOARD, handler), poll_interval=0.2)
    try:
        async with db_pool.acquire() as conn:
            job = await enqueue(conn, spec_of(SCOREBOARD), scoreboard())
        # Give the worker its NOTIFY and a few polls to (wrongly) run it: a run now would record True.
        await asyncio.sleep(0.6)
        async with db_pool.acquire() as conn:
            await set_maintenance(conn, active=False)
        await wait_until(lambda: _state_is(db_pool, job.job_id, "done"))
    finally:
        await worker.stop(grace=1)
    assert runs == [False]
    assert await db_pool.fetchval("SELECT attempts FROM jobs WHERE id = $1", job.job_id) == 1


async def _state_is(pool: asyncpg.Pool, job_id: int, state: str) -> bool:
    return bool(await pool.fetchval("SELECT state FROM jobs WHERE id = $1", job_id) == state)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_cron_holds_in_every_scheduler_and_fires_a_held_occurrence_once_after(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    # A guild that never fired: the catch-up grace alone would skip an occurrence hours old.
    await db_pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ('1', 'Europe/Berlin')")
    other_pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
    assert other_pool is not None
    clock = FakeClock(datetime(2026, 4, 4, 6, 59, tzinfo=UTC))  # 08:59 in Berlin; due at 09:00 (07:00 UTC)
    a, b = (CronScheduler(pool, seed_schedule_registry(), default_timezone="UTC", clock=clock, schedules=(DAILY,))
            for pool in (db_pool, other_pool))
    try:
        async with db_pool.acquire() as conn:
            await set_maintenance(conn, active=True, changed_by="test")
        clock.now = datetime(2026, 4, 4, 7, 0, 1, tzinfo=UTC)
        assert await a.tick() == ([], None) and await b.tick() == ([], None)
        clock.now = datetime(2026, 4, 4, 9, 30, tzinfo=UTC)  # two and a half hours later, still on
        assert await a.tick() == ([], None) and await b.tick() == ([], None)
        assert await db_pool.fetchval("SELECT count(*) FROM cron_fires") == 0
        async with db_pool.acquire() as conn:
            await set_maintenance(conn, active=False)
        # The row's window is the database's real time; place it around the fake clock's occurrence.
        await db_pool.execute(
            "UPDATE maintenance SET since = '2026-04-04 06:30+00', ended_at = '2026-04-04 09:30+00'"
        )
        fired = await asyncio.gather(a.tick(), b.tick(), a.tick(), b.tick())
        assert sum(len(f) for f, _ in fired) == 1
    finally:
        await other_pool.close()
    rows = await db_pool.fetch("SELECT name, run_at FROM jobs")
    assert [(r["name"], r["run_at"]) for r in rows] == [(DAILY, datetime(2026, 4, 4, 7, 0, tzinfo=UTC))]


async def test_the_job_service_resumes_cron_the_moment_maintenance_ends(
    db_pool: asyncpg.Pool, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="store._job_cron")
    await db_pool.execute("INSERT INTO guild_settings (guild_id) VALUES ('1')")
    watch = MaintenanceWatch(db_pool, database_url)
    async with db_pool.acquire() as conn:
        await set_maintenance(conn, active=True)
    await watch.start()
    # Every minute, so one came due within the catch-up grace whenever the test runs. A tick in maintenance
    # sleeps for the refresh interval (a minute): only the wake-up on the switch makes it tick within the limit.
    registry = JobRegistry()
    registry.add(JobSpec(name="every.minute", payload_type=ScheduledTick, feature="f", action="a", cron="* * * * *"),
                 _nothing)
    service = JobService(db_pool, database_url, registry, default_timezone="UTC", maintenance=watch)
    await service.start()
    try:
        await wait_until(lambda: _true(any(r.getMessage() == "cron holds: maintenance is on" for r in caplog.records)))
        async with db_pool.acquire() as conn:
            await set_maintenance(conn, active=False)
        await wait_until(lambda: _fired(db_pool))
    finally:
        await service.stop(grace=1)
        await watch.stop()


async def _nothing(payload: Any, ctx: JobContext) -> None:
    """The minute's job: nothing to do."""


async def _fired(pool: asyncpg.Pool) -> bool:
    return bool(await pool.fetchval("SELECT count(*) FROM cron_fires"))
