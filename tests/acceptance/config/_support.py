"""Helpers for the guild configuration acceptance tests: channels, replies, database snapshots."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from features.kernel._guild_settings import set_guild_features, update_guild_settings
from gateway.emulator import Driver
from gateway.emulator._state import InteractionRecord
from tests._bot import LiveBot
from tests.acceptance._members import settled

#: Channel settings of a configured guild, as created by :func:`make_channels`.
CHANNEL_FIELDS = (
    "horoscope_channel_id",
    "raid_channel_id",
    "hall_channel_id",
    "public_post_channel_id",
    "anon_inbox_channel_id",
)

#: Every table a configuration path may write.
WRITABLE_TABLES = ("guild_settings", "scheduler_settings", "setup_drafts", "scheduled_posts", "jobs")


def make_channels(driver: Driver) -> dict[str, str]:
    """A text channel for each channel setting, plus the demo category as the pair category."""
    category = next(c["id"] for c in driver.channels() if c["type"] == 4)
    channels = {field: driver.add_text_channel(field.removesuffix("_channel_id"), parent_id=category) for field in
                CHANNEL_FIELDS}
    return {"pair_category_id": category, **channels}


async def configure(pool: asyncpg.Pool, guild_id: str, values: dict[str, str]) -> None:
    """Store a complete configuration with every feature on (what a finished /setup leaves)."""
    async with pool.acquire() as conn:
        await update_guild_settings(conn, guild_id, dict(values))
        await set_guild_features(
            conn, guild_id, dict.fromkeys(("horoscope", "anon", "raid", "checkin", "hall", "public_post"), True)
        )


async def reply_text(driver: Driver, rec: InteractionRecord, *, within: float = 10.0) -> str:
    """The text the bot answered ``rec`` with: its reply, the edited deferred reply, or a follow-up."""
    assert await driver.wait_ack(rec)
    world = driver.emu.world

    async def text() -> str:
        while True:
            for mid in rec.followup_ids:
                msg = world.find_message(mid)
                if msg and msg.get("content"):
                    return str(msg["content"])
            if rec.ack_type in (4, 5):
                original = driver.original(rec)
                if original and original.get("content"):
                    return str(original["content"])
            await asyncio.sleep(0.02)

    return await asyncio.wait_for(text(), within)


async def table_snapshot(pool: asyncpg.Pool) -> dict[str, list[Any]]:
    """Every row of every configuration table, to prove a refused request wrote nothing."""
    async with pool.acquire() as conn:
        return {table: [tuple(r) for r in await conn.fetch(f"SELECT * FROM {table} ORDER BY 1")]
                for table in WRITABLE_TABLES}


async def whole_report(live: LiveBot, rec: InteractionRecord) -> str:
    """Every part of a report the bot answered ``rec`` with (a long one comes in several messages), in order."""
    await reply_text(live.driver, rec)
    await settled(live)
    original = live.driver.original(rec)
    parts = [] if original is None else [str(original.get("content") or "")]
    for message_id in rec.followup_ids:
        message = live.driver.emu.world.find_message(message_id)
        parts.append("" if message is None else str(message.get("content") or ""))
    return "\n".join(part for part in parts if part)
