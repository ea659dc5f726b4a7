"""The reveal: when a round's answers close, they are posted in the duel's public channel without names,
lettered A, B, C… in a shuffled order, with one vote button per answer.

Each reveal post is an effect (kind ``duel_answers_reveal``) recorded in the transaction that closes the
answers, keyed by round and page, so it exists exactly when the close does and a repeat records nothing new;
the effects job performs it. A round with many answers is revealed over several posts of
:data:`~features.duels._rules.ANSWERS_PER_POST` answers (a message holds 4000 characters), lettered on across
them. A post is worded when it is sent (in the guild's language then) and refused once the vote has closed:
posting it late would invite votes that are refused.
"""

from __future__ import annotations

import math
import uuid
from typing import Any, Final

from features.duels._render import RevealedAnswer, RevealView, render_reveal
from features.duels._rules import ANSWERS_PER_POST, answer_letter, reveal_order, votes_open
from features.duels._store import DuelRound, RoundAnswer, fetch_duel, round_answers, round_with_clock
from features.kernel import Effect, EffectKind, EffectRefused, GuildSettings, Services, post_message, record_effect
from gateway.i18n import default_translator
from store import Connection

#: The effect kind of a reveal post.
REVEAL_EFFECT: Final = "duel_answers_reveal"


def lettered(round_id: uuid.UUID, answers: list[RoundAnswer]) -> list[tuple[str, RoundAnswer]]:
    """The round's answers in their reveal order, each with its letter."""
    by_id = {str(answer.id): answer for answer in answers}
    order = reveal_order(str(round_id), list(by_id))
    return [(answer_letter(index), by_id[sid]) for index, sid in enumerate(order)]


def page_count(answers: int) -> int:
    """How many posts reveal ``answers`` answers."""
    return max(1, math.ceil(answers / ANSWERS_PER_POST))


async def record_reveal_posts(
    conn: Connection, guild_id: str, duel_id: uuid.UUID, duel_round: DuelRound, answers: list[RoundAnswer]
) -> list[Effect]:
    """Record the round's reveal posts in the duel's channel (in the transaction that closes its answers)."""
    duel = await fetch_duel(conn, duel_id)
    if duel is None:
        return []
    effects = []
    for page in range(1, page_count(len(answers)) + 1):
        recorded = await record_effect(
            conn,
            guild_id=guild_id,
            kind=REVEAL_EFFECT,
            channel_id=duel.public_channel_id,
            payload={"round_id": str(duel_round.id), "page": page},
            key=f"duel-reveal:{duel_round.id}:{page}",
        )
        effects.append(recorded.effect)
    return effects


async def _post_reveal(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """Post one page of the round's answers, unless its vote has closed meanwhile."""
    round_id, page = uuid.UUID(effect.payload["round_id"]), int(effect.payload["page"])
    async with services.pool.acquire() as conn:
        found = await round_with_clock(conn, round_id)
        answers = await round_answers(conn, round_id)
    if found is None or found.round.votes_end_at is None:
        raise EffectRefused("the round is gone")
    if not votes_open(found.round.counted, found.round.votes_end_at, found.now):
        raise EffectRefused("the vote is over")
    ordered = lettered(round_id, answers)
    shown = ordered[(page - 1) * ANSWERS_PER_POST : page * ANSWERS_PER_POST]
    if not shown:
        raise EffectRefused("no answers on this page")
    view = RevealView(
        round_id=round_id,
        round_no=found.round.round_no,
        question=found.round.question,
        votes_end_at=found.round.votes_end_at,
        answers=tuple(
            RevealedAnswer(letter=letter, submission_id=answer.id, answer=answer.answer) for letter, answer in shown
        ),
        page=page,
        pages=page_count(len(ordered)),
    )
    body = render_reveal(view, locale=settings.locale, tr=default_translator()).to_payload()
    return await post_message(services, effect, effect.channel_id, body)


#: Declared by the feature (``host.add_effect_kind``).
ANSWERS_REVEAL: Final = EffectKind(name=REVEAL_EFFECT, perform=_post_reveal)
