"""A member's vote for a revealed answer: one per member and round, changeable until the vote closes, never for
their own pair's answer.

The vote holds the round row ``FOR SHARE`` while it checks and writes, and the vote's close takes it
``FOR UPDATE``, so a vote either commits before the round counts (and counts) or sees the vote closed.
"""

from __future__ import annotations

import logging
import uuid

import msgspec

from features.duels._ids import parse_duel_vote_id
from features.duels._reveal import lettered
from features.duels._rules import VoteOutcome, decide_vote, votes_open
from features.duels._store import round_answers, round_for_answer, upsert_vote, vote_of
from features.kernel import Services, discord_timestamp, fetch_pair, require_custom_id, require_guild
from gateway import Interaction, Refusal, Responder
from gateway.i18n import default_translator
from store import Connection

logger = logging.getLogger(__name__)


class VoteResult(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of a vote, with the chosen answer's letter and the round's number for the reply."""

    outcome: VoteOutcome
    letter: str = ""
    round_no: int = 0
    votes_end_at: str = ""


async def cast_vote(
    conn: Connection, *, guild_id: str, round_id: uuid.UUID, user_id: str, choice: uuid.UUID
) -> VoteResult | None:
    """Check and store a member's vote for answer ``choice`` of a round; None when the round or the answer is
    not one of this guild's (a forged or foreign button)."""
    locked = await round_for_answer(conn, round_id)
    if locked is None or locked.guild_id != guild_id:
        return None
    answers = await round_answers(conn, round_id)
    letters = {answer.id: (letter, answer) for letter, answer in lettered(round_id, answers)}
    if choice not in letters:
        return None
    letter, answer = letters[choice]
    pair = await fetch_pair(conn, answer.pair_id)
    previous = await vote_of(conn, round_id, user_id)
    outcome = decide_vote(
        votes_open=votes_open(locked.round.counted, locked.round.votes_end_at, locked.now),
        own_pair=pair is not None and pair.has_member(user_id),
        previous_choice=None if previous is None else str(previous),
        choice=str(choice),
    )
    if outcome in (VoteOutcome.COUNTED, VoteOutcome.CHANGED):
        await upsert_vote(conn, round_id=round_id, user_id=user_id, submission_id=choice)
    ends = "" if locked.round.votes_end_at is None else discord_timestamp(locked.round.votes_end_at)
    return VoteResult(outcome=outcome, letter=letter, round_no=locked.round.round_no, votes_end_at=ends)


_REPLIES = {
    VoteOutcome.COUNTED: "duel.reply.vote_counted",
    VoteOutcome.CHANGED: "duel.reply.vote_changed",
    VoteOutcome.SAME: "duel.reply.vote_same",
}


async def vote_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """A vote button under a reveal post: store the vote and say what counts."""
    settings = await require_guild(interaction, services)
    locale = settings.locale
    tr = default_translator()
    ref = require_custom_id(interaction, parse_duel_vote_id, locale=locale)
    async with services.pool.acquire() as conn, conn.transaction():
        result = await cast_vote(
            conn,
            guild_id=settings.guild_id,
            round_id=ref.round_id,
            user_id=interaction.author_id,
            choice=ref.submission_id,
        )
    if result is None:
        raise Refusal("duel.reply.vote_unknown", locale=locale)
    logger.info("duel vote", extra={"round_id": str(ref.round_id), "outcome": result.outcome.value})
    if result.outcome is VoteOutcome.OWN_PAIR:
        raise Refusal("duel.reply.vote_own", locale=locale, letter=result.letter)
    if result.outcome is VoteOutcome.CLOSED:
        raise Refusal("duel.reply.vote_closed", locale=locale, round=result.round_no)
    await responder.reply(
        tr.text(locale, _REPLIES[result.outcome], letter=result.letter, round=result.round_no, ends=result.votes_end_at)
    )
