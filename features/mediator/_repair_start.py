"""The first message of a ``/repair`` session, as an effect (kind ``repair_start``) of the transaction that opens it.

``/repair`` records the session and this effect together, then performs the effect right after the commit so
the member's reply can say the flow started. If the process dies in between (or Discord fails for a moment),
the effects job posts it later with the same message nonce, so the room never holds two step-1 messages.
Posting is finished in one transaction that records the message on the session and enqueues the step-2 tick:
a session's ticks exist only once it has a message to edit. A room that refuses the post (deleted, or closed
to the bot) ends the session as ``start_failed``, so the pair is free to start again at once.

The later steps edit that one message (the session actor's ticks): an edit repeated after a crash shows the
same step again, which is harmless, so those need no effect of their own.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from features.kernel import Effect, EffectKind, EffectRefused, GuildSettings, Services, post_message
from features.mediator._jobs import REPAIR_TICK, MediatorRepairTick
from features.mediator._repair_actor import render_step_body
from features.mediator._repair_rules import RepairEndReason, RepairStatus, RepairTimeline
from features.mediator._repair_store import (
    RepairSession,
    end_session,
    fetch_repair_session,
    set_session_message,
)
from features.mediator._repair_ticks import enqueue_tick
from store import Connection

#: The effect kind of a session's first message.
START_EFFECT: Final = "repair_start"


def start_context(session: RepairSession, *, correlation_id: str, interaction_id: str) -> dict[str, Any]:
    """What finishing the effect needs: the session, and the log fields its ticks carry (every tick of a session
    shares the correlation id of the ``/repair`` that started it)."""
    return {
        "session_id": str(session.id),
        "correlation_id": correlation_id,
        "interaction_id": interaction_id,
        "user_id": session.started_by_user_id,
    }


def start_key(session: RepairSession) -> str:
    """One first message per session."""
    return f"repair-start:{session.id}"


def _session_id(effect: Effect) -> uuid.UUID:
    return uuid.UUID(str(effect.context["session_id"]))


async def _post_step_one(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    async with services.pool.acquire() as conn:
        session = await fetch_repair_session(conn, _session_id(effect))
    if session is None or session.status != RepairStatus.ACTIVE:
        # Ended before its message went out (expired while Discord was failing): nothing left to show.
        raise EffectRefused("the repair session ended before its first message was posted")
    return await post_message(services, effect, session.channel_id, render_step_body(session, 1, RepairStatus.ACTIVE))


async def _record_message(conn: Connection, effect: Effect, result: dict[str, Any]) -> None:
    session = await set_session_message(conn, _session_id(effect), str(result["message_id"]))
    if session is None or session.status != RepairStatus.ACTIVE:
        return
    context = effect.context
    tick = MediatorRepairTick(
        correlation_id=str(context["correlation_id"]), guild_id=session.guild_id, feature=REPAIR_TICK.feature,
        action=REPAIR_TICK.action, interaction_id=context.get("interaction_id"), user_id=context.get("user_id"),
        session_id=str(session.id), step=2,
    )
    timeline = RepairTimeline(started_at=session.started_at, step_seconds=session.step_seconds)
    # Due on the session's own timeline: a message posted late by the effects job catches up at once.
    await enqueue_tick(conn, tick, step=2, run_at=timeline.step_due_at(2))


async def _end_unstarted(conn: Connection, effect: Effect) -> None:
    await end_session(conn, _session_id(effect), RepairEndReason.START_FAILED.value)


#: Declared by the feature (``host.add_effect_kind``).
REPAIR_START: Final = EffectKind(
    name=START_EFFECT, perform=_post_step_one, finish=_record_message, gave_up=_end_unstarted
)
