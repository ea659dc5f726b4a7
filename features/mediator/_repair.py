"""``/repair``: start a guided repair flow in the member's own pair room, and the tick job that drives it.

The command posts step 1 and records the session in one transaction: the partial unique index on the pair's
active session is the lock, so two concurrent ``/repair`` in one room post one message and the second member
is told a flow is already running. A session left ``active`` long past its timeline (its ticks were lost) is
ended first, so a pair is never blocked for good.
"""

from __future__ import annotations

import logging
import uuid
from typing import Final

from actors import ActorError
from features.kernel import FeatureHost, Pair, Services, bind, command, pair_for_room, require_guild
from features.mediator._jobs import REPAIR_TICK, MediatorRepairTick
from features.mediator._repair_actor import KIND, AdvanceRepair, render_step_body, repair_actor_key
from features.mediator._repair_rules import (
    STALE_AFTER_STEPS,
    STALE_GRACE_SECONDS,
    RepairEndReason,
    RepairStatus,
    RepairTimeline,
)
from features.mediator._repair_store import (
    SessionAlreadyActive,
    end_session,
    expire_stale_sessions,
    insert_repair_session,
    set_session_message,
)
from features.mediator._repair_ticks import enqueue_tick
from gateway import Forbidden, Interaction, NotFound, Refusal, Responder
from gateway.i18n import Locale, default_translator
from store import JobContext
from telemetry import current_log_fields

logger = logging.getLogger(__name__)

FEATURE: Final = "mediator"
#: How long a tick waits for the session actor's turn (an edit may wait for Discord's rate limits).
TICK_TIMEOUT_SECONDS: Final = 60.0


class _ChannelRefused(Exception):
    """The room refused the step-1 post: roll the new session back."""


async def _open_session(
    services: Services, pair: Pair, *, locale: Locale, user_id: str, interaction_id: str
) -> None:
    """Record a session for ``pair``, post step 1 into its room and enqueue the step-2 tick, all or nothing.

    Raises :class:`SessionAlreadyActive` (the pair has a running flow) or :class:`_ChannelRefused`.
    """
    async with services.pool.acquire() as conn, conn.transaction():
        await expire_stale_sessions(conn, pair.id, after_steps=STALE_AFTER_STEPS, grace_seconds=STALE_GRACE_SECONDS)
        session = await insert_repair_session(
            conn, guild_id=pair.guild_id, pair_id=pair.id, channel_id=pair.private_channel_id, user_id=user_id,
            locale=locale, step_seconds=services.repair_step_seconds,
        )
        try:
            message = await services.rest.create_message(
                session.channel_id, render_step_body(session, 1, RepairStatus.ACTIVE)
            )
        except (NotFound, Forbidden) as exc:
            raise _ChannelRefused() from exc
        await set_session_message(conn, session.id, str(message["id"]))
        tick = MediatorRepairTick(
            correlation_id=current_log_fields().get("correlation_id") or session.id.hex,
            guild_id=pair.guild_id, feature=FEATURE, action="repair.tick", interaction_id=interaction_id,
            user_id=user_id, session_id=str(session.id), step=2,
        )
        timeline = RepairTimeline(started_at=session.started_at, step_seconds=session.step_seconds)
        await enqueue_tick(conn, tick, step=2, run_at=timeline.step_due_at(2))


async def start(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/repair`` in the member's pair room: step 1 posted there, the next steps on their timeline."""
    settings = await require_guild(interaction, services)
    locale, guild_id = settings.locale, settings.guild_id
    channel_id, user_id = interaction.channel_id, interaction.author_id
    async with services.pool.acquire() as conn:
        pair = await pair_for_room(conn, guild_id, channel_id, user_id)
    if pair is None:
        raise Refusal("repair.reply.run_in_pair_room", locale=locale)
    await responder.defer()  # posting into the room and recording the session take a few round trips
    try:
        await _open_session(services, pair, locale=locale, user_id=user_id, interaction_id=interaction.id)
    except SessionAlreadyActive:
        raise Refusal("repair.reply.already_active", locale=locale) from None
    except _ChannelRefused:
        logger.info("the pair room refused the repair message", exc_info=True)
        raise Refusal("repair.reply.channel_not_sendable", locale=locale) from None
    await responder.reply(default_translator().text(locale, "repair.reply.started"))


def install(host: FeatureHost) -> None:
    """Declare ``/repair`` and the handler of its tick job."""

    async def tick(payload: MediatorRepairTick, job: JobContext) -> None:
        services = host.services
        ref = services.system.ref(KIND, repair_actor_key(payload.session_id))
        try:
            await ref.ask(AdvanceRepair(tick=payload, job_id=job.job_id), timeout=TICK_TIMEOUT_SECONDS)
        except ActorError:
            if job.attempt >= job.max_attempts:
                # The queue gives up on this step: end the session rather than leave the pair blocked.
                async with services.pool.acquire() as conn:
                    await end_session(conn, uuid.UUID(payload.session_id), RepairEndReason.TICKS_FAILED.value)
            raise

    host.add_command(command("repair", bind(host, start, feature=FEATURE, action="repair.start")))
    host.add_job(REPAIR_TICK, tick)
