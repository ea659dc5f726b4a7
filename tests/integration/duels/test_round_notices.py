"""Round notices as effects over a real database: recorded with the round (one per active pair room, keyed so a
repeat records nothing), posted with the effect's nonce in the guild's language, refused once the round takes
no answers or the pair is gone, and performed a few at a time."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from features.duels._ids import duel_answer_id
from features.duels._notices import NOTICE_CONCURRENCY, ROUND_NOTICE, notice_key, perform_notices, record_round_notices
from features.duels._rounds import RoundOpening, finish_duel, open_round
from features.duels._store import insert_duel
from features.kernel import EffectRunner, Services
from features.kernel._pairs import Pair, insert_pair
from features.kernel.testing import unit_services
from gateway.testing import RecordingDiscordRest

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"


def _services(pool: asyncpg.Pool, rest: RecordingDiscordRest) -> Services:
    services = unit_services(pool=pool, rest=rest)
    runner = EffectRunner({ROUND_NOTICE.name: ROUND_NOTICE}, lease_seconds=30.0)
    return Services(**{**services.__dict__, "effects": runner})


async def _pairs(pool: asyncpg.Pool, count: int = 2) -> list[Pair]:
    async with pool.acquire() as conn:
        return [
            await insert_pair(conn, guild_id=GUILD, member1=str(10 + 2 * i), member2=str(11 + 2 * i),
                              channel_id=str(901 + i))
            for i in range(count)
        ]


async def _open(pool: asyncpg.Pool) -> RoundOpening:
    async with pool.acquire() as conn, conn.transaction():
        assert await insert_duel(conn, guild_id=GUILD, public_channel_id="900") is not None
        opening = await open_round(conn, GUILD, 5, notices_backstop_after=30.0)
    assert opening.started and opening.round is not None
    return opening


async def test_opening_a_round_records_one_notice_per_active_pair_room_and_a_repeat_records_nothing(
    db_pool: asyncpg.Pool,
) -> None:
    first, second, gone = await _pairs(db_pool, 3)
    await db_pool.execute("UPDATE pairs SET status = 'closed' WHERE id = $1", gone.id)
    opening = await _open(db_pool)
    assert opening.round is not None
    rows = await db_pool.fetch(
        "SELECT id, kind, channel_id, payload, idempotency_key, status FROM scheduled_posts ORDER BY channel_id"
    )
    assert [(r["kind"], r["channel_id"], r["status"]) for r in rows] == [
        ("duel_round_notice", first.private_channel_id, "pending"),
        ("duel_round_notice", second.private_channel_id, "pending"),
    ]
    assert [r["idempotency_key"] for r in rows] == [notice_key(opening.round.id, p.id) for p in (first, second)]
    assert sorted(r["id"] for r in rows) == sorted(opening.notice_ids)
    # The backstop job of each notice waits one lease: the handler performs them first.
    jobs = await db_pool.fetch(
        "SELECT coalesce_key, run_at > now() + interval '20 seconds' AS later FROM jobs"
        " WHERE name = 'public.post.publish'"
    )
    assert sorted(j["coalesce_key"] for j in jobs) == sorted(f"public-post:{i}" for i in opening.notice_ids)
    assert all(j["later"] for j in jobs)

    async with db_pool.acquire() as conn, conn.transaction():
        again = await record_round_notices(conn, GUILD, opening.round, [first, second], backstop_after=30.0)
    assert sorted(e.id for e in again) == sorted(opening.notice_ids)
    assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts") == 2
    assert await db_pool.fetchval("SELECT count(*) FROM jobs WHERE name = 'public.post.publish'") == 2


async def test_a_rolled_back_round_leaves_no_notice(db_pool: asyncpg.Pool) -> None:
    await _pairs(db_pool)
    with pytest.raises(RuntimeError):
        async with db_pool.acquire() as conn, conn.transaction():
            await insert_duel(conn, guild_id=GUILD, public_channel_id="900")
            await open_round(conn, GUILD, 5)
            raise RuntimeError("the handler died before the commit")
    assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts") == 0
    assert await db_pool.fetchval("SELECT count(*) FROM jobs") == 0


async def test_a_notice_is_posted_once_with_its_nonce_and_the_pairs_answer_button(db_pool: asyncpg.Pool) -> None:
    first, _ = await _pairs(db_pool)
    await db_pool.execute("INSERT INTO guild_settings (guild_id, locale) VALUES ($1, 'en')", GUILD)
    opening = await _open(db_pool)
    assert opening.round is not None
    rest = RecordingDiscordRest()
    services = _services(db_pool, rest)
    done = await perform_notices(services, list(opening.notice_ids))
    assert {e.status for e in done} == {"sent"}
    posts = {call.args[0]: call.args[1] for call in rest.calls if call.op == "create_message"}
    assert len(rest.calls) == 2 and set(posts) == {"901", "902"}
    body = posts[first.private_channel_id]
    notice = next(e for e in done if e.channel_id == first.private_channel_id)
    assert body["nonce"] == notice.nonce and body["enforce_nonce"] is True
    assert duel_answer_id(opening.round.id, first.id) in str(body)  # the pair's own answer button
    assert "Round #1" in str(body)  # worded in the guild's language when posted
    # Performing them again (the backstop job after the handler) posts nothing more.
    again = await perform_notices(services, list(opening.notice_ids))
    assert {e.status for e in again} == {"sent"} and rest.count("create_message") == 2


@pytest.mark.parametrize("how", ["closed", "overdue", "duel_ended"])
async def test_a_notice_of_a_round_that_no_longer_takes_answers_is_refused_not_posted(
    db_pool: asyncpg.Pool, how: str
) -> None:
    await _pairs(db_pool)
    opening = await _open(db_pool)
    if how == "closed":
        await db_pool.execute("UPDATE duel_rounds SET status = 'closed', closed_at = now()")
    elif how == "overdue":  # its time is up; the close job has not run yet
        await db_pool.execute("UPDATE duel_rounds SET started_at = now() - interval '10 minutes', ends_at = now()")
    else:
        async with db_pool.acquire() as conn, conn.transaction():
            await finish_duel(conn, GUILD)
    rest = RecordingDiscordRest()
    done = await perform_notices(_services(db_pool, rest), list(opening.notice_ids))
    assert {e.status for e in done} == {"failed"}
    assert all("EffectRefused" in str(e.last_error) and "closed" in str(e.last_error) for e in done)
    assert rest.count("create_message") == 0


async def test_a_notice_to_a_pair_that_closed_meanwhile_is_refused(db_pool: asyncpg.Pool) -> None:
    first, second = await _pairs(db_pool)
    opening = await _open(db_pool)
    await db_pool.execute("UPDATE pairs SET status = 'closed' WHERE id = $1", first.id)
    rest = RecordingDiscordRest()
    done = {e.channel_id: e for e in await perform_notices(_services(db_pool, rest), list(opening.notice_ids))}
    assert done[first.private_channel_id].status == "failed"
    assert "pair is gone" in str(done[first.private_channel_id].last_error)
    assert done[second.private_channel_id].status == "sent"
    assert [call.args[0] for call in rest.calls] == [second.private_channel_id]


async def test_notices_are_performed_at_most_a_few_at_a_time(db_pool: asyncpg.Pool) -> None:
    await _pairs(db_pool, NOTICE_CONCURRENCY * 2 + 3)
    opening = await _open(db_pool)
    in_flight, most = 0, 0
    full = asyncio.Event()

    class Counting(RecordingDiscordRest):
        async def create_message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            if in_flight == NOTICE_CONCURRENCY:
                full.set()
            await full.wait()  # the first calls wait until as many are in flight as the performer allows
            in_flight -= 1
            return await super().create_message(channel_id, body)

    rest = Counting()
    # A hang guard, not a timing bound: fewer than NOTICE_CONCURRENCY at once would never fill the gate.
    done = await asyncio.wait_for(perform_notices(_services(db_pool, rest), list(opening.notice_ids)), 60)
    assert {e.status for e in done} == {"sent"} and rest.count("create_message") == len(opening.notice_ids)
    assert most == NOTICE_CONCURRENCY

