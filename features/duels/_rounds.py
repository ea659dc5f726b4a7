"""The duel's state changes, each one transaction that also bumps versions and requests the refreshes (the
scoreboard's and the Pair Home panels' together: one enqueue per change).

Starting a round enqueues its ``duel.round.close`` job in the same transaction, due at the round's end; the
job closes the round only when the database clock says it is over (never early) and only once (the round row
is locked and its status checked). An answer and a close serialise on the round row (see :mod:`store._duels`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

import msgspec

from features.duels._board import DUEL_SCOREBOARD
from features.duels._jobs import ROUND_CLOSE, DuelRoundClose
from features.duels._rules import RoundStatus, SubmissionOutcome, decide_submission, round_close_due
from features.duels._store import (
    Duel,
    DuelRound,
    active_round,
    bump_duel_version,
    close_if_overdue,
    end_duel,
    insert_answer,
    insert_round,
    lock_active_duel,
    lock_duel,
    mark_round_closed,
    pair_answered,
    round_for_answer,
    round_for_close,
)
from features.kernel import (
    PAIR_HOME,
    Pair,
    bump_guild_pair_versions,
    bump_pair_version,
    job_fields,
)
from gateway.projection import ProjectionRef, request_refresh
from store import Connection, enqueue

logger = logging.getLogger(__name__)


class RoundOpening(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of ``/duel round start``: no duel, a round still running, or the new round."""

    duel: Duel | None
    round: DuelRound | None
    started: bool
    pair_ids: tuple[uuid.UUID, ...] = ()


def duel_projections(
    guild_id: str, duel_id: uuid.UUID, pair_ids: Iterable[uuid.UUID]
) -> list[ProjectionRef]:
    """The duel's scoreboard and the Pair Home panels of ``pair_ids``: what a duel change shows."""
    return [DUEL_SCOREBOARD.ref(guild_id, duel_id), *(PAIR_HOME.ref(guild_id, pair_id) for pair_id in pair_ids)]


def close_job_key(guild_id: str, duel_id: uuid.UUID, round_no: int) -> str:
    """The coalescing key of a round's close job: one waiting close per round."""
    return f"duel-round-close:{guild_id}:{duel_id}:{round_no}"


async def schedule_close(conn: Connection, guild_id: str, duel_id: uuid.UUID, duel_round: DuelRound) -> None:
    """Enqueue the round's ``duel.round.close``, due at its end."""
    payload = DuelRoundClose(
        **job_fields(guild_id=guild_id, feature="duels", action="round.close"),
        duel_id=str(duel_id),
        round_no=duel_round.round_no,
    )
    await enqueue(
        conn,
        ROUND_CLOSE,
        payload,
        run_at=duel_round.ends_at,
        coalesce_key=close_job_key(guild_id, duel_id, duel_round.round_no),
    )


async def open_round(conn: Connection, guild_id: str, minutes: int) -> RoundOpening:
    """Open the active duel's next round for ``minutes`` (validated), unless one is still running.

    A round whose time is up but whose close job has not run yet is closed here: it accepts no answers any
    more and must not block the next round.
    """
    duel = await lock_active_duel(conn, guild_id)
    if duel is None:
        return RoundOpening(duel=None, round=None, started=False)
    current = await active_round(conn, duel.id)
    if current is not None and not await close_if_overdue(conn, current.id):
        return RoundOpening(duel=duel, round=current, started=False)
    new_round = await insert_round(conn, duel.id, minutes)
    await bump_duel_version(conn, duel.id)
    pair_ids = tuple(await bump_guild_pair_versions(conn, guild_id))
    await schedule_close(conn, guild_id, duel.id, new_round)
    await request_refresh(conn, duel_projections(guild_id, duel.id, pair_ids), reason="round_start")
    return RoundOpening(duel=duel, round=new_round, started=True, pair_ids=pair_ids)


async def finish_duel(conn: Connection, guild_id: str) -> Duel | None:
    """End the active duel (its open round closes); None when no duel runs."""
    duel = await end_duel(conn, guild_id)
    if duel is None:
        return None
    pair_ids = await bump_guild_pair_versions(conn, guild_id)
    await request_refresh(conn, duel_projections(guild_id, duel.id, pair_ids), reason="duel_end")
    return duel


class CloseResult(msgspec.Struct, frozen=True, kw_only=True):
    """What a close run did: ``closed``, ``already_closed``, ``missing``, or ``rescheduled`` (not due yet)."""

    outcome: str
    ends_at: dt.datetime | None = None


async def close_due_round(conn: Connection, duel_id: uuid.UUID, round_no: int) -> CloseResult:
    """Close the round if its time is up; if the job ran early, schedule it again for the round's end."""
    if await lock_duel(conn, duel_id) is None:
        return CloseResult(outcome="missing")
    locked = await round_for_close(conn, duel_id, round_no)
    if locked is None:
        return CloseResult(outcome="missing")
    status = RoundStatus(locked.round.status)
    if status is RoundStatus.CLOSED:
        return CloseResult(outcome="already_closed")
    if not round_close_due(status, locked.round.ends_at, locked.now):
        await schedule_close(conn, locked.guild_id, duel_id, locked.round)
        return CloseResult(outcome="rescheduled", ends_at=locked.round.ends_at)
    await mark_round_closed(conn, locked.round.id)
    await bump_duel_version(conn, duel_id)
    pair_ids = await bump_guild_pair_versions(conn, locked.guild_id)
    await request_refresh(conn, duel_projections(locked.guild_id, duel_id, pair_ids), reason="round_close")
    return CloseResult(outcome="closed", ends_at=locked.round.ends_at)


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
