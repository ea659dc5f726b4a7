"""Guild settings: defaults without a row, patches, feature switches that keep unknown keys, notifications."""

from __future__ import annotations

import asyncpg
import pytest

from features.kernel._guild_settings import (
    NOTIFY_CHANNEL,
    GuildSettings,
    UnknownSetting,
    fetch_guild_settings,
    set_guild_features,
    update_guild_settings,
)

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"


async def test_a_guild_without_a_row_has_the_defaults(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        settings = await fetch_guild_settings(conn, GUILD)
    assert settings == GuildSettings(guild_id=GUILD)
    assert settings.locale == "ru" and settings.version == 0
    assert settings.timezone_or("Asia/Almaty") == "Asia/Almaty"


async def test_patch_sets_only_named_columns_and_bumps_version(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        first = await update_guild_settings(conn, GUILD, {"locale": "en", "raid_channel_id": "200000000000000001"})
        second = await update_guild_settings(conn, GUILD, {"timezone": "Europe/Berlin", "raid_channel_id": None})
        stored = await fetch_guild_settings(conn, GUILD)
    assert first.locale == "en" and first.raid_channel_id == "200000000000000001"
    assert second == stored
    assert stored.locale == "en" and stored.timezone == "Europe/Berlin" and stored.raid_channel_id is None
    assert second.version == first.version + 1


async def test_unknown_columns_are_refused_and_nothing_is_written(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        with pytest.raises(UnknownSetting, match="features"):
            await update_guild_settings(conn, GUILD, {"features": "{}"})
        assert await conn.fetchval("SELECT count(*) FROM guild_settings") == 0


async def test_feature_switches_keep_other_keys(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        await conn.execute(
            'INSERT INTO guild_settings (guild_id, features) VALUES ($1, \'{"astro": true, "raid": false}\')', GUILD
        )
        settings = await set_guild_features(conn, GUILD, {"raid": True, "hall": False})
    assert settings.features == {"astro": True, "raid": True, "hall": False}


async def test_writes_are_announced_to_other_connections(db_pool: asyncpg.Pool, database_url: str) -> None:
    import anyio

    received: list[object] = []
    got = anyio.Event()

    def on_notify(_conn: object, _pid: int, _channel: str, payload: object) -> None:
        received.append(payload)
        got.set()

    listener = await asyncpg.connect(database_url)
    try:
        await listener.add_listener(NOTIFY_CHANNEL, on_notify)
        async with db_pool.acquire() as conn:
            await set_guild_features(conn, GUILD, {"anon": True})
        with anyio.fail_after(5):
            await got.wait()
    finally:
        await listener.close()
    assert received == [GUILD]
