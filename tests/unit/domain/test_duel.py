"""Duel rules and the scoreboard snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from features.duels._errors import InvalidAnswer, InvalidQuestion, InvalidRoundDuration, RoundNotOpen
from features.duels._rules import (
    DuelStatus,
    RoundStatus,
    VoteOutcome,
    answer_letter,
    decide_vote,
    ensure_round_open,
    next_round_no,
    normalize_answer,
    reveal_order,
    round_close_due,
    round_ends_at,
    round_open,
    validate_answer,
    validate_question,
    validate_round_duration,
    votes_close_due,
    votes_open,
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


def test_answers_are_lettered_a_to_z_then_doubled() -> None:
    assert [answer_letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_reveal_order_is_a_stable_shuffle_independent_of_input_order() -> None:
    ids = [f"s{i:02d}" for i in range(12)]
    order = reveal_order("round-1", ids)
    assert sorted(order) == ids
    assert reveal_order("round-1", list(reversed(ids))) == order  # row order never decides the letters
    assert order != ids  # shuffled: the first to answer is not A
    assert reveal_order("round-2", ids) != order  # another round, another order


@given(st.lists(st.uuids().map(str), unique=True, max_size=40), st.randoms())
def test_reveal_order_is_a_permutation_whatever_the_row_order(ids: list[str], rnd: Any) -> None:
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert reveal_order("r", shuffled) == reveal_order("r", ids) and sorted(reveal_order("r", ids)) == sorted(ids)


def test_vote_decisions() -> None:
    assert decide_vote(votes_open=False, own_pair=False, previous_choice=None, choice="a") is VoteOutcome.CLOSED
    assert decide_vote(votes_open=True, own_pair=True, previous_choice=None, choice="a") is VoteOutcome.OWN_PAIR
    assert decide_vote(votes_open=True, own_pair=False, previous_choice=None, choice="a") is VoteOutcome.COUNTED
    assert decide_vote(votes_open=True, own_pair=False, previous_choice="b", choice="a") is VoteOutcome.CHANGED
    assert decide_vote(votes_open=True, own_pair=False, previous_choice="a", choice="a") is VoteOutcome.SAME


def test_vote_open_and_close_never_early_and_once() -> None:
    end = NOW + dt.timedelta(minutes=30)
    assert votes_open(False, end, NOW) and not votes_open(False, end, end) and not votes_open(True, end, NOW)
    assert not votes_open(False, None, NOW)  # answers still open: nothing to vote on
    assert not votes_close_due(False, end, NOW) and votes_close_due(False, end, end)
    assert not votes_close_due(True, end, end) and not votes_close_due(False, None, end)


def test_validate_question() -> None:
    assert validate_question("  What   is love? ") == "What is love?"
    assert validate_question("x" * 200) == "x" * 200
    for bad in ("", "abcd", "   ab  c ", "x" * 201):
        with pytest.raises(InvalidQuestion):
            validate_question(bad)


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


def test_a_round_is_open_only_while_active_and_before_its_end() -> None:
    ends = NOW + dt.timedelta(minutes=5)
    assert round_open(RoundStatus.ACTIVE, ends, ends - dt.timedelta(microseconds=1))
    assert not round_open(RoundStatus.ACTIVE, ends, ends)  # what a late notice is refused by
    assert not round_open(RoundStatus.CLOSED, ends, NOW)


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


def _sub(pair: str, round_no: int, votes: int, *, counted: bool = True) -> ScoreboardSubmission:
    return ScoreboardSubmission(pair_id=pair, round_no=round_no, answer="an answer", counted=counted, votes=votes)


def test_scoreboard_points_are_votes_of_counted_rounds_with_shared_places() -> None:
    pairs = [_pair("c"), _pair("a"), _pair("b"), _pair("d")]
    subs = [
        _sub("a", 1, 5),
        _sub("c", 1, 3),
        _sub("c", 2, 4),  # pair c totals 7
        _sub("b", 1, 8),
        _sub("b", 3, 9, counted=False),  # round 3's vote is still open: nothing yet
        _sub("gone", 1, 6),  # inactive pair
    ]
    rounds = [
        ScoreboardRound(round_no=1, status=RoundStatus.CLOSED, ends_at=NOW, counted=True),
        ScoreboardRound(round_no=2, status=RoundStatus.CLOSED, ends_at=NOW, counted=True),
        ScoreboardRound(
            round_no=3, status=RoundStatus.CLOSED, ends_at=NOW, votes_end_at=NOW + dt.timedelta(minutes=30)
        ),
        ScoreboardRound(
            round_no=4, status=RoundStatus.ACTIVE, ends_at=NOW + dt.timedelta(minutes=5), question="Why us?"
        ),
    ]
    snap = build_scoreboard(duel_status=DuelStatus.ACTIVE, rounds=rounds, pairs=pairs, submissions=subs)
    assert [(r.pair_id, r.points, r.rank) for r in snap.rows] == [("b", 8, 1), ("c", 7, 2), ("a", 5, 3), ("d", 0, 4)]
    assert not any(r.tied for r in snap.rows)
    assert [r.submissions for r in snap.rows] == [2, 2, 1, 0]
    assert snap.total_pairs == 4 and snap.total_submissions == 6
    assert snap.round_no == 4 and snap.round_status is RoundStatus.ACTIVE and snap.question == "Why us?"
    assert snap.round_ends_at == NOW + dt.timedelta(minutes=5)
    assert snap.counted_rounds == (1, 2)
    assert snap.voting_round_no == 3 and snap.voting_ends_at == NOW + dt.timedelta(minutes=30)


def test_scoreboard_ties_share_a_rank_visibly_and_sort_by_pair_id() -> None:
    pairs = [_pair("z"), _pair("y"), _pair("x")]
    subs = [_sub(p, 1, 2) for p in ("z", "y")]
    snap = build_scoreboard(duel_status=DuelStatus.ACTIVE, rounds=[], pairs=pairs, submissions=subs)
    assert [(r.pair_id, r.rank, r.tied) for r in snap.rows] == [("y", 1, True), ("z", 1, True), ("x", 3, False)]
    assert snap.round_no is None and snap.round_status is None and snap.counted_rounds == ()


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
