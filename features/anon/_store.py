"""Anonymous-question SQL. Reads for what members and moderators see select no author (:class:`Question` has no
such field, so no render can show one by mistake). The author is read only by the limit checks of their own
proposals."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import asyncpg

from features.anon._rules import PENDING_WINDOW, Question, QuestionStatus, new_request_code
from store import Connection

_COLUMNS: Final = "id, request_code, question_text, status, created_at"

#: Serializes one member's proposals in a guild, so two submits at once cannot both pass the pending limit.
_LOCK_AUTHOR: Final = "SELECT pg_advisory_xact_lock(hashtextextended('anon-author:' || $1 || ':' || $2, 0))"

_CODE_ATTEMPTS: Final = 8


def _question(row: asyncpg.Record) -> Question:
    return Question(
        id=row["id"], request_code=row["request_code"], text=row["question_text"], status=row["status"],
        created_at=row["created_at"],
    )


async def lock_author(conn: Connection, guild_id: str, author_id: str) -> None:
    """Hold the member's proposal lock until the transaction ends."""
    await conn.execute(_LOCK_AUTHOR, guild_id, author_id)


async def proposed_today(conn: Connection, guild_id: str, author_id: str, day: dt.date, digest: str) -> Question | None:
    """The member's question of ``day`` with this exact text, if they already proposed it."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM anon_questions"
        " WHERE guild_id = $1 AND author_user_id = $2 AND day_key = $3 AND text_hash = $4",
        guild_id, author_id, day, digest,
    )
    return None if row is None else _question(row)


async def oldest_recent_pending(
    conn: Connection, guild_id: str, author_id: str, now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """How many of the member's questions proposed within the pending window still wait, and the oldest's time."""
    row = await conn.fetchrow(
        "SELECT count(*) AS n, min(created_at) AS oldest FROM anon_questions"
        " WHERE guild_id = $1 AND author_user_id = $2 AND status = 'pending' AND created_at > $3",
        guild_id, author_id, now - PENDING_WINDOW,
    )
    assert row is not None
    return int(row["n"]), row["oldest"]


async def insert_question(
    conn: Connection, *, guild_id: str, author_id: str, text: str, digest: str, day: dt.date, now: dt.datetime
) -> Question:
    """Store a pending question under a fresh request code (a clash with another code draws again)."""
    for _ in range(_CODE_ATTEMPTS):
        row = await conn.fetchrow(
            "INSERT INTO anon_questions"
            " (id, guild_id, request_code, author_user_id, question_text, text_hash, day_key, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            f" ON CONFLICT (guild_id, request_code) DO NOTHING RETURNING {_COLUMNS}",
            uuid.uuid4(), guild_id, new_request_code(), author_id, text, digest, day, now,
        )
        if row is not None:
            return _question(row)
    raise RuntimeError("no free anonymous question request code after several draws")


async def count_pending(conn: Connection, guild_id: str) -> int:
    """How many questions of the guild wait for moderation."""
    return int(await conn.fetchval(
        "SELECT count(*) FROM anon_questions WHERE guild_id = $1 AND status = 'pending'", guild_id
    ))


async def pending_page(conn: Connection, guild_id: str, *, offset: int, limit: int) -> list[Question]:
    """A page of the guild's pending questions, newest first (the id breaks ties so pages never overlap)."""
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM anon_questions WHERE guild_id = $1 AND status = 'pending'"
        " ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT $3",
        guild_id, offset, limit,
    )
    return [_question(row) for row in rows]


async def moderate(
    conn: Connection, guild_id: str, question_id: uuid.UUID, *, status: str, moderator_id: str
) -> Question | None:
    """Decide a pending question; None when it is not pending any more (another moderator was first), or gone."""
    row = await conn.fetchrow(
        "UPDATE anon_questions SET status = $3, moderated_by = $4, moderated_at = now()"
        f" WHERE guild_id = $1 AND id = $2 AND status = 'pending' RETURNING {_COLUMNS}",
        guild_id, question_id, status, moderator_id,
    )
    return None if row is None else _question(row)


async def fetch_question(conn: Connection, guild_id: str, question_id: uuid.UUID) -> Question | None:
    """A question of the guild by id."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM anon_questions WHERE guild_id = $1 AND id = $2", guild_id, question_id
    )
    return None if row is None else _question(row)


async def mark_published(conn: Connection, question_id: uuid.UUID, message_id: str) -> None:
    """The approved question is out: remember its message."""
    await conn.execute(
        "UPDATE anon_questions SET status = $2, published_message_id = $3, published_at = now()"
        " WHERE id = $1 AND status = $4",
        question_id, QuestionStatus.PUBLISHED, message_id, QuestionStatus.APPROVED,
    )


async def back_to_queue(conn: Connection, question_id: uuid.UUID) -> bool:
    """An approved question that could not be published waits in the queue again (a moderator can approve it
    once the channel is fixed); True when it moved."""
    status = await conn.execute(
        "UPDATE anon_questions SET status = $2, moderated_by = NULL, moderated_at = NULL"
        " WHERE id = $1 AND status = $3",
        question_id, QuestionStatus.PENDING, QuestionStatus.APPROVED,
    )
    return bool(status == "UPDATE 1")
