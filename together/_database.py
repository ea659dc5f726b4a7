"""Opening the bot's database: the embedded server when no URL is configured, migrations, the pool."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import anyio
import asyncpg

from store import EmbeddedPostgres, apply_migrations, create_pool, start_embedded_postgres
from together.config import Settings

logger = logging.getLogger(__name__)


@dataclass
class Database:
    """The pool and, when we started one, the embedded server behind it."""

    dsn: str
    pool: asyncpg.Pool
    embedded: EmbeddedPostgres | None

    async def aclose(self) -> None:
        """Close the pool, then stop the embedded server if we own one."""
        try:
            await self.pool.close()
        finally:
            if self.embedded is not None:
                await anyio.to_thread.run_sync(self.embedded.stop)


async def resolve_dsn(settings: Settings) -> tuple[str, EmbeddedPostgres | None]:
    """The DSN to use, starting the embedded server when ``DATABASE_URL`` is unset."""
    if settings.database_url is not None:
        return settings.database_url, None
    embedded = await anyio.to_thread.run_sync(start_embedded_postgres, settings.data_dir)
    return embedded.dsn(), embedded


async def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """Resolve the DSN, apply pending migrations (advisory-locked) and open the pool."""
    dsn, embedded = await resolve_dsn(settings)
    logger.info("using database", extra={"database": settings.redacted_database()})
    try:
        if migrate:
            applied = await anyio.to_thread.run_sync(apply_migrations, dsn)
            if applied:
                logger.info("migrations applied", extra={"applied": applied, "applied_count": len(applied)})
            else:
                logger.info("schema up to date: no migration pending", extra={"applied_count": 0})
        pool = await create_pool(dsn)
    except BaseException:
        if embedded is not None:
            await anyio.to_thread.run_sync(embedded.stop)
        raise
    return Database(dsn=dsn, pool=pool, embedded=embedded)
