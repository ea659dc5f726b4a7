"""An in-process cache in front of ``guild_settings``, kept correct across processes by LISTEN/NOTIFY.

Every write to ``guild_settings`` (:mod:`store._guild_settings`) sends ``NOTIFY guild_settings, '<guild>'`` in
its transaction, so each process's cache drops its copy when the write commits, whichever process wrote.

Correctness rules, in order of importance:

- **No notifications, no caching.** The cache serves copies only while its dedicated LISTEN connection is up.
  When that connection is lost, :meth:`GuildSettingsCache.get` reads Postgres on every call until the
  connection is back; the reconnect drops every copy (notifications sent meanwhile were missed) and LISTENs
  again. A read never returns something older than the last write committed before it started.
- **A read racing an invalidation does not resurrect a stale copy.** Each invalidation bumps a generation; a
  row fetched under an older generation is returned but not kept.
- **Read-your-writes in the writing process.** A writer calls :meth:`GuildSettingsCache.invalidate` after its
  transaction commits, so its next read does not wait for its own NOTIFY to come back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Final

import asyncpg

from features.kernel._guild_settings import NOTIFY_CHANNEL, GuildSettings, fetch_guild_settings

logger = logging.getLogger(__name__)

#: Reconnect backoff of the LISTEN connection: first wait, cap (seconds); each wait gets up to 50 % jitter.
_BACKOFF_START: Final = 0.2
_BACKOFF_CAP: Final = 10.0


class GuildSettingsCache:
    """``get(guild_id)`` → :class:`GuildSettings`, cached per guild until a write anywhere invalidates it.

    Start with :meth:`start` (opens the LISTEN connection) and stop with :meth:`stop`. Before :meth:`start`
    and after :meth:`stop` every read goes to Postgres, so the object is always safe to use.
    """

    def __init__(self, pool: asyncpg.Pool, dsn: str) -> None:
        self._pool = pool
        self._dsn = dsn
        self._copies: dict[str, GuildSettings] = {}
        self._generation = 0
        self._listener: asyncpg.Connection | None = None
        self._lost = asyncio.Event()
        self._stopping = False
        self._supervisor: asyncio.Task[None] | None = None

    @property
    def listening(self) -> bool:
        """True while notifications arrive, i.e. while cached copies are trusted."""
        return self._listener is not None and not self._listener.is_closed() and not self._lost.is_set()

    async def start(self) -> None:
        """Open the LISTEN connection (raising if Postgres is unreachable) and keep it open until :meth:`stop`."""
        if self._supervisor is not None:
            raise RuntimeError("the guild settings cache is already started")
        self._stopping = False
        await self._connect()
        self._supervisor = asyncio.create_task(self._keep_listening(), name="guild-settings-listen")

    async def stop(self) -> None:
        """Close the LISTEN connection; later reads go straight to Postgres."""
        self._stopping = True
        self._lost.set()
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
            self._supervisor = None
        await self._close_listener()
        self._drop_all()

    async def get(self, guild_id: str) -> GuildSettings:
        """The guild's current configuration (the defaults when it has no row)."""
        if self.listening:
            copy = self._copies.get(guild_id)
            if copy is not None:
                return copy
        generation = self._generation
        async with self._pool.acquire() as conn:
            settings = await fetch_guild_settings(conn, guild_id)
        if self.listening and generation == self._generation:
            self._copies[guild_id] = settings
        return settings

    def invalidate(self, guild_id: str) -> None:
        """Forget this process's copy of ``guild_id`` (call after a committed write)."""
        self._generation += 1
        self._copies.pop(guild_id, None)

    # -- LISTEN ----------------------------------------------------------------------------------------

    async def _connect(self) -> None:
        conn = await asyncpg.connect(self._dsn)
        try:
            await conn.add_listener(NOTIFY_CHANNEL, self._on_notify)
        except BaseException:
            await conn.close()
            raise
        conn.add_termination_listener(self._on_lost)
        self._listener = conn
        # Whatever was cached before this connection listened may have missed a notification.
        self._drop_all()
        self._lost.clear()

    def _on_notify(self, conn: object, pid: int, channel: str, payload: object) -> None:
        self.invalidate(str(payload))

    def _on_lost(self, conn: object) -> None:
        if self._stopping or conn is not self._listener:
            return  # our own close (on stop, or of a connection already replaced)
        logger.warning("guild settings LISTEN connection lost; reading from Postgres until it is back")
        self._drop_all()
        self._lost.set()

    async def _keep_listening(self) -> None:
        while True:
            await self._lost.wait()
            await self._close_listener()
            delay = _BACKOFF_START
            while True:
                try:
                    await self._connect()
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                    logger.warning("guild settings LISTEN reconnect failed: %s", exc.__class__.__name__)
                    await asyncio.sleep(delay * (1 + random.random() / 2))
                    delay = min(delay * 2, _BACKOFF_CAP)
                    continue
                logger.info("guild settings LISTEN connection restored; cache emptied")
                break

    async def _close_listener(self) -> None:
        conn, self._listener = self._listener, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await conn.close()

    def _drop_all(self) -> None:
        self._generation += 1
        self._copies.clear()
