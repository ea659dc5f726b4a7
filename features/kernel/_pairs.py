"""Pairs of members and their private rooms: the lookups every pair-room feature shares.

A member may belong to several pairs; "the pair of this room" is the active pair whose private channel is the
room *and* that has the member in it, so a moderator who can read a room never acts as one of its pair.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import asyncpg
import msgspec

from store import Connection, fetch_optional


class Pair(msgspec.Struct, frozen=True, kw_only=True):
    """One pair of members and their room."""

    id: uuid.UUID
    guild_id: str
    user_low: str
    user_high: str
    private_channel_id: str
    status: str
    version: int
    created_at: dt.datetime

    @property
    def members(self) -> tuple[str, str]:
        return (self.user_low, self.user_high)

    def has_member(self, user_id: str) -> bool:
        return user_id in (self.user_low, self.user_high)

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Pair:
        values = dict(row)
        values.pop("updated_at", None)
        return msgspec.convert(values, cls)


def ordered_members(a: str, b: str) -> tuple[str, str]:
    """The two member ids as stored: ordered as numbers (snowflakes), not as strings."""
    return (a, b) if (len(a), a) <= (len(b), b) else (b, a)


_BY_ROOM: Final = """
SELECT * FROM pairs
WHERE guild_id = $1 AND private_channel_id = $2 AND status = 'active' AND $3 IN (user_low, user_high)
"""
_OF_MEMBER: Final = """
SELECT * FROM pairs
WHERE guild_id = $1 AND status = 'active' AND (user_low = $2 OR user_high = $2)
ORDER BY created_at, id
"""
_BY_ID: Final = "SELECT * FROM pairs WHERE id = $1"
_BY_MEMBERS: Final = "SELECT * FROM pairs WHERE guild_id = $1 AND user_low = $2 AND user_high = $3"
_ACTIVE: Final = "SELECT * FROM pairs WHERE guild_id = $1 AND status = 'active' ORDER BY created_at, id"
_LOCK_MEMBERS: Final = "SELECT pg_advisory_xact_lock(hashtextextended($1, 5))"
_INSERT: Final = """
INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id) VALUES ($1, $2, $3, $4, $5)
RETURNING *
"""
_MOVE_ROOM: Final = """
UPDATE pairs SET private_channel_id = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *
"""
_BUMP_ONE: Final = "UPDATE pairs SET version = version + 1, updated_at = now() WHERE id = $1"
_BUMP_GUILD: Final = """
UPDATE pairs SET version = version + 1, updated_at = now() WHERE guild_id = $1 AND status = 'active'
RETURNING id
"""


async def pair_for_room(conn: Connection, guild_id: str, channel_id: str, user_id: str) -> Pair | None:
    """The active pair whose room is ``channel_id`` and that ``user_id`` belongs to, if any."""
    return await fetch_optional(conn, Pair.from_row, _BY_ROOM, guild_id, channel_id, user_id)


async def pairs_of_member(conn: Connection, guild_id: str, user_id: str) -> list[Pair]:
    """The member's active pairs in the guild, oldest first."""
    return [Pair.from_row(row) for row in await conn.fetch(_OF_MEMBER, guild_id, user_id)]


async def fetch_pair(conn: Connection, pair_id: uuid.UUID) -> Pair | None:
    """A pair by id, whatever its status."""
    return await fetch_optional(conn, Pair.from_row, _BY_ID, pair_id)


async def pair_of_members(conn: Connection, guild_id: str, member1: str, member2: str) -> Pair | None:
    """The pair of these two members in the guild (in either order), whatever its status."""
    low, high = ordered_members(member1, member2)
    return await fetch_optional(conn, Pair.from_row, _BY_MEMBERS, guild_id, low, high)


async def active_pairs(conn: Connection, guild_id: str) -> list[Pair]:
    """Every active pair of the guild, oldest first."""
    return [Pair.from_row(row) for row in await conn.fetch(_ACTIVE, guild_id)]


async def lock_pair_creation(conn: Connection, guild_id: str, member1: str, member2: str) -> None:
    """Serialise creating the pair of these two members until the caller's transaction ends.

    Creating a pair makes a Discord channel before the row exists; two moderators creating the same pair at
    once would otherwise each make a channel and one would be left orphaned. Under this lock the second one
    waits, then finds the first one's row and makes nothing.
    """
    low, high = ordered_members(member1, member2)
    await conn.execute(_LOCK_MEMBERS, f"pair:{guild_id}:{low}:{high}")


async def insert_pair(conn: Connection, *, guild_id: str, member1: str, member2: str, channel_id: str) -> Pair:
    """Store a new active pair with its room (version 1); raises on a duplicate (take the lock first)."""
    low, high = ordered_members(member1, member2)
    row = await conn.fetchrow(_INSERT, uuid.uuid4(), guild_id, low, high, channel_id)
    assert row is not None
    return Pair.from_row(row)


async def move_pair_room(conn: Connection, pair_id: uuid.UUID, channel_id: str) -> Pair:
    """Give the pair a new room (its old one was deleted); the panel follows it (a new version)."""
    row = await conn.fetchrow(_MOVE_ROOM, pair_id, channel_id)
    assert row is not None
    return Pair.from_row(row)


async def bump_pair_version(conn: Connection, pair_id: uuid.UUID) -> None:
    """Mark a change the Pair Home panel shows (call in the transaction that makes the change)."""
    await conn.execute(_BUMP_ONE, pair_id)


async def bump_guild_pair_versions(conn: Connection, guild_id: str) -> list[uuid.UUID]:
    """Mark a guild-wide change every Pair Home panel shows (a duel round...); returns the active pairs' ids."""
    return [row["id"] for row in await conn.fetch(_BUMP_GUILD, guild_id)]
