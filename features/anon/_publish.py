"""Publishing an approved question: the ``anon_question`` public post in the anonymous-inbox channel.

The approval records it (kernel ``produce_post``, key ``anon:publish:<question>``) in its own transaction; it is
performed right after (the moderator hears whether it is out) or by ``public.post.publish``. The post is worded
when it is sent, from the question alone: its payload names the question and nothing else, so no author can
leak through the outbox either. Once sent, the question is ``published`` with its message; a post refused for
good (the channel is gone) puts the question back in the queue so a moderator can approve it again.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Final

from features.anon._render import render_published
from features.anon._rules import QuestionStatus
from features.anon._store import back_to_queue, fetch_question, mark_published
from features.kernel import (
    Effect,
    EffectKind,
    EffectRefused,
    Feature,
    GuildSettings,
    Recorded,
    Services,
    post_message,
    produce_post,
)
from gateway.i18n import default_translator
from store import Connection

logger = logging.getLogger(__name__)

#: The effect kind of a published question.
POST_KIND: Final = "anon_question"


def publish_key(question_id: uuid.UUID) -> str:
    """One publication per question, however many times it is approved or retried."""
    return f"anon:publish:{question_id}"


async def record_publication(conn: Connection, guild_id: str, channel_id: str, question_id: uuid.UUID) -> Recorded:
    """Queue the question's post, in the transaction that approves it."""
    return await produce_post(
        conn, guild_id=guild_id, kind=POST_KIND, channel_id=channel_id, payload={"question_id": str(question_id)},
        key=publish_key(question_id),
    )


def _question_of(effect: Effect) -> uuid.UUID:
    return uuid.UUID(str(effect.payload["question_id"]))


async def _post(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    async with services.pool.acquire() as conn:
        question = await fetch_question(conn, effect.guild_id, _question_of(effect))
    if question is None or question.status not in (QuestionStatus.APPROVED, QuestionStatus.PUBLISHED):
        raise EffectRefused("the question is no longer approved")
    body = render_published(question, locale=settings.locale, tr=default_translator()).to_payload()
    return await post_message(services, effect, effect.channel_id, body)


async def _published(conn: Connection, effect: Effect, result: dict[str, Any]) -> None:
    await mark_published(conn, _question_of(effect), str(result["message_id"]))


async def _not_published(conn: Connection, effect: Effect) -> None:
    if await back_to_queue(conn, _question_of(effect)):
        logger.warning("an approved question could not be published; it is back in the queue",
                       extra={"question_id": str(_question_of(effect))})


#: Held back (pending) while the ``anon`` feature is off in the guild.
QUESTION_POST: Final = EffectKind(
    name=POST_KIND, perform=_post, finish=_published, gave_up=_not_published, feature=Feature.ANON
)
