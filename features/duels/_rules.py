"""Duel rules: round durations, answer validation, scoring and round acceptance (features.md §3.3–§3.6).

Scores are computed on read from the stored answer, never stored, so a rule change re-scores history
consistently.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from features.duels._errors import InvalidAnswer, InvalidRoundDuration, RoundNotOpen

MIN_ROUND_MINUTES = 5
MAX_ROUND_MINUTES = 720
MIN_ANSWER_LENGTH = 2
MAX_ANSWER_LENGTH = 400
MIN_POINTS = 1
MAX_POINTS = 10

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


def answer_points(answer: str) -> int:
    """Score an answer: ``(L mod 10) + 1`` where L is its normalized UTF-16 length, always 1..10."""
    return max(MIN_POINTS, utf16_length(normalize_answer(answer)) % 10 + 1)


def ensure_round_open(status: RoundStatus, ends_at: dt.datetime, now: dt.datetime) -> None:
    """Raise :class:`RoundNotOpen` unless the round is active and ``now`` is before its end.

    The end is exclusive: an answer arriving at ``ends_at`` or later races the close job and loses, so the
    result never depends on which of the two ran first.
    """
    if status is not RoundStatus.ACTIVE or now >= ends_at:
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
    if round_status is not RoundStatus.ACTIVE or now >= ends_at:
        return SubmissionOutcome.ROUND_CLOSED
    return SubmissionOutcome.ACCEPTED
