"""The pair room effect over a real database and the emulator: a room an earlier attempt made is found and not
made again, the pair is stored (or moved) with the listeners in the transaction that marks the effect sent, and a
refusal leaves no pair."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest

from features.kernel import (
    PAIR_HOME,
    Effect,
    EffectRunner,
    Pair,
    Services,
    fetch_pair,
    insert_pair,
    lock_pair_creation,
)
from features.kernel.testing import unit_services
from features.pairs._room_effect import PAIR_ROOM_EFFECT, pair_room_kind, record_pair_room, room_spec
from gateway import ChannelSpec
from gateway._rest_port import AiohttpDiscordRest
from gateway.emulator import LocalDiscord
from gateway.emulator._permissions import MANAGE_CHANNELS
from gateway.projection import ProjectionRef, refresh_job_request
from store import Connection

pytestmark = pytest.mark.anyio


class _Listener:
    """A pair-created listener noting each pair it saw, and that it ran before the effect was marked sent."""

    def __init__(self) -> None:
        self.seen: list[tuple[uuid.UUID, str]] = []

    async def __call__(self, conn: Connection, pair: Pair) -> list[ProjectionRef]:
        status = await conn.fetchval("SELECT status FROM scheduled_posts WHERE kind = $1", PAIR_ROOM_EFFECT)
        self.seen.append((pair.id, status))
        return []


@asynccontextmanager
async def _services(pool: asyncpg.Pool, local: LocalDiscord, listener: _Listener) -> AsyncIterator[Services]:
    async with AiohttpDiscordRest(local.emulator.token, api_base=local.emulator.api_base) as rest:
        services = unit_services(pool=pool, rest=rest)
        runner = EffectRunner({PAIR_ROOM_EFFECT: pair_room_kind([listener])}, lease_seconds=30.0)
        yield Services(**{**services.__dict__, "effects": runner})


def _spec(local: LocalDiscord) -> ChannelSpec:
    return ChannelSpec(name="pair-alice-bob", parent_id=local.demo.category_id, topic="Private room of alice and bob")


def _members(local: LocalDiscord) -> tuple[str, str]:
    return local.driver.user_id("alice"), local.driver.user_id("bob")


async def _record(services: Services, local: LocalDiscord, gone_room: str | None = None) -> Effect:
    async with services.pool.acquire() as conn, conn.transaction():
        await lock_pair_creation(conn, local.demo.guild_id, *_members(local))
        return await record_pair_room(
            conn, services, guild_id=local.demo.guild_id, members=_members(local), spec=_spec(local),
            gone_room=gone_room,
        )


def _rooms(local: LocalDiscord, before: set[str]) -> list[str]:
    return [c["id"] for c in local.driver.channels(parent_id=local.demo.category_id) if c["id"] not in before]


async def test_a_room_an_earlier_attempt_made_becomes_the_pairs_room(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    listener = _Listener()
    before = {c["id"] for c in local.driver.channels(parent_id=local.demo.category_id)}
    async with _services(db_pool, local, listener) as services:
        effect = await _record(services, local)
        # The process that made this channel died before its commit.
        earlier = await services.rest.create_channel(local.demo.guild_id, room_spec(effect))

        done = await services.effects.perform(services, effect.id)

    assert done.status == "sent" and done.result == {"channel_id": earlier["id"]}
    assert _rooms(local, before) == [earlier["id"]]  # not made a second time
    [pair] = await db_pool.fetch("SELECT * FROM pairs")
    assert pair["private_channel_id"] == earlier["id"]
    assert listener.seen == [(pair["id"], "sent")]  # in the transaction that marked the effect sent
    refresh = refresh_job_request(PAIR_HOME.ref(local.demo.guild_id, pair["id"]), reason="pair_created")
    assert await db_pool.fetchval("SELECT count(*) FROM jobs WHERE coalesce_key = $1", refresh.coalesce_key) == 1


async def test_a_pair_whose_room_is_gone_moves_to_the_new_room(db_pool: asyncpg.Pool, local: LocalDiscord) -> None:
    listener = _Listener()
    alice, bob = _members(local)
    async with db_pool.acquire() as conn:
        old = await insert_pair(conn, guild_id=local.demo.guild_id, member1=alice, member2=bob, channel_id="404")
    async with _services(db_pool, local, listener) as services:
        effect = await _record(services, local, gone_room="404")
        done = await services.effects.perform(services, effect.id)

    assert done.status == "sent" and done.result is not None
    async with db_pool.acquire() as conn:
        moved = await fetch_pair(conn, old.id)
    assert moved is not None and moved.private_channel_id == done.result["channel_id"]
    assert moved.version == old.version + 1  # its panel follows it
    assert listener.seen == []  # not a new pair
    assert await db_pool.fetchval("SELECT count(*) FROM pairs") == 1


async def test_a_refused_room_is_given_up_and_leaves_no_pair(db_pool: asyncpg.Pool, local: LocalDiscord) -> None:
    listener = _Listener()
    before = {c["id"] for c in local.driver.channels(parent_id=local.demo.category_id)}
    bot_role = next(r for r in local.driver.guild.roles.values() if r["name"] == "Together")
    bot_role["permissions"] = str(int(bot_role["permissions"]) & ~MANAGE_CHANNELS)
    async with _services(db_pool, local, listener) as services:
        effect = await _record(services, local)
        done = await services.effects.perform(services, effect.id)

    assert done.status == "failed" and done.last_error is not None and "Forbidden" in done.last_error
    assert await db_pool.fetchval("SELECT count(*) FROM pairs") == 0
    assert _rooms(local, before) == [] and listener.seen == []
