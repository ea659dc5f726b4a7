"""``/anon queue`` and its buttons (admin or moderator): pending questions newest first, three a page, each
with approve and reject (features.md §8.3).

A decision is one guarded update (``WHERE status = 'pending'``): of two moderators pressing at once, one
decides and the other is told the question was already moderated. An approval records the question's post in
the same transaction and performs it right after, so the moderator hears whether it is out.
"""

from __future__ import annotations

import logging

from features.anon._ids import Decision, parse_moderation_id, parse_page_id
from features.anon._publish import record_publication
from features.anon._render import render_queue
from features.anon._rules import PAGE_SIZE, QuestionStatus, queue_page
from features.anon._store import count_pending, fetch_question, moderate, pending_page
from features.kernel import (
    Feature,
    GuildSettings,
    Recorded,
    Services,
    V2Message,
    require_admin_or_moderator,
    require_custom_id,
    require_feature,
)
from gateway import Interaction, Responder
from gateway.i18n import default_translator

logger = logging.getLogger(__name__)


async def _moderator_settings(interaction: Interaction, services: Services) -> GuildSettings:
    """Permission first (a member without the role learns nothing about the feature), then the feature."""
    await require_admin_or_moderator(interaction, services)
    return await require_feature(interaction, services, Feature.ANON)


async def _queue_view(services: Services, settings: GuildSettings, requested: int) -> V2Message:
    async with services.pool.acquire() as conn:
        total = await count_pending(conn, settings.guild_id)
        page = queue_page(requested, total)
        questions = await pending_page(conn, settings.guild_id, offset=page.offset, limit=PAGE_SIZE)
    return render_queue(questions, page, total, locale=settings.locale, tr=default_translator())


async def show_queue(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/anon queue``: the first page, ephemeral."""
    settings = await _moderator_settings(interaction, services)
    await responder.send_card((await _queue_view(services, settings, 0)).to_payload())


async def turn_page(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Previous/next: the queue message shows the asked page (the last one if the queue shrank)."""
    settings = await _moderator_settings(interaction, services)
    requested = require_custom_id(interaction, parse_page_id, locale=settings.locale)
    await responder.update((await _queue_view(services, settings, requested)).to_payload())


async def decide(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Approve or reject: the first decision wins; the queue message is refreshed and the moderator told."""
    settings = await _moderator_settings(interaction, services)
    locale = settings.locale
    ref = require_custom_id(interaction, parse_moderation_id, locale=locale)
    channel_id = settings.anon_inbox_channel_id
    assert channel_id is not None  # the feature is ready only with its channel
    status = QuestionStatus.APPROVED if ref.decision is Decision.APPROVE else QuestionStatus.REJECTED
    recorded: Recorded | None = None
    async with services.pool.acquire() as conn, conn.transaction():
        decided = await moderate(
            conn, settings.guild_id, ref.question_id, status=status, moderator_id=interaction.author_id
        )
        if decided is not None and ref.decision is Decision.APPROVE:
            recorded = await record_publication(conn, settings.guild_id, channel_id, decided.id)
        known = decided is not None or await fetch_question(conn, settings.guild_id, ref.question_id) is not None
    await responder.update((await _queue_view(services, settings, ref.page)).to_payload())
    tr = default_translator()
    if decided is None:
        await responder.follow_up(tr.text(locale, "anon.reply.already_moderated" if known else "anon.reply.unknown"))
        return
    logger.info("anonymous question moderated", extra={"question_id": str(decided.id), "decision": status})
    if recorded is None:
        await responder.follow_up(tr.text(locale, "anon.reply.rejected", code=decided.request_code))
        return
    effect = await services.effects.perform(services, recorded.effect.id)
    channel = f"<#{channel_id}>"
    if effect.status == "sent":
        key = "anon.reply.published"
    elif effect.status in ("failed", "dead"):
        key = "anon.reply.publish_failed"
    else:
        key = "anon.reply.publish_pending"
    await responder.follow_up(tr.text(locale, key, code=decided.request_code, channel=channel))


