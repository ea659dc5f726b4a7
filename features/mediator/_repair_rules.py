"""The guided ``/repair`` flow's timing (features.md §12): four steps, one message edited at each step.

With the default two-minute interval step 1 shows at once and steps 2, 3 and 4 at +2, +4 and +6 minutes; the
flow is over at +7 (three and a half intervals). The interval is configurable (``REPAIR_STEP_SECONDS``) so tests
run in seconds; every instant here scales with it.
"""

from __future__ import annotations

import datetime as dt
import enum

import msgspec

STEP_COUNT = 4
DEFAULT_STEP_SECONDS = 120


class RepairStatus(enum.StrEnum):
    """A repair session is active until it completes or is abandoned (its message or room is gone)."""

    ACTIVE = "active"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class RepairEndReason(enum.StrEnum):
    """Why a session ended before its last step (``end_reason`` of an abandoned session)."""

    MESSAGE_DELETED = "message_deleted"
    ROOM_DELETED = "room_deleted"
    ROOM_FORBIDDEN = "room_forbidden"
    TICKS_FAILED = "ticks_failed"
    #: The room refused the first message (deleted, or closed to the bot), or posting it was given up.
    START_FAILED = "start_failed"
    EXPIRED = "expired"


#: A session still "active" this many intervals after its start lost its ticks (dead jobs, a database
#: restored from a backup...): a new ``/repair`` ends it instead of being refused forever. Four intervals is
#: half an interval past the flow's end; :data:`STALE_GRACE_SECONDS` leaves room for tick retries.
STALE_AFTER_STEPS = STEP_COUNT
STALE_GRACE_SECONDS = 600.0


class TickAction(enum.StrEnum):
    """What a ``mediator.repair.tick`` job should do."""

    ADVANCE = "advance"
    SKIP = "skip"
    RETRY_LATER = "retry_later"


class RepairTimeline(msgspec.Struct, frozen=True, kw_only=True):
    """The instants of one session, from its start and the step interval."""

    started_at: dt.datetime
    step_seconds: float = DEFAULT_STEP_SECONDS

    def __post_init__(self) -> None:
        if self.step_seconds <= 0:
            raise ValueError("step_seconds must be positive")

    @property
    def interval(self) -> dt.timedelta:
        """The time between two steps."""
        return dt.timedelta(seconds=self.step_seconds)

    def step_due_at(self, step: int) -> dt.datetime:
        """When ``step`` (1..4) is shown: step 1 at the start, step N at ``(N-1)`` intervals."""
        if not 1 <= step <= STEP_COUNT:
            raise ValueError(f"step must be 1..{STEP_COUNT}")
        return self.started_at + self.interval * (step - 1)

    @property
    def ends_at(self) -> dt.datetime:
        """When the flow is over: half an interval after the last step."""
        return self.started_at + self.interval * (STEP_COUNT - 1) + self.interval / 2

    @property
    def total_minutes(self) -> int:
        """The flow's length in whole minutes, at least 1 (what the heading announces)."""
        return max(1, round((self.ends_at - self.started_at).total_seconds() / 60))

    def step_at(self, now: dt.datetime) -> int:
        """Return the step that should be showing at ``now`` (1 before the start, 4 after the last step)."""
        if now <= self.started_at:
            return 1
        elapsed = int((now - self.started_at) // self.interval)
        return min(STEP_COUNT, 1 + elapsed)

    def next_step_at(self, current: int) -> dt.datetime | None:
        """When the step after ``current`` is due, or ``None`` after the last step."""
        return self.step_due_at(current + 1) if current < STEP_COUNT else None

    def scheduled_ticks(self) -> tuple[tuple[int, dt.datetime], ...]:
        """The ``(step, run_at)`` of the tick jobs to enqueue at start: steps 2..4."""
        return tuple((step, self.step_due_at(step)) for step in range(2, STEP_COUNT + 1))


def decide_tick(
    *, status: RepairStatus, current_step: int, tick_step: int, due_at: dt.datetime, now: dt.datetime
) -> TickAction:
    """Decide a tick: advance to ``tick_step`` once, never early, never backwards.

    A duplicate or out-of-order tick (the session is not active, or already at/after this step) is skipped, so
    redelivery after a crash is harmless; a tick delivered before its time asks to be retried later.
    """
    if not 2 <= tick_step <= STEP_COUNT or status is not RepairStatus.ACTIVE or current_step >= tick_step:
        return TickAction.SKIP
    if now < due_at:
        return TickAction.RETRY_LATER
    return TickAction.ADVANCE


def status_after_step(step: int) -> RepairStatus:
    """The session status once ``step`` is shown: completed after the last step."""
    return RepairStatus.COMPLETED if step >= STEP_COUNT else RepairStatus.ACTIVE
