"""The refresh path against real Postgres, the job worker and the Discord emulator: a refresh job is done only
when the message shows the committed state, a change enqueues once, a turn renders only what is not shown yet,
and the guild's settings are part of every projection's version."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import asyncpg
import pytest

from features.duels._board import DUEL_SCOREBOARD
from features.duels._rounds import accept_answer, open_round
from features.duels._store import insert_duel
from features.kernel import PAIR_HOME
from features.kernel._guild_settings import update_guild_settings
from features.kernel._pairs import insert_pair
from features.kernel.testing import ProjectionOwner
from gateway.emulator import LocalDiscord
from gateway.projection import Outcome, ProjectionKind, TurnReport, request_refresh
from gateway.projection._publisher import EDIT_ROUTE, RENDERS
from store import JobRegistry, Worker
from tests._projection import Boards, projection_owner, shown_version
from tests.integration.store._jobs import start_worker, wait_until

pytestmark = pytest.mark.anyio

ENTITY = "e1"


@asynccontextmanager
async def _bot(
    pool: asyncpg.Pool, dsn: str, local: LocalDiscord, **options: Any
) -> AsyncIterator[tuple[ProjectionOwner, ProjectionKind, Boards, Worker]]:
    """One process's projections (the ``board`` kind, refreshed by its job) and a job worker running its
    refresh jobs."""
    boards = Boards(local.demo.general_channel_id)
    kind = boards.kind()
    async with projection_owner(pool, local, [kind], **options) as owner:
        registry = JobRegistry()
        owner.projections.install_jobs(registry)
        worker = await start_worker(pool, dsn, registry)
        try:
            yield owner, kind, boards, worker
        finally:
            await worker.stop(5.0)


async def _change(pool: asyncpg.Pool, kind: ProjectionKind, boards: Boards, guild: str) -> int:
    """A change of the entity and its refresh request, committed together; returns the refresh job's id."""
    version = boards[ENTITY].bump()
    async with pool.acquire() as conn, conn.transaction():
        await request_refresh(conn, [kind.ref(guild, ENTITY)], reason=f"change {version}")
        return int(await conn.fetchval("SELECT max(id) FROM jobs"))


def _shown(local: LocalDiscord) -> int | None:
    messages = local.driver.channel_messages(local.demo.general_channel_id)
    assert len(messages) <= 1, messages
    return shown_version(messages[0]) if messages else None


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(403, "refused"), (429, "rate_limited")],  # a refusal; a 429 longer than the turn waits out
)
async def test_a_refresh_job_is_done_only_once_the_message_shows_the_committed_version(
    db_pool: asyncpg.Pool, database_url: str, local: LocalDiscord, status: int, outcome: str
) -> None:
    guild = local.demo.guild_id
    async with _bot(db_pool, database_url, local, rate_limit_budget_s=0.1) as (_, kind, boards, _worker):
        first = await _change(db_pool, kind, boards, guild)
        await wait_until(lambda: _state_is(db_pool, first, "done"))
        assert _shown(local) == 1  # done already means shown: no waiting for the actor

        local.emulator.inject(status, method="PATCH", template=EDIT_ROUTE[1], times=2, retry_after=1.0)
        job = await _change(db_pool, kind, boards, guild)
        samples: list[tuple[str, int, str | None, int | None]] = []

        async def sample() -> bool:
            row = await db_pool.fetchrow("SELECT state, attempts, last_error FROM jobs WHERE id = $1", job)
            assert row is not None
            samples.append((row["state"], row["attempts"], row["last_error"], _shown(local)))
            return bool(row["state"] == "done")

        await wait_until(sample, limit=30)
    # The job failed twice (Discord would not show it) while the message still showed the old version,
    # retried with its policy, and was acknowledged only once the message showed the committed version.
    assert all(shown == 2 for state, _, _, shown in samples if state == "done")
    retried = [s for s in samples if s[0] == "failed"]
    assert retried and all(shown == 1 for *_, shown in retried)
    assert f"not shown: {outcome}" in str(retried[-1][2])
    assert samples[-1][:2] == ("done", 3)


async def _state_is(pool: asyncpg.Pool, job_id: int, state: str) -> bool:
    return bool(await pool.fetchval("SELECT state = $2 FROM jobs WHERE id = $1", job_id, state))


async def test_a_cheap_skip_reads_the_version_and_renders_nothing(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    guild = local.demo.guild_id
    boards = Boards(local.demo.general_channel_id)
    kind = boards.kind()
    ref = kind.ref(guild, ENTITY)
    async with projection_owner(db_pool, local, [kind]) as owner:
        board = boards[ENTITY]
        board.bump()
        assert await owner.projections.show(ref) == TurnReport(Outcome.SHOWN, 1)
        assert (board.reads, board.renders) == (1, 1)

        requests = len(local.emulator.requests)
        skips = RENDERS.labels("board", "skip")._value.get()
        for _ in range(3):
            assert await owner.projections.show(ref) == TurnReport(Outcome.ALREADY_SHOWN, 1)
        assert (board.reads, board.renders) == (4, 1)  # three version reads, no render
        assert len(local.emulator.requests) == requests
        assert RENDERS.labels("board", "skip")._value.get() == skips + 3

        board.bump()
        assert await owner.projections.show(ref) == TurnReport(Outcome.SHOWN, 2)
        assert (board.reads, board.renders) == (5, 2)  # one render per turn that edits, after the waits
        board.gone = True
        assert await owner.projections.show(ref) == TurnReport(Outcome.GONE)
        assert board.renders == 2
    assert _shown(local) == 2


async def test_refreshes_coalesced_into_one_turn_are_all_answered_by_it(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    guild = local.demo.guild_id
    boards = Boards(local.demo.general_channel_id)
    kind = boards.kind()
    async with projection_owner(db_pool, local, [kind], debounce_s=0.2, max_delay_s=0.5) as owner:
        boards[ENTITY].bump()
        reports: list[TurnReport] = []

        async def ask() -> None:
            reports.append(await owner.projections.show(kind.ref(guild, ENTITY)))

        async with anyio.create_task_group() as tg:
            for _ in range(10):
                tg.start_soon(ask)
    assert reports == [TurnReport(Outcome.SHOWN, 1)] * 10  # one turn, ten answers
    assert boards[ENTITY].renders == 1


async def test_a_duel_answer_enqueues_both_projections_in_one_statement_with_one_notify(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    guild = "100000000000000001"
    async with db_pool.acquire() as conn, conn.transaction():
        pair = await insert_pair(conn, guild_id=guild, member1="11", member2="12", channel_id="901")
        duel = await insert_duel(conn, guild_id=guild, public_channel_id="900")
        assert duel is not None
        opening = await open_round(conn, guild, 5)
        assert opening.round is not None
    await db_pool.execute("DELETE FROM jobs")

    notified: list[str] = []
    listener = await asyncpg.connect(database_url)
    try:
        await listener.add_listener("together_jobs", lambda *args: notified.append(str(args[-1])))
        statements: list[str] = []
        async with db_pool.acquire() as conn:
            conn.add_query_logger(lambda record: statements.append(record.query))
            async with conn.transaction():
                await accept_answer(conn, round_id=opening.round.id, pair=pair, user_id="11", answer="we cook")
        await wait_until(lambda: _notified(notified))
        await asyncio.sleep(0.3)  # a second NOTIFY would have arrived by now
    finally:
        await listener.close()
    assert len(notified) == 1
    assert sum("INSERT INTO jobs" in query for query in statements) == 1
    jobs = await db_pool.fetch("SELECT name, coalesce_key FROM jobs ORDER BY name")
    assert [(j["name"], j["coalesce_key"]) for j in jobs] == [
        ("duel.scoreboard.refresh", f"projection:{DUEL_SCOREBOARD.name}:{guild}:{duel.id}"),
        ("pair.home.refresh", f"projection:{PAIR_HOME.name}:{guild}:{pair.id}"),
    ]


async def _notified(notified: list[str]) -> bool:
    return bool(notified)


async def test_a_settings_change_makes_the_projection_stale_and_its_refresh_renders_it_again(
    db_pool: asyncpg.Pool, database_url: str, local: LocalDiscord
) -> None:
    guild = local.demo.guild_id
    async with _bot(db_pool, database_url, local) as (_, kind, boards, _worker):
        first = await _change(db_pool, kind, boards, guild)
        await wait_until(lambda: _state_is(db_pool, first, "done"))
        message = local.driver.channel_messages(local.demo.general_channel_id)[0]
        assert "(en)" not in str(message["components"])
        renders = boards[ENTITY].renders

        # The entity did not change; only the guild's settings did, with the refresh in the same transaction.
        async with db_pool.acquire() as conn, conn.transaction():
            await update_guild_settings(conn, guild, {"locale": "en"})
            await request_refresh(conn, [kind.ref(guild, ENTITY)], reason="locale")
            job = int(await conn.fetchval("SELECT max(id) FROM jobs"))
        await wait_until(lambda: _state_is(db_pool, job, "done"))
        message = local.driver.channel_messages(local.demo.general_channel_id)[0]
        assert "state 1 (en)" in str(message["components"])
        assert boards[ENTITY].renders == renders + 1
