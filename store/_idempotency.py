"""Idempotency keys (``op_dedup``) and daily per-member quotas (``command_rate_limits``).

Both are single atomic statements, so they are correct under concurrent clicks and across processes. Callers
run them inside the transaction of the write they guard: if that write fails, the key or the quota unit is
rolled back with it (the earlier version consumed quota before its duplicate check and kept keys of failed
writes, which blocked honest retries).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Final

import msgspec

from store._pool import Connection

_REMEMBER: Final = """
INSERT INTO op_dedup (operation_key, payload_hash, expires_at)
VALUES ($1, $2, now() + make_interval(secs => $3))
ON CONFLICT (operation_key) DO NOTHING
"""
_SWEEP: Final = "DELETE FROM op_dedup WHERE expires_at < now()"

# Insert the first unit, or add one only while under the limit; no row back means the quota is spent.
_CONSUME: Final = """
INSERT INTO command_rate_limits AS q (guild_id, user_id, action_key, day_date, count)
VALUES ($1, $2, $3, $4, 1)
ON CONFLICT (guild_id, user_id, action_key, day_date)
DO UPDATE SET count = q.count + 1, updated_at = now() WHERE q.count < $5
RETURNING q.count
"""


class QuotaResult(msgspec.Struct, frozen=True, kw_only=True):
    """Whether a unit was granted, and how many remain today."""

    allowed: bool
    remaining: int


def payload_hash(payload: object) -> str:
    """SHA-256 hex of the canonical JSON of ``payload``."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def remember_operation(
    conn: Connection, key: str, payload: object = None, *, keep_seconds: float = 30 * 86400
) -> bool:
    """Record ``key``; True the first time, False when it was already recorded (the operation is a repeat)."""
    status = await conn.execute(_REMEMBER, key, payload_hash(payload), keep_seconds)
    return bool(status == "INSERT 0 1")


async def sweep_expired_operations(conn: Connection) -> int:
    """Delete expired idempotency keys; return how many."""
    status = await conn.execute(_SWEEP)
    return int(status.split()[-1])


async def consume_quota(
    conn: Connection, *, guild_id: str, user_id: str, action: str, day: dt.date, limit: int
) -> QuotaResult:
    """Take one unit of ``action``'s daily quota for this member, if any is left."""
    count = await conn.fetchval(_CONSUME, guild_id, user_id, action, day, limit)
    if count is None:
        return QuotaResult(allowed=False, remaining=0)
    return QuotaResult(allowed=True, remaining=max(0, limit - int(count)))
