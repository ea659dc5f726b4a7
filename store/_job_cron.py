"""Per-guild cron: fires each recurring job once per guild and due time, in the guild's timezone.

Every process may run a :class:`CronScheduler`; they agree through ``cron_fires``: the fire key
(guild, schedule, due time) is inserted in the same transaction as the job, so the loser of a race inserts
nothing and enqueues nothing. A due time never fires early (it is computed from the clock and only fired once
reached) and fires once after downtime (the latest missed occurrence only; see
:func:`store._cron.due_occurrence`). While maintenance is on (the ``maintenance`` row, read by every tick) nothing
fires; an occurrence that came due meanwhile fires once when it ends, like after downtime.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import asyncpg
import msgspec
from opentelemetry import trace

from store._cron import due_occurrence, next_occurrence
from store._job_enqueue import enqueue
from store._job_registry import JobRegistry, JobSpec
from store._maintenance import read_maintenance
from store._pool import Connection

logger = logging.getLogger(__name__)

#: The hook's default decision: a missing ``scheduler_settings`` row means enabled.
SCHEDULE_ACTIVE_SQL: Final = """
SELECT coalesce((SELECT enabled FROM scheduler_settings WHERE guild_id = $1 AND schedule_name = $2), true)
"""

_GUILDS: Final = "SELECT guild_id, timezone FROM guild_settings ORDER BY guild_id"
_LAST_FIRES: Final = "SELECT guild_id, schedule_name, max(due_at) AS due_at FROM cron_fires GROUP BY 1, 2"
_INSERT_FIRE: Final = """
INSERT INTO cron_fires (guild_id, schedule_name, due_at) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING RETURNING due_at
"""
_SET_FIRE_JOB: Final = """
UPDATE cron_fires SET job_id = $4 WHERE guild_id = $1 AND schedule_name = $2 AND due_at = $3
"""
# Keep the newest key of every (guild, schedule) forever: catch-up after downtime compares against it.
_TRIM_FIRES: Final = """
DELETE FROM cron_fires f WHERE f.due_at < $1 AND EXISTS (
    SELECT 1 FROM cron_fires g
    WHERE g.guild_id = f.guild_id AND g.schedule_name = f.schedule_name AND g.due_at > f.due_at)
"""


#: An extra per-guild condition for a schedule to fire, run inside the fire transaction after the schedule's own
#: switch: ``gate(conn, guild_id, schedule_name)``. The bot passes one that requires the owner feature to be ready.
ScheduleGate = Callable[[Connection, str, str], Awaitable[bool]]


class Fired(msgspec.Struct, frozen=True, kw_only=True):
    """One occurrence this scheduler claimed: ``job_id`` None when the schedule was off for the guild."""

    guild_id: str
    schedule_name: str
    due_at: datetime
    job_id: int | None


def _utcnow() -> datetime:
    return datetime.now(UTC)


class CronScheduler:
    """Evaluates the registry's cron specs for every guild of ``guild_settings`` and enqueues due jobs.

    ``clock`` returns an aware "now" (injectable for tests); :meth:`tick` does one pass and is what the loop
    started by :meth:`start` calls. ``gate`` (or overriding :meth:`schedule_active`, or ``active_sql``) adds
    feature gating: it runs inside the fire transaction, so the decision and the fire key commit together.
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        registry: JobRegistry,
        *,
        default_timezone: str,
        clock: Callable[[], datetime] = _utcnow,
        schedules: Sequence[str] | None = None,
        catch_up_grace: timedelta = timedelta(minutes=10),
        refresh_interval: float = 60.0,
        fire_retention: timedelta = timedelta(days=40),
        active_sql: str = SCHEDULE_ACTIVE_SQL,
        gate: ScheduleGate | None = None,
        tracer: trace.Tracer | None = None,
    ) -> None:
        self._pool = pool
        self._registry = registry
        self._default_tz = ZoneInfo(default_timezone)
        self._clock = clock
        wanted = set(schedules) if schedules is not None else None
        self._specs: tuple[JobSpec[Any], ...] = tuple(
            s for s in registry.scheduled() if wanted is None or s.name in wanted
        )
        self._grace = catch_up_grace
        self._refresh = refresh_interval
        self._retention = fire_retention
        self._active_sql = active_sql
        self._gate = gate
        self._tracer = tracer
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # The last tick found maintenance on (logged once per window).
        self._held = False
        self._last_tick = 0.0
        # The last tick (or trim) raised: health says so until a tick succeeds again.
        self._failing = False

    async def schedule_active(self, conn: Connection, guild_id: str, schedule_name: str) -> bool:
        """Whether ``schedule_name`` fires for ``guild_id``: its switch is on and the gate (if any) agrees."""
        if not await conn.fetchval(self._active_sql, guild_id, schedule_name):
            return False
        return self._gate is None or await self._gate(conn, guild_id, schedule_name)

    def _zone(self, name: str | None) -> ZoneInfo:
        if not name:
            return self._default_tz
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("unknown guild timezone %r; using the default", name)
            return self._default_tz

    async def tick(self) -> tuple[list[Fired], datetime | None]:
        """Fire everything due now; return what this scheduler fired and the next occurrence overall.

        While maintenance is on it fires nothing and returns ``([], None)``.
        """
        now = self._clock()
        async with self._pool.acquire() as conn:
            maintenance = await read_maintenance(conn)
            if maintenance.active:
                if not self._held:
                    logger.info("cron holds: maintenance is on")
                self._held = True
                return [], None
            guilds = await conn.fetch(_GUILDS)
            last = {(r["guild_id"], r["schedule_name"]): r["due_at"] for r in await conn.fetch(_LAST_FIRES)}
        if self._held:
            logger.info("cron resumes: maintenance is off")
        self._held = False
        held = maintenance.last_window
        fired: list[Fired] = []
        next_at: datetime | None = None
        for guild in guilds:
            tz = self._zone(guild["timezone"])
            for spec in self._specs:
                assert spec.cron is not None
                last_fired = last.get((guild["guild_id"], spec.name))
                due = due_occurrence(spec.cron, tz, now, last_fired, self._grace, held)
                if due is not None:
                    result = await self._fire(guild["guild_id"], spec, due)
                    if result is not None:
                        fired.append(result)
                upcoming = next_occurrence(spec.cron, tz, now)
                if next_at is None or upcoming < next_at:
                    next_at = upcoming
        return fired, next_at

    async def _fire(self, guild_id: str, spec: JobSpec[Any], due: datetime) -> Fired | None:
        async with self._pool.acquire() as conn, conn.transaction():
            inserted = await conn.fetchval(_INSERT_FIRE, guild_id, spec.name, due)
            if inserted is None:
                return None  # another process fired this occurrence
            if not await self.schedule_active(conn, guild_id, spec.name):
                # The key stays, so switching the schedule back on does not replay this occurrence.
                return Fired(guild_id=guild_id, schedule_name=spec.name, due_at=due, job_id=None)
            payload = spec.payload_type(
                correlation_id=uuid.uuid4().hex, guild_id=guild_id, feature=spec.feature, action=spec.action,
                scheduled_for=due.astimezone(UTC).isoformat(),
            )
            result = await enqueue(conn, spec, payload, run_at=due, tracer=self._tracer)
            await conn.execute(_SET_FIRE_JOB, guild_id, spec.name, due, result.job_id)
        logger.info("cron fired %s for guild %s due %s", spec.name, guild_id, due.isoformat())
        return Fired(guild_id=guild_id, schedule_name=spec.name, due_at=due, job_id=result.job_id)

    async def trim(self) -> int:
        """Delete fire keys older than the retention, keeping the newest of each (guild, schedule)."""
        status = await self._pool.execute(_TRIM_FIRES, self._clock() - self._retention)
        return int(status.split()[-1])

    # -- loop ------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Run :meth:`tick` at every next occurrence (and at least every ``refresh_interval`` seconds)."""
        if self._task is not None:
            raise RuntimeError("cron scheduler already started")
        self._last_tick = time.monotonic()
        self._task = asyncio.create_task(self._loop(), name="jobs-cron")

    async def stop(self) -> None:
        """Stop the loop; a tick in progress finishes its current fire transaction first or rolls it back."""
        self._stop.set()
        self._wake.set()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def wake(self) -> None:
        """Tick now (maintenance ended: what came due meanwhile fires without waiting for the next refresh)."""
        self._wake.set()

    def is_healthy(self) -> bool:
        """True while the loop runs, ticked within two refresh intervals and its most recent tick succeeded."""
        if self._failing or self._task is None or self._task.done():
            return False
        return time.monotonic() - self._last_tick <= 2 * self._refresh + 1.0

    async def _loop(self) -> None:
        last_trim = 0.0
        while not self._stop.is_set():
            delay = self._refresh
            try:
                _, next_at = await self.tick()
                self._last_tick = time.monotonic()
                if self._last_tick - last_trim > 3600:
                    last_trim = self._last_tick
                    await self.trim()
                if next_at is not None:
                    delay = min(delay, max(0.0, (next_at - self._clock()).total_seconds()) + 0.001)
                self._failing = False
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                self._failing = True
                logger.warning("cron tick failed: %s; retrying", exc.__class__.__name__)
                delay = 1.0
            except Exception:
                # A bug (a gate, a guild's data) must not end the schedules for good, nor end them silently.
                self._failing = True
                logger.exception("cron tick failed; retrying")
                delay = 1.0
            try:
                await asyncio.wait_for(self._wake.wait(), delay)
            except TimeoutError:
                pass
            self._wake.clear()
