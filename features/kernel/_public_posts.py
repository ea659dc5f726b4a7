"""The public posts queue (``scheduled_posts``) that the ``public.post.publish`` job drains.

Producing a post is idempotent by ``idempotency_key``. Publishing claims rows atomically (pending, or
processing past its lease after a crash) so two workers never send the same row at once, then records the
outcome: sent (with the message id), failed (a permanent Discord refusal, with the reason), or back to pending
(the feature is off, or Discord is unavailable and the job will retry).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import asyncpg
import msgspec

from features.kernel._retry import PUBLISH_RETRY
from store import Connection, JobSpec, ScheduledPayload

if TYPE_CHECKING:
    from features.kernel._guild_settings import GuildSettings

#: How long a claimed row may stay in ``processing`` before another worker may take it over.
CLAIM_LEASE: Final = dt.timedelta(minutes=10)
#: Rows one sweep publishes at most; the next sweep (two minutes later) takes the rest.
SWEEP_LIMIT: Final = 50


class PublicPost(msgspec.Struct, frozen=True, kw_only=True):
    """One post of the queue."""

    id: uuid.UUID
    guild_id: str
    kind: str
    channel_id: str
    payload: dict[str, Any]
    status: str
    published_message_id: str | None = None
    last_error: str | None = None

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> PublicPost:
        raw = row["payload"]
        return cls(
            id=row["id"],
            guild_id=row["guild_id"],
            kind=row["kind"],
            channel_id=row["channel_id"],
            payload=json.loads(raw) if isinstance(raw, str) else dict(raw),
            status=row["status"],
            published_message_id=row["published_message_id"],
            last_error=row["last_error"],
        )


class Produced(msgspec.Struct, frozen=True, kw_only=True):
    """The post for an idempotency key, and whether this call queued it (again)."""

    post: PublicPost
    queued: bool


# A failed post is queued again when produced again (an admin retrying after fixing permissions).
_PRODUCE: Final = """
INSERT INTO scheduled_posts AS p (id, guild_id, kind, channel_id, payload, idempotency_key)
VALUES ($1, $2, $3, $4, $5::jsonb, $6)
ON CONFLICT (idempotency_key) DO UPDATE
SET status = 'pending', last_error = NULL, channel_id = EXCLUDED.channel_id, updated_at = now()
WHERE p.status = 'failed'
RETURNING *, true AS queued
"""
_BY_KEY: Final = "SELECT *, false AS queued FROM scheduled_posts WHERE idempotency_key = $1"
_CLAIM: Final = """
UPDATE scheduled_posts SET status = 'processing', attempts = attempts + 1, updated_at = now()
WHERE id IN (
    SELECT id FROM scheduled_posts
    WHERE guild_id = $1 AND ($2::uuid IS NULL OR id = $2) AND scheduled_for <= now()
      AND (status = 'pending' OR (status = 'processing' AND updated_at <= now() - $3::interval))
    ORDER BY scheduled_for, created_at
    LIMIT $4
    FOR UPDATE SKIP LOCKED
)
RETURNING *
"""
_SENT: Final = """
UPDATE scheduled_posts SET status = 'sent', published_message_id = $2, sent_at = now(), last_error = NULL,
    updated_at = now()
WHERE id = $1
"""
_FAILED: Final = """
UPDATE scheduled_posts SET status = 'failed', last_error = left($2, 800), updated_at = now() WHERE id = $1
"""
_RELEASE: Final = """
UPDATE scheduled_posts SET status = 'pending', last_error = left($2, 800), updated_at = now() WHERE id = $1
"""


async def produce_post(
    conn: Connection, *, guild_id: str, kind: str, channel_id: str, payload: dict[str, Any], key: str
) -> Produced:
    """Queue a post once per ``key``; a repeat returns the existing post with ``queued`` false."""
    row = await conn.fetchrow(_PRODUCE, uuid.uuid4(), guild_id, kind, channel_id, json.dumps(payload), key)
    if row is None:
        row = await conn.fetchrow(_BY_KEY, key)
        assert row is not None
    return Produced(post=PublicPost.from_row(row), queued=bool(row["queued"]))


async def claim_posts(conn: Connection, guild_id: str, post_id: uuid.UUID | None = None) -> list[PublicPost]:
    """Claim the guild's due posts (or only ``post_id``) for publishing."""
    rows = await conn.fetch(_CLAIM, guild_id, post_id, CLAIM_LEASE, SWEEP_LIMIT)
    return [PublicPost.from_row(row) for row in rows]


async def mark_sent(conn: Connection, post_id: uuid.UUID, message_id: str) -> None:
    """Record a published post."""
    await conn.execute(_SENT, post_id, message_id)


async def mark_failed(conn: Connection, post_id: uuid.UUID, reason: str) -> None:
    """Record a post Discord refused for good (deleted channel, missing permission)."""
    await conn.execute(_FAILED, post_id, reason)


async def release_post(conn: Connection, post_id: uuid.UUID, reason: str) -> None:
    """Put a claimed post back to pending (feature off, or a retryable failure), noting why."""
    await conn.execute(_RELEASE, post_id, reason)


#: Words a post of one kind for its guild when it is sent (``host.add_post_kind``).
PostRenderer = Callable[[PublicPost, "GuildSettings"], str]


class PublicPostPublish(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Publish due scheduled posts; ``post_id`` None is the every-2-minutes sweep."""

    post_id: str | None = None


#: Scheduled posts leave through this job: the cron sweep every 2 minutes, or one post at once.
PUBLISH: Final = JobSpec(
    name="public.post.publish", payload_type=PublicPostPublish, feature="public_posts", action="post.publish",
    retry=PUBLISH_RETRY, cron="*/2 * * * *",
)
