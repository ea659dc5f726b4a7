"""Where each single-message projection lives and which state version it last showed.

A projection's edits are serialised across processes by a transaction-scoped advisory lock on its key
(:func:`projection_lock`): the owner takes it, checks that the version it is about to show is newer than the
one recorded, talks to Discord, records the new version and commits. Two processes that both think they own a
key therefore take turns, and the one holding older state finds a newer version recorded and skips its edit.

:func:`fetch_shown` is a turn's cheap read, without the lock: what is shown, and the guild settings' version
that the runtime folds into every projection's version (so a locale switch makes every projection stale).
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
    #: Which post of the projection the current (or next) message is: part of the first post's nonce, so a post
    #: repeated after a crash returns the first message while a deliberate new post (the message was deleted,
    #: or the projection moved channel) gets a new nonce and is not swallowed.
    post_generation: int = 0

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> ProjectionMessage:
        return struct_from_row(cls, row)


_LOCK: Final = "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))"
_GET: Final = "SELECT * FROM projection_messages WHERE projection_key = $1"
_SHOWN: Final = """
SELECT coalesce((SELECT version FROM guild_settings WHERE guild_id = $2), 0) AS settings_version, p.*
FROM (VALUES (1)) AS one (x) LEFT JOIN projection_messages p ON p.projection_key = $1
"""
# An edit passes no generation ($6 NULL) and keeps the stored one; a post records the generation it used.
_RECORD: Final = """
INSERT INTO projection_messages AS p (projection_key, guild_id, channel_id, message_id, rendered_version,
                                      rendered_at, post_generation)
VALUES ($1, $2, $3, $4, $5, now(), coalesce($6, 0))
ON CONFLICT (projection_key) DO UPDATE
SET channel_id = EXCLUDED.channel_id, message_id = EXCLUDED.message_id,
    rendered_version = EXCLUDED.rendered_version, rendered_at = now(), updated_at = now(),
    post_generation = coalesce($6, p.post_generation)
"""
_FORGET_MESSAGE: Final = """
UPDATE projection_messages
SET message_id = NULL, pinned_at = NULL, pin_attempted_at = NULL, post_generation = post_generation + 1,
    updated_at = now()
WHERE projection_key = $1 AND message_id = $2
RETURNING post_generation
"""
_PIN_ATTEMPT: Final = """
UPDATE projection_messages
SET pin_attempted_at = now(), pinned_at = CASE WHEN $3 THEN now() ELSE pinned_at END, updated_at = now()
WHERE projection_key = $1 AND message_id = $2
"""


@asynccontextmanager
async def projection_lock(pool: asyncpg.Pool, key: str) -> AsyncIterator[tuple[Connection, ProjectionMessage | None]]:
    """Hold the cross-process edit lock of ``key`` for the block; yield the connection and the stored row (None
    before the first render).

    Everything written through the yielded connection commits when the block exits normally and rolls back
    when it raises. Cancellation, or the process dying, rolls back and releases the lock with the transaction.
    """
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(_LOCK, key)
        yield conn, await fetch_projection(conn, key)


async def fetch_projection(conn: Connection, key: str) -> ProjectionMessage | None:
    """The stored placement of ``key``, if it has one."""
    return await fetch_optional(conn, ProjectionMessage.from_row, _GET, key)


async def fetch_shown(conn: Connection, key: str, guild_id: str) -> tuple[int, ProjectionMessage | None]:
    """In one query: the version of ``guild_id``'s settings (0 without a row) and the stored placement of
    ``key`` (None when it has none)."""
    row = await conn.fetchrow(_SHOWN, key, guild_id)
    assert row is not None
    stored = None if row["projection_key"] is None else ProjectionMessage.from_row(row)
    return int(row["settings_version"]), stored


async def record_render(
    conn: Connection,
    key: str,
    *,
    guild_id: str,
    channel_id: str,
    message_id: str,
    version: int,
    post_generation: int | None = None,
) -> None:
    """Record that ``message_id`` in ``channel_id`` now shows state ``version`` (the row is created on the
    first render); a new post also records the ``post_generation`` its nonce was made from (an edit keeps it)."""
    await conn.execute(_RECORD, key, guild_id, channel_id, message_id, version, post_generation)


async def forget_message(conn: Connection, key: str, message_id: str) -> int | None:
    """The message was deleted in Discord: clear it and start a new post generation, so the next render posts a
    new message under a new nonce. Returns that generation (None when ``message_id`` is not the stored one)."""
    generation = await conn.fetchval(_FORGET_MESSAGE, key, message_id)
    return None if generation is None else int(generation)


async def record_pin_attempt(conn: Connection, key: str, message_id: str, *, pinned: bool) -> None:
    """Remember that pinning ``message_id`` was tried (and whether it worked), so it is tried only once."""
    await conn.execute(_PIN_ATTEMPT, key, message_id, pinned)
