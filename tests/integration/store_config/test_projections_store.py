"""The projection placement table and its cross-process edit lock."""

from __future__ import annotations

import anyio
import asyncpg
import pytest

from features.kernel._guild_settings import update_guild_settings
from store._projections import (
    fetch_projection,
    fetch_shown,
    forget_message,
    projection_lock,
    record_pin_attempt,
    record_render,
)

pytestmark = pytest.mark.anyio

KEY = "duel_scoreboard:1:abc"


async def test_the_first_render_creates_the_row_and_renders_are_recorded(db_pool: asyncpg.Pool) -> None:
    async with projection_lock(db_pool, KEY) as (conn, row):
        assert row is None
        await record_render(conn, KEY, guild_id="1", channel_id="10", message_id="500", version=3)
    async with db_pool.acquire() as conn:
        stored = await fetch_projection(conn, KEY)
        assert stored is not None and (stored.message_id, stored.rendered_version) == ("500", 3)
        await record_pin_attempt(conn, KEY, "500", pinned=False)
        stored = await fetch_projection(conn, KEY)
        assert stored is not None and stored.pin_attempted_at is not None and stored.pinned_at is None
        await forget_message(conn, KEY, "999")  # another message: nothing happens
        assert (await fetch_projection(conn, KEY)) == stored
        await forget_message(conn, KEY, "500")
        stored = await fetch_projection(conn, KEY)
        assert stored is not None and stored.message_id is None and stored.rendered_version == 3
        await record_render(conn, KEY, guild_id="1", channel_id="11", message_id="501", version=4)
        stored = await fetch_projection(conn, KEY)
        assert stored is not None and (stored.channel_id, stored.message_id, stored.rendered_version) == (
            "11", "501", 4
        )


async def test_forgetting_a_message_starts_a_new_post_generation_and_an_edit_keeps_it(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        await record_render(conn, KEY, guild_id="1", channel_id="10", message_id="500", version=1, post_generation=0)
        assert await forget_message(conn, KEY, "999") is None  # another message: no new generation
        assert await forget_message(conn, KEY, "500") == 1
        await record_render(conn, KEY, guild_id="1", channel_id="10", message_id="501", version=2, post_generation=1)
        await record_render(conn, KEY, guild_id="1", channel_id="10", message_id="501", version=3)  # an edit
        stored = await fetch_projection(conn, KEY)
        assert stored is not None and (stored.message_id, stored.post_generation) == ("501", 1)
        await record_render(conn, KEY, guild_id="1", channel_id="11", message_id="502", version=4, post_generation=2)
        stored = await fetch_projection(conn, KEY)
        assert stored is not None and (stored.channel_id, stored.post_generation) == ("11", 2)


async def test_the_cheap_read_pairs_the_settings_version_with_what_is_shown(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        assert await fetch_shown(conn, KEY, "1") == (0, None)  # no settings row, nothing shown
        await record_render(conn, KEY, guild_id="1", channel_id="10", message_id="500", version=3)
        settings = await update_guild_settings(conn, "1", {"locale": "en"})
        version, stored = await fetch_shown(conn, KEY, "1")
        assert version == settings.version > 0
        assert stored == await fetch_projection(conn, KEY)


async def test_a_failed_block_rolls_back(db_pool: asyncpg.Pool) -> None:
    with pytest.raises(RuntimeError):
        async with projection_lock(db_pool, KEY) as (conn, _):
            await record_render(conn, KEY, guild_id="1", channel_id="10", message_id="500", version=1)
            raise RuntimeError("discord failed")
    async with db_pool.acquire() as conn:
        assert await fetch_projection(conn, KEY) is None


async def test_holders_of_one_key_take_turns(db_pool: asyncpg.Pool) -> None:
    inside = 0
    overlap = False
    order: list[int] = []

    async def owner(n: int) -> None:
        nonlocal inside, overlap
        async with projection_lock(db_pool, KEY):
            inside += 1
            overlap = overlap or inside > 1
            await anyio.sleep(0.05)
            order.append(n)
            inside -= 1

    async with anyio.create_task_group() as tg:
        for n in range(3):
            tg.start_soon(owner, n)
    assert not overlap and sorted(order) == [0, 1, 2]
