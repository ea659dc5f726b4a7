"""The operator's queries on stored projections (``projection_messages``): list them, and mark one stale so its
next turn renders it again.

A turn skips when the stored version is at least the state's (:mod:`store._projections`); a rebuild must show
the message again even when nothing changed (a message edited by hand, a render fixed by a deploy), so
:func:`mark_projection_stale` records version ``-1`` ("shows nothing known"), below any state's version, under
the projection's cross-process edit lock: a turn in progress finishes first, and every turn after the commit
renders and edits the message (or posts it again if it was deleted).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import msgspec

from store._pool import Connection
from store._projections import _LOCK

#: The version a projection marked stale records: lower than any state's version.
STALE_VERSION: Final = -1


class ProjectionRow(msgspec.Struct, frozen=True, kw_only=True):
    """One stored projection as an operator sees it."""

    projection_key: str
    guild_id: str
    channel_id: str
    message_id: str | None
    rendered_version: int
    pinned: bool
    rendered_at: dt.datetime | None
    updated_at: dt.datetime


_LIST: Final = """
SELECT projection_key, guild_id, channel_id, message_id, rendered_version, pinned_at IS NOT NULL AS pinned,
       rendered_at, updated_at
FROM projection_messages
WHERE ($1::text IS NULL OR guild_id = $1) AND ($2::text IS NULL OR left(projection_key, length($2) + 1) = $2 || ':')
ORDER BY projection_key
"""
_STALE: Final = """
UPDATE projection_messages SET rendered_version = $2, updated_at = now() WHERE projection_key = $1
RETURNING projection_key
"""


async def list_projections(
    conn: Connection, *, guild_id: str | None = None, kind: str | None = None
) -> list[ProjectionRow]:
    """Every stored projection (of ``guild_id``, of kind ``kind`` when given), by key."""
    return [msgspec.convert(dict(row), ProjectionRow) for row in await conn.fetch(_LIST, guild_id, kind)]


async def mark_projection_stale(conn: Connection, key: str) -> bool:
    """In ``conn``'s transaction, under the projection's edit lock: record that the message of ``key`` shows
    nothing known, so the next turn renders it. False when ``key`` is not stored."""
    await conn.execute(_LOCK, key)
    return await conn.fetchval(_STALE, key, STALE_VERSION) is not None
