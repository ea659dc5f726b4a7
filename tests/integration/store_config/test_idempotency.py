"""Idempotency keys and quotas hold under concurrency and roll back with a failed write."""

from __future__ import annotations

import datetime as dt

import anyio
import asyncpg
import pytest

from store._idempotency import consume_quota, remember_operation, sweep_expired_operations

pytestmark = pytest.mark.anyio

DAY = dt.date(2026, 11, 23)


async def test_an_operation_is_remembered_once_even_when_raced(db_pool: asyncpg.Pool) -> None:
    results: list[bool] = []

    async def click() -> None:
        async with db_pool.acquire() as conn:
            results.append(await remember_operation(conn, "say:send:42", {"pair": 1}))

    async with anyio.create_task_group() as tg:
        for _ in range(5):
            tg.start_soon(click)
    assert sorted(results) == [False, False, False, False, True]


async def test_a_key_rolls_back_with_its_failed_transaction(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                assert await remember_operation(conn, "date:save:1")
                raise RuntimeError("the guarded write failed")
        assert await remember_operation(conn, "date:save:1")


async def test_expired_keys_are_swept(db_pool: asyncpg.Pool) -> None:
    async with db_pool.acquire() as conn:
        await remember_operation(conn, "old", keep_seconds=-1)
        await remember_operation(conn, "fresh")
        assert await sweep_expired_operations(conn) == 1
        assert await remember_operation(conn, "old")
        assert not await remember_operation(conn, "fresh")


async def test_quota_grants_exactly_the_limit_under_concurrency(db_pool: asyncpg.Pool) -> None:
    granted: list[int] = []

    async def use() -> None:
        async with db_pool.acquire() as conn:
            result = await consume_quota(conn, guild_id="1", user_id="2", action="anon_ask", day=DAY, limit=3)
            if result.allowed:
                granted.append(result.remaining)

    async with anyio.create_task_group() as tg:
        for _ in range(6):
            tg.start_soon(use)
    assert sorted(granted) == [0, 1, 2]
    async with db_pool.acquire() as conn:
        other_day = await consume_quota(
            conn, guild_id="1", user_id="2", action="anon_ask", day=DAY + dt.timedelta(days=1), limit=3
        )
        refused = await consume_quota(conn, guild_id="1", user_id="2", action="anon_ask", day=DAY, limit=3)
    assert other_day.allowed and other_day.remaining == 2
    assert not refused.allowed and refused.remaining == 0
