"""The operator's queries on the public posts queue (``scheduled_posts``): list, requeue, count.

Every query an operator runs against the queue lives here (``together posts``, the posts gauges of
``/metrics``), so a change of how posts are claimed changes one module. A post is *stuck* when it is
``processing`` past its claim lease (:data:`CLAIM_LEASE`): the worker that claimed it is gone. Requeueing puts a
failed or stuck post back to ``pending`` with a fresh attempt count and, in the same transaction, enqueues its
targeted ``public.post.publish`` job (coalesced per post, as the setup wizard's test post does), so it is sent
now rather than at the next sweep. A post a live worker holds (processing within its lease) or one already sent
is never requeued: that could post it twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import msgspec

from features.kernel._public_posts import CLAIM_LEASE, PUBLISH, PublicPostPublish
from store import Connection, enqueue_many
from together.errors import BotError

#: The statuses of the table, plus ``stuck`` (processing past the claim lease) for listing.
POST_STATUSES: Final = ("pending", "processing", "sent", "failed")
LISTABLE_STATUSES: Final = (*POST_STATUSES, "stuck")


class PostRow(msgspec.Struct, frozen=True, kw_only=True):
    """One queued post as an operator sees it."""

    id: uuid.UUID
    guild_id: str
    kind: str
    channel_id: str
    status: str
    #: Processing past its claim lease: the worker that claimed it is gone.
    stuck: bool
    attempts: int
    scheduled_for: dt.datetime
    updated_at: dt.datetime
    last_error: str | None
    published_message_id: str | None


class Requeued(msgspec.Struct, frozen=True, kw_only=True):
    """A post put back to pending (``previous``: the status it had) and the publish job enqueued for it."""

    id: uuid.UUID
    guild_id: str
    previous: str
    job_id: int


class PostNotRequeueable(BotError):
    """The post exists but requeueing it could publish it twice (sent, or held by a live worker)."""

    def __init__(self, post_id: uuid.UUID, status: str) -> None:
        self.post_id = post_id
        self.status = status
        reason = "already sent" if status == "sent" else "being published by a live worker (within its lease)"
        super().__init__(f"post {post_id} is {reason}")


_STUCK: Final = "(p.status = 'processing' AND p.updated_at <= now() - $1::interval)"
_LIST: Final = f"""
SELECT p.id, p.guild_id, p.kind, p.channel_id, p.status, {_STUCK} AS stuck, p.attempts, p.scheduled_for,
       p.updated_at, p.last_error, p.published_message_id
FROM scheduled_posts p
WHERE ($2::text IS NULL OR p.guild_id = $2)
  AND ($3::text IS NULL OR p.status = $3 OR ($3 = 'stuck' AND {_STUCK}))
ORDER BY p.updated_at DESC, p.id
LIMIT $4
"""
# Back to pending: failed posts ($2), stuck ones ($3), or the one post $4 when it is failed, stuck or pending.
_REQUEUE: Final = f"""
WITH target AS (
    SELECT p.id, p.status FROM scheduled_posts p
    WHERE ($5::text IS NULL OR p.guild_id = $5)
      AND (($2 AND p.status = 'failed') OR ($3 AND {_STUCK})
           OR (p.id = $4 AND (p.status IN ('failed', 'pending') OR {_STUCK})))
    FOR UPDATE
)
UPDATE scheduled_posts p SET status = 'pending', attempts = 0, updated_at = now()
FROM target WHERE p.id = target.id
RETURNING p.id, p.guild_id, target.status AS previous
"""
_STATUS: Final = "SELECT status FROM scheduled_posts WHERE id = $1 AND ($2::text IS NULL OR guild_id = $2)"
_COUNTS: Final = f"""
SELECT count(*) FILTER (WHERE p.status = 'pending') AS pending,
       count(*) FILTER (WHERE p.status = 'processing') AS processing,
       count(*) FILTER (WHERE p.status = 'failed') AS failed,
       count(*) FILTER (WHERE {_STUCK}) AS stuck
FROM scheduled_posts p WHERE p.status IN ('pending', 'processing', 'failed')
"""


async def list_posts(
    conn: Connection, *, status: str | None = None, guild_id: str | None = None, limit: int = 50
) -> list[PostRow]:
    """The most recently updated posts, optionally of one status (or ``stuck``) and one guild."""
    if status is not None and status not in LISTABLE_STATUSES:
        raise ValueError(f"unknown post status {status!r}")
    rows = await conn.fetch(_LIST, CLAIM_LEASE, guild_id, status, limit)
    return [msgspec.convert(dict(row), PostRow) for row in rows]


async def requeue_posts(
    conn: Connection,
    *,
    post_id: uuid.UUID | None = None,
    failed: bool = False,
    stuck: bool = False,
    guild_id: str | None = None,
) -> list[Requeued]:
    """Put post ``post_id`` (failed, stuck or pending), every failed post and/or every stuck post (of
    ``guild_id`` when given) back to pending and enqueue each one's publish job. Run it in a transaction: the
    posts and their jobs commit together.

    Raises :class:`PostNotRequeueable` for a ``post_id`` that is sent or held by a live worker; a ``post_id``
    that does not exist (in ``guild_id``) requeues nothing.
    """
    rows = await conn.fetch(_REQUEUE, CLAIM_LEASE, failed, stuck, post_id, guild_id)
    if post_id is not None and not any(row["id"] == post_id for row in rows):
        status = await conn.fetchval(_STATUS, post_id, guild_id)
        if status is not None:
            raise PostNotRequeueable(post_id, status)
    correlation_id = f"cli-{uuid.uuid4().hex}"
    requests = [
        PUBLISH.request(
            PublicPostPublish(
                correlation_id=correlation_id, guild_id=row["guild_id"], feature=PUBLISH.feature,
                action=PUBLISH.action, reason="requeue", post_id=str(row["id"]),
            ),
            coalesce_key=f"public-post:{row['id']}",
        )
        for row in rows
    ]
    results = await enqueue_many(conn, requests)
    return [
        Requeued(id=row["id"], guild_id=row["guild_id"], previous=row["previous"], job_id=result.job_id)
        for row, result in zip(rows, results, strict=True)
    ]


async def post_counts(conn: Connection) -> dict[str, int]:
    """How many posts are ``pending``, ``processing`` and ``failed``, and how many of those processing are
    ``stuck``."""
    row = await conn.fetchrow(_COUNTS, CLAIM_LEASE)
    assert row is not None
    return {key: int(row[key]) for key in ("pending", "processing", "failed", "stuck")}
