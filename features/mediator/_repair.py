"""``/repair``: start a guided repair flow in the member's own pair room, and the tick job that drives it.

The command records the session and its first message (the ``repair_start`` effect, see ``_repair_start.py``)
in one transaction, then posts the message right after the commit: the partial unique index on the pair's
active session is the lock, so two concurrent ``/repair`` in one room record one session and one message, and
the second member is told a flow is already running. A session left ``active`` long past its timeline (its
ticks were lost) is ended first, so a pair is never blocked for good.
"""

from __future__ import annotations

import logging
import uuid
from typing import Final

from actors import ActorError
from features.kernel import FeatureHost, Pair, Services, bind, command, pair_for_room, record_effect, require_guild
from features.mediator._jobs import REPAIR_TICK, MediatorRepairTick
from features.mediator._repair_actor import KIND, AdvanceRepair, repair_actor_key
from features.mediator._repair_rules import STALE_AFTER_STEPS, STALE_GRACE_SECONDS, RepairEndReason
from features.mediator._repair_start import REPAIR_START, START_EFFECT, start_context, start_key
from features.mediator._repair_store import (
    SessionAlreadyActive,
    end_session,
    expire_stale_sessions,
    insert_repair_session,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator
from store import JobContext
from telemetry import current_log_fields

logger = logging.getLogger(__name__)

FEATURE: Final = "mediator"
#: How long a tick waits for the session actor's turn (an edit may wait for Discord's rate limits).
TICK_TIMEOUT_SECONDS: Final = 60.0


async def _open_session(
    services: Services, pair: Pair, *, locale: Locale, user_id: str, interaction_id: str
) -> uuid.UUID:
    """Record a session for ``pair`` and the effect that posts its first message; return the effect's id.

    Raises :class:`SessionAlreadyActive` (the pair has a running flow).
    """
    async with services.pool.acquire() as conn, conn.transaction():
        await expire_stale_sessions(conn, pair.id, after_steps=STALE_AFTER_STEPS, grace_seconds=STALE_GRACE_SECONDS)
        session = await insert_repair_session(
            conn, guild_id=pair.guild_id, pair_id=pair.id, channel_id=pair.private_channel_id, user_id=user_id,
            locale=locale, step_seconds=services.repair_step_seconds,
        )
        correlation_id = current_log_fields().get("correlation_id") or session.id.hex
        recorded = await record_effect(
            conn, guild_id=pair.guild_id, kind=START_EFFECT, channel_id=session.channel_id, payload={},
            key=start_key(session),
            context=start_context(session, correlation_id=correlation_id, interaction_id=interaction_id),
            # Posted right below; the effects job is only the backstop for a process that dies first.
            backstop_after=services.effects.lease_seconds,
        )
    return recorded.effect.id


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
        effect_id = await _open_session(services, pair, locale=locale, user_id=user_id, interaction_id=interaction.id)
    except SessionAlreadyActive:
        raise Refusal("repair.reply.already_active", locale=locale) from None
    effect = await services.effects.perform(services, effect_id)
    if effect.status in ("failed", "dead"):
        # The room refused the message for good: the session ended (start_failed), the pair may start again.
        logger.info("the pair room refused the repair message", extra={"error": effect.last_error})
        raise Refusal("repair.reply.channel_not_sendable", locale=locale)
    tr = default_translator()
    if effect.published_message_id is None:
        # Discord failed for a moment: the effects job posts it shortly.
        await responder.reply(tr.text(locale, "effect.reply.pending"))
        return
    await responder.reply(tr.text(locale, "repair.reply.started"))


def install(host: FeatureHost) -> None:
    """Declare ``/repair``, the handler of its tick job and the effect kind of its first message."""

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
    host.add_effect_kind(REPAIR_START)
