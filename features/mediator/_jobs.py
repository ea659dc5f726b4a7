"""The mediator's job: ``mediator.repair.tick``, one per step of a ``/repair`` session."""

from __future__ import annotations

from typing import Final

from store import JobPayload, JobSpec, RetryPolicy


class MediatorRepairTick(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One step of a ``/repair`` session (enqueued at +2, +4 and +6 minutes)."""

    session_id: str
    step: int


REPAIR_TICK: Final = JobSpec(
    name="mediator.repair.tick",
    payload_type=MediatorRepairTick,
    feature="mediator",
    action="repair.tick",
    retry=RetryPolicy(max_attempts=4, base_delay=5.0, max_delay=60.0),
)
