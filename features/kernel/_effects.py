"""The effects outbox (``scheduled_posts``): every post, channel or pin a feature causes, as a durable intent.

A change records its effect with :func:`record_effect` in its own transaction, so the intent exists exactly when
the change committed. A performer then *claims* the row (a lease owned by a name: the job, or the handler that
performs it at once), does the Discord call with a key that makes a repeat harmless, and *finishes* it in one
transaction that also records what the call returned (the kind's ``finish`` step). A claim whose performer died
is taken over by the same owner at once (the job, retried after its worker crashed) or by anyone once the lease
ran out, so a lost claim waits at most one lease. A transient failure puts the row back to pending; after
``max_attempts`` claims it is ``dead``; a refusal that no retry can change (a deleted channel, a missing
permission) is ``failed``. Both keep ``last_error`` for the operator (``together posts``, ``/admin doctor``).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Final

import asyncpg
import msgspec

from features.kernel._retry import PUBLISH_RETRY
from store import Connection, JobSpec, ScheduledPayload, enqueue_many

#: Claims one effect sweep takes at most; the next sweep (two minutes later) takes the rest.
SWEEP_LIMIT: Final = 50
#: Transient failures before an effect is ``dead``.
DEFAULT_MAX_ATTEMPTS: Final = 8


class PublicPostPublish(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Perform the guild's due effects; ``post_id`` None is the every-2-minutes sweep, else one effect."""

    post_id: str | None = None


#: Effects leave through this job (its name predates effects other than public posts): the cron sweep every
#: 2 minutes, or one effect at once (enqueued with the intent).
PUBLISH: Final = JobSpec(
    name="public.post.publish", payload_type=PublicPostPublish, feature="public_posts", action="post.publish",
    retry=PUBLISH_RETRY, cron="*/2 * * * *",
)


class Effect(msgspec.Struct, frozen=True, kw_only=True):
    """One intended external effect and where it stands."""

    id: uuid.UUID
    guild_id: str
    kind: str
    #: Where the effect happens: a channel to post in, or the guild a channel is created in.
    channel_id: str
    #: What to do (a post's words are rendered from it when it is sent).
    payload: dict[str, Any]
    #: What the kind's ``finish`` step needs to record the outcome (ids of the rows the change made).
    context: dict[str, Any]
    status: str
    attempts: int = 0
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    #: What Discord returned, once sent (``{"message_id": ...}``, ``{"channel_id": ...}``).
    result: dict[str, Any] | None = None
    published_message_id: str | None = None
    last_error: str | None = None

    @property
    def done(self) -> bool:
        """Sent, failed for good or given up: nothing more will be tried without an operator."""
        return self.status in ("sent", "failed", "dead")

    @property
    def nonce(self) -> str:
        """Discord's message ``nonce`` for this effect (at most 25 characters): the same on every attempt, so
        with ``enforce_nonce`` a repeat returns the first message instead of posting again."""
        return _base36(self.id.int)

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Effect:
        return cls(
            id=row["id"],
            guild_id=row["guild_id"],
            kind=row["kind"],
            channel_id=row["channel_id"],
            payload=_json_object(row["payload"]),
            context=_json_object(row["context"]),
            status=row["status"],
            attempts=row["attempts"],
            max_attempts=row["max_attempts"],
            result=None if row["result"] is None else _json_object(row["result"]),
            published_message_id=row["published_message_id"],
            last_error=row["last_error"],
        )


class Recorded(msgspec.Struct, frozen=True, kw_only=True):
    """The effect of an idempotency key, and whether this call queued it (again)."""

    effect: Effect
    queued: bool


def _json_object(raw: Any) -> dict[str, Any]:
    return json.loads(raw) if isinstance(raw, str) else dict(raw)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


# A failed or dead effect is queued again when recorded again (an admin retrying after fixing permissions).
_RECORD: Final = """
INSERT INTO scheduled_posts AS p (id, guild_id, kind, channel_id, payload, context, idempotency_key, scheduled_for,
                                  max_attempts)
VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, coalesce($8, now()), $9)
ON CONFLICT (idempotency_key) DO UPDATE
SET status = 'pending', attempts = 0, last_error = NULL, channel_id = EXCLUDED.channel_id,
    payload = EXCLUDED.payload, context = EXCLUDED.context, updated_at = now()
WHERE p.status IN ('failed', 'dead')
RETURNING *, true AS queued
"""
_BY_KEY: Final = "SELECT *, false AS queued FROM scheduled_posts WHERE idempotency_key = $1"
_BY_ID: Final = "SELECT * FROM scheduled_posts WHERE id = $1"
# Claimable: pending and due, or processing under a lease that ran out or that this same owner holds (a job run
# again after its worker died takes its own claims back at once).
_CLAIM: Final = """
UPDATE scheduled_posts SET status = 'processing', attempts = attempts + 1, lease_owner = $3,
    lease_expires_at = now() + make_interval(secs => $4), updated_at = now()
WHERE id IN (
    SELECT id FROM scheduled_posts
    WHERE guild_id = $1 AND ($2::uuid IS NULL OR id = $2) AND scheduled_for <= now() AND NOT (id = ANY($6::uuid[]))
      AND (status = 'pending'
           OR (status = 'processing' AND (lease_expires_at <= now() OR lease_owner = $3)))
    ORDER BY scheduled_for, created_at
    LIMIT $5
    FOR UPDATE SKIP LOCKED
)
RETURNING *
"""
_SENT: Final = """
UPDATE scheduled_posts SET status = 'sent', result = $3::jsonb, published_message_id = $4, sent_at = now(),
    last_error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
WHERE id = $1 AND status = 'processing' AND lease_owner = $2
"""
_FAILED: Final = """
UPDATE scheduled_posts SET status = $3, last_error = left($4, 800), lease_owner = NULL, lease_expires_at = NULL,
    updated_at = now()
WHERE id = $1 AND status = 'processing' AND lease_owner = $2
RETURNING *
"""
_RELEASE: Final = """
UPDATE scheduled_posts SET status = 'pending', last_error = coalesce(left($3, 800), last_error),
    attempts = CASE WHEN $4 THEN greatest(attempts - 1, 0) ELSE attempts END,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
WHERE id = ANY($1::uuid[]) AND status = 'processing' AND lease_owner = $2
"""


async def record_effect(
    conn: Connection,
    *,
    guild_id: str,
    kind: str,
    channel_id: str,
    payload: dict[str, Any],
    key: str,
    context: dict[str, Any] | None = None,
    run_at: dt.datetime | None = None,
    backstop_after: float = 0.0,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> Recorded:
    """Record the intent to cause an effect, once per ``key``, and enqueue the job that performs it.

    Call it in the transaction of the change that causes the effect. The job runs at ``run_at`` (now by
    default), or ``backstop_after`` seconds later when the caller performs the effect itself right after the
    commit (:meth:`EffectRunner.perform`): the job is then only the backstop for a caller that died. A repeat of
    ``key`` returns the recorded effect with ``queued`` false (a failed or dead one is queued again).
    """
    row = await conn.fetchrow(
        _RECORD, uuid.uuid4(), guild_id, kind, channel_id, json.dumps(payload), json.dumps(context or {}), key,
        run_at, max_attempts,
    )
    if row is None:
        row = await conn.fetchrow(_BY_KEY, key)
        assert row is not None
    effect = Effect.from_row(row)
    queued = bool(row["queued"])
    if queued:
        due = run_at
        if backstop_after > 0:
            due = (run_at or await conn.fetchval("SELECT now()")) + dt.timedelta(seconds=backstop_after)
        await enqueue_effect_jobs(conn, [effect], reason=kind, run_at=due)
    return Recorded(effect=effect, queued=queued)


async def enqueue_effect_jobs(
    conn: Connection, effects: list[Effect], *, reason: str, run_at: dt.datetime | None = None,
    correlation_id: str | None = None,
) -> list[int]:
    """Enqueue the ``public.post.publish`` job of each effect (one waiting job per effect)."""
    correlation = correlation_id or f"effect-{uuid.uuid4().hex}"
    requests = [
        PUBLISH.request(
            PublicPostPublish(
                correlation_id=correlation, guild_id=effect.guild_id, feature=PUBLISH.feature,
                action=PUBLISH.action, reason=reason, post_id=str(effect.id),
            ),
            run_at=run_at,
            coalesce_key=f"public-post:{effect.id}",
        )
        for effect in effects
    ]
    return [result.job_id for result in await enqueue_many(conn, requests)]


async def fetch_effect(conn: Connection, effect_id: uuid.UUID) -> Effect | None:
    """The effect as stored now."""
    row = await conn.fetchrow(_BY_ID, effect_id)
    return None if row is None else Effect.from_row(row)


async def claim_effects(
    conn: Connection, guild_id: str, *, owner: str, lease_seconds: float, effect_id: uuid.UUID | None = None,
    limit: int = SWEEP_LIMIT, skip: list[uuid.UUID] | None = None,
) -> list[Effect]:
    """Claim the guild's due effects (or only ``effect_id``; none of ``skip``) for ``owner`` for ``lease_seconds``."""
    rows = await conn.fetch(_CLAIM, guild_id, effect_id, owner, lease_seconds, limit, skip or [])
    return [Effect.from_row(row) for row in rows]


async def mark_effect_sent(
    conn: Connection, effect: Effect, *, owner: str, result: dict[str, Any]
) -> bool:
    """Record the effect as done with what Discord returned; False when ``owner`` lost the lease meanwhile (the
    new owner repeats the call harmlessly and records it)."""
    message_id = result.get("message_id")
    status = await conn.execute(
        _SENT, effect.id, owner, json.dumps(result), None if message_id is None else str(message_id)
    )
    return status.endswith(" 1")


async def mark_effect_failed(
    conn: Connection, effect: Effect, *, owner: str, reason: str, dead: bool = False
) -> Effect | None:
    """Record a refusal no retry can change (``failed``), or giving up after the last attempt (``dead``)."""
    row = await conn.fetchrow(_FAILED, effect.id, owner, "dead" if dead else "failed", reason)
    return None if row is None else Effect.from_row(row)


async def release_effects(
    conn: Connection, effect_ids: list[uuid.UUID], *, owner: str, reason: str | None, uncount: bool = False
) -> None:
    """Put claimed effects back to pending (a transient failure, or the feature is off), noting why;
    ``uncount`` gives the attempt back (the performer stopped before trying)."""
    if effect_ids:
        await conn.execute(_RELEASE, effect_ids, owner, reason, uncount)
