"""The ``/setup`` wizard's draft: one per guild, in Postgres so it survives restarts and serves every process.

The draft belongs to the administrator who opened the panel (``owner_id``); opening the wizard again as
another administrator hands the draft to them, starting from the stored configuration, and the old panel's
controls stop working for anyone else. Values are the ``guild_settings`` columns the wizard edits.
"""

from __future__ import annotations

import json
from typing import Final

import asyncpg
import msgspec

from store import Connection, fetch_optional


class SetupDraft(msgspec.Struct, frozen=True, kw_only=True):
    """The stored draft of a guild's setup."""

    guild_id: str
    owner_id: str
    channel_id: str | None
    message_id: str | None
    values: dict[str, str]
    version: int
    completed: bool

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> SetupDraft:
        raw = row["draft"]
        values = json.loads(raw) if isinstance(raw, str) else dict(raw)
        return cls(
            guild_id=row["guild_id"],
            owner_id=row["owner_id"],
            channel_id=row["channel_id"],
            message_id=row["message_id"],
            values={k: str(v) for k, v in values.items() if v is not None},
            version=int(row["version"]),
            completed=row["completed_at"] is not None,
        )


_SELECT: Final = "SELECT * FROM setup_drafts WHERE guild_id = $1"
# A new owner starts over from the stored settings; the same owner keeps their draft.
_OPEN: Final = """
INSERT INTO setup_drafts AS d (guild_id, owner_id, draft) VALUES ($1, $2, $3::jsonb)
ON CONFLICT (guild_id) DO UPDATE SET
    owner_id = EXCLUDED.owner_id,
    draft = CASE WHEN d.owner_id = EXCLUDED.owner_id THEN d.draft ELSE EXCLUDED.draft END,
    completed_at = CASE WHEN d.owner_id = EXCLUDED.owner_id THEN d.completed_at END,
    version = d.version + 1,
    updated_at = now()
RETURNING *
"""
_PLACE: Final = """
UPDATE setup_drafts SET channel_id = $2, message_id = $3, updated_at = now() WHERE guild_id = $1 RETURNING *
"""
# jsonb || {key: value} sets one value; a null value removes the key (the choice was cleared).
_SET_VALUE: Final = """
UPDATE setup_drafts SET
    draft = CASE WHEN $4::text IS NULL THEN draft - $3 ELSE draft || jsonb_build_object($3::text, $4::text) END,
    completed_at = NULL, version = version + 1, updated_at = now()
WHERE guild_id = $1 AND owner_id = $2
RETURNING *
"""
_REPLACE: Final = """
UPDATE setup_drafts SET draft = $3::jsonb, completed_at = NULL, version = version + 1, updated_at = now()
WHERE guild_id = $1 AND owner_id = $2
RETURNING *
"""
_COMPLETE: Final = """
UPDATE setup_drafts SET completed_at = now(), version = version + 1, updated_at = now()
WHERE guild_id = $1 AND owner_id = $2 AND draft = $3::jsonb
RETURNING *
"""


async def fetch_draft(conn: Connection, guild_id: str) -> SetupDraft | None:
    """The guild's draft, if the wizard was ever opened there."""
    return await fetch_optional(conn, SetupDraft.from_row, _SELECT, guild_id)


async def open_draft(conn: Connection, guild_id: str, owner_id: str, initial: dict[str, str]) -> SetupDraft:
    """Give ``owner_id`` the guild's draft: theirs as it was, or a fresh one from ``initial``."""
    row = await conn.fetchrow(_OPEN, guild_id, owner_id, json.dumps(initial))
    assert row is not None
    return SetupDraft.from_row(row)


async def place_panel(conn: Connection, guild_id: str, channel_id: str, message_id: str) -> None:
    """Record where the panel message lives."""
    await conn.execute(_PLACE, guild_id, channel_id, message_id)


async def set_draft_value(
    conn: Connection, guild_id: str, owner_id: str, key: str, value: str | None
) -> SetupDraft | None:
    """Set (or clear, with ``None``) one value; ``None`` when ``owner_id`` no longer owns the draft."""
    return await fetch_optional(conn, SetupDraft.from_row, _SET_VALUE, guild_id, owner_id, key, value)


async def replace_draft(
    conn: Connection, guild_id: str, owner_id: str, values: dict[str, str]
) -> SetupDraft | None:
    """Replace every value (Reset); ``None`` when ``owner_id`` no longer owns the draft."""
    return await fetch_optional(conn, SetupDraft.from_row, _REPLACE, guild_id, owner_id, json.dumps(values))


async def complete_draft(
    conn: Connection, guild_id: str, owner_id: str, values: dict[str, str]
) -> SetupDraft | None:
    """Mark the draft saved (the panel shows it; a later edit reopens it); ``None`` unless ``owner_id`` still
    owns it with exactly ``values`` (the values the caller validated and is saving). Locks the draft row."""
    return await fetch_optional(conn, SetupDraft.from_row, _COMPLETE, guild_id, owner_id, json.dumps(values))
