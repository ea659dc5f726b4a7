"""Pair rooms for the crash tests: a channel in the emulator and the pair row, made without a bot process (the
process under test may die at any moment, so the set-up does not go through it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from features.kernel._pairs import ordered_members
from gateway.emulator import Driver


@dataclass(frozen=True)
class Room:
    """A pair row and its private room."""

    pair_id: uuid.UUID
    room_id: str


async def make_room(pool: asyncpg.Pool, driver: Driver, category_id: str, first: str, second: str) -> Room:
    """A pair of ``first`` and ``second`` with its room in ``category_id``."""
    room_id = driver.add_text_channel(f"pair-{first}-{second}", parent_id=category_id)
    low, high = ordered_members(driver.user_id(first), driver.user_id(second))
    pair_id = uuid.uuid4()
    await pool.execute(
        "INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id) VALUES ($1, $2, $3, $4, $5)",
        pair_id, driver.guild_id, low, high, room_id,
    )
    return Room(pair_id=pair_id, room_id=room_id)


async def job_done(pool: asyncpg.Pool, coalesce_key: str) -> bool:
    """The latest job of ``coalesce_key`` is done (a job commits its work a moment before it is marked done)."""
    state = await pool.fetchval(
        "SELECT state FROM jobs WHERE coalesce_key = $1 ORDER BY id DESC LIMIT 1", coalesce_key
    )
    return bool(state == "done")


def effect_job(effect_id: uuid.UUID) -> str:
    """The coalescing key of an effect's targeted publishing job."""
    return f"public-post:{effect_id}"
