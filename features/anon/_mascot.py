""""The mascot's answer" on a published question (features.md §8.4, without §16 item 14).

The answer depends only on the question, so a member asking again the same day gets the same answer with a
note, and spends nothing; a new question of the day costs one of the member's daily answers. The repeat key
and the quota unit are written in one transaction: a refusal keeps neither.
"""

from __future__ import annotations

import datetime as dt
import logging

from features.anon._answers import answer_catalogue, mascot_answer
from features.anon._ids import parse_mascot_id
from features.anon._rules import MASCOT_DAILY_LIMIT, MASCOT_QUOTA, QuestionStatus, next_day_start
from features.anon._store import fetch_question
from features.kernel import (
    Feature,
    Services,
    discord_timestamp,
    local_date,
    require_custom_id,
    require_feature,
    zone,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import default_translator
from store import consume_quota, remember_operation

logger = logging.getLogger(__name__)

#: Long enough to outlive the guild-local day in any timezone.
_REMEMBER_SECONDS = 3 * 86400


def mascot_key(guild_id: str, question: str, user_id: str, day: dt.date) -> str:
    """The member's answer to one question on one day (kept in ``op_dedup``, never shown)."""
    return f"anon:mascot:{guild_id}:{question}:{user_id}:{day.isoformat()}"


async def answer(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The mascot's answer, ephemeral; the same question again today is free."""
    settings = await require_feature(interaction, services, Feature.ANON)
    locale = settings.locale
    question_id = require_custom_id(interaction, parse_mascot_id, locale=locale)
    now = dt.datetime.now(dt.UTC)
    tz = zone(settings.timezone_or(services.default_timezone))
    today = local_date(now, tz)
    async with services.pool.acquire() as conn, conn.transaction():
        question = await fetch_question(conn, settings.guild_id, question_id)
        if question is None or question.status not in (QuestionStatus.APPROVED, QuestionStatus.PUBLISHED):
            raise Refusal("anon.reply.question_gone", locale=locale)
        first = await remember_operation(
            conn, mascot_key(settings.guild_id, str(question.id), interaction.author_id, today),
            keep_seconds=_REMEMBER_SECONDS,
        )
        if first:
            quota = await consume_quota(
                conn, guild_id=settings.guild_id, user_id=interaction.author_id, action=MASCOT_QUOTA, day=today,
                limit=MASCOT_DAILY_LIMIT,
            )
            if not quota.allowed:
                retry = discord_timestamp(next_day_start(now, tz))
                raise Refusal("anon.reply.mascot_limit", locale=locale, limit=MASCOT_DAILY_LIMIT, retry=retry)
    tr = default_translator()
    text = mascot_answer(question.id, question.text, locale, answer_catalogue())
    lines = [tr.text(locale, "anon.mascot.says"), text]
    if not first:
        lines.append(f"-# {tr.text(locale, 'anon.mascot.repeat')}")
    logger.info("mascot answer", extra={"question_id": str(question.id), "repeat": not first})
    await responder.reply("\n".join(lines))
