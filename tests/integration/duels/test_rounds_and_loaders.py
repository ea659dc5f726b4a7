"""Duel state changes and the two projection loaders against a real database."""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace
from typing import Any

import asyncpg
import pytest

from features.duels._board import DUEL_SCOREBOARD
from features.duels._pair_home import DUEL_SECTION
from features.duels._rounds import RoundOpening, accept_answer, close_due_round, finish_duel, open_round
from features.duels._rules import SubmissionOutcome
from features.duels._store import insert_duel
from features.kernel._guild_settings import GuildSettings
from features.kernel._pairs import Pair, insert_pair
from features.pairs._home import pair_home_projection
from gateway.projection import ProjectionKind, Snapshot

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
#: The Pair Home panel with the sections the bot installs (the duel's is the only one so far).
PAIR_HOME = pair_home_projection([DUEL_SECTION])


def _services(pool: asyncpg.Pool) -> Any:
    return SimpleNamespace(pool=pool, default_timezone="Asia/Almaty")


async def _load(pool: asyncpg.Pool, kind: ProjectionKind, guild_id: str, entity_id: str) -> Snapshot | None:
    """The kind's version read and render from one snapshot, as a projection turn makes them; the version read
    must count exactly what the render shows."""
    settings = GuildSettings(guild_id=guild_id, locale="en")
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        stamp = await kind.version(conn, guild_id, entity_id)
        snapshot = await kind.load(_services(pool), conn, settings, entity_id)
    if stamp is None or snapshot is None:
        assert stamp is None and snapshot is None, (stamp, snapshot)
        return None
    assert (stamp.channel_id, stamp.version) == (snapshot.channel_id, snapshot.version)
    return snapshot


async def _pairs(pool: asyncpg.Pool) -> tuple[Pair, Pair]:
    async with pool.acquire() as conn:
        first = await insert_pair(conn, guild_id=GUILD, member1="11", member2="12", channel_id="901")
        second = await insert_pair(conn, guild_id=GUILD, member1="13", member2="14", channel_id="902")
    return first, second


async def _jobs(pool: asyncpg.Pool, name: str) -> list[asyncpg.Record]:
    async with pool.acquire() as conn:
        return list(await conn.fetch("SELECT * FROM jobs WHERE name = $1 ORDER BY id", name))


async def test_a_close_job_never_closes_early_and_closes_once(db_pool: asyncpg.Pool) -> None:
    await _pairs(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        duel = await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
        assert duel is not None
        opening = await open_round(conn, GUILD, 5)
    assert opening.started and opening.round is not None
    assert len(await _jobs(db_pool, "duel.round.close")) == 1

    async with db_pool.acquire() as conn:  # a worker claimed the job (say the clocks disagree)
        await conn.execute("UPDATE jobs SET state = 'active' WHERE name = 'duel.round.close'")
    async with db_pool.acquire() as conn, conn.transaction():
        early = await close_due_round(conn, duel.id, 1)
    assert early.outcome == "rescheduled"  # delivered before the end: the round stays open
    async with db_pool.acquire() as conn:
        assert await conn.fetchval("SELECT status FROM duel_rounds") == "active"
    queued = [j for j in await _jobs(db_pool, "duel.round.close") if j["state"] == "queued"]
    assert len(queued) == 1 and queued[0]["run_at"] == opening.round.ends_at  # again, at the round's end
    async with db_pool.acquire() as conn:
        await conn.execute("UPDATE duel_rounds SET started_at = now() - interval '10 minutes', ends_at = now()")

    async with db_pool.acquire() as conn, conn.transaction():
        assert (await close_due_round(conn, duel.id, 1)).outcome == "closed"
    async with db_pool.acquire() as conn, conn.transaction():
        assert (await close_due_round(conn, duel.id, 1)).outcome == "already_closed"
    async with db_pool.acquire() as conn, conn.transaction():
        assert (await close_due_round(conn, duel.id, 7)).outcome == "missing"


async def test_an_overdue_round_does_not_block_the_next_one(db_pool: asyncpg.Pool) -> None:
    await _pairs(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
        await open_round(conn, GUILD, 5)
        still_running = await open_round(conn, GUILD, 5)
        assert not still_running.started and still_running.round is not None
        await conn.execute("UPDATE duel_rounds SET started_at = now() - interval '10 minutes', ends_at = now()")
        following = await open_round(conn, GUILD, 5)
    assert following.started and following.round is not None and following.round.round_no == 2


async def test_scoreboard_ranks_pairs_and_an_ended_duel_renders_as_ended(db_pool: asyncpg.Pool) -> None:
    first, second = await _pairs(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        duel = await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
        assert duel is not None
        opening = await open_round(conn, GUILD, 5)
        assert opening.round is not None
        assert await accept_answer(conn, round_id=opening.round.id, pair=second, user_id="13", answer="x" * 9)
        assert await accept_answer(conn, round_id=opening.round.id, pair=first, user_id="11", answer="hi")

    running = await _load(db_pool, DUEL_SCOREBOARD, GUILD, str(duel.id))
    assert running is not None and running.channel_id == "900"
    text = str(running.body)
    # Answers alone give no points (votes of counted rounds do): both pairs share the first place.
    assert "<@13>" in text and "<@11>" in text and text.count("**0** points (shared place)") == 2
    assert "in progress" in text and "Round #1 is on" in text

    async with db_pool.acquire() as conn, conn.transaction():
        await finish_duel(conn, GUILD)
    ended = await _load(db_pool, DUEL_SCOREBOARD, GUILD, str(duel.id))
    assert ended is not None and ended.version > running.version
    assert "finished" in str(ended.body) and "Final results" in str(ended.body)
    assert "t1:duel_board:how:" not in str(ended.body)
    assert await _load(db_pool, DUEL_SCOREBOARD, GUILD, str(uuid.uuid4())) is None


async def test_pair_home_shows_the_round_and_its_version_grows(db_pool: asyncpg.Pool) -> None:
    first, _ = await _pairs(db_pool)
    before = await _load(db_pool, PAIR_HOME, GUILD, str(first.id))
    assert before is not None and before.channel_id == "901"
    assert "none running" in str(before.body)

    async with db_pool.acquire() as conn, conn.transaction():
        await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
        opening = await open_round(conn, GUILD, 5)
    assert opening.round is not None
    open_panel = await _load(db_pool, PAIR_HOME, GUILD, str(first.id))
    assert open_panel is not None and open_panel.version > before.version
    assert "t1:duel:answer:" in str(open_panel.body)

    async with db_pool.acquire() as conn, conn.transaction():
        await accept_answer(conn, round_id=opening.round.id, pair=first, user_id="12", answer="we did it")
    answered = await _load(db_pool, PAIR_HOME, GUILD, str(first.id))
    assert answered is not None and answered.version > open_panel.version
    assert "answer sent" in str(answered.body) and "t1:pair_home:duel_info:" in str(answered.body)
    assert await _load(db_pool, PAIR_HOME, "999", str(first.id)) is None  # another guild's pair


async def _close(pool: asyncpg.Pool, duel_id: uuid.UUID, round_no: int) -> str:
    async with pool.acquire() as conn, conn.transaction():
        return (await close_due_round(conn, duel_id, round_no)).outcome


async def _answer(pool: asyncpg.Pool, round_id: uuid.UUID, pair: Pair, user: str) -> SubmissionOutcome:
    async with pool.acquire() as conn, conn.transaction():
        return await accept_answer(conn, round_id=round_id, pair=pair, user_id=user, answer="too late")


async def _open(pool: asyncpg.Pool) -> RoundOpening:
    async with pool.acquire() as conn, conn.transaction():
        return await open_round(conn, GUILD, 5)


async def test_closing_starting_and_answering_at_once_never_deadlock(db_pool: asyncpg.Pool) -> None:
    first, second = await _pairs(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        duel = await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
    assert duel is not None
    current = (await _open(db_pool)).round
    for _ in range(6):
        assert current is not None
        async with db_pool.acquire() as conn:  # the round's time is up
            await conn.execute(
                "UPDATE duel_rounds SET started_at = now() - interval '10 minutes', ends_at = now() WHERE id = $1",
                current.id,
            )
        closed, late1, late2, following = await asyncio.gather(
            _close(db_pool, duel.id, current.round_no),
            _answer(db_pool, current.id, first, "11"),
            _answer(db_pool, current.id, second, "13"),
            _open(db_pool),  # closes the overdue round itself if it gets there first
        )
        assert closed in ("closed", "already_closed")
        assert late1 == late2 == SubmissionOutcome.ROUND_CLOSED
        assert following.started and following.round is not None
        assert following.round.round_no == current.round_no + 1
        current = following.round
    async with db_pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM duel_rounds WHERE status = 'active'") == 1
        assert await conn.fetchval("SELECT count(*) FROM duel_submissions") == 0
