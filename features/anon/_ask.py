"""Proposing a question: ``/anon ask`` and the published question's "ask a question" open the modal; the modal
queues the question for moderation and tells the member its request code (features.md §8.2).

One transaction, under the member's proposal lock: the same question again today is refused before anything
is spent (§16 item 14), then the daily quota and the pending limit are checked; a refusal rolls the quota unit
back with everything else, so only a queued question costs one. Each refusal says when to try again.
"""

from __future__ import annotations

import datetime as dt
import logging

from features.anon._ids import ASK_MODAL_INPUT, parse_submit_id
from features.anon._render import render_ask_modal
from features.anon._rules import (
    MAX_LENGTH,
    MIN_LENGTH,
    PENDING_LIMIT,
    PROPOSE_DAILY_LIMIT,
    PROPOSE_QUOTA,
    InvalidQuestion,
    clean_question,
    next_day_start,
    pending_frees_at,
    text_hash,
)
from features.anon._store import insert_question, lock_author, oldest_recent_pending, proposed_today
from features.kernel import Feature, Services, discord_timestamp, local_date, require_custom_id, require_feature, zone
from gateway import Interaction, Refusal, Responder
from gateway.i18n import default_translator
from store import consume_quota

logger = logging.getLogger(__name__)


async def open_ask(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/anon ask`` and the "ask a question" button: the modal, while the feature is on."""
    settings = await require_feature(interaction, services, Feature.ANON)
    await responder.open_modal(render_ask_modal(locale=settings.locale, tr=default_translator()).to_payload())


async def submit_question(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The ask modal: queue the question once, within the limits, and give the member its request code."""
    settings = await require_feature(interaction, services, Feature.ANON)
    locale = settings.locale
    require_custom_id(interaction, parse_submit_id, locale=locale)
    try:
        text = clean_question(interaction.fields.get(ASK_MODAL_INPUT, ""))
    except InvalidQuestion:
        raise Refusal("anon.reply.length", locale=locale, min=MIN_LENGTH, max=MAX_LENGTH) from None
    guild_id, author_id = settings.guild_id, interaction.author_id
    now = dt.datetime.now(dt.UTC)
    tz = zone(settings.timezone_or(services.default_timezone))
    today = local_date(now, tz)
    digest = text_hash(text)
    async with services.pool.acquire() as conn, conn.transaction():
        await lock_author(conn, guild_id, author_id)
        repeat = await proposed_today(conn, guild_id, author_id, today, digest)
        if repeat is not None:
            raise Refusal("anon.reply.already_proposed", locale=locale, code=repeat.request_code)
        quota = await consume_quota(
            conn, guild_id=guild_id, user_id=author_id, action=PROPOSE_QUOTA, day=today, limit=PROPOSE_DAILY_LIMIT
        )
        if not quota.allowed:
            retry = discord_timestamp(next_day_start(now, tz))
            raise Refusal("anon.reply.daily_limit", locale=locale, limit=PROPOSE_DAILY_LIMIT, retry=retry)
        pending, oldest = await oldest_recent_pending(conn, guild_id, author_id, now)
        if pending >= PENDING_LIMIT and oldest is not None:
            retry = discord_timestamp(pending_frees_at(oldest))
            raise Refusal("anon.reply.pending_limit", locale=locale, limit=PENDING_LIMIT, retry=retry)
        question = await insert_question(
            conn, guild_id=guild_id, author_id=author_id, text=text, digest=digest, day=today, now=now
        )
    # The interaction's log context names the member: this line must not name the question too, or the logs
    # would tie the two together for anyone who reads them.
    logger.info("anonymous question queued")
    tr = default_translator()
    left = (
        tr.plural(locale, "anon.reply.left_today", quota.remaining)
        if quota.remaining
        else tr.text(locale, "anon.reply.none_left_today")
    )
    await responder.reply(tr.text(locale, "anon.reply.queued", code=question.request_code, left=left))
