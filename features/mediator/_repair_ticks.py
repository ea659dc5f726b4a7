"""The delayed ``mediator.repair.tick`` jobs that drive a repair session: one per step, each enqueued by the
transaction that showed the step before it, so a session has exactly one tick waiting at a time."""

from __future__ import annotations

import datetime as dt

import msgspec

from features.mediator._jobs import REPAIR_TICK, MediatorRepairTick
from store import Connection, enqueue


def tick_coalesce_key(session_id: str, step: int) -> str:
    """One waiting job per session and step, whoever enqueues it (a retried start, a rescheduled tick)."""
    return f"mediator-repair:{session_id}:{step}"


async def enqueue_tick(conn: Connection, tick: MediatorRepairTick, *, step: int, run_at: dt.datetime) -> None:
    """Enqueue the tick of ``step`` at ``run_at`` in ``conn``'s transaction, with ``tick``'s correlation fields
    (every tick of a session shares the correlation id of the ``/repair`` that started it)."""
    payload = msgspec.structs.replace(tick, step=step)
    await enqueue(conn, REPAIR_TICK, payload, run_at=run_at, coalesce_key=tick_coalesce_key(tick.session_id, step))
