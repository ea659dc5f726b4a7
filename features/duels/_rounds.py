"""The duel's state changes, each one transaction that also bumps versions and requests the refreshes (the
scoreboard's and the Pair Home panels' together: one enqueue per change).

Starting a round enqueues its ``duel.round.close`` job (phase ``answers``) in the same transaction, due at the
round's end, and records its notice to every pair room (:mod:`features.duels._notices`). The job closes the
answers only when the database clock says the round is over (never early) and only once (the round row is
locked and its status checked); in the same transaction it records the reveal posts (:mod:`features.duels._reveal`)
and enqueues the same job again with phase ``votes``, due when the vote ends, which makes the round count.
An answer or a vote and a close serialise on the round row (see :mod:`features.duels._store`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

import msgspec

from features.duels._board import DUEL_SCOREBOARD
from features.duels._jobs import ROUND_CLOSE, DuelRoundClose, RoundPhase
from features.duels._notices import record_round_notices
from features.duels._questions import draw_question, question_bank
from features.duels._reveal import record_reveal_posts
from features.duels._rules import (
    VOTE_MINUTES,
    RoundStatus,
    SubmissionOutcome,
    decide_submission,
    round_close_due,
    votes_close_due,
)
from features.duels._store import (
    Duel,
    DuelRound,
    active_round,
    bump_duel_version,
    database_now,
    insert_answer,
    insert_round,
    lock_active_duel,
    lock_duel,
    mark_duel_ended,
    mark_round_closed,
    mark_round_counted,
    next_round_number,
    pair_answered,
    round_answers,
    round_for_answer,
    round_for_close,
    used_question_keys,
)
from features.kernel import (
    PAIR_HOME,
    Effect,
    Pair,
    active_pairs,
    bump_guild_pair_versions,
    bump_pair_version,
    job_fields,
)
from gateway.i18n import Locale
from gateway.projection import ProjectionRef, request_refresh
from store import Connection, enqueue

logger = logging.getLogger(__name__)


class RoundOpening(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of ``/duel round start``: no duel, a round still running, no question left, or the new round."""

    duel: Duel | None
    round: DuelRound | None
    started: bool
    #: Every bank question was asked in this duel and the moderator gave none.
    out_of_questions: bool = False
    pair_ids: tuple[uuid.UUID, ...] = ()
    #: The round's notices (effects), one per pair room.
    notice_ids: tuple[uuid.UUID, ...] = ()


def duel_projections(
    guild_id: str, duel_id: uuid.UUID, pair_ids: Iterable[uuid.UUID]
) -> list[ProjectionRef]:
    """The duel's scoreboard and the Pair Home panels of ``pair_ids``: what a duel change shows."""
    return [DUEL_SCOREBOARD.ref(guild_id, duel_id), *(PAIR_HOME.ref(guild_id, pair_id) for pair_id in pair_ids)]


def close_job_key(guild_id: str, duel_id: uuid.UUID, round_no: int, phase: RoundPhase = "answers") -> str:
    """The coalescing key of a round's close job: one waiting close per round and phase."""
    kind = "duel-round-close" if phase == "answers" else "duel-round-votes"
    return f"{kind}:{guild_id}:{duel_id}:{round_no}"


async def schedule_close(
    conn: Connection,
    guild_id: str,
    duel_id: uuid.UUID,
    round_no: int,
    run_at: dt.datetime,
    phase: RoundPhase = "answers",
) -> None:
    """Enqueue the round's ``duel.round.close`` for ``phase``, due at ``run_at``."""
    payload = DuelRoundClose(
        **job_fields(guild_id=guild_id, feature="duels", action="round.close"),
        duel_id=str(duel_id),
        round_no=round_no,
        phase=phase,
    )
    await enqueue(
        conn, ROUND_CLOSE, payload, run_at=run_at, coalesce_key=close_job_key(guild_id, duel_id, round_no, phase)
    )


async def _pick_question(
    conn: Connection, duel_id: uuid.UUID, own_question: str | None, locale: Locale
) -> tuple[str, str | None] | None:
    """The new round's question and bank key: the moderator's own, or a bank question the duel has not asked
    (None when none is left)."""
    if own_question is not None:
        return own_question, None
    round_no = await next_round_number(conn, duel_id)
    drawn = draw_question(
        question_bank(), await used_question_keys(conn, duel_id), duel_id=str(duel_id), round_no=round_no
    )
    return None if drawn is None else (drawn.words(locale), drawn.key)


async def open_round(
    conn: Connection,
    guild_id: str,
    minutes: int,
    *,
    question: str | None = None,
    locale: Locale = "ru",
    notices_backstop_after: float = 0.0,
) -> RoundOpening:
    """Open the active duel's next round for ``minutes`` (validated) with the moderator's ``question`` (validated)
    or a bank question in ``locale``, unless a round is still running.

    A round whose time is up but whose close job has not run yet is closed here (its answers revealed): it
    accepts no answers any more and must not block the next round. The round's notices are recorded with it;
    their job runs ``notices_backstop_after`` seconds later (the caller that performs them at once passes the
    effects' lease).
    """
    duel = await lock_active_duel(conn, guild_id)
    if duel is None:
        return RoundOpening(duel=None, round=None, started=False)
    current = await active_round(conn, duel.id)
    if current is not None:
        if not round_close_due(RoundStatus(current.status), current.ends_at, await database_now(conn)):
            return RoundOpening(duel=duel, round=current, started=False)
        await close_answers(conn, guild_id, duel.id, current)
    picked = await _pick_question(conn, duel.id, question, locale)
    if picked is None:
        return RoundOpening(duel=duel, round=None, started=False, out_of_questions=True)
    words, key = picked
    new_round = await insert_round(conn, duel.id, minutes, question=words, question_key=key)
    await bump_duel_version(conn, duel.id)
    pair_ids = tuple(await bump_guild_pair_versions(conn, guild_id))
    await schedule_close(conn, guild_id, duel.id, new_round.round_no, new_round.ends_at)
    await request_refresh(conn, duel_projections(guild_id, duel.id, pair_ids), reason="round_start")
    announced = set(pair_ids)  # the pairs whose panels show this round
    pairs = [pair for pair in await active_pairs(conn, guild_id) if pair.id in announced]
    notices = await record_round_notices(conn, guild_id, new_round, pairs, backstop_after=notices_backstop_after)
    return RoundOpening(
        duel=duel, round=new_round, started=True, pair_ids=pair_ids, notice_ids=tuple(n.id for n in notices)
    )


async def close_answers(
    conn: Connection, guild_id: str, duel_id: uuid.UUID, duel_round: DuelRound
) -> list[Effect]:
    """Close a round's answers (the caller holds the duel's lock): reveal them in the duel's channel and open
    the vote, whose close job makes the round count. A round nobody answered counts at once (nothing to vote
    on). Returns the reveal posts recorded."""
    closed = await mark_round_closed(conn, duel_round.id, vote_minutes=VOTE_MINUTES)
    if closed is None:
        return []
    # Read after the close: an answer in flight held the round's share lock, so it is committed by now.
    answers = await round_answers(conn, duel_round.id)
    if not answers:
        await mark_round_counted(conn, duel_round.id)
    await bump_duel_version(conn, duel_id)
    pair_ids = await bump_guild_pair_versions(conn, guild_id)
    await request_refresh(conn, duel_projections(guild_id, duel_id, pair_ids), reason="round_close")
    if not answers or closed.votes_end_at is None:
        return []
    await schedule_close(conn, guild_id, duel_id, closed.round_no, closed.votes_end_at, "votes")
    return await record_reveal_posts(conn, guild_id, duel_id, closed, answers)


async def finish_duel(conn: Connection, guild_id: str) -> Duel | None:
    """End the active duel; None when no duel runs. Its open round closes as if its time were up (its answers
    revealed and voted on, so they still count when the vote closes)."""
    locked = await lock_active_duel(conn, guild_id)
    if locked is None:
        return None
    current = await active_round(conn, locked.id)
    if current is not None:
        await close_answers(conn, guild_id, locked.id, current)
    duel = await mark_duel_ended(conn, locked.id)
    if duel is None:
        return None
    pair_ids = await bump_guild_pair_versions(conn, guild_id)
    await request_refresh(conn, duel_projections(guild_id, duel.id, pair_ids), reason="duel_end")
    return duel


class CloseResult(msgspec.Struct, frozen=True, kw_only=True):
    """What a close run did: ``closed`` (answers), ``counted`` (votes), ``already_closed``, ``missing``, or
    ``rescheduled`` (not due yet)."""

    outcome: str
    ends_at: dt.datetime | None = None
    reveal_ids: tuple[uuid.UUID, ...] = ()


async def close_due_round(
    conn: Connection, duel_id: uuid.UUID, round_no: int, phase: RoundPhase = "answers"
) -> CloseResult:
    """Close the round's answers (phase ``answers``) or its vote (phase ``votes``) if its time is up; if the job
    ran early, schedule it again for the right time."""
    if await lock_duel(conn, duel_id) is None:
        return CloseResult(outcome="missing")
    locked = await round_for_close(conn, duel_id, round_no)
    if locked is None:
        return CloseResult(outcome="missing")
    duel_round = locked.round
    if phase == "votes":
        return await _count_votes(conn, locked.guild_id, duel_id, duel_round, locked.now)
    status = RoundStatus(duel_round.status)
    if status is RoundStatus.CLOSED:
        return CloseResult(outcome="already_closed")
    if not round_close_due(status, duel_round.ends_at, locked.now):
        await schedule_close(conn, locked.guild_id, duel_id, duel_round.round_no, duel_round.ends_at)
        return CloseResult(outcome="rescheduled", ends_at=duel_round.ends_at)
    reveals = await close_answers(conn, locked.guild_id, duel_id, duel_round)
    return CloseResult(outcome="closed", ends_at=duel_round.ends_at, reveal_ids=tuple(r.id for r in reveals))


async def _count_votes(
    conn: Connection, guild_id: str, duel_id: uuid.UUID, duel_round: DuelRound, now: dt.datetime
) -> CloseResult:
    if duel_round.counted or duel_round.votes_end_at is None:
        return CloseResult(outcome="already_closed" if duel_round.counted else "missing")
    if not votes_close_due(duel_round.counted, duel_round.votes_end_at, now):
        await schedule_close(conn, guild_id, duel_id, duel_round.round_no, duel_round.votes_end_at, "votes")
        return CloseResult(outcome="rescheduled", ends_at=duel_round.votes_end_at)
    await mark_round_counted(conn, duel_round.id)
    await bump_duel_version(conn, duel_id)
    pair_ids = await bump_guild_pair_versions(conn, guild_id)
    await request_refresh(conn, duel_projections(guild_id, duel_id, pair_ids), reason="round_counted")
    return CloseResult(outcome="counted", ends_at=duel_round.votes_end_at)


async def accept_answer(
    conn: Connection, *, round_id: uuid.UUID, pair: Pair, user_id: str, answer: str
) -> SubmissionOutcome:
    """Store the pair's (validated) answer to the round once, while the round is open and only from a member."""
    locked = await round_for_answer(conn, round_id)
    if locked is None or locked.guild_id != pair.guild_id:
        return SubmissionOutcome.ROUND_CLOSED
    outcome = decide_submission(
        round_status=RoundStatus(locked.round.status),
        ends_at=locked.round.ends_at,
        now=locked.now,
        is_member=pair.status == "active" and pair.has_member(user_id),
        already_submitted=await pair_answered(conn, round_id, pair.id),
    )
    if outcome is not SubmissionOutcome.ACCEPTED:
        return outcome
    if not await insert_answer(conn, round_id=round_id, pair_id=pair.id, user_id=user_id, answer=answer):
        return SubmissionOutcome.ALREADY_SUBMITTED  # the partner's answer committed between check and insert
    # The scoreboard's version counts answers, so the duel row is left alone (see the lock order in the store).
    await bump_pair_version(conn, pair.id)
    await request_refresh(conn, duel_projections(pair.guild_id, locked.round.duel_id, [pair.id]), reason="submission")
    return outcome
