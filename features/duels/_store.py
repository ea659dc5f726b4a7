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
    #: The question as posted ('' for a round from before questions).
    question: str = ""
    #: The bank question's key; None for the moderator's own question.
    question_key: str | None = None
    #: When the vote on the revealed answers closes (None while the round takes answers).
    votes_end_at: dt.datetime | None = None
    #: When the vote closed and the round started to count.
    counted_at: dt.datetime | None = None

    @property
    def counted(self) -> bool:
        """Whether the round's points count (its vote has closed)."""
        return self.counted_at is not None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> DuelRound:
        return struct_from_row(cls, row)


class LockedRound(msgspec.Struct, frozen=True, kw_only=True):
    """A round with its duel's guild and the database time (locked for the rest of the transaction, except when
    read by :func:`round_with_clock`)."""

    round: DuelRound
    guild_id: str
    now: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> LockedRound:
        return cls(round=DuelRound.from_row(row), guild_id=row["guild_id"], now=row["db_now"])


class SubmissionRow(msgspec.Struct, frozen=True, kw_only=True):
    """One stored answer with its round number, whether the round counts and the votes the answer received."""

    pair_id: uuid.UUID
    round_no: int
    answer: str
    counted: bool = False
    votes: int = 0


class RoundAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """One answer of a round as the reveal and the vote need it."""

    id: uuid.UUID
    pair_id: uuid.UUID
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
_INSERT_ROUND: Final = """
INSERT INTO duel_rounds (id, duel_id, round_no, ends_at, question, question_key)
SELECT $1, $2, coalesce(max(round_no), 0) + 1, now() + make_interval(mins => $3), $4, $5
FROM duel_rounds WHERE duel_id = $2
RETURNING *
"""
_NEXT_ROUND_NO: Final = "SELECT coalesce(max(round_no), 0) + 1 FROM duel_rounds WHERE duel_id = $1"
_USED_QUESTIONS: Final = "SELECT question_key FROM duel_rounds WHERE duel_id = $1 AND question_key IS NOT NULL"
_DB_NOW: Final = "SELECT now()"
_ROUND_FOR_CLOSE: Final = """
SELECT r.*, d.guild_id, now() AS db_now
FROM duel_rounds r JOIN duels d ON d.id = r.duel_id
WHERE r.duel_id = $1 AND r.round_no = $2
FOR UPDATE OF r
"""
_CLOSE_ROUND: Final = """
UPDATE duel_rounds SET status = 'closed', closed_at = now(), votes_end_at = now() + make_interval(mins => $2)
WHERE id = $1 AND status = 'active'
RETURNING *
"""
_COUNT_ROUND: Final = "UPDATE duel_rounds SET counted_at = now() WHERE id = $1 AND counted_at IS NULL"
_END_DUEL: Final = """
UPDATE duels SET status = 'ended', ended_at = now(), version = version + 1, updated_at = now()
WHERE id = $1 AND status = 'active'
RETURNING *
"""
_ROUND: Final = "SELECT * FROM duel_rounds WHERE id = $1"
_ROUND_FOR_ANSWER: Final = """
SELECT r.*, d.guild_id, now() AS db_now
FROM duel_rounds r JOIN duels d ON d.id = r.duel_id
WHERE r.id = $1
FOR SHARE OF r
"""
_ROUND_WITH_CLOCK: Final = """
SELECT r.*, d.guild_id, now() AS db_now
FROM duel_rounds r JOIN duels d ON d.id = r.duel_id
WHERE r.id = $1
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
SELECT s.pair_id, r.round_no, s.answer, r.counted_at IS NOT NULL AS counted, count(v.user_id) AS votes
FROM duel_submissions s JOIN duel_rounds r ON r.id = s.round_id
LEFT JOIN duel_votes v ON v.submission_id = s.id
WHERE r.duel_id = $1
GROUP BY s.id, r.round_no, r.counted_at
"""
_ROUND_ANSWERS: Final = "SELECT id, pair_id, answer FROM duel_submissions WHERE round_id = $1"
_VOTE_OF: Final = "SELECT submission_id FROM duel_votes WHERE round_id = $1 AND user_id = $2"
_UPSERT_VOTE: Final = """
INSERT INTO duel_votes (round_id, user_id, submission_id) VALUES ($1, $2, $3)
ON CONFLICT (round_id, user_id) DO UPDATE SET submission_id = excluded.submission_id, voted_at = now()
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


async def database_now(conn: Connection) -> dt.datetime:
    """The database clock (one clock for every process)."""
    now: dt.datetime = await conn.fetchval(_DB_NOW)
    return now


async def next_round_number(conn: Connection, duel_id: uuid.UUID) -> int:
    """The number the duel's next round gets (the caller holds the duel's lock)."""
    return int(await conn.fetchval(_NEXT_ROUND_NO, duel_id))


async def used_question_keys(conn: Connection, duel_id: uuid.UUID) -> set[str]:
    """The bank questions the duel has asked."""
    return {row["question_key"] for row in await conn.fetch(_USED_QUESTIONS, duel_id)}


async def insert_round(
    conn: Connection, duel_id: uuid.UUID, minutes: int, *, question: str, question_key: str | None
) -> DuelRound:
    """Open the next round (number = last + 1) for ``minutes`` from the database's now, asking ``question``."""
    row = await conn.fetchrow(_INSERT_ROUND, uuid.uuid4(), duel_id, minutes, question, question_key)
    assert row is not None
    return DuelRound.from_row(row)


async def round_for_close(conn: Connection, duel_id: uuid.UUID, round_no: int) -> LockedRound | None:
    """Round ``round_no`` of the duel locked ``FOR UPDATE`` (closers and answers wait), or None."""
    return await fetch_optional(conn, LockedRound.from_row, _ROUND_FOR_CLOSE, duel_id, round_no)


async def mark_round_closed(conn: Connection, round_id: uuid.UUID, *, vote_minutes: int) -> DuelRound | None:
    """Close a round's answers and open its vote for ``vote_minutes``; None when it was closed already (the
    update waits for answers holding the round's share lock)."""
    return await fetch_optional(conn, DuelRound.from_row, _CLOSE_ROUND, round_id, vote_minutes)


async def mark_round_counted(conn: Connection, round_id: uuid.UUID) -> bool:
    """Close a round's vote: its points count from now on; False when it counted already."""
    return bool(await conn.execute(_COUNT_ROUND, round_id) == "UPDATE 1")


async def mark_duel_ended(conn: Connection, duel_id: uuid.UUID) -> Duel | None:
    """End an active duel (bumping its version); None when it was not active."""
    return await fetch_optional(conn, Duel.from_row, _END_DUEL, duel_id)


async def fetch_round(conn: Connection, round_id: uuid.UUID) -> DuelRound | None:
    """A round by id."""
    return await fetch_optional(conn, DuelRound.from_row, _ROUND, round_id)


async def round_for_answer(conn: Connection, round_id: uuid.UUID) -> LockedRound | None:
    """The round share-locked until the transaction ends (a close waits for the answer to commit), or None."""
    return await fetch_optional(conn, LockedRound.from_row, _ROUND_FOR_ANSWER, round_id)


async def round_with_clock(conn: Connection, round_id: uuid.UUID) -> LockedRound | None:
    """The round as it stands with the database clock, unlocked (a notice only reads it), or None."""
    return await fetch_optional(conn, LockedRound.from_row, _ROUND_WITH_CLOCK, round_id)


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
        SubmissionRow(
            pair_id=row["pair_id"],
            round_no=row["round_no"],
            answer=row["answer"],
            counted=row["counted"],
            votes=row["votes"],
        )
        for row in await conn.fetch(_SUBMISSIONS_OF, duel_id)
    ]


async def round_answers(conn: Connection, round_id: uuid.UUID) -> list[RoundAnswer]:
    """Every answer of a round (in no particular order: callers order them with ``reveal_order``)."""
    return [
        RoundAnswer(id=r["id"], pair_id=r["pair_id"], answer=r["answer"])
        for r in await conn.fetch(_ROUND_ANSWERS, round_id)
    ]


async def vote_of(conn: Connection, round_id: uuid.UUID, user_id: str) -> uuid.UUID | None:
    """The answer a member voted for in a round, if any."""
    found: uuid.UUID | None = await conn.fetchval(_VOTE_OF, round_id, user_id)
    return found


async def upsert_vote(conn: Connection, *, round_id: uuid.UUID, user_id: str, submission_id: uuid.UUID) -> None:
    """Store (or replace) a member's vote in a round (the caller holds the round's share lock)."""
    await conn.execute(_UPSERT_VOTE, round_id, user_id, submission_id)
