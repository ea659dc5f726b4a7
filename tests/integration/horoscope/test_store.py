"""Readings against a real database: many presses at once store one reading and all see it; both partners at
once store one pair reading; the card's version grows with the week and with each "publish now"."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import asyncpg
import pytest

from features.horoscope._card import horoscope_card
from features.horoscope._rules import Tone, week_number
from features.horoscope._store import (
    Reading,
    claim_pair_reading,
    claim_reading,
    count_publication,
    fetch_sign,
    store_sign,
)

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
WEEK = dt.date(2026, 11, 30)


async def _claim(pool: asyncpg.Pool, user: str, reading: Reading) -> tuple[Reading, bool]:
    async with pool.acquire() as conn, conn.transaction():
        return await claim_reading(conn, GUILD, WEEK, user, reading)


async def test_presses_at_once_store_one_reading_and_all_see_it(db_pool: asyncpg.Pool) -> None:
    choices = [Reading(sign=sign, tone=Tone.SOFT, situation="fine") for sign in ("leo", "aries", "virgo") * 4]
    results = await asyncio.gather(*(_claim(db_pool, "u1", choice) for choice in choices))
    assert sum(created for _, created in results) == 1
    assert len({reading for reading, _ in results}) == 1
    assert await db_pool.fetchval("SELECT count(*) FROM horoscope_readings") == 1
    # Next week is a new claim.
    async with db_pool.acquire() as conn:
        _, created = await claim_reading(conn, GUILD, WEEK + dt.timedelta(days=7), "u1", choices[1])
    assert created


async def test_a_pair_reading_is_made_once_from_the_signs_of_the_first_ask(db_pool: asyncpg.Pool) -> None:
    pair = uuid.uuid4()
    await db_pool.execute(
        "INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id) VALUES ($1, $2, 'a', 'b', 'r')",
        pair, GUILD,
    )

    async def ask(low: str, high: str) -> tuple[str, str]:
        async with db_pool.acquire() as conn, conn.transaction():
            return (await claim_pair_reading(conn, GUILD, pair, WEEK, low, high)).signs

    results = await asyncio.gather(*(ask("leo", "libra") for _ in range(5)), ask("cancer", "pisces"))
    assert len(set(results)) == 1
    assert await db_pool.fetchval("SELECT count(*) FROM horoscope_pair_readings") == 1


async def test_a_members_sign_is_stored_and_changed(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        assert await fetch_sign(conn, GUILD, "u1") is None
        await store_sign(conn, GUILD, "u1", "leo")
        await store_sign(conn, GUILD, "u1", "virgo")
        assert await fetch_sign(conn, GUILD, "u1") == "virgo"
        assert await fetch_sign(conn, "another guild", "u1") is None


async def test_the_cards_version_grows_with_each_publish_now(db_pool: asyncpg.Pool) -> None:
    await db_pool.execute(
        "INSERT INTO guild_settings (guild_id, horoscope_channel_id, features) VALUES ($1, '900', $2)",
        GUILD, '{"horoscope": true}',
    )
    card = horoscope_card(lambda: "UTC")
    async with db_pool.acquire() as conn:
        first = await card.version(conn, GUILD, "card")
        await count_publication(conn, GUILD)
        second = await card.version(conn, GUILD, "card")
        assert await card.version(conn, GUILD, "another") is None
        await conn.execute("UPDATE guild_settings SET features = '{}' WHERE guild_id = $1", GUILD)
        assert await card.version(conn, GUILD, "card") is None  # the feature is off: nothing to show
    assert first is not None and second is not None
    assert first.channel_id == "900" and second.version == first.version + 1
    today = dt.datetime.now(dt.UTC).date()
    this_week = today - dt.timedelta(days=today.weekday())
    assert week_number(this_week) - 1 <= first.version <= week_number(this_week)
