"""The operator's queries on the public posts queue (``scheduled_posts``): list, requeue, count.

Every query an operator runs against the queue lives here (``together posts``, the posts gauges of
``/metrics``), so a change of how posts are claimed changes one module. A post is *stuck* when it is
``processing`` past its lease: the worker that claimed it is gone (its job takes it back on its next run anyway).
Requeueing puts a failed, dead or stuck post back to ``pending`` with a fresh attempt count and, in the same
transaction, enqueues its targeted ``public.post.publish`` job, so it is sent now rather than at the next sweep.
A post a live worker holds (processing within its lease) or one already sent is never requeued: that could post
it twice. Posts here are every recorded effect (public posts, pair rooms, notices...), by kind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import msgspec

from features.kernel._effects import enqueue_effect_jobs, fetch_effect
from store import Connection
from together.errors import BotError

#: The statuses of the table, plus ``stuck`` (processing past the claim lease) for listing.
POST_STATUSES: Final = ("pending", "processing", "sent", "failed", "dead")
LISTABLE_STATUSES: Final = (*POST_STATUSES, "stuck")


_NO_GRACE: Final = dt.timedelta(0)


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


# $1 is a grace (an interval) past the lease; zero in practice, kept so a caller may ask for "long stuck".
_STUCK: Final = "(p.status = 'processing' AND coalesce(p.lease_expires_at <= now() - $1::interval, false))"
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
      AND (($2 AND p.status IN ('failed', 'dead')) OR ($3 AND {_STUCK})
           OR (p.id = $4 AND (p.status IN ('failed', 'dead', 'pending') OR {_STUCK})))
    FOR UPDATE
)
UPDATE scheduled_posts p SET status = 'pending', attempts = 0, lease_owner = NULL, lease_expires_at = NULL,
    updated_at = now()
FROM target WHERE p.id = target.id
RETURNING p.id, p.guild_id, target.status AS previous
"""
_STATUS: Final = "SELECT status FROM scheduled_posts WHERE id = $1 AND ($2::text IS NULL OR guild_id = $2)"
_COUNTS: Final = f"""
SELECT count(*) FILTER (WHERE p.status = 'pending') AS pending,
       count(*) FILTER (WHERE p.status = 'processing') AS processing,
       count(*) FILTER (WHERE p.status = 'failed') AS failed,
       count(*) FILTER (WHERE p.status = 'dead') AS dead,
       count(*) FILTER (WHERE {_STUCK}) AS stuck
FROM scheduled_posts p WHERE p.status IN ('pending', 'processing', 'failed', 'dead')
"""


async def list_posts(
    conn: Connection, *, status: str | None = None, guild_id: str | None = None, limit: int = 50
) -> list[PostRow]:
    """The most recently updated posts, optionally of one status (or ``stuck``) and one guild."""
    if status is not None and status not in LISTABLE_STATUSES:
        raise ValueError(f"unknown post status {status!r}")
    rows = await conn.fetch(_LIST, _NO_GRACE, guild_id, status, limit)
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
    rows = await conn.fetch(_REQUEUE, _NO_GRACE, failed, stuck, post_id, guild_id)
    if post_id is not None and not any(row["id"] == post_id for row in rows):
        status = await conn.fetchval(_STATUS, post_id, guild_id)
        if status is not None:
            raise PostNotRequeueable(post_id, status)
    effects = [effect for row in rows if (effect := await fetch_effect(conn, row["id"])) is not None]
    job_ids = await enqueue_effect_jobs(conn, effects, reason="requeue", correlation_id=f"cli-{uuid.uuid4().hex}")
    return [
        Requeued(id=row["id"], guild_id=row["guild_id"], previous=row["previous"], job_id=job_id)
        for row, job_id in zip(rows, job_ids, strict=True)
    ]


async def post_counts(conn: Connection) -> dict[str, int]:
    """How many posts are ``pending``, ``processing``, ``failed`` and ``dead``, and how many of those processing
    are ``stuck``."""
    row = await conn.fetchrow(_COUNTS, _NO_GRACE)
    assert row is not None
    return {key: int(row[key]) for key in ("pending", "processing", "failed", "dead", "stuck")}


_UNDONE: Final = """
SELECT kind, count(*) AS n FROM scheduled_posts
WHERE guild_id = $1 AND status IN ('failed', 'dead') GROUP BY kind ORDER BY kind
"""


async def undone_effects(conn: Connection, guild_id: str) -> dict[str, int]:
    """How many of the guild's effects ended ``failed`` or ``dead``, by kind (what ``/admin doctor`` reports
    until an operator requeues them)."""
    return {row["kind"]: int(row["n"]) for row in await conn.fetch(_UNDONE, guild_id)}
