"""/repair end to end: one message edited at each step by the session's actor, driven by delayed tick jobs;
a restart between ticks, a deleted message or room, a second flow and people outside the pair."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import msgspec
import pytest

from actors import ActorError
from features import install_features
from features.kernel._host import FeatureHost
from features.mediator._content import default_repair_steps
from features.mediator._jobs import MediatorRepairTick
from gateway.emulator import LocalDiscord, start_local_emulator
from gateway.i18n import default_translator
from store import JobContext
from tests._bot import LiveBot, live_bot
from tests.acceptance._members import RoomPair, acked, answered, eventually, make_pair, message_text
from together._runtime import BotOptions

pytestmark = pytest.mark.anyio

TR = default_translator()
STEPS = default_repair_steps()


async def _start(bot: LiveBot, pair: RoomPair, who: str = "alice") -> list[str]:
    rec = await acked(bot, await bot.driver.run_command(who, "repair", channel_id=pair.room_id))
    return await answered(bot, rec)


async def _session(pool: asyncpg.Pool) -> asyncpg.Record:
    row = await pool.fetchrow("SELECT * FROM mediator_repair_sessions ORDER BY started_at DESC LIMIT 1")
    assert row is not None
    return row


async def _ticks(pool: asyncpg.Pool) -> list[asyncpg.Record]:
    return list(
        await pool.fetch("SELECT state, attempts, payload FROM jobs WHERE name = 'mediator.repair.tick' ORDER BY id")
    )


async def _session_settles(pool: asyncpg.Pool, status: str, *, within: float = 30.0) -> None:
    """Wait until the session has ``status`` and no tick job is still running: the session ends inside a tick's
    turn, and the worker records that job as done just after."""

    async def settled() -> bool:
        ticks = await _ticks(pool)
        return (await _session(pool))["status"] == status and all(t["state"] != "active" for t in ticks)

    await eventually(settled, within=within)


@pytest.fixture
async def slow_bot(db_pool: asyncpg.Pool, database_url: str) -> AsyncIterator[LiveBot]:
    """The bot with a step long enough that a test acts (deletes, races) before the first tick, however
    loaded the machine is."""
    async with live_bot(db_pool, database_url, BotOptions(repair_step_seconds=4.0)) as bot:
        yield bot


def _shows_step(message: dict[str, object], step: int) -> bool:
    return STEPS[step - 1].ru.title in message_text(message)


async def test_full_timeline_edits_one_message_three_times(live: LiveBot) -> None:
    pair = await make_pair(live)
    assert await _start(live, pair) == [TR.text("ru", "repair.reply.started")]
    (message,) = live.driver.channel_messages(pair.room_id)
    assert _shows_step(message, 1)

    await _session_settles(live.pool, "completed")
    (message,) = live.driver.channel_messages(pair.room_id)
    assert _shows_step(message, 4) and TR.text("ru", "repair.complete") in message_text(message)
    assert live.driver.edit_count(message["id"]) == 3
    ticks = await _ticks(live.pool)
    assert [(t["state"], t["attempts"]) for t in ticks] == [("done", 1)] * 3
    session = await _session(live.pool)
    assert session["current_step"] == 4 and session["ended_at"] is not None

    # A finished flow does not block the next one.
    assert await _start(live, pair, "bob") == [TR.text("ru", "repair.reply.started")]
    assert len(live.driver.channel_messages(pair.room_id)) == 2


async def test_two_repairs_at_once_start_one_flow(slow_bot: LiveBot) -> None:
    pair = await make_pair(slow_bot)
    both = await asyncio.gather(_start(slow_bot, pair, "alice"), _start(slow_bot, pair, "bob"))
    assert sorted(both) == sorted(
        [[TR.text("ru", "repair.reply.started")], [TR.text("ru", "repair.reply.already_active")]]
    )
    assert len(slow_bot.driver.channel_messages(pair.room_id)) == 1
    assert await slow_bot.pool.fetchval("SELECT count(*) FROM mediator_repair_sessions") == 1
    assert len(await _ticks(slow_bot.pool)) == 1


async def test_a_session_that_lost_its_ticks_does_not_block_the_pair_for_ever(slow_bot: LiveBot) -> None:
    pair = await make_pair(slow_bot)
    await _start(slow_bot, pair)
    # Its jobs are gone (say, a database restored from a backup) and its timeline is long over.
    await slow_bot.pool.execute("DELETE FROM jobs WHERE name = 'mediator.repair.tick'")
    await slow_bot.pool.execute("UPDATE mediator_repair_sessions SET started_at = now() - interval '1 hour'")
    assert await _start(slow_bot, pair, "bob") == [TR.text("ru", "repair.reply.started")]
    statuses = await slow_bot.pool.fetch("SELECT status, end_reason FROM mediator_repair_sessions ORDER BY started_at")
    assert [tuple(r) for r in statuses] == [("abandoned", "expired"), ("active", None)]


async def test_outside_the_room_or_the_pair_is_refused_with_nothing_written(live: LiveBot) -> None:
    pair = await make_pair(live)
    refusal = TR.text("ru", "repair.reply.run_in_pair_room")
    general = await acked(live, await live.driver.run_command("alice", "repair"))
    assert await answered(live, general) == [refusal]
    assert await _start(live, pair, "carol") == [refusal]
    assert live.driver.channel_messages(pair.room_id) == []
    assert await live.pool.fetchval("SELECT count(*) FROM mediator_repair_sessions") == 0
    assert await _ticks(live.pool) == []


async def test_a_deleted_message_ends_the_session_and_a_new_repair_works(slow_bot: LiveBot) -> None:
    pair = await make_pair(slow_bot)
    await _start(slow_bot, pair)
    (message,) = slow_bot.driver.channel_messages(pair.room_id)
    await slow_bot.driver.delete_message(pair.room_id, message["id"])

    await _session_settles(slow_bot.pool, "abandoned")
    session = await _session(slow_bot.pool)
    assert session["end_reason"] == "message_deleted" and session["current_step"] == 1
    assert [t["state"] for t in await _ticks(slow_bot.pool)] == ["done"]  # no retries, no next tick

    assert await _start(slow_bot, pair) == [TR.text("ru", "repair.reply.started")]
    (fresh,) = slow_bot.driver.channel_messages(pair.room_id)

    async def advanced() -> bool:
        return slow_bot.driver.edit_count(fresh["id"]) >= 1

    await eventually(advanced)


async def test_a_deleted_room_ends_the_session(slow_bot: LiveBot) -> None:
    pair = await make_pair(slow_bot)
    await _start(slow_bot, pair)
    await slow_bot.driver.delete_channel(pair.room_id)

    async def abandoned() -> bool:
        return bool((await _session(slow_bot.pool))["status"] == "abandoned")

    await eventually(abandoned)
    assert (await _session(slow_bot.pool))["end_reason"] == "room_deleted"


async def test_ticks_continue_exactly_once_after_a_restart(db_pool: asyncpg.Pool, database_url: str) -> None:
    options = BotOptions(repair_step_seconds=3.0)
    local: LocalDiscord = await start_local_emulator()
    try:
        async with live_bot(db_pool, database_url, options, local=local) as first:
            pair = await make_pair(first)
            await _start(first, pair)

            async def step_two() -> bool:
                return bool((await _session(db_pool))["current_step"] == 2)

            await eventually(step_two)
        # The first process is gone between ticks; the next tick waits in the queue.
        assert [t["state"] for t in await _ticks(db_pool)] == ["done", "queued"]

        async with live_bot(db_pool, database_url, options, local=local) as second:

            async def completed() -> bool:
                return bool((await _session(db_pool))["status"] == "completed")

            await eventually(completed)
            (message,) = second.driver.channel_messages(pair.room_id)
            assert _shows_step(message, 4)
            assert second.driver.edit_count(message["id"]) == 3
        ticks = await _ticks(db_pool)
        assert [(t["state"], t["attempts"]) for t in ticks] == [("done", 1)] * 3
    finally:
        await local.close()


EDIT_ROUTE = "/channels/{channel_id}/messages/{message_id}"


async def test_a_failed_edit_fails_the_job_and_its_retry_shows_the_step_once(live: LiveBot) -> None:
    live.local.emulator.inject(503, method="PATCH", template=EDIT_ROUTE, times=1)
    pair = await make_pair(live)
    await _start(live, pair)

    await _session_settles(live.pool, "completed", within=60.0)
    assert [(t["state"], t["attempts"]) for t in await _ticks(live.pool)] == [("done", 2), ("done", 1), ("done", 1)]
    (message,) = live.driver.channel_messages(pair.room_id)
    assert live.driver.edit_count(message["id"]) == 3


async def test_a_tick_failing_on_its_last_attempt_ends_the_session(db_pool: asyncpg.Pool, database_url: str) -> None:
    async with live_bot(db_pool, database_url, BotOptions(repair_step_seconds=600.0)) as bot:
        pair = await make_pair(bot)
        await _start(bot, pair)
        (job,) = await db_pool.fetch("SELECT id, payload FROM jobs WHERE name = 'mediator.repair.tick'")
        payload = msgspec.json.decode(job["payload"], type=MediatorRepairTick)
        host = install_features(FeatureHost())
        host.attach(bot.runtime.services)
        registry = host.job_registry()
        handler = registry.get_handler("mediator.repair.tick")
        assert handler is not None
        # Step 2 is due now (as if the interval had passed), and Discord fails the edit.
        await db_pool.execute("UPDATE mediator_repair_sessions SET started_at = started_at - interval '600 s'")
        bot.local.emulator.inject(503, method="PATCH", template=EDIT_ROUTE, times=1)
        context = JobContext(job_id=job["id"], name="mediator.repair.tick", attempt=4, max_attempts=4)
        with pytest.raises(ActorError):
            await handler(payload, context)
        session = await _session(db_pool)
        assert (session["status"], session["end_reason"]) == ("abandoned", "ticks_failed")
        # The pair is free again.
        assert await _start(bot, pair, "bob") == [TR.text("ru", "repair.reply.started")]


async def test_a_room_the_bot_cannot_post_in_is_refused_and_the_pair_stays_free(live: LiveBot) -> None:
    pair = await make_pair(live)
    room = live.driver.guild.channels[pair.room_id]
    bot_id = live.local.demo.members["bot"]
    allowed = None
    for overwrite in room["permission_overwrites"]:
        if overwrite["id"] == bot_id:
            allowed = overwrite["allow"], overwrite["deny"]
            overwrite["allow"], overwrite["deny"] = str((1 << 10) | (1 << 16)), str(1 << 11)  # view, no send
    assert await _start(live, pair) == [TR.text("ru", "repair.reply.channel_not_sendable")]
    assert live.driver.channel_messages(pair.room_id) == []
    session = await _session(live.pool)
    assert (session["status"], session["end_reason"], session["message_id"]) == ("abandoned", "start_failed", None)
    assert await _ticks(live.pool) == []  # ticks wait for a message to edit
    effect = await live.pool.fetchrow("SELECT status, last_error FROM scheduled_posts WHERE kind = 'repair_start'")
    assert effect is not None and effect["status"] == "failed" and effect["last_error"]

    # Once the bot may write there again, the pair starts a flow at once.
    for overwrite in room["permission_overwrites"]:
        if overwrite["id"] == bot_id and allowed is not None:
            overwrite["allow"], overwrite["deny"] = allowed
    assert await _start(live, pair, "bob") == [TR.text("ru", "repair.reply.started")]
    (message,) = live.driver.channel_messages(pair.room_id)
    assert (await _session(live.pool))["message_id"] == message["id"]


CREATE_ROUTE = "/channels/{channel_id}/messages"


async def test_a_first_message_discord_failed_is_posted_by_the_effects_job(
    db_pool: asyncpg.Pool, database_url: str
) -> None:
    options = BotOptions(repair_step_seconds=600.0, lease_seconds=1.0)
    async with live_bot(db_pool, database_url, options) as bot:
        bot.local.emulator.inject(503, method="POST", template=CREATE_ROUTE, times=1)
        pair = await make_pair(bot)
        assert await _start(bot, pair) == [TR.text("ru", "effect.reply.pending")]
        assert bot.driver.channel_messages(pair.room_id) == []

        async def posted() -> bool:
            session = await _session(db_pool)
            return session["message_id"] is not None and len(await _ticks(db_pool)) == 1

        await eventually(posted)
        (message,) = bot.driver.channel_messages(pair.room_id)
        assert _shows_step(message, 1)
        session = await _session(db_pool)
        assert (session["status"], session["message_id"]) == ("active", message["id"])
