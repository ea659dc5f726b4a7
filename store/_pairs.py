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

from store._pool import Connection


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


async def pair_for_room(conn: Connection, guild_id: str, channel_id: str, user_id: str) -> Pair | None:
    """The active pair whose room is ``channel_id`` and that ``user_id`` belongs to, if any."""
    row = await conn.fetchrow(_BY_ROOM, guild_id, channel_id, user_id)
    return None if row is None else Pair.from_row(row)


async def pairs_of_member(conn: Connection, guild_id: str, user_id: str) -> list[Pair]:
    """The member's active pairs in the guild, oldest first."""
    return [Pair.from_row(row) for row in await conn.fetch(_OF_MEMBER, guild_id, user_id)]


async def fetch_pair(conn: Connection, pair_id: uuid.UUID) -> Pair | None:
    """A pair by id, whatever its status."""
    row = await conn.fetchrow(_BY_ID, pair_id)
    return None if row is None else Pair.from_row(row)
