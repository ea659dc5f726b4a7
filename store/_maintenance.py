"""Maintenance mode: one row in ``maintenance`` that every process obeys.

:func:`set_maintenance` switches it (``together maintenance on|off``) and, in the same transaction, sends
``NOTIFY together_maintenance`` and wakes every job worker. The job claim and the cron tick read the row
themselves, so a process holds its jobs and schedules whatever it was wired with. The hot paths (every
interaction, ``/healthz``) read :class:`MaintenanceWatch`, the process's copy of the row: refreshed on each
NOTIFY and re-read every few seconds as a fallback (every second while the LISTEN connection is down), never a
query per interaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from datetime import datetime
from typing import Final

import asyncpg
import msgspec

from store._job_enqueue import NOTIFY_CHANNEL as JOBS_CHANNEL
from store._pool import Connection

logger = logging.getLogger(__name__)

#: The channel a switch notifies (payload ``on`` or ``off``).
MAINTENANCE_CHANNEL: Final = "together_maintenance"
#: Longest operator message the row keeps (the reply quoting it must fit in one Discord message).
MAX_MAINTENANCE_MESSAGE: Final = 500

_READ: Final = "SELECT active, message, since, ended_at, changed_by FROM maintenance WHERE id"
_ENSURE_ROW: Final = "INSERT INTO maintenance (id) VALUES (true) ON CONFLICT (id) DO NOTHING"
# Right-hand sides read the row as it was: ``since`` is kept when already on, ``ended_at`` only set by an end.
_SWITCH: Final = """
UPDATE maintenance SET
    since = CASE WHEN $1 AND NOT active THEN now() ELSE since END,
    ended_at = CASE WHEN $1 THEN NULL WHEN active THEN now() ELSE ended_at END,
    message = CASE WHEN $1 THEN $2 ELSE message END,
    changed_by = $3,
    active = $1,
    updated_at = now()
WHERE id
RETURNING active, message, since, ended_at, changed_by
"""
_NOTIFY: Final = "SELECT pg_notify($1, $2), pg_notify($3, '* ' || extract(epoch FROM now())::text)"

#: Re-read intervals (seconds) while notifications arrive, and while the LISTEN connection is down.
REFRESH_INTERVAL: Final = 5.0
_UNLISTENED_INTERVAL: Final = 1.0
_BACKOFF_CAP: Final = 10.0


class MaintenanceState(msgspec.Struct, frozen=True, kw_only=True):
    """The ``maintenance`` row: on or off, the operator's message, and the current or last window."""

    active: bool = False
    message: str | None = None
    since: datetime | None = None
    ended_at: datetime | None = None
    changed_by: str | None = None

    @property
    def last_window(self) -> tuple[datetime, datetime] | None:
        """``(since, ended_at)`` of the maintenance that ended last; None while on or when there was none."""
        if self.active or self.since is None or self.ended_at is None:
            return None
        return (self.since, self.ended_at)


#: The state of a database without the row (and of a process before its first read).
MAINTENANCE_OFF: Final = MaintenanceState()


def _state(row: asyncpg.Record | None) -> MaintenanceState:
    if row is None:
        return MAINTENANCE_OFF
    return MaintenanceState(
        active=row["active"], message=row["message"], since=row["since"], ended_at=row["ended_at"],
        changed_by=row["changed_by"],
    )


async def read_maintenance(conn: Connection) -> MaintenanceState:
    """The maintenance row as it is now."""
    return _state(await conn.fetchrow(_READ))


async def set_maintenance(
    conn: Connection, *, active: bool, message: str | None = None, changed_by: str | None = None
) -> MaintenanceState:
    """Switch maintenance on (with ``message``, replacing the previous one) or off, and tell every process.

    Switching on while on keeps ``since`` (one window) and replaces the message. Every worker is woken, so jobs
    that waited run as soon as it is off.
    """
    if message is not None and len(message) > MAX_MAINTENANCE_MESSAGE:
        raise ValueError(f"the maintenance message is longer than {MAX_MAINTENANCE_MESSAGE} characters")
    async with conn.transaction():
        await conn.execute(_ENSURE_ROW)
        row = await conn.fetchrow(_SWITCH, active, message if active else None, changed_by)
        await conn.execute(_NOTIFY, MAINTENANCE_CHANNEL, "on" if active else "off", JOBS_CHANNEL)
    return _state(row)


#: Called with the new state whenever the process's copy changes.
MaintenanceListener = Callable[[MaintenanceState], None]


class MaintenanceWatch:
    """This process's copy of the maintenance row, for reads that must not query (interactions, health).

    :meth:`start` reads the row (raising if Postgres is unreachable) and opens a LISTEN connection; from then
    on each NOTIFY, and a re-read every ``refresh_interval`` seconds (every second while not listening), keep
    :attr:`state` current. A failed re-read keeps the last known state. Listeners added with :meth:`subscribe`
    are called on each change (the job service wakes its worker and cron with one).
    """

    def __init__(self, pool: asyncpg.Pool, dsn: str, *, refresh_interval: float = REFRESH_INTERVAL) -> None:
        self._pool = pool
        self._dsn = dsn
        self._refresh_interval = refresh_interval
        self._state = MAINTENANCE_OFF
        self._listeners: list[MaintenanceListener] = []
        self._listener: asyncpg.Connection | None = None
        self._poke = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    @property
    def state(self) -> MaintenanceState:
        """The row as this process last read it."""
        return self._state

    @property
    def active(self) -> bool:
        """True while maintenance is on (as last read)."""
        return self._state.active

    @property
    def listening(self) -> bool:
        """True while the LISTEN connection is open."""
        return self._listener is not None and not self._listener.is_closed()

    def subscribe(self, listener: MaintenanceListener) -> None:
        """Call ``listener(state)`` on every change of the copy."""
        self._listeners.append(listener)

    async def start(self) -> None:
        """Read the row and start listening; raises when Postgres cannot be reached."""
        if self._task is not None:
            raise RuntimeError("the maintenance watch is already started")
        self._stopping = False
        await self.refresh()
        await self._connect()
        self._task = asyncio.create_task(self._run(), name="maintenance-watch")

    async def stop(self) -> None:
        """Stop listening and re-reading; the last state stays readable."""
        self._stopping = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._close_listener()

    async def refresh(self) -> MaintenanceState:
        """Read the row now and apply it."""
        async with self._pool.acquire() as conn:
            state = await read_maintenance(conn)
        self._apply(state)
        return state

    def _apply(self, state: MaintenanceState) -> None:
        old, self._state = self._state, state
        if state == old:
            return
        if state.active != old.active:
            if state.active:
                logger.warning("maintenance mode is on: interactions answer 'back soon', jobs and cron hold",
                               extra={"maintenance_message": state.message, "changed_by": state.changed_by})
            else:
                logger.warning("maintenance mode is off: interactions, jobs and cron resume",
                               extra={"changed_by": state.changed_by})
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:
                logger.exception("a maintenance listener failed")

    # -- LISTEN and the re-read loop -------------------------------------------------------------------

    async def _connect(self) -> None:
        conn = await asyncpg.connect(self._dsn)
        try:
            await conn.add_listener(MAINTENANCE_CHANNEL, self._on_notify)
        except BaseException:
            await conn.close()
            raise
        conn.add_termination_listener(self._on_lost)
        self._listener = conn

    def _on_notify(self, conn: object, pid: int, channel: str, payload: object) -> None:
        self._poke.set()

    def _on_lost(self, conn: object) -> None:
        if self._stopping or conn is not self._listener:
            return
        logger.warning("maintenance LISTEN connection lost; re-reading the row every second until it is back")
        self._poke.set()

    async def _run(self) -> None:
        failures = 0
        while True:
            interval = self._refresh_interval if self.listening else _UNLISTENED_INTERVAL
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._poke.wait(), interval)
            self._poke.clear()
            try:
                if not self.listening:
                    await self._close_listener()
                    await self._connect()
                    logger.info("maintenance LISTEN connection restored")
                await self.refresh()
                failures = 0
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                failures += 1
                logger.warning("maintenance re-read failed: %s; keeping the last state", exc.__class__.__name__)
                await asyncio.sleep(min(_BACKOFF_CAP, 0.2 * 2**failures) * random.uniform(0.5, 1.0))

    async def _close_listener(self) -> None:
        conn, self._listener = self._listener, None
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                await conn.close()
