"""Check-ins and the weeks a guild was reminded (migration ``0017.checkin``), in SQL.

One check-in per pair and guild-local week, enforced by the table's unique constraint: two submits racing
both run ``INSERT ... ON CONFLICT DO NOTHING``; the second waits for the first to commit, inserts nothing and
then reads the first one's row (a new statement sees the committed row), so each is answered with the one
stored check-in. Whatever Pair Home shows of them, the callers bump the pair's version in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import asyncpg
import msgspec

from features.checkin._rules import Scores
from store import Connection


class Checkin(msgspec.Struct, frozen=True, kw_only=True):
    """A pair's stored check-in of one week."""

    id: uuid.UUID
    guild_id: str
    pair_id: uuid.UUID
    week_key: str
    agreement_key: str
    scores: Scores
    submitted_by: str
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Checkin:
        scores = Scores(
            communication=row["communication"], support=row["support"], time_together=row["time_together"],
            repair=row["repair"], overall=row["overall"],
        )
        return cls(
            id=row["id"], guild_id=row["guild_id"], pair_id=row["pair_id"], week_key=row["week_key"],
            agreement_key=row["agreement_key"], scores=scores, submitted_by=row["submitted_by"],
            created_at=row["created_at"],
        )


class Stored(msgspec.Struct, frozen=True, kw_only=True):
    """What a submit found: the pair's check-in of the week, and whether this submit wrote it."""

    checkin: Checkin
    created: bool


_INSERT: Final = """
INSERT INTO checkins (id, guild_id, pair_id, week_key, agreement_key, communication, support, time_together,
                      repair, overall, submitted_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT ON CONSTRAINT checkins_once_a_week DO NOTHING
RETURNING *
"""
_OF_WEEK: Final = "SELECT * FROM checkins WHERE pair_id = $1 AND week_key = $2"
_BY_ID: Final = "SELECT * FROM checkins WHERE id = $1"
_NUDGE: Final = """
INSERT INTO checkin_nudges (guild_id, week_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING week_key
"""
_NUDGED: Final = "SELECT EXISTS (SELECT 1 FROM checkin_nudges WHERE guild_id = $1 AND week_key = $2)"
_DONE_COUNT: Final = "SELECT count(*) FROM checkins WHERE guild_id = $1 AND week_key = $2"


async def store_checkin(
    conn: Connection,
    *,
    guild_id: str,
    pair_id: uuid.UUID,
    week_key: str,
    agreement_key: str,
    scores: Scores,
    submitted_by: str,
) -> Stored:
    """Store the pair's check-in of ``week_key`` unless it has one; either way return the stored one."""
    row = await conn.fetchrow(
        _INSERT, uuid.uuid4(), guild_id, pair_id, week_key, agreement_key, scores.communication, scores.support,
        scores.time_together, scores.repair, scores.overall, submitted_by,
    )
    if row is not None:
        return Stored(checkin=Checkin.from_row(row), created=True)
    existing = await conn.fetchrow(_OF_WEEK, pair_id, week_key)
    assert existing is not None  # the conflicting row is committed: check-ins are never deleted
    return Stored(checkin=Checkin.from_row(existing), created=False)


async def checkin_of_week(conn: Connection, pair_id: uuid.UUID, week_key: str) -> Checkin | None:
    """The pair's check-in of ``week_key``, if it has one."""
    row = await conn.fetchrow(_OF_WEEK, pair_id, week_key)
    return None if row is None else Checkin.from_row(row)


async def fetch_checkin(conn: Connection, checkin_id: uuid.UUID) -> Checkin | None:
    """A check-in by id."""
    row = await conn.fetchrow(_BY_ID, checkin_id)
    return None if row is None else Checkin.from_row(row)


async def mark_nudged(conn: Connection, guild_id: str, week_key: str) -> bool:
    """Note that the guild was reminded in ``week_key``; False when it already was (a second fire)."""
    return await conn.fetchval(_NUDGE, guild_id, week_key) is not None


async def was_nudged(conn: Connection, guild_id: str, week_key: str) -> bool:
    """Whether the guild was reminded in ``week_key``."""
    return bool(await conn.fetchval(_NUDGED, guild_id, week_key))


async def checkins_done(conn: Connection, guild_id: str, week_key: str) -> int:
    """How many of the guild's pairs have checked in for ``week_key``."""
    return int(await conn.fetchval(_DONE_COUNT, guild_id, week_key))
