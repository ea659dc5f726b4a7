"""Where each single-message projection lives and which state version it last showed.

A projection's edits are serialised across processes by a transaction-scoped advisory lock on its key
(:func:`projection_lock`): the owner takes it, checks that the version it is about to show is newer than the
one recorded, talks to Discord, records the new version and commits. Two processes that both think they own a
key therefore take turns, and the one holding older state finds a newer version recorded and skips its edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

import asyncpg
import msgspec

from store._pool import Connection
from store._rows import fetch_optional, struct_from_row


class ProjectionMessage(msgspec.Struct, frozen=True, kw_only=True):
    """The stored placement of one projection."""

    projection_key: str
    guild_id: str
    channel_id: str
    message_id: str | None
    rendered_version: int
    pinned_at: dt.datetime | None = None
    pin_attempted_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> ProjectionMessage:
        return struct_from_row(cls, row)


_LOCK: Final = "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))"
_GET: Final = "SELECT * FROM projection_messages WHERE projection_key = $1"
_ENSURE: Final = """
INSERT INTO projection_messages (projection_key, guild_id, channel_id) VALUES ($1, $2, $3)
ON CONFLICT (projection_key) DO UPDATE SET projection_key = EXCLUDED.projection_key
RETURNING *
"""
_RECORD: Final = """
UPDATE projection_messages
SET channel_id = $2, message_id = $3, rendered_version = $4, rendered_at = now(), updated_at = now()
WHERE projection_key = $1
"""
_FORGET_MESSAGE: Final = """
UPDATE projection_messages SET message_id = NULL, pinned_at = NULL, pin_attempted_at = NULL, updated_at = now()
WHERE projection_key = $1 AND message_id = $2
"""
_PIN_ATTEMPT: Final = """
UPDATE projection_messages
SET pin_attempted_at = now(), pinned_at = CASE WHEN $3 THEN now() ELSE pinned_at END, updated_at = now()
WHERE projection_key = $1 AND message_id = $2
"""


@asynccontextmanager
async def projection_lock(
    pool: asyncpg.Pool, key: str, *, guild_id: str, channel_id: str
) -> AsyncIterator[tuple[Connection, ProjectionMessage]]:
    """Hold the cross-process edit lock of ``key`` for the block; yield the connection and the stored row.

    The row is created (without a message) on first use. Everything written through the yielded connection
    commits when the block exits normally and rolls back when it raises. Cancellation rolls back and releases
    the lock with the transaction.
    """
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(_LOCK, key)
        row = await conn.fetchrow(_ENSURE, key, guild_id, channel_id)
        assert row is not None
        yield conn, ProjectionMessage.from_row(row)


async def fetch_projection(conn: Connection, key: str) -> ProjectionMessage | None:
    """The stored placement of ``key``, if it has one."""
    return await fetch_optional(conn, ProjectionMessage.from_row, _GET, key)


async def record_render(conn: Connection, key: str, *, channel_id: str, message_id: str, version: int) -> None:
    """Record that ``message_id`` in ``channel_id`` now shows state ``version``."""
    await conn.execute(_RECORD, key, channel_id, message_id, version)


async def forget_message(conn: Connection, key: str, message_id: str) -> None:
    """The message was deleted in Discord: clear it, so the next render posts a new one."""
    await conn.execute(_FORGET_MESSAGE, key, message_id)


async def record_pin_attempt(conn: Connection, key: str, message_id: str, *, pinned: bool) -> None:
    """Remember that pinning ``message_id`` was tried (and whether it worked), so it is tried only once."""
    await conn.execute(_PIN_ATTEMPT, key, message_id, pinned)
