"""The /say send as an effect over a real database: recorded once per draft in the accepting transaction, posted
with its nonce in the tone chosen at the press, the draft marked sent in the transaction that marks the effect
sent, refused when the author's pair is gone (the draft stays unsent and a new press records it again)."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from features.kernel import EffectRunner, Pair, Services
from features.kernel._pairs import insert_pair
from features.kernel.testing import unit_services
from features.mediator._say_send import SAY_SEND, record_say_send
from features.mediator._say_store import NewSayDraft, SayDraft, insert_say_draft, lock_say_draft, select_say_tone
from gateway.testing import RecordingDiscordRest

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
AUTHOR = "11"


def _services(pool: asyncpg.Pool, rest: RecordingDiscordRest) -> Services:
    services = unit_services(pool=pool, rest=rest)
    return Services(**{**services.__dict__, "effects": EffectRunner({SAY_SEND.name: SAY_SEND}, lease_seconds=30.0)})


async def _draft(pool: asyncpg.Pool) -> tuple[SayDraft, Pair]:
    async with pool.acquire() as conn:
        pair = await insert_pair(conn, guild_id=GUILD, member1=AUTHOR, member2="12", channel_id="901")
        draft = await insert_say_draft(
            conn,
            NewSayDraft(
                guild_id=GUILD, user_id=AUTHOR, pair_id=pair.id, locale="en", source_text="You were late",
                soft_text="SOFT words", direct_text="DIRECT words", short_text="SHORT words",
            ),
        )
    return draft, pair


async def _press(pool: asyncpg.Pool, draft_id: uuid.UUID, pair: Pair) -> tuple[uuid.UUID, bool]:
    async with pool.acquire() as conn, conn.transaction():
        locked = await lock_say_draft(conn, draft_id, GUILD, AUTHOR)
        assert locked is not None
        effect, recorded = await record_say_send(conn, locked, pair, backstop_after=30.0)
    return effect.id, recorded


async def test_a_send_is_recorded_once_per_draft_and_posted_once_in_the_tone_of_the_press(
    db_pool: asyncpg.Pool,
) -> None:
    draft, pair = await _draft(db_pool)
    async with db_pool.acquire() as conn:
        await select_say_tone(conn, draft.id, GUILD, AUTHOR, "direct")
    effect_id, recorded = await _press(db_pool, draft.id, pair)
    assert recorded
    again_id, again = await _press(db_pool, draft.id, pair)  # a second press before the first was performed
    assert (again_id, again) == (effect_id, False)
    assert await db_pool.fetchval("SELECT count(*) FROM scheduled_posts") == 1
    async with db_pool.acquire() as conn:
        await select_say_tone(conn, draft.id, GUILD, AUTHOR, "short")  # pressed while the send is on its way

    rest = RecordingDiscordRest()
    services = _services(db_pool, rest)
    effect = await services.effects.perform(services, effect_id)
    assert effect.status == "sent"
    (call,) = rest.calls
    channel_id, body = call.args
    assert channel_id == pair.private_channel_id and body["nonce"] == effect.nonce and body["enforce_nonce"] is True
    assert "DIRECT words" in str(body) and "SHORT words" not in str(body)
    row = await db_pool.fetchrow("SELECT sent_to_pair_at, sent_message_id FROM mediator_say_sessions")
    assert row is not None and row["sent_to_pair_at"] is not None
    assert row["sent_message_id"] == effect.published_message_id

    # The backstop job, run after the handler, finds it done and posts nothing.
    assert await services.effects.sweep(services, GUILD, owner="job:1", effect_id=effect_id) is None
    assert rest.count("create_message") == 1


async def test_a_draft_is_marked_sent_only_with_its_effect(db_pool: asyncpg.Pool) -> None:
    draft, pair = await _draft(db_pool)
    effect_id, _ = await _press(db_pool, draft.id, pair)

    class Broken(RecordingDiscordRest):
        async def create_message(self, channel_id: str, body: dict[str, object]) -> dict[str, object]:
            raise RuntimeError("the process is going down")

    services = _services(db_pool, Broken())
    assert (await services.effects.perform(services, effect_id)).status == "pending"  # its job retries it
    assert await db_pool.fetchval("SELECT sent_to_pair_at FROM mediator_say_sessions") is None


async def test_a_send_whose_author_left_the_pair_is_refused_and_a_new_press_records_it_again(
    db_pool: asyncpg.Pool,
) -> None:
    draft, pair = await _draft(db_pool)
    effect_id, _ = await _press(db_pool, draft.id, pair)
    await db_pool.execute("UPDATE pairs SET status = 'closed' WHERE id = $1", pair.id)
    rest = RecordingDiscordRest()
    services = _services(db_pool, rest)
    refused = await services.effects.perform(services, effect_id)
    assert refused.status == "failed" and "EffectRefused" in str(refused.last_error)
    assert rest.count("create_message") == 0
    assert await db_pool.fetchval("SELECT sent_to_pair_at FROM mediator_say_sessions") is None

    await db_pool.execute("UPDATE pairs SET status = 'active' WHERE id = $1", pair.id)
    retried_id, recorded = await _press(db_pool, draft.id, pair)
    assert (retried_id, recorded) == (effect_id, True)  # the failed send is queued again, under the same key
    assert (await services.effects.perform(services, effect_id)).status == "sent"
    assert rest.count("create_message") == 1
