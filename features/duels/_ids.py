"""Duel custom ids: builders for the renderers, typed parsers for the handlers.

Each builder returns the wire string (≤ 100 characters by construction, see the kernel's custom-id codec);
each parser takes a decoded ``CustomId`` and returns typed values or raises ``CustomIdError``.

| id | meaning |
|---|---|
| ``t1:duel:answer:<round>:<pair>`` | open the answer modal of a round for a pair |
| ``t1:duel:submit:<round>:<pair>`` | the answer modal itself |
| ``t1:duel:vote:<round>:<answer>`` | vote for a revealed answer of a round |
| ``t1:duel_board:<rules|how|open_room>:<duel>`` | scoreboard buttons |
"""

from __future__ import annotations

import enum
import uuid

import msgspec

from features.kernel import CustomId, encode_custom_id, expect_custom_id, uuid_token


class DuelBoardAction(enum.StrEnum):
    """Buttons of the duel scoreboard."""

    RULES = "rules"
    HOW = "how"
    OPEN_ROOM = "open_room"


class RoundPairRef(msgspec.Struct, frozen=True, kw_only=True):
    """A duel round and a pair (what the answer button and modal carry)."""

    round_id: uuid.UUID
    pair_id: uuid.UUID


def duel_answer_id(round_id: uuid.UUID, pair_id: uuid.UUID) -> str:
    """The "answer this round" button id."""
    return encode_custom_id("duel", "answer", uuid_token(round_id), uuid_token(pair_id))


def duel_submit_modal_id(round_id: uuid.UUID, pair_id: uuid.UUID) -> str:
    """The answer modal id."""
    return encode_custom_id("duel", "submit", uuid_token(round_id), uuid_token(pair_id))


def parse_duel_id(custom_id: CustomId) -> RoundPairRef:
    """Parse a duel answer button or modal id."""
    expect_custom_id(custom_id, "duel", ("answer", "submit"), 2)
    return RoundPairRef(round_id=custom_id.uuid_arg(0), pair_id=custom_id.uuid_arg(1))


def duel_board_id(action: DuelBoardAction, duel_id: uuid.UUID) -> str:
    """A scoreboard button id."""
    return encode_custom_id("duel_board", action.value, uuid_token(duel_id))


def parse_duel_board_id(custom_id: CustomId) -> tuple[DuelBoardAction, uuid.UUID]:
    """Parse a scoreboard button id."""
    expect_custom_id(custom_id, "duel_board", tuple(DuelBoardAction), 1)
    return DuelBoardAction(custom_id.action), custom_id.uuid_arg(0)



class RoundVoteRef(msgspec.Struct, frozen=True, kw_only=True):
    """A duel round and one of its answers (what a vote button carries)."""

    round_id: uuid.UUID
    submission_id: uuid.UUID


def duel_vote_id(round_id: uuid.UUID, submission_id: uuid.UUID) -> str:
    """A "vote for this answer" button id."""
    return encode_custom_id("duel", "vote", uuid_token(round_id), uuid_token(submission_id))


def parse_duel_vote_id(custom_id: CustomId) -> RoundVoteRef:
    """Parse a vote button id."""
    expect_custom_id(custom_id, "duel", ("vote",), 2)
    return RoundVoteRef(round_id=custom_id.uuid_arg(0), submission_id=custom_id.uuid_arg(1))
