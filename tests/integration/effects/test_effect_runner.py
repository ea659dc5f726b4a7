"""The effects outbox over a real database: claims and leases, retries until dead, refusals, the finish and
give-up steps in the outcome's transaction, a lost lease, and a release on cancel."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import pytest

from features.kernel import (
    Effect,
    EffectKind,
    EffectRunner,
    GuildSettings,
    Services,
    claim_effects,
    fetch_effect,
    post_message,
    record_effect,
)
from features.kernel.testing import unit_services
from gateway import DiscordUnavailable, Forbidden
from gateway.testing import RecordingDiscordRest
from store import Connection

pytestmark = pytest.mark.anyio

GUILD = "111"
ROOM = "222"


class _Journal:
    """What the kinds' finish and give-up steps saw (written in the outcome's transaction)."""

    def __init__(self) -> None:
        self.finished: list[tuple[uuid.UUID, dict[str, Any]]] = []
        self.gave_up: list[tuple[uuid.UUID, str]] = []

    def kind(self, name: str = "note") -> EffectKind:
        async def perform(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
            return await post_message(services, effect, effect.channel_id, {"content": effect.payload["text"]})

        async def finish(conn: Connection, effect: Effect, result: dict[str, Any]) -> None:
            await conn.execute("SELECT 1")  # inside the transaction that marks it sent
            self.finished.append((effect.id, result))

        async def gave_up(conn: Connection, effect: Effect) -> None:
            self.gave_up.append((effect.id, effect.status))

        return EffectKind(name=name, perform=perform, finish=finish, gave_up=gave_up)


def _services(
    pool: asyncpg.Pool, rest: RecordingDiscordRest, journal: _Journal, *, holder_wait_seconds: float = 0.3
) -> Services:
    services = unit_services(pool=pool, rest=rest)
    runner = EffectRunner({"note": journal.kind()}, lease_seconds=30.0, holder_wait_seconds=holder_wait_seconds)
    return Services(**{**services.__dict__, "effects": runner})


async def _record(pool: asyncpg.Pool, key: str = "k", *, max_attempts: int = 8) -> Effect:
    async with pool.acquire() as conn, conn.transaction():
        recorded = await record_effect(
            conn, guild_id=GUILD, kind="note", channel_id=ROOM, payload={"text": "hello"}, key=key,
            max_attempts=max_attempts,
        )
    return recorded.effect


async def test_recording_enqueues_its_job_once_and_a_repeat_of_the_key_is_absorbed(db_pool: asyncpg.Pool) -> None:
    first = await _record(db_pool)
    async with db_pool.acquire() as conn, conn.transaction():
        again = await record_effect(conn, guild_id=GUILD, kind="note", channel_id=ROOM, payload={}, key="k")
    assert again.queued is False and again.effect.id == first.id
    jobs = await db_pool.fetch("SELECT name, coalesce_key FROM jobs")
    assert [(j["name"], j["coalesce_key"]) for j in jobs] == [("public.post.publish", f"public-post:{first.id}")]


async def test_perform_posts_with_the_nonce_and_finishes_in_one_transaction(db_pool: asyncpg.Pool) -> None:
    rest, journal = RecordingDiscordRest(), _Journal()
    services = _services(db_pool, rest, journal)
    effect = await _record(db_pool)
    done = await services.effects.perform(services, effect.id)
    assert done.status == "sent" and done.published_message_id is not None
    body = rest.calls[0].args[1]
    assert body["nonce"] == effect.nonce and body["enforce_nonce"] is True and len(effect.nonce) <= 25
    assert journal.finished == [(effect.id, {"message_id": done.published_message_id})]
    # Performing it again does nothing: it is done.
    assert (await services.effects.perform(services, effect.id)).status == "sent"
    assert rest.count("create_message") == 1


async def test_an_effect_another_request_is_recording_again_is_performed_once_it_commits(
    db_pool: asyncpg.Pool,
) -> None:
    rest, journal = RecordingDiscordRest(), _Journal()
    services = _services(db_pool, rest, journal)
    effect = await _record(db_pool)
    async with db_pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        # A second moderator's request records the same key: its transaction holds the row, so a claim skips it.
        await record_effect(conn, guild_id=GUILD, kind="note", channel_id=ROOM, payload={"text": "hello"}, key="k")
        performing = asyncio.create_task(services.effects.perform(services, effect.id))
        await asyncio.sleep(0.3)  # let the performer try its claim while the row is held
        assert not performing.done()  # it waits for the row instead of answering "still pending"
        await tx.commit()
    done = await performing
    assert done.status == "sent" and rest.count("create_message") == 1


async def test_transient_failures_retry_then_the_effect_is_dead_with_its_reason(db_pool: asyncpg.Pool) -> None:
    rest, journal = RecordingDiscordRest(), _Journal()
    services = _services(db_pool, rest, journal)
    effect = await _record(db_pool, max_attempts=2)
    rest.fail("create_message", DiscordUnavailable("502"), DiscordUnavailable("503"))
    retry = await services.effects.sweep(services, GUILD, owner="job:1")
    assert isinstance(retry, DiscordUnavailable)
    async with db_pool.acquire() as conn:
        pending = await fetch_effect(conn, effect.id)
    assert pending is not None and (pending.status, pending.attempts) == ("pending", 1)
    assert await services.effects.sweep(services, GUILD, owner="job:1") is None  # the second attempt was the last
    async with db_pool.acquire() as conn:
        dead = await fetch_effect(conn, effect.id)
    assert dead is not None and dead.status == "dead" and "503" in str(dead.last_error)
    assert journal.gave_up == [(effect.id, "dead")] and journal.finished == []


async def test_a_refusal_is_failed_at_once(db_pool: asyncpg.Pool) -> None:
    rest, journal = RecordingDiscordRest(), _Journal()
    services = _services(db_pool, rest, journal)
    effect = await _record(db_pool)
    rest.fail("create_message", Forbidden("Missing Access", code=50001))
    assert (await services.effects.perform(services, effect.id)).status == "failed"
    assert journal.gave_up == [(effect.id, "failed")]


async def test_a_claim_is_taken_back_by_its_owner_at_once_and_by_others_only_after_the_lease(
    db_pool: asyncpg.Pool,
) -> None:
    effect = await _record(db_pool)
    async with db_pool.acquire() as conn:
        assert [e.id for e in await claim_effects(conn, GUILD, owner="job:7", lease_seconds=30)] == [effect.id]
        assert await claim_effects(conn, GUILD, owner="job:8", lease_seconds=30) == []
        # The same job, run again after its worker died, does not wait for its own lease.
        assert [e.id for e in await claim_effects(conn, GUILD, owner="job:7", lease_seconds=30)] == [effect.id]
        await conn.execute("UPDATE scheduled_posts SET lease_expires_at = now() WHERE id = $1", effect.id)
        assert [e.id for e in await claim_effects(conn, GUILD, owner="job:8", lease_seconds=30)] == [effect.id]


async def test_the_job_of_an_effect_another_performer_holds_is_retried_not_done(db_pool: asyncpg.Pool) -> None:
    rest, journal = RecordingDiscordRest(), _Journal()
    services = _services(db_pool, rest, journal)
    effect = await _record(db_pool)
    async with db_pool.acquire() as conn:
        await claim_effects(conn, GUILD, owner="inline:1", lease_seconds=30)
    retry = await services.effects.sweep(services, GUILD, owner="job:1", effect_id=effect.id)
    assert retry is not None and rest.count("create_message") == 0
    # Having waited a moment for the holder, the job runs again when the holder's lease ends, not after the
    # publishing job's exponential backoff.
    retry_after = getattr(retry, "retry_after", None)
    assert retry_after is not None and 28.0 < retry_after <= 29.9


async def test_the_job_of_an_effect_its_holder_finishes_meanwhile_is_done_without_a_call(
    db_pool: asyncpg.Pool,
) -> None:
    rest, journal = RecordingDiscordRest(), _Journal()
    services = _services(db_pool, rest, journal, holder_wait_seconds=30.0)
    effect = await _record(db_pool)
    holder = _services(db_pool, rest, journal)
    async with db_pool.acquire() as conn:
        await claim_effects(conn, GUILD, owner="inline:1", lease_seconds=30)
    waiting = asyncio.create_task(services.effects.sweep(services, GUILD, owner="job:1", effect_id=effect.id))
    await asyncio.sleep(0.3)
    assert not waiting.done()  # it waits for the holder rather than retrying after the whole lease
    assert await holder.effects.sweep(holder, GUILD, owner="inline:1", effect_id=effect.id) is None
    assert await asyncio.wait_for(waiting, 10) is None  # the job is done as soon as the holder is
    assert rest.count("create_message") == 1 and [e for e, _ in journal.finished] == [effect.id]


async def test_a_performer_that_lost_its_lease_does_not_finish(db_pool: asyncpg.Pool) -> None:
    effect = await _record(db_pool)

    class Overtaken(RecordingDiscordRest):
        async def create_message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
            # Meanwhile the lease ran out and another worker took the effect over.
            await db_pool.execute("UPDATE scheduled_posts SET lease_owner = 'job:other' WHERE id = $1", effect.id)
            return await super().create_message(channel_id, body)

    journal = _Journal()
    services = _services(db_pool, Overtaken(), journal)
    await services.effects.sweep(services, GUILD, owner="job:1")
    assert journal.finished == []  # the new owner repeats the call (same nonce) and records it
    async with db_pool.acquire() as conn:
        held = await fetch_effect(conn, effect.id)
    assert held is not None and held.status == "processing"


async def test_a_cancelled_performer_gives_its_claim_back_uncounted(db_pool: asyncpg.Pool) -> None:
    effect = await _record(db_pool)
    started = asyncio.Event()

    class Hanging(RecordingDiscordRest):
        async def create_message(self, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
            started.set()
            await asyncio.sleep(60)
            raise AssertionError("not reached")

    services = _services(db_pool, Hanging(), _Journal())
    task = asyncio.create_task(services.effects.sweep(services, GUILD, owner="job:1"))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    row = await db_pool.fetchrow("SELECT status, attempts, lease_owner FROM scheduled_posts WHERE id = $1", effect.id)
    assert row is not None and dict(row) == {"status": "pending", "attempts": 0, "lease_owner": None}
