"""Pair lookups: a room belongs to its two members only; ids are ordered as snowflakes."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from features.kernel._pairs import fetch_pair, ordered_members, pair_for_room, pairs_of_member

pytestmark = pytest.mark.anyio


async def _insert(pool: asyncpg.Pool, a: str, b: str, room: str) -> uuid.UUID:
    low, high = ordered_members(a, b)
    pair_id = uuid.uuid4()
    await pool.execute(
        "INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id) VALUES ($1, 'g', $2, $3, $4)",
        pair_id, low, high, room,
    )
    return pair_id


def test_members_are_ordered_as_numbers() -> None:
    assert ordered_members("900", "1000") == ("900", "1000")
    assert ordered_members("1000", "900") == ("900", "1000")


async def test_a_room_is_found_only_for_its_members(db_pool: asyncpg.Pool) -> None:
    pair_id = await _insert(db_pool, "20", "3", "room-1")
    async with db_pool.acquire() as conn:
        found = await pair_for_room(conn, "g", "room-1", "3")
        assert found is not None and found.id == pair_id and found.members == ("3", "20")
        assert await pair_for_room(conn, "g", "room-1", "99") is None
        assert await pair_for_room(conn, "other", "room-1", "3") is None
        assert [p.id for p in await pairs_of_member(conn, "g", "20")] == [pair_id]
        fetched = await fetch_pair(conn, pair_id)
        assert fetched is not None and fetched.has_member("20") and not fetched.has_member("99")


async def test_the_same_two_members_make_one_pair_per_guild(db_pool: asyncpg.Pool) -> None:
    await _insert(db_pool, "1", "2", "room-1")
    with pytest.raises(asyncpg.UniqueViolationError):
        await _insert(db_pool, "2", "1", "room-2")
