"""Duels, their timed rounds and the pairs' answers (features.md §3).

Every change the public scoreboard shows bumps ``duels.version`` in the same transaction, except answers,
which the scoreboard's version counts instead (:func:`scoreboard_version`); every change a Pair Home panel
shows bumps ``pairs.version``. So a projection can tell newer state from older. Time decisions (is the round
still open, is it due to close) use the database clock, one clock for every process.

Concurrency: an answer holds the round row ``FOR SHARE`` (:func:`round_for_answer`) while the caller checks
and inserts; closing takes it ``FOR UPDATE`` (:func:`round_for_close`). So an answer either commits before
the round closes (and counts) or sees it closed, and a close never runs in the middle of an accepted answer.
Lock order, so nothing deadlocks: a round start, a close and a duel's end take the duel row, then the round,
then the pairs; an answer takes the round (shared), then its own pair, never the duel row. The rules
themselves (is it open, is it due) are pure functions of :mod:`gateway.domain` that the feature applies to
the rows and the database time these functions return.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final, Literal

import asyncpg
import msgspec

from store import Connection, fetch_optional, struct_from_row

DuelStatus = Literal["active", "ended"]
RoundStatus = Literal["active", "closed"]


class Duel(msgspec.Struct, frozen=True, kw_only=True):
    """One duel of a guild and where its scoreboard lives."""

    id: uuid.UUID
    guild_id: str
    public_channel_id: str
    status: DuelStatus
    version: int

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Duel:
        return struct_from_row(cls, row)


class DuelRound(msgspec.Struct, frozen=True, kw_only=True):
    """One timed round of a duel."""

    id: uuid.UUID
    duel_id: uuid.UUID
    round_no: int
    status: RoundStatus
    ends_at: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> DuelRound:
        return struct_from_row(cls, row)


class LockedRound(msgspec.Struct, frozen=True, kw_only=True):
    """A round locked for the rest of the transaction, with its duel's guild and the database time."""

    round: DuelRound
    guild_id: str
    now: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> LockedRound:
        return cls(round=DuelRound.from_row(row), guild_id=row["guild_id"], now=row["db_now"])


class SubmissionRow(msgspec.Struct, frozen=True, kw_only=True):
    """One stored answer with its round number."""

    pair_id: uuid.UUID
    round_no: int
    answer: str


_ACTIVE_DUEL: Final = "SELECT * FROM duels WHERE guild_id = $1 AND status = 'active'"
_DUEL: Final = "SELECT * FROM duels WHERE id = $1"
_INSERT_DUEL: Final = """
INSERT INTO duels (id, guild_id, public_channel_id) VALUES ($1, $2, $3)
ON CONFLICT (guild_id) WHERE status = 'active' DO NOTHING
RETURNING *
"""
_LOCK_ACTIVE_DUEL: Final = "SELECT * FROM duels WHERE guild_id = $1 AND status = 'active' FOR UPDATE"
_LOCK_DUEL: Final = "SELECT * FROM duels WHERE id = $1 FOR UPDATE"
_BUMP_DUEL: Final = "UPDATE duels SET version = version + 1, updated_at = now() WHERE id = $1"
_ACTIVE_ROUND: Final = "SELECT * FROM duel_rounds WHERE duel_id = $1 AND status = 'active'"
_CLOSE_IF_OVERDUE: Final = """
UPDATE duel_rounds SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'active' AND ends_at <= now()
"""
_INSERT_ROUND: Final = """
INSERT INTO duel_rounds (id, duel_id, round_no, ends_at)
SELECT $1, $2, coalesce(max(round_no), 0) + 1, now() + make_interval(mins => $3)
FROM duel_rounds WHERE duel_id = $2
RETURNING *
"""
_ROUND_FOR_CLOSE: Final = """
SELECT r.*, d.guild_id, now() AS db_now
FROM duel_rounds r JOIN duels d ON d.id = r.duel_id
WHERE r.duel_id = $1 AND r.round_no = $2
FOR UPDATE OF r
"""
_CLOSE_ROUND: Final = "UPDATE duel_rounds SET status = 'closed', closed_at = now() WHERE id = $1"
_END_DUEL: Final = """
UPDATE duels SET status = 'ended', ended_at = now(), version = version + 1, updated_at = now()
WHERE guild_id = $1 AND status = 'active'
RETURNING *
"""
_CLOSE_ROUNDS_OF: Final = """
UPDATE duel_rounds SET status = 'closed', closed_at = now() WHERE duel_id = $1 AND status = 'active'
"""
_ROUND: Final = "SELECT * FROM duel_rounds WHERE id = $1"
_ROUND_FOR_ANSWER: Final = """
SELECT r.*, d.guild_id, now() AS db_now
FROM duel_rounds r JOIN duels d ON d.id = r.duel_id
WHERE r.id = $1
FOR SHARE OF r
"""
_ANSWERED: Final = "SELECT EXISTS (SELECT 1 FROM duel_submissions WHERE round_id = $1 AND pair_id = $2)"
_INSERT_ANSWER: Final = """
INSERT INTO duel_submissions (id, round_id, pair_id, user_id, answer) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (round_id, pair_id) DO NOTHING
RETURNING id
"""
_ROUNDS_OF: Final = "SELECT * FROM duel_rounds WHERE duel_id = $1 ORDER BY round_no"
_ANSWER_COUNT: Final = """
SELECT count(*) FROM duel_submissions s JOIN duel_rounds r ON r.id = s.round_id WHERE r.duel_id = $1
"""
_SUBMISSIONS_OF: Final = """
SELECT s.pair_id, r.round_no, s.answer
FROM duel_submissions s JOIN duel_rounds r ON r.id = s.round_id
WHERE r.duel_id = $1
"""


async def active_duel(conn: Connection, guild_id: str) -> Duel | None:
    """The guild's active duel, if one runs."""
    return await fetch_optional(conn, Duel.from_row, _ACTIVE_DUEL, guild_id)


async def fetch_duel(conn: Connection, duel_id: uuid.UUID) -> Duel | None:
    """A duel by id, whatever its status."""
    return await fetch_optional(conn, Duel.from_row, _DUEL, duel_id)


async def insert_duel(conn: Connection, *, guild_id: str, public_channel_id: str) -> Duel | None:
    """Start a duel; None when the guild already has an active one (concurrent starts included)."""
    return await fetch_optional(conn, Duel.from_row, _INSERT_DUEL, uuid.uuid4(), guild_id, public_channel_id)


async def bump_active_duel_version(conn: Connection, guild_id: str) -> Duel | None:
    """Mark a change of the active duel's scoreboard that is not a duel write (a new pair joins the board)."""
    duel = await active_duel(conn, guild_id)
    if duel is not None:
        await bump_duel_version(conn, duel.id)
    return duel


async def bump_duel_version(conn: Connection, duel_id: uuid.UUID) -> None:
    """Mark a change the scoreboard shows (call in the transaction that makes the change)."""
    await conn.execute(_BUMP_DUEL, duel_id)


async def lock_active_duel(conn: Connection, guild_id: str) -> Duel | None:
    """The active duel, row-locked until the transaction ends (round starts and ends take turns)."""
    return await fetch_optional(conn, Duel.from_row, _LOCK_ACTIVE_DUEL, guild_id)


async def lock_duel(conn: Connection, duel_id: uuid.UUID) -> Duel | None:
    """A duel row-locked until the transaction ends, whatever its status."""
    return await fetch_optional(conn, Duel.from_row, _LOCK_DUEL, duel_id)


async def active_round(conn: Connection, duel_id: uuid.UUID) -> DuelRound | None:
    """The duel's open round, if any."""
    return await fetch_optional(conn, DuelRound.from_row, _ACTIVE_ROUND, duel_id)


async def close_if_overdue(conn: Connection, round_id: uuid.UUID) -> bool:
    """Close an open round whose time is up (its close job has not run yet); True if it was closed here."""
    return bool(await conn.execute(_CLOSE_IF_OVERDUE, round_id) == "UPDATE 1")


async def insert_round(conn: Connection, duel_id: uuid.UUID, minutes: int) -> DuelRound:
    """Open the next round (number = last + 1) for ``minutes`` from the database's now."""
    row = await conn.fetchrow(_INSERT_ROUND, uuid.uuid4(), duel_id, minutes)
    assert row is not None
    return DuelRound.from_row(row)


async def round_for_close(conn: Connection, duel_id: uuid.UUID, round_no: int) -> LockedRound | None:
    """Round ``round_no`` of the duel locked ``FOR UPDATE`` (closers and answers wait), or None."""
    return await fetch_optional(conn, LockedRound.from_row, _ROUND_FOR_CLOSE, duel_id, round_no)


async def mark_round_closed(conn: Connection, round_id: uuid.UUID) -> None:
    """Close a round (the caller holds its lock and decided it is due)."""
    await conn.execute(_CLOSE_ROUND, round_id)


async def end_duel(conn: Connection, guild_id: str) -> Duel | None:
    """End the guild's active duel (bumping its version) and close its open round; None when none was active."""
    row = await conn.fetchrow(_END_DUEL, guild_id)
    if row is None:
        return None
    duel = Duel.from_row(row)
    await conn.execute(_CLOSE_ROUNDS_OF, duel.id)
    return duel


async def fetch_round(conn: Connection, round_id: uuid.UUID) -> DuelRound | None:
    """A round by id."""
    return await fetch_optional(conn, DuelRound.from_row, _ROUND, round_id)


async def round_for_answer(conn: Connection, round_id: uuid.UUID) -> LockedRound | None:
    """The round share-locked until the transaction ends (a close waits for the answer to commit), or None."""
    return await fetch_optional(conn, LockedRound.from_row, _ROUND_FOR_ANSWER, round_id)


async def pair_answered(conn: Connection, round_id: uuid.UUID, pair_id: uuid.UUID) -> bool:
    """Whether the pair already answered the round."""
    return bool(await conn.fetchval(_ANSWERED, round_id, pair_id))


async def insert_answer(
    conn: Connection, *, round_id: uuid.UUID, pair_id: uuid.UUID, user_id: str, answer: str
) -> bool:
    """Store the pair's answer; False when one is already stored (the first answer wins)."""
    return await conn.fetchval(_INSERT_ANSWER, uuid.uuid4(), round_id, pair_id, user_id, answer) is not None


async def answer_count(conn: Connection, duel_id: uuid.UUID) -> int:
    """How many answers the duel has, over all its rounds (what :func:`scoreboard_version` counts)."""
    return int(await conn.fetchval(_ANSWER_COUNT, duel_id))


def scoreboard_version(duel: Duel, answers: int) -> int:
    """The scoreboard's state version: the duel's own version plus its answers (both only ever grow)."""
    return duel.version + answers


async def rounds_of(conn: Connection, duel_id: uuid.UUID) -> list[DuelRound]:
    """Every round of the duel, by number."""
    return [DuelRound.from_row(row) for row in await conn.fetch(_ROUNDS_OF, duel_id)]


async def submissions_of(conn: Connection, duel_id: uuid.UUID) -> list[SubmissionRow]:
    """Every answer of every round of the duel."""
    return [
        SubmissionRow(pair_id=row["pair_id"], round_no=row["round_no"], answer=row["answer"])
        for row in await conn.fetch(_SUBMISSIONS_OF, duel_id)
    ]
