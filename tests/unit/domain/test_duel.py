"""Duel rules and the scoreboard snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from features.duels._errors import InvalidAnswer, InvalidRoundDuration, RoundNotOpen
from features.duels._rules import (
    DuelStatus,
    RoundStatus,
    answer_points,
    ensure_round_open,
    next_round_no,
    normalize_answer,
    round_close_due,
    round_ends_at,
    validate_answer,
    validate_round_duration,
)
from features.duels._scoreboard import ScoreboardPair, ScoreboardRound, ScoreboardSubmission, build_scoreboard

NOW = dt.datetime(2026, 2, 18, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("minutes", [5, 6, 719, 720])
def test_duration_in_range(minutes: int) -> None:
    assert validate_round_duration(minutes) == minutes
    assert round_ends_at(NOW, minutes) == NOW + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("minutes", [-1, 0, 4, 721, 10_000])
def test_duration_out_of_range(minutes: int) -> None:
    with pytest.raises(InvalidRoundDuration):
        validate_round_duration(minutes)


def test_points_vectors() -> None:
    assert answer_points("ab") == 3
    assert answer_points("  hello   world ") == 2  # "hello world" is 11 units
    assert answer_points("Привет, как дела?") == 8  # 17 units
    assert answer_points("😀😀") == 5  # two astral emoji: 4 UTF-16 units


@given(st.text(max_size=500))
def test_points_always_between_1_and_10(text: str) -> None:
    assert 1 <= answer_points(text) <= 10


def test_validate_answer() -> None:
    assert validate_answer("  a \n\t b ") == "a b"
    assert normalize_answer(" x  y ") == "x y"
    for bad in ("", " a ", "x" * 401):
        with pytest.raises(InvalidAnswer):
            validate_answer(bad)
    assert validate_answer("x" * 400) == "x" * 400


def test_round_acceptance_ends_exclusive() -> None:
    ends = NOW + dt.timedelta(minutes=5)
    ensure_round_open(RoundStatus.ACTIVE, ends, ends - dt.timedelta(microseconds=1))
    with pytest.raises(RoundNotOpen):
        ensure_round_open(RoundStatus.ACTIVE, ends, ends)
    with pytest.raises(RoundNotOpen):
        ensure_round_open(RoundStatus.CLOSED, ends, NOW)


def test_round_close_never_early_and_once() -> None:
    ends = NOW + dt.timedelta(minutes=5)
    assert not round_close_due(RoundStatus.ACTIVE, ends, NOW)
    assert round_close_due(RoundStatus.ACTIVE, ends, ends)
    assert not round_close_due(RoundStatus.CLOSED, ends, ends + dt.timedelta(hours=1))


def test_next_round_no() -> None:
    assert next_round_no([]) == 1
    assert next_round_no([1, 3, 2]) == 4


def _pair(n: str) -> ScoreboardPair:
    return ScoreboardPair(pair_id=n, user1_id=f"1{n}", user2_id=f"2{n}")


def test_scoreboard_ranks_with_shared_places_and_zero_rows() -> None:
    pairs = [_pair("c"), _pair("a"), _pair("b"), _pair("d")]
    subs = [
        ScoreboardSubmission(pair_id="a", round_no=1, answer="abcd"),  # 5
        ScoreboardSubmission(pair_id="c", round_no=1, answer="ab"),  # 3
        ScoreboardSubmission(pair_id="c", round_no=2, answer="a b"),  # 3 units: 4, pair c totals 7
        ScoreboardSubmission(pair_id="b", round_no=1, answer="abcdefg"),  # 8
        ScoreboardSubmission(pair_id="gone", round_no=1, answer="abc"),  # inactive pair
    ]
    rounds = [
        ScoreboardRound(round_no=1, status=RoundStatus.CLOSED, ends_at=NOW),
        ScoreboardRound(round_no=2, status=RoundStatus.ACTIVE, ends_at=NOW + dt.timedelta(minutes=5)),
    ]
    snap = build_scoreboard(duel_status=DuelStatus.ACTIVE, rounds=rounds, pairs=pairs, submissions=subs)
    assert [(r.pair_id, r.points, r.rank) for r in snap.rows] == [("b", 8, 1), ("c", 7, 2), ("a", 5, 3), ("d", 0, 4)]
    assert [r.submissions for r in snap.rows] == [1, 2, 1, 0]
    assert snap.total_pairs == 4 and snap.total_submissions == 5
    assert snap.round_no == 2 and snap.round_status is RoundStatus.ACTIVE
    assert snap.round_ends_at == NOW + dt.timedelta(minutes=5)


def test_scoreboard_ties_share_a_rank_and_sort_by_pair_id() -> None:
    pairs = [_pair("z"), _pair("y"), _pair("x")]
    subs = [ScoreboardSubmission(pair_id=p, round_no=1, answer="ab") for p in ("z", "y")]
    snap = build_scoreboard(duel_status=DuelStatus.ACTIVE, rounds=[], pairs=pairs, submissions=subs)
    assert [(r.pair_id, r.rank) for r in snap.rows] == [("y", 1), ("z", 1), ("x", 3)]
    assert snap.round_no is None and snap.round_status is None


def test_ended_duel_shows_no_active_round() -> None:
    rounds = [ScoreboardRound(round_no=3, status=RoundStatus.ACTIVE, ends_at=NOW)]
    snap = build_scoreboard(duel_status=DuelStatus.ENDED, rounds=rounds, pairs=[], submissions=[])
    assert snap.round_no == 3 and snap.round_status is RoundStatus.CLOSED and snap.round_ends_at is None


def test_submission_decisions_in_order() -> None:
    from features.duels._rules import SubmissionOutcome, decide_submission

    ends = NOW + dt.timedelta(minutes=5)
    base: dict[str, Any] = {"round_status": RoundStatus.ACTIVE, "ends_at": ends, "now": NOW}
    assert decide_submission(**base, is_member=True, already_submitted=False) is SubmissionOutcome.ACCEPTED
    assert decide_submission(**base, is_member=False, already_submitted=True) is SubmissionOutcome.NOT_MEMBER
    assert decide_submission(**base, is_member=True, already_submitted=True) is SubmissionOutcome.ALREADY_SUBMITTED
    late: dict[str, Any] = {**base, "now": ends}
    assert decide_submission(**late, is_member=True, already_submitted=False) is SubmissionOutcome.ROUND_CLOSED
    closed: dict[str, Any] = {**base, "round_status": RoundStatus.CLOSED}
    assert decide_submission(**closed, is_member=True, already_submitted=False) is SubmissionOutcome.ROUND_CLOSED
    from gateway.i18n import default_translator

    keys = default_translator().keys("en")
    assert all(outcome.reply_key in keys for outcome in SubmissionOutcome)
