"""``/say`` drafts (``mediator_say_sessions``): the rewrites as shown, the chosen tone, the one-time send.

A draft belongs to one member in one guild; every lookup is by ``(id, guild, user)``, so a forged button id
naming somebody else's draft finds nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import asyncpg
import msgspec

from store import Connection, fetch_optional


class NewSayDraft(msgspec.Struct, frozen=True, kw_only=True):
    """What a modal submit stores."""

    guild_id: str
    user_id: str
    pair_id: uuid.UUID | None
    locale: str
    source_text: str
    soft_text: str
    direct_text: str
    short_text: str


class SayDraft(NewSayDraft, frozen=True, kw_only=True):
    """One stored ``/say`` draft: what the submit stored, the chosen tone and the send."""

    id: uuid.UUID
    selected_tone: str
    sent_to_pair_at: dt.datetime | None
    sent_message_id: str | None
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> SayDraft:
        return msgspec.convert(dict(row), cls)


_INSERT: Final = """
INSERT INTO mediator_say_sessions
    (id, guild_id, user_id, pair_id, locale, source_text, soft_text, direct_text, short_text)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING *
"""
_GET: Final = "SELECT * FROM mediator_say_sessions WHERE id = $1 AND guild_id = $2 AND user_id = $3"
_LOCK: Final = _GET + " FOR UPDATE"
_BY_ID: Final = "SELECT * FROM mediator_say_sessions WHERE id = $1"
_SELECT_TONE: Final = """
UPDATE mediator_say_sessions SET selected_tone = $4
WHERE id = $1 AND guild_id = $2 AND user_id = $3
RETURNING *
"""
# Only an unsent draft is marked; the send's effect runs this in the transaction that marks the effect sent.
_MARK_SENT: Final = """
UPDATE mediator_say_sessions SET sent_to_pair_at = now(), sent_message_id = $2
WHERE id = $1 AND sent_to_pair_at IS NULL
RETURNING *
"""


async def insert_say_draft(conn: Connection, draft: NewSayDraft) -> SayDraft:
    """Store a new draft (tone ``soft``, not sent)."""
    row = await conn.fetchrow(
        _INSERT, uuid.uuid4(), draft.guild_id, draft.user_id, draft.pair_id, draft.locale,
        draft.source_text, draft.soft_text, draft.direct_text, draft.short_text,
    )
    assert row is not None
    return SayDraft.from_row(row)


async def fetch_say_draft(conn: Connection, draft_id: uuid.UUID, guild_id: str, user_id: str) -> SayDraft | None:
    """The member's draft, or None (unknown, or somebody else's)."""
    return await fetch_optional(conn, SayDraft.from_row, _GET, draft_id, guild_id, user_id)


async def lock_say_draft(conn: Connection, draft_id: uuid.UUID, guild_id: str, user_id: str) -> SayDraft | None:
    """The member's draft, locked until the transaction ends (a second press of send waits for the first to
    commit), or None."""
    return await fetch_optional(conn, SayDraft.from_row, _LOCK, draft_id, guild_id, user_id)


async def fetch_say_draft_by_id(conn: Connection, draft_id: uuid.UUID) -> SayDraft | None:
    """A draft by id alone: for its send, which the member's own press recorded."""
    return await fetch_optional(conn, SayDraft.from_row, _BY_ID, draft_id)


async def select_say_tone(
    conn: Connection, draft_id: uuid.UUID, guild_id: str, user_id: str, tone: str
) -> SayDraft | None:
    """Remember the chosen tone; None when the draft is not the member's."""
    return await fetch_optional(conn, SayDraft.from_row, _SELECT_TONE, draft_id, guild_id, user_id, tone)


async def mark_say_sent(conn: Connection, draft_id: uuid.UUID, message_id: str) -> SayDraft | None:
    """Record the send; None when the draft was already sent."""
    return await fetch_optional(conn, SayDraft.from_row, _MARK_SENT, draft_id, message_id)
