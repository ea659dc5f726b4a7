"""The duel scoreboard snapshot: every active pair with its points, ranked (features.md §3.7).

A pair's points are the votes its answers received in the rounds that count (whose vote has closed); a round
still taking answers or votes gives nothing yet, so the board never shows a half-counted vote.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from features.duels._rules import DuelStatus, RoundStatus


class ScoreboardPair(msgspec.Struct, frozen=True, kw_only=True):
    """An active pair of the guild, as the scoreboard needs it."""

    pair_id: str
    user1_id: str
    user2_id: str


class ScoreboardRound(msgspec.Struct, frozen=True, kw_only=True):
    """A round of the duel."""

    round_no: int
    status: RoundStatus
    ends_at: dt.datetime
    question: str = ""
    votes_end_at: dt.datetime | None = None
    counted: bool = False


class ScoreboardSubmission(msgspec.Struct, frozen=True, kw_only=True):
    """One stored answer (at most one per pair and round)."""

    pair_id: str
    round_no: int
    answer: str
    counted: bool = False
    votes: int = 0


class ScoreboardRow(msgspec.Struct, frozen=True, kw_only=True):
    """One ranked pair: equal points share a rank (1, 2, 2, 4), ties listed by pair id."""

    rank: int
    #: Another pair has the same points (the board says the place is shared).
    tied: bool
    pair_id: str
    user1_id: str
    user2_id: str
    points: int
    submissions: int


class ScoreboardSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the scoreboard card shows, computed from the stored rows."""

    duel_status: DuelStatus
    round_no: int | None
    round_status: RoundStatus | None
    round_ends_at: dt.datetime | None
    rows: tuple[ScoreboardRow, ...]
    total_pairs: int
    total_submissions: int
    #: The question of the round shown.
    question: str = ""
    #: Rounds whose vote has closed: the only ones that give points.
    counted_rounds: tuple[int, ...] = ()
    #: The round whose answers are being voted on, and when that vote closes.
    voting_round_no: int | None = None
    voting_ends_at: dt.datetime | None = None


def build_scoreboard(
    *,
    duel_status: DuelStatus,
    rounds: list[ScoreboardRound] | tuple[ScoreboardRound, ...],
    pairs: list[ScoreboardPair] | tuple[ScoreboardPair, ...],
    submissions: list[ScoreboardSubmission] | tuple[ScoreboardSubmission, ...],
) -> ScoreboardSnapshot:
    """Rank every active pair by votes received in counted rounds (descending), ties by pair id; pairs without
    answers score 0.

    Answers of pairs no longer active count in ``total_submissions`` but get no row. In an ended duel no
    round is shown as active even if its row was not closed yet.
    """
    points: dict[str, int] = {pair.pair_id: 0 for pair in pairs}
    counts: dict[str, int] = dict.fromkeys(points, 0)
    for submission in submissions:
        if submission.pair_id in points:
            points[submission.pair_id] += submission.votes if submission.counted else 0
            counts[submission.pair_id] += 1
    ordered = sorted(pairs, key=lambda pair: (-points[pair.pair_id], pair.pair_id))
    rows: list[ScoreboardRow] = []
    for position, pair in enumerate(ordered, start=1):
        previous = rows[-1] if rows else None
        rank = previous.rank if previous is not None and previous.points == points[pair.pair_id] else position
        rows.append(
            ScoreboardRow(
                rank=rank,
                tied=sum(value == points[pair.pair_id] for value in points.values()) > 1,
                pair_id=pair.pair_id,
                user1_id=pair.user1_id,
                user2_id=pair.user2_id,
                points=points[pair.pair_id],
                submissions=counts[pair.pair_id],
            )
        )
    latest = max(rounds, key=lambda r: r.round_no, default=None)
    active = [r for r in rounds if r.status is RoundStatus.ACTIVE] if duel_status is DuelStatus.ACTIVE else []
    current = max(active, key=lambda r: r.round_no, default=None)
    if current is not None:
        round_status: RoundStatus | None = RoundStatus.ACTIVE
    elif latest is not None:
        round_status = RoundStatus.CLOSED
    else:
        round_status = None
    shown = current if current is not None else latest
    voting = max(
        (r for r in rounds if r.status is RoundStatus.CLOSED and not r.counted and r.votes_end_at is not None),
        key=lambda r: r.round_no,
        default=None,
    )
    return ScoreboardSnapshot(
        duel_status=duel_status,
        round_no=shown.round_no if shown is not None else None,
        round_status=round_status,
        round_ends_at=current.ends_at if current is not None else None,
        rows=tuple(rows),
        total_pairs=len(pairs),
        total_submissions=len(submissions),
        question=shown.question if shown is not None else "",
        counted_rounds=tuple(sorted(r.round_no for r in rounds if r.counted)),
        voting_round_no=voting.round_no if voting is not None else None,
        voting_ends_at=voting.votes_end_at if voting is not None else None,
    )
