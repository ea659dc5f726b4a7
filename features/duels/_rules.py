"""Duel rules: round durations, questions, answer validation, round acceptance and the vote that scores a round.

How a round earns points, in the words of the rules button: when a round's answers close, they are revealed in
the duel's channel without names, lettered A, B, C… in a shuffled order; for :data:`VOTE_MINUTES` every member
may vote for the answer they like best (one vote, changeable until the vote closes, never for their own pair's
answer). Each vote is a point for the pair that wrote the answer. A round counts once its vote has closed. Pairs
with equal points share a place. Points are computed on read from the stored votes, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from features.duels._errors import InvalidAnswer, InvalidQuestion, InvalidRoundDuration, RoundNotOpen
from features.kernel import h32

MIN_ROUND_MINUTES = 5
MAX_ROUND_MINUTES = 720
MIN_ANSWER_LENGTH = 2
MAX_ANSWER_LENGTH = 400
MIN_QUESTION_LENGTH = 5
MAX_QUESTION_LENGTH = 200
#: How long members vote on a round's revealed answers.
VOTE_MINUTES = 30
#: Answers revealed per public post: each one up to 400 characters plus its letter, within a message's 4000.
ANSWERS_PER_POST = 8
#: Letters of the revealed answers (the most pairs a round can reveal is far beyond a server's pairs: past Z the
#: letters double, AA, AB…).
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_WHITESPACE = re.compile(r"\s+")


class DuelStatus(enum.StrEnum):
    """A duel is active until a moderator ends it."""

    ACTIVE = "active"
    ENDED = "ended"


class RoundStatus(enum.StrEnum):
    """A round is active until its close job (or the duel's end) closes it."""

    ACTIVE = "active"
    CLOSED = "closed"


def validate_round_duration(minutes: int) -> int:
    """Return ``minutes`` if within 5..720; raise :class:`InvalidRoundDuration` otherwise (bad input writes nothing)."""
    if not MIN_ROUND_MINUTES <= minutes <= MAX_ROUND_MINUTES:
        raise InvalidRoundDuration(
            f"round duration must be {MIN_ROUND_MINUTES}..{MAX_ROUND_MINUTES} minutes, got {minutes}"
        )
    return minutes


def round_ends_at(started_at: dt.datetime, minutes: int) -> dt.datetime:
    """Return when a round started at ``started_at`` for ``minutes`` ends (validating the duration)."""
    return started_at + dt.timedelta(minutes=validate_round_duration(minutes))


def next_round_no(existing_round_numbers: list[int] | tuple[int, ...]) -> int:
    """Return the number of the next round of a duel: one past the highest so far, 1 for the first."""
    return max(existing_round_numbers, default=0) + 1


def normalize_answer(text: str) -> str:
    """Trim and collapse every whitespace run to one space."""
    return _WHITESPACE.sub(" ", text).strip()


def utf16_length(text: str) -> int:
    """Return the length in UTF-16 code units (what Discord counts; an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def validate_answer(text: str) -> str:
    """Return the normalized answer if it is 2..400 characters long; raise :class:`InvalidAnswer` otherwise."""
    answer = normalize_answer(text)
    if not MIN_ANSWER_LENGTH <= utf16_length(answer) <= MAX_ANSWER_LENGTH:
        raise InvalidAnswer(f"answer must be {MIN_ANSWER_LENGTH}..{MAX_ANSWER_LENGTH} characters")
    return answer


def validate_question(text: str) -> str:
    """Return the moderator's normalized question if it is 5..200 characters long; raise
    :class:`InvalidQuestion` otherwise."""
    question = normalize_answer(text)
    if not MIN_QUESTION_LENGTH <= len(question) <= MAX_QUESTION_LENGTH:
        raise InvalidQuestion(f"question must be {MIN_QUESTION_LENGTH}..{MAX_QUESTION_LENGTH} characters")
    return question


def answer_letter(index: int) -> str:
    """The letter of the ``index``-th revealed answer: A..Z, then AA, AB…"""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, len(_ALPHABET))
        letters = _ALPHABET[rest] + letters
    return letters


def reveal_order(round_id: str, submission_ids: list[str] | tuple[str, ...]) -> list[str]:
    """The order answers are revealed in: shuffled by a stable hash of the round and each answer, so the order
    says nothing about who answered first and is the same on every node and after every restart."""
    return sorted(submission_ids, key=lambda sid: (h32(f"duel-reveal:{round_id}:{sid}"), sid))


class VoteOutcome(enum.StrEnum):
    """What happens to a vote; each outcome has its own reply."""

    COUNTED = "counted"
    CHANGED = "changed"
    SAME = "same"
    OWN_PAIR = "own_pair"
    CLOSED = "closed"


def decide_vote(
    *, votes_open: bool, own_pair: bool, previous_choice: str | None, choice: str
) -> VoteOutcome:
    """Decide a member's vote before writing it: only while the vote is open, never for their own pair's answer;
    a second vote replaces the first."""
    if not votes_open:
        return VoteOutcome.CLOSED
    if own_pair:
        return VoteOutcome.OWN_PAIR
    if previous_choice is None:
        return VoteOutcome.COUNTED
    return VoteOutcome.SAME if previous_choice == choice else VoteOutcome.CHANGED


def votes_open(counted: bool, votes_end_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a round's vote takes votes: revealed (its end set), not counted yet and its time not up."""
    return not counted and votes_end_at is not None and now < votes_end_at


def votes_close_due(counted: bool, votes_end_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the vote's close job running at ``now`` should count the round: never early, exactly once."""
    return not counted and votes_end_at is not None and now >= votes_end_at


def round_open(status: RoundStatus, ends_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether the round still takes answers: active and its time not up (by the database clock ``now``)."""
    return status is RoundStatus.ACTIVE and now < ends_at


def ensure_round_open(status: RoundStatus, ends_at: dt.datetime, now: dt.datetime) -> None:
    """Raise :class:`RoundNotOpen` unless the round is active and ``now`` is before its end.

    The end is exclusive: an answer arriving at ``ends_at`` or later races the close job and loses, so the
    result never depends on which of the two ran first.
    """
    if not round_open(status, ends_at, now):
        raise RoundNotOpen()


def round_close_due(status: RoundStatus, ends_at: dt.datetime, now: dt.datetime) -> bool:
    """Return whether a ``duel.round.close`` job running at ``now`` should close the round.

    Never early (a job delivered before ``ends_at`` must be retried later, not close the round) and exactly once
    (an already closed round needs nothing).
    """
    return status is RoundStatus.ACTIVE and now >= ends_at


class SubmissionOutcome(enum.StrEnum):
    """What happens to an answer; each outcome has its own reply (``reply_key``)."""

    ACCEPTED = "accepted"
    ALREADY_SUBMITTED = "already_submitted"
    ROUND_CLOSED = "round_closed"
    NOT_MEMBER = "not_member"

    @property
    def reply_key(self) -> str:
        """The catalog key of the ephemeral reply for this outcome."""
        return _SUBMISSION_REPLIES[self]


_SUBMISSION_REPLIES = {
    SubmissionOutcome.ACCEPTED: "duel.reply.answer_accepted",
    SubmissionOutcome.ALREADY_SUBMITTED: "duel.reply.answer_already",
    SubmissionOutcome.ROUND_CLOSED: "duel.reply.round_closed",
    SubmissionOutcome.NOT_MEMBER: "error.not_pair_member",
}


def decide_submission(
    *, round_status: RoundStatus, ends_at: dt.datetime, now: dt.datetime, is_member: bool, already_submitted: bool
) -> SubmissionOutcome:
    """Decide an answer before writing it: only a member of the pair, only while the round is open, only once.

    The checks run in this order so a stranger learns nothing about the round, and a late answer from a pair
    that already answered is told its first answer counts. The store's ``UNIQUE(round_id, pair_id)`` insert stays
    the authority under concurrency: a lost insert race maps to :attr:`SubmissionOutcome.ALREADY_SUBMITTED`.
    """
    if not is_member:
        return SubmissionOutcome.NOT_MEMBER
    if already_submitted:
        return SubmissionOutcome.ALREADY_SUBMITTED
    if not round_open(round_status, ends_at, now):
        return SubmissionOutcome.ROUND_CLOSED
    return SubmissionOutcome.ACCEPTED
