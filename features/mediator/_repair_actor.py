"""The repair-session actor (``repair:<session>``): shows each step of one ``/repair`` flow exactly once.

Its only input is :class:`AdvanceRepair`, asked by the ``mediator.repair.tick`` job handler, which waits for the
answer so that a failed turn fails the job and the queue retries it. A turn is one transaction holding the
session row's lock (the session's single writer across processes, whichever one owns the actor now):
decide, edit the room message, record the step, enqueue the next tick. Everything a restarted process needs
is in that row, so a new process simply continues with the next tick.

When the message or the room is gone, the session ends as ``abandoned`` (never stuck ``active``, which
blocked the pair forever in the earlier version) and the actor stops.
"""

from __future__ import annotations

import enum
import logging
import uuid
from typing import Final

import msgspec

from actors import Actor, ActorContext, ActorKind
from features.kernel import FeatureHost
from features.mediator._content import default_repair_steps
from features.mediator._jobs import MediatorRepairTick
from features.mediator._repair_render import RepairView, render_repair_step
from features.mediator._repair_rules import STEP_COUNT as REPAIR_STEP_COUNT
from features.mediator._repair_rules import (
    RepairEndReason,
    RepairStatus,
    RepairTimeline,
    TickAction,
    decide_tick,
    status_after_step,
)
from features.mediator._repair_store import RepairSession, advance_session, end_session, lock_repair_session
from features.mediator._repair_ticks import enqueue_tick
from gateway import NO_MENTIONS, Forbidden, NotFound
from gateway.i18n import default_translator, resolve_locale
from telemetry import log_context

logger = logging.getLogger(__name__)

KIND: Final = "repair_session"
#: Discord's error code for a request on a channel that no longer exists (a missing message is 10008).
UNKNOWN_CHANNEL: Final = 10003
#: Idle between two steps for longer than this, the activation is dropped; the next tick activates it again.
IDLE_SECONDS: Final = 30.0


def repair_actor_key(session_id: uuid.UUID | str) -> str:
    """The singleton key of a session's actor."""
    return f"repair:{session_id}"


class AdvanceRepair(msgspec.Struct, frozen=True, kw_only=True):
    """Show the tick's step if it is due and not shown yet; the answer is a :class:`TickOutcome`."""

    tick: MediatorRepairTick
    #: The job that asks, so the turn's log lines carry it like the job handler's do.
    job_id: int


class TickOutcome(enum.StrEnum):
    """What a tick did."""

    SHOWN = "shown"
    COMPLETED = "completed"
    SKIPPED = "skipped"
    RESCHEDULED = "rescheduled"
    ENDED = "ended"


def _end_reason(exc: NotFound | Forbidden) -> RepairEndReason:
    if isinstance(exc, Forbidden):
        return RepairEndReason.ROOM_FORBIDDEN
    return RepairEndReason.ROOM_DELETED if exc.code == UNKNOWN_CHANNEL else RepairEndReason.MESSAGE_DELETED


def render_step_body(session: RepairSession, step: int, status: RepairStatus) -> dict[str, object]:
    """The room message of ``session`` at ``step`` (also posted as step 1 by the ``repair_start`` effect)."""
    locale = resolve_locale(session.locale)
    view = RepairView(
        step=step,
        timeline=RepairTimeline(started_at=session.started_at, step_seconds=session.step_seconds),
        status=status,
    )
    body = render_repair_step(
        view, default_repair_steps(), locale=locale, tr=default_translator()
    ).to_payload()
    body["allowed_mentions"] = NO_MENTIONS
    return body


class RepairSessionActor(Actor):
    """One session's steps, one turn at a time."""

    def __init__(self, ctx: ActorContext, host: FeatureHost) -> None:
        super().__init__(ctx)
        self._host = host

    async def receive(self, message: object) -> object:
        if not isinstance(message, AdvanceRepair):
            raise TypeError(f"unexpected message {type(message).__name__}")
        tick = message.tick
        with log_context(
            correlation_id=tick.correlation_id, interaction_id=tick.interaction_id, job_id=message.job_id,
            guild_id=tick.guild_id, user_id=tick.user_id, feature=tick.feature, action=tick.action,
        ):
            outcome = await self._advance(tick)
            logger.info("repair session %s step %d: %s", tick.session_id, tick.step, outcome.value)
        if outcome in (TickOutcome.COMPLETED, TickOutcome.ENDED):
            self.ctx.stop("session over")
        return outcome

    async def _advance(self, tick: MediatorRepairTick) -> TickOutcome:
        services = self._host.services
        step = tick.step
        if not 2 <= step <= REPAIR_STEP_COUNT:
            return TickOutcome.SKIPPED
        async with services.pool.acquire() as conn, conn.transaction():
            locked = await lock_repair_session(conn, uuid.UUID(tick.session_id))
            if locked is None:
                return TickOutcome.SKIPPED
            session, now = locked
            timeline = RepairTimeline(started_at=session.started_at, step_seconds=session.step_seconds)
            due_at = timeline.step_due_at(step)
            action = decide_tick(
                status=RepairStatus(session.status), current_step=session.current_step, tick_step=step,
                due_at=due_at, now=now,
            )
            if action is TickAction.SKIP:
                return TickOutcome.SKIPPED
            if action is TickAction.RETRY_LATER:
                # Sent early by hand (``together jobs send``): put the step back on its own time.
                await enqueue_tick(conn, tick, step=step, run_at=due_at)
                return TickOutcome.RESCHEDULED
            status = status_after_step(step)
            if session.message_id is None:  # only a row edited by hand: the first tick waits for the message
                await end_session(conn, session.id, RepairEndReason.MESSAGE_DELETED.value)
                return TickOutcome.ENDED
            try:
                await services.rest.edit_message(
                    session.channel_id, session.message_id, render_step_body(session, step, status)
                )
            except (NotFound, Forbidden) as exc:
                reason = _end_reason(exc)
                await end_session(conn, session.id, reason.value)
                logger.info("repair session %s ended: %s (%s)", session.id, reason.value, exc)
                return TickOutcome.ENDED
            await advance_session(conn, session.id, step, status.value)
            next_at = timeline.next_step_at(step)
            if next_at is not None:
                await enqueue_tick(conn, tick, step=step + 1, run_at=next_at)
                return TickOutcome.SHOWN
            return TickOutcome.COMPLETED


def repair_actor_kind(host: FeatureHost) -> ActorKind:
    """The actor kind of repair sessions (services are read from ``host`` when a turn runs)."""
    return ActorKind(
        name=KIND,
        factory=lambda ctx: RepairSessionActor(ctx, host),
        idle_timeout_s=IDLE_SECONDS,
        # One tick waits per session at a time (a retry or a hand-sent duplicate at most adds one): a small
        # mailbox is plenty and bounds what a runaway sender could queue.
        capacity=16,
    )
