"""Fixtures shared by every tier: the anyio backend and the test PostgreSQL server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest

from tests._bot import LiveBot, live_bot
from tests._db import TestPostgres, start_test_postgres


@pytest.fixture(scope="session")
def anyio_backend() -> tuple[str, dict[str, Any]]:
    # asyncio debug mode reports un-awaited coroutines and slow callbacks during tests.
    return ("asyncio", {"debug": True})


@pytest.fixture(scope="session")
def test_postgres() -> Iterator[TestPostgres]:
    yield from start_test_postgres()


@pytest.fixture
def database_url(test_postgres: TestPostgres) -> Iterator[str]:
    """A fresh, fully migrated database for this test alone."""
    dsn = test_postgres.create_database(template=test_postgres.template)
    yield dsn
    test_postgres.drop_database(dsn)


@pytest.fixture
def empty_database_url(test_postgres: TestPostgres) -> Iterator[str]:
    """A fresh database with no tables at all."""
    dsn = test_postgres.create_database()
    yield dsn
    test_postgres.drop_database(dsn)


@pytest.fixture
async def db_pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=5)
    assert pool is not None
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
async def live(db_pool: asyncpg.Pool, database_url: str) -> AsyncIterator[LiveBot]:
    """The whole bot (features, actors, jobs, Discord) over a fresh database and a loopback emulator."""
    async with live_bot(db_pool, database_url) as running:
        yield running
