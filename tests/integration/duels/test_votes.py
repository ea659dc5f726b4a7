"""Questions, the reveal and the vote over a real database: a duel never draws a bank question twice, closing
the answers records the reveal and queues the vote's close, a vote is refused for the voter's own pair and
after the vote, a member's concurrent votes leave one, and only counted rounds give the scoreboard points."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import pytest

from features.duels._board import DUEL_SCOREBOARD
from features.duels._questions import question_bank
from features.duels._reveal import ANSWERS_REVEAL
from features.duels._rounds import accept_answer, close_due_round, finish_duel, open_round
from features.duels._rules import VoteOutcome
from features.duels._store import Duel, insert_duel
from features.duels._vote import VoteResult, cast_vote
from features.kernel import EffectRunner, Services
from features.kernel._guild_settings import GuildSettings
from features.kernel._pairs import Pair, insert_pair
from features.kernel.testing import unit_services
from gateway.testing import RecordingDiscordRest

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"


async def _setup(pool: asyncpg.Pool) -> tuple[Duel, Pair, Pair]:
    await pool.execute("INSERT INTO guild_settings (guild_id, locale) VALUES ($1, 'en')", GUILD)
    async with pool.acquire() as conn, conn.transaction():
        first = await insert_pair(conn, guild_id=GUILD, member1="11", member2="12", channel_id="901")
        second = await insert_pair(conn, guild_id=GUILD, member1="13", member2="14", channel_id="902")
        duel = await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
    assert duel is not None
    return duel, first, second


async def _row(pool: asyncpg.Pool, sql: str, *args: Any) -> asyncpg.Record:
    found = await pool.fetchrow(sql, *args)
    assert found is not None
    return found


async def _overdue(pool: asyncpg.Pool) -> None:
    await pool.execute(
        "UPDATE duel_rounds SET started_at = now() - interval '10 minutes', ends_at = now() WHERE status = 'active'"
    )


async def _vote(pool: asyncpg.Pool, round_id: uuid.UUID, user: str, choice: uuid.UUID) -> VoteResult | None:
    async with pool.acquire() as conn, conn.transaction():
        return await cast_vote(conn, guild_id=GUILD, round_id=round_id, user_id=user, choice=choice)


async def test_a_duel_never_draws_a_bank_question_twice(db_pool: asyncpg.Pool) -> None:
    await _setup(db_pool)
    bank = question_bank()
    for _ in bank:
        await _overdue(db_pool)  # the next start closes the previous round itself
        async with db_pool.acquire() as conn, conn.transaction():
            opening = await open_round(conn, GUILD, 5, locale="ru")
        assert opening.started and opening.round is not None
    keys = [r["question_key"] for r in await db_pool.fetch("SELECT question_key FROM duel_rounds")]
    assert sorted(keys) == sorted(q.key for q in bank)  # every question once
    questions = {r["question"] for r in await db_pool.fetch("SELECT question FROM duel_rounds")}
    assert questions == {q.ru for q in bank}  # in the guild's language
    await _overdue(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        exhausted = await open_round(conn, GUILD, 5)
    assert exhausted.out_of_questions and not exhausted.started
    async with db_pool.acquire() as conn, conn.transaction():
        own = await open_round(conn, GUILD, 5, question="Who cooks better, and why?")
    assert own.started and own.round is not None and own.round.question_key is None
    assert own.round.question == "Who cooks better, and why?"


async def test_a_round_is_revealed_voted_on_and_counted_once(db_pool: asyncpg.Pool) -> None:
    duel, first, second = await _setup(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        opening = await open_round(conn, GUILD, 5, question="What is our song?")
        assert opening.round is not None
        round_id = opening.round.id
        await accept_answer(conn, round_id=round_id, pair=first, user_id="11", answer="Ours is jazz")
        await accept_answer(conn, round_id=round_id, pair=second, user_id="14", answer="Anything by ABBA")
    answers = {r["pair_id"]: r["id"] for r in await db_pool.fetch("SELECT id, pair_id FROM duel_submissions")}
    assert await _vote(db_pool, round_id, "99", answers[first.id]) is not None
    assert await db_pool.fetchval("SELECT count(*) FROM duel_votes") == 0  # no vote while answers are open

    await _overdue(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        closed = await close_due_round(conn, duel.id, 1)
    assert closed.outcome == "closed" and len(closed.reveal_ids) == 1
    reveal = await _row(db_pool, "SELECT kind, channel_id FROM scheduled_posts WHERE id = $1", closed.reveal_ids[0])
    assert dict(reveal) == {"kind": "duel_answers_reveal", "channel_id": "900"}
    votes_job = await _row(db_pool,
        "SELECT run_at FROM jobs WHERE name = 'duel.round.close' AND payload->>'phase' = 'votes'"
    )
    round_row = await _row(db_pool, "SELECT votes_end_at, counted_at FROM duel_rounds")
    assert votes_job["run_at"] == round_row["votes_end_at"] and round_row["counted_at"] is None

    rest = RecordingDiscordRest()
    services = unit_services(pool=db_pool, rest=rest)
    services = Services(**{**services.__dict__, "effects": EffectRunner({ANSWERS_REVEAL.name: ANSWERS_REVEAL})})
    posted = await services.effects.perform(services, closed.reveal_ids[0])
    assert posted.status == "sent"
    (call,) = [c for c in rest.calls if c.op == "create_message"]
    body = str(call.args[1])
    assert "What is our song?" in body and "Ours is jazz" in body and "Anything by ABBA" in body
    assert "**A.**" in body and "**B.**" in body
    assert not any(user in body for user in ("<@11>", "<@12>", "<@13>", "<@14>", str(first.id), str(second.id)))

    own = await _vote(db_pool, round_id, "12", answers[first.id])
    assert own is not None and own.outcome is VoteOutcome.OWN_PAIR
    assert await db_pool.fetchval("SELECT count(*) FROM duel_votes") == 0
    assert await _vote(db_pool, round_id, "12", uuid.uuid4()) is None  # not an answer of this round
    # One member clicking two answers at once: one vote stays, for one of them.
    both = await asyncio.gather(
        _vote(db_pool, round_id, "77", answers[first.id]), _vote(db_pool, round_id, "77", answers[second.id])
    )
    assert all(result is not None for result in both)
    assert await db_pool.fetchval("SELECT count(*) FROM duel_votes WHERE user_id = '77'") == 1
    for user in ("12", "78", "79"):
        result = await _vote(db_pool, round_id, user, answers[second.id])
        assert result is not None and result.outcome is VoteOutcome.COUNTED
    await db_pool.execute("UPDATE duel_votes SET submission_id = $1 WHERE user_id = '77'", answers[first.id])

    async with db_pool.acquire() as conn, conn.transaction():
        early = await close_due_round(conn, duel.id, 1, "votes")
    assert early.outcome == "rescheduled"  # never before the vote's end
    board_before = await _board(db_pool, duel)
    assert "No round counted yet" in board_before and "Voting on the answers of round #1" in board_before

    await db_pool.execute("UPDATE duel_rounds SET votes_end_at = now()")
    async with db_pool.acquire() as conn, conn.transaction():
        counted = await close_due_round(conn, duel.id, 1, "votes")
    async with db_pool.acquire() as conn, conn.transaction():
        again = await close_due_round(conn, duel.id, 1, "votes")
    assert (counted.outcome, again.outcome) == ("counted", "already_closed")
    late = await _vote(db_pool, round_id, "80", answers[first.id])
    assert late is not None and late.outcome is VoteOutcome.CLOSED

    board = await _board(db_pool, duel)
    assert "1. <@13> and <@14>: **3** points" in board and "2. <@11> and <@12>: **1** point" in board
    assert "1 round counted: #1" in board

    refused = await services.effects.perform(services, (await _record_again(db_pool, closed.reveal_ids[0])))
    assert refused.status == "failed" and "vote is over" in str(refused.last_error)


async def _record_again(pool: asyncpg.Pool, effect_id: uuid.UUID) -> uuid.UUID:
    """A reveal still pending when the vote closed (its first attempt lost): reset it to pending."""
    await pool.execute(
        "UPDATE scheduled_posts SET status = 'pending', result = NULL, published_message_id = NULL WHERE id = $1",
        effect_id,
    )
    return effect_id


async def _board(pool: asyncpg.Pool, duel: Duel) -> str:
    settings = GuildSettings(guild_id=GUILD, locale="en")
    services: Any = None
    async with pool.acquire() as conn:
        snapshot = await DUEL_SCOREBOARD.load(services, conn, settings, str(duel.id))
    assert snapshot is not None
    return str(snapshot.body)


async def test_ending_a_duel_reveals_its_open_round_and_a_round_nobody_answered_counts_at_once(
    db_pool: asyncpg.Pool,
) -> None:
    duel, first, _ = await _setup(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        opening = await open_round(conn, GUILD, 5)
    await _overdue(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        assert (await close_due_round(conn, duel.id, 1)).outcome == "closed"
    silent = await _row(db_pool, "SELECT counted_at FROM duel_rounds WHERE round_no = 1")
    assert silent["counted_at"] is not None  # nothing to vote on
    async with db_pool.acquire() as conn, conn.transaction():
        second = await open_round(conn, GUILD, 5)
        assert second.round is not None
        await accept_answer(conn, round_id=second.round.id, pair=first, user_id="11", answer="an answer")
    async with db_pool.acquire() as conn, conn.transaction():
        assert await finish_duel(conn, GUILD) is not None
    row = await _row(db_pool, "SELECT status, votes_end_at, counted_at FROM duel_rounds WHERE round_no = 2")
    assert row["status"] == "closed" and row["votes_end_at"] is not None and row["counted_at"] is None
    assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts WHERE kind = 'duel_answers_reveal'") == 1
    assert opening.round is not None
