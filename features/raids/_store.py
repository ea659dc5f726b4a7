"""Raids, their daily offers, the pairs' claims and daily totals (features.md §4.1), in SQL.

Every change the progress card shows bumps ``raids.version`` in the same transaction; every change a Pair Home
panel shows bumps the pair's version (the callers do, with the kernel's helpers).

Concurrency: starting and ending raids of a guild take the guild's raid lock (:func:`lock_guild_raids`), so two
processes running the weekly start at once make one raid, and a start and an end never interleave. A
confirmation locks its claim, then the pair's day row (:func:`lock_pair_day`): two claims of one pair confirmed
at once are counted one after the other against the daily cap, never both against the same total.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Final

import asyncpg
import msgspec

from features.raids._rules import ClaimStatus, RaidStatus
from store import Connection, converted_from_row, fetch_optional


class Raid(msgspec.Struct, frozen=True, kw_only=True):
    """One raid: its guild-local week, channel, goal and progress."""

    id: uuid.UUID
    guild_id: str
    week_key: str
    timezone: str
    channel_id: str
    status: RaidStatus
    goal_points: int
    progress_points: int
    ends_at: dt.datetime
    version: int
    updated_at: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Raid:
        return converted_from_row(cls, row)

    def running_at(self, now: dt.datetime) -> bool:
        """Active and its week not over yet (an overdue raid awaits its end job but takes no more claims)."""
        return self.status is RaidStatus.ACTIVE and now < self.ends_at


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    """A pair's claim of a quest on a day."""

    id: uuid.UUID
    raid_id: uuid.UUID
    day_key: str
    pair_id: uuid.UUID
    quest_key: str
    points: int
    status: ClaimStatus
    applied: int
    claimed_by: str

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Claim:
        return converted_from_row(cls, row)


class TopPair(msgspec.Struct, frozen=True, kw_only=True):
    """A pair in the card's top and its points in the raid."""

    pair_id: uuid.UUID
    user_low: str
    user_high: str
    points: int


class PairTally(msgspec.Struct, frozen=True, kw_only=True):
    """A pair's part in a raid: today's confirmed claims and points, and the week's points."""

    today_claims: int
    today_points: int
    week_points: int


_LOCK_GUILD: Final = "SELECT pg_advisory_xact_lock(hashtextextended('raids:' || $1, 0))"
_ACTIVE: Final = "SELECT * FROM raids WHERE guild_id = $1 AND status = 'active'"
_BY_ID: Final = "SELECT * FROM raids WHERE id = $1"
_OF_WEEK: Final = "SELECT * FROM raids WHERE guild_id = $1 AND week_key = $2 ORDER BY created_at LIMIT 1"
_INSERT: Final = """
INSERT INTO raids (id, guild_id, week_key, timezone, channel_id, goal_points, started_by, ends_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *
"""
_END: Final = """
UPDATE raids SET status = 'ended', ended_at = now(), updated_at = now(), version = version + 1
WHERE id = $1 AND status = 'active' RETURNING *
"""
_END_OVERDUE: Final = """
UPDATE raids SET status = 'ended', ended_at = now(), updated_at = now(), version = version + 1
WHERE guild_id = $1 AND status = 'active' AND ends_at <= $2 RETURNING *
"""
_ADD_PROGRESS: Final = """
UPDATE raids SET progress_points = progress_points + $2, version = version + 1, updated_at = now()
WHERE id = $1 RETURNING *
"""
_OFFER: Final = "SELECT quest_keys FROM raid_offers WHERE raid_id = $1 AND day_key = $2"
_INSERT_OFFER: Final = """
INSERT INTO raid_offers (raid_id, day_key, quest_keys) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
"""
_INSERT_CLAIM: Final = """
INSERT INTO raid_claims (id, raid_id, day_key, pair_id, quest_key, points, claimed_by)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ON CONSTRAINT raid_claims_once_a_day DO NOTHING RETURNING *
"""
_CLAIM: Final = "SELECT * FROM raid_claims WHERE id = $1"
_LOCK_CLAIM: Final = "SELECT * FROM raid_claims WHERE id = $1 FOR UPDATE"
_FORGET_PENDING: Final = "DELETE FROM raid_claims WHERE id = $1 AND status = 'pending' RETURNING *"
_SETTLE_CLAIM: Final = """
UPDATE raid_claims SET status = $2, applied = $3, confirmed_by = $4, confirmed_at = now() WHERE id = $1
RETURNING *
"""
_ENSURE_PAIR_DAY: Final = """
INSERT INTO raid_pair_days (raid_id, day_key, pair_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
"""
_PAIR_DAY_POINTS: Final = """
SELECT points FROM raid_pair_days WHERE raid_id = $1 AND day_key = $2 AND pair_id = $3 FOR UPDATE
"""
_ADD_PAIR_DAY: Final = """
UPDATE raid_pair_days SET points = points + $4 WHERE raid_id = $1 AND day_key = $2 AND pair_id = $3
"""
_PARTICIPANTS: Final = """
SELECT count(DISTINCT pair_id) FROM raid_claims WHERE raid_id = $1 AND status IN ('confirmed', 'capped')
"""
_TOP: Final = """
SELECT d.pair_id, sum(d.points) AS points, p.user_low, p.user_high
FROM raid_pair_days d JOIN pairs p ON p.id = d.pair_id
WHERE d.raid_id = $1 AND d.pair_id = ANY($2::uuid[])
GROUP BY d.pair_id, p.user_low, p.user_high HAVING sum(d.points) > 0
ORDER BY points DESC, d.pair_id LIMIT $3
"""
_TALLY: Final = """
SELECT
    count(*) FILTER (WHERE c.day_key = $3 AND c.status IN ('confirmed', 'capped')) AS today_claims,
    coalesce(sum(c.applied) FILTER (WHERE c.day_key = $3), 0) AS today_points,
    coalesce(sum(c.applied), 0) AS week_points
FROM raid_claims c WHERE c.raid_id = $1 AND c.pair_id = $2
"""


async def lock_guild_raids(conn: Connection, guild_id: str) -> None:
    """Serialise every start and end of ``guild_id``'s raids until the transaction ends."""
    await conn.execute(_LOCK_GUILD, guild_id)


async def active_raid(conn: Connection, guild_id: str) -> Raid | None:
    """The guild's active raid (at most one), overdue or not."""
    return await fetch_optional(conn, Raid.from_row, _ACTIVE, guild_id)


async def fetch_raid(conn: Connection, raid_id: uuid.UUID) -> Raid | None:
    """The raid ``raid_id``, in any state."""
    return await fetch_optional(conn, Raid.from_row, _BY_ID, raid_id)


async def raid_of_week(conn: Connection, guild_id: str, week_key: str) -> Raid | None:
    """The first raid of the guild's week ``week_key``, in any state."""
    return await fetch_optional(conn, Raid.from_row, _OF_WEEK, guild_id, week_key)


async def insert_raid(
    conn: Connection,
    *,
    guild_id: str,
    week_key: str,
    timezone: str,
    channel_id: str,
    goal: int,
    started_by: str | None,
    ends_at: dt.datetime,
) -> Raid:
    """A new active raid (the caller holds the guild's raid lock and found none active)."""
    row = await conn.fetchrow(
        _INSERT, uuid.uuid4(), guild_id, week_key, timezone, channel_id, goal, started_by, ends_at
    )
    assert row is not None
    return Raid.from_row(row)


async def end_raid(conn: Connection, raid_id: uuid.UUID) -> Raid | None:
    """End the raid if it is active; None when it was not."""
    return await fetch_optional(conn, Raid.from_row, _END, raid_id)


async def end_overdue_raids(conn: Connection, guild_id: str, now: dt.datetime) -> list[Raid]:
    """End the guild's active raids whose week is over at ``now``."""
    return [Raid.from_row(row) for row in await conn.fetch(_END_OVERDUE, guild_id, now)]


async def add_progress(conn: Connection, raid_id: uuid.UUID, points: int) -> Raid:
    """Add ``points`` (maybe 0: a capped claim still changes the participants) and bump the version."""
    row = await conn.fetchrow(_ADD_PROGRESS, raid_id, points)
    assert row is not None
    return Raid.from_row(row)


async def stored_offer(conn: Connection, raid_id: uuid.UUID, day: str) -> tuple[str, ...] | None:
    """The quest keys offered on ``day``, if picked already."""
    keys = await conn.fetchval(_OFFER, raid_id, day)
    return None if keys is None else tuple(keys)


async def store_offer(conn: Connection, raid_id: uuid.UUID, day: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """Store ``keys`` as the day's offer unless one is stored already; return the stored one."""
    await conn.execute(_INSERT_OFFER, raid_id, day, list(keys))
    stored = await stored_offer(conn, raid_id, day)
    assert stored is not None
    return stored


async def insert_claim(
    conn: Connection, *, raid_id: uuid.UUID, day: str, pair_id: uuid.UUID, quest_key: str, points: int, user_id: str
) -> Claim | None:
    """A new pending claim; None when the pair claimed this quest on this day already."""
    return await fetch_optional(
        conn, Claim.from_row, _INSERT_CLAIM, uuid.uuid4(), raid_id, day, pair_id, quest_key, points, user_id
    )


async def fetch_claim(conn: Connection, claim_id: uuid.UUID) -> Claim | None:
    """The claim, as it stands."""
    return await fetch_optional(conn, Claim.from_row, _CLAIM, claim_id)


async def lock_claim(conn: Connection, claim_id: uuid.UUID) -> Claim | None:
    """The claim, locked until the transaction ends."""
    return await fetch_optional(conn, Claim.from_row, _LOCK_CLAIM, claim_id)


async def forget_pending_claim(conn: Connection, claim_id: uuid.UUID) -> Claim | None:
    """Delete a claim still waiting for its partner (its prompt could not be posted): the pair may claim again."""
    return await fetch_optional(conn, Claim.from_row, _FORGET_PENDING, claim_id)


async def settle_claim(
    conn: Connection, claim_id: uuid.UUID, *, status: ClaimStatus, applied: int, confirmed_by: str
) -> Claim:
    """Mark the claim confirmed (or capped) with the points that counted."""
    row = await conn.fetchrow(_SETTLE_CLAIM, claim_id, status.value, applied, confirmed_by)
    assert row is not None
    return Claim.from_row(row)


async def lock_pair_day(conn: Connection, raid_id: uuid.UUID, day: str, pair_id: uuid.UUID) -> int:
    """The points the pair earned on ``day``, its row locked until the transaction ends (created at 0)."""
    await conn.execute(_ENSURE_PAIR_DAY, raid_id, day, pair_id)
    points = await conn.fetchval(_PAIR_DAY_POINTS, raid_id, day, pair_id)
    return int(points)


async def add_pair_day(conn: Connection, raid_id: uuid.UUID, day: str, pair_id: uuid.UUID, points: int) -> None:
    """Add ``points`` to the pair's day (its row locked by :func:`lock_pair_day`)."""
    await conn.execute(_ADD_PAIR_DAY, raid_id, day, pair_id, points)


async def participants(conn: Connection, raid_id: uuid.UUID) -> int:
    """Pairs that actually took part: at least one claim their partner confirmed (capped ones included)."""
    return int(await conn.fetchval(_PARTICIPANTS, raid_id))


async def pair_tally(conn: Connection, raid_id: uuid.UUID, pair_id: uuid.UUID, today: str) -> PairTally:
    """The pair's confirmed claims and points today, and its points in the whole raid."""
    row = await conn.fetchrow(_TALLY, raid_id, pair_id, today)
    assert row is not None
    return PairTally(
        today_claims=int(row["today_claims"]),
        today_points=int(row["today_points"]),
        week_points=int(row["week_points"]),
    )


async def top_pairs(
    conn: Connection, raid_id: uuid.UUID, shown: Collection[uuid.UUID], limit: int
) -> tuple[TopPair, ...]:
    """The raid's best pairs by points among ``shown`` (those both partners of which agreed to be listed)."""
    rows = await conn.fetch(_TOP, raid_id, list(shown), limit)
    return tuple(
        TopPair(pair_id=r["pair_id"], user_low=r["user_low"], user_high=r["user_high"], points=int(r["points"]))
        for r in rows
    )

