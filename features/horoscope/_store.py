"""Members' signs, their weekly readings, pairs' readings and the card's publication count, in SQL.

A reading is stored the first time a member (or pair) asks in a week, with ``ON CONFLICT DO NOTHING`` and a
re-read: two presses at once, or both partners at once, store one row and both see it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg
import msgspec

from features.horoscope._rules import Tone
from store import Connection


class Reading(msgspec.Struct, frozen=True, kw_only=True):
    """A member's reading of a week: the choices it was made from."""

    sign: str
    tone: Tone
    situation: str


class PairReading(msgspec.Struct, frozen=True, kw_only=True):
    """A pair's reading of a week: both partners' signs when it was made."""

    pair_id: uuid.UUID
    sign_low: str
    sign_high: str

    @property
    def signs(self) -> tuple[str, str]:
        return (self.sign_low, self.sign_high)


def _reading(row: asyncpg.Record) -> Reading:
    return Reading(sign=row["sign"], tone=Tone(row["tone"]), situation=row["situation"])


async def fetch_sign(conn: Connection, guild_id: str, user_id: str) -> str | None:
    """The member's stored sign."""
    value = await conn.fetchval(
        "SELECT sign FROM horoscope_signs WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
    )
    return None if value is None else str(value)


async def store_sign(conn: Connection, guild_id: str, user_id: str, sign: str) -> None:
    """Store (or change) the member's sign."""
    await conn.execute(
        "INSERT INTO horoscope_signs (guild_id, user_id, sign) VALUES ($1, $2, $3)"
        " ON CONFLICT (guild_id, user_id) DO UPDATE SET sign = EXCLUDED.sign, updated_at = now()"
        " WHERE horoscope_signs.sign IS DISTINCT FROM EXCLUDED.sign",
        guild_id, user_id, sign,
    )


async def fetch_reading(conn: Connection, guild_id: str, week: dt.date, user_id: str) -> Reading | None:
    """The member's reading of ``week``, if they have one."""
    row = await conn.fetchrow(
        "SELECT sign, tone, situation FROM horoscope_readings WHERE guild_id = $1 AND week_key = $2"
        " AND user_id = $3",
        guild_id, week.isoformat(), user_id,
    )
    return None if row is None else _reading(row)


async def claim_reading(
    conn: Connection, guild_id: str, week: dt.date, user_id: str, choice: Reading
) -> tuple[Reading, bool]:
    """The member's reading of ``week``: ``choice`` stored if it is their first (``True``), else the stored
    one (``False``)."""
    row = await conn.fetchrow(
        "INSERT INTO horoscope_readings (guild_id, week_key, user_id, sign, tone, situation)"
        " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING sign, tone, situation",
        guild_id, week.isoformat(), user_id, choice.sign, choice.tone.value, choice.situation,
    )
    if row is not None:
        return _reading(row), True
    stored = await fetch_reading(conn, guild_id, week, user_id)
    assert stored is not None
    return stored, False


async def fetch_pair_reading(conn: Connection, pair_id: uuid.UUID, week: dt.date) -> PairReading | None:
    row = await conn.fetchrow(
        "SELECT pair_id, sign_low, sign_high FROM horoscope_pair_readings WHERE pair_id = $1 AND week_key = $2",
        pair_id, week.isoformat(),
    )
    return None if row is None else PairReading(pair_id=row["pair_id"], sign_low=row["sign_low"],
                                                sign_high=row["sign_high"])


async def claim_pair_reading(
    conn: Connection, guild_id: str, pair_id: uuid.UUID, week: dt.date, sign_low: str, sign_high: str
) -> PairReading:
    """The pair's reading of ``week``: made from these signs if it is the first, else the stored one."""
    await conn.execute(
        "INSERT INTO horoscope_pair_readings (pair_id, week_key, guild_id, sign_low, sign_high)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        pair_id, week.isoformat(), guild_id, sign_low, sign_high,
    )
    stored = await fetch_pair_reading(conn, pair_id, week)
    assert stored is not None
    return stored


async def card_publications(conn: Connection, guild_id: str) -> int:
    """How many times the card was published at once (the moderators' part of its version)."""
    value = await conn.fetchval("SELECT publications FROM horoscope_cards WHERE guild_id = $1", guild_id)
    return 0 if value is None else int(value)


async def count_publication(conn: Connection, guild_id: str) -> None:
    """One more "publish now": the card's version grows, so the refresh edits (or posts) the message."""
    await conn.execute(
        "INSERT INTO horoscope_cards (guild_id, publications) VALUES ($1, 1)"
        " ON CONFLICT (guild_id) DO UPDATE SET publications = horoscope_cards.publications + 1",
        guild_id,
    )
