"""``/repair`` sessions (``mediator_repair_sessions``): the state a restarted process resumes from.

A session is ``active`` until its last step is shown (``completed``), or until its message or room is gone or
its first message could not be posted (``abandoned``). At most one session per pair is active (a partial
unique index); a session that outlived its timeline by far (its jobs were lost or gave up) no longer blocks
the pair: :func:`expire_stale_sessions` ends it before a new one starts, so a pair is never blocked for good.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import asyncpg
import msgspec

from store import Connection, fetch_optional
from together.errors import DomainError


class RepairSession(msgspec.Struct, frozen=True, kw_only=True):
    """One guided repair flow."""

    id: uuid.UUID
    guild_id: str
    pair_id: uuid.UUID
    channel_id: str
    message_id: str | None
    started_by_user_id: str
    locale: str
    step_seconds: float
    status: str
    current_step: int
    started_at: dt.datetime
    last_tick_at: dt.datetime | None
    ended_at: dt.datetime | None
    end_reason: str | None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> RepairSession:
        values = dict(row)
        values.pop("db_now", None)
        return msgspec.convert(values, cls)


class SessionAlreadyActive(DomainError):
    """The pair already has an active repair session (raised by :func:`insert_repair_session`)."""


_EXPIRE_STALE: Final = """
UPDATE mediator_repair_sessions
SET status = 'abandoned', ended_at = now(), end_reason = 'expired'
WHERE pair_id = $1 AND status = 'active'
  AND started_at + make_interval(secs => step_seconds * $2 + $3) < now()
"""
_INSERT: Final = """
INSERT INTO mediator_repair_sessions (id, guild_id, pair_id, channel_id, started_by_user_id, locale, step_seconds)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *
"""
_SET_MESSAGE: Final = "UPDATE mediator_repair_sessions SET message_id = $2 WHERE id = $1 RETURNING *"
_LOCK: Final = "SELECT *, now() AS db_now FROM mediator_repair_sessions WHERE id = $1 FOR UPDATE"
_ADVANCE: Final = """
UPDATE mediator_repair_sessions
SET current_step = $2, last_tick_at = now(), status = $3,
    ended_at = CASE WHEN $3 = 'active' THEN NULL ELSE now() END
WHERE id = $1 AND status = 'active' AND current_step < $2
"""
_END: Final = """
UPDATE mediator_repair_sessions SET status = 'abandoned', ended_at = now(), end_reason = $2
WHERE id = $1 AND status = 'active'
"""
_BY_ID: Final = "SELECT * FROM mediator_repair_sessions WHERE id = $1"


async def expire_stale_sessions(
    conn: Connection, pair_id: uuid.UUID, *, after_steps: float, grace_seconds: float
) -> int:
    """End the pair's active session if it started more than ``after_steps`` intervals plus
    ``grace_seconds`` ago (its ticks were lost); return how many were ended."""
    status = await conn.execute(_EXPIRE_STALE, pair_id, after_steps, grace_seconds)
    return int(status.split()[-1])


async def insert_repair_session(
    conn: Connection,
    *,
    guild_id: str,
    pair_id: uuid.UUID,
    channel_id: str,
    user_id: str,
    locale: str,
    step_seconds: float,
) -> RepairSession:
    """Start a session (no message yet); raise :class:`SessionAlreadyActive` when the pair has one.

    Run it in the transaction that records the session's first message (an effect): a concurrent second start
    waits on the unique index until this one commits, then fails, instead of recording a second message.
    """
    try:
        async with conn.transaction():  # a savepoint: the caller's transaction survives the violation
            row = await conn.fetchrow(
                _INSERT, uuid.uuid4(), guild_id, pair_id, channel_id, user_id, locale, step_seconds
            )
    except asyncpg.UniqueViolationError:
        raise SessionAlreadyActive() from None
    assert row is not None
    return RepairSession.from_row(row)


async def set_session_message(conn: Connection, session_id: uuid.UUID, message_id: str) -> RepairSession | None:
    """Record the room message the session edits; the session as it is now (None if unknown)."""
    return await fetch_optional(conn, RepairSession.from_row, _SET_MESSAGE, session_id, message_id)


async def lock_repair_session(conn: Connection, session_id: uuid.UUID) -> tuple[RepairSession, dt.datetime] | None:
    """The session, row-locked until the transaction ends, with the database's clock; None if unknown.

    The lock makes a tick the only writer of its session across processes, so two owners can never show
    steps out of order.
    """
    row = await conn.fetchrow(_LOCK, session_id)
    if row is None:
        return None
    return RepairSession.from_row(row), row["db_now"]


async def advance_session(conn: Connection, session_id: uuid.UUID, step: int, status: str) -> bool:
    """Record that ``step`` is showing (``status`` completed after the last one); False if already past it."""
    result = await conn.execute(_ADVANCE, session_id, step, status)
    return bool(result == "UPDATE 1")


async def end_session(conn: Connection, session_id: uuid.UUID, reason: str) -> bool:
    """Abandon an active session (its message or room is gone, or its ticks gave up); False if not active."""
    result = await conn.execute(_END, session_id, reason)
    return bool(result == "UPDATE 1")


async def fetch_repair_session(conn: Connection, session_id: uuid.UUID) -> RepairSession | None:
    """A session by id."""
    return await fetch_optional(conn, RepairSession.from_row, _BY_ID, session_id)
