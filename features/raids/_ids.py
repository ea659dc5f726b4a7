"""Raid custom ids: builders for the renderers, typed parsers for the handlers.

| id | meaning |
|---|---|
| ``t1:raid:claim:<raid>:<day>:<quest>`` | claim a quest offered on ``day`` (``YYYYMMDD``): yesterday's button says so |
| ``t1:raid:confirm:<claim>`` | the partner confirms a claim (on the prompt in the pair room) |
| ``t1:raid:<quests|mine|rules>:<raid>`` | the progress card's buttons (and Pair Home's "today's quests") |
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import msgspec

from features.kernel import CustomId, date_token, encode_custom_id, expect_custom_id, uuid_token

RAID_ID_FEATURE = "raid"


class BoardAction(enum.StrEnum):
    """The progress card's buttons."""

    QUESTS = "quests"
    MINE = "mine"
    RULES = "rules"


class ClaimRef(msgspec.Struct, frozen=True, kw_only=True):
    """What a claim button carries: the raid, the day its quest was offered on and the quest."""

    raid_id: uuid.UUID
    day: str
    quest_key: str


def _day_token(day: str) -> str:
    return date_token(dt.date.fromisoformat(day))


def claim_id(raid_id: uuid.UUID, day: str, quest_key: str) -> str:
    """The "claim this quest" button id."""
    return encode_custom_id(RAID_ID_FEATURE, "claim", uuid_token(raid_id), _day_token(day), quest_key)


def parse_claim_id(custom_id: CustomId) -> ClaimRef:
    """Parse a claim button id."""
    expect_custom_id(custom_id, RAID_ID_FEATURE, ("claim",), 3)
    return ClaimRef(raid_id=custom_id.uuid_arg(0), day=custom_id.date_arg(1).isoformat(), quest_key=custom_id.arg(2))


def confirm_id(claim: uuid.UUID) -> str:
    """The partner's "confirm" button id."""
    return encode_custom_id(RAID_ID_FEATURE, "confirm", uuid_token(claim))


def parse_confirm_id(custom_id: CustomId) -> uuid.UUID:
    """Parse a confirm button id into the claim's id."""
    expect_custom_id(custom_id, RAID_ID_FEATURE, ("confirm",), 1)
    return custom_id.uuid_arg(0)


def board_id(action: BoardAction, raid_id: uuid.UUID) -> str:
    """A progress card button id."""
    return encode_custom_id(RAID_ID_FEATURE, action.value, uuid_token(raid_id))


def parse_board_id(custom_id: CustomId) -> tuple[BoardAction, uuid.UUID]:
    """Parse a progress card button id."""
    expect_custom_id(custom_id, RAID_ID_FEATURE, tuple(BoardAction), 1)
    return BoardAction(custom_id.action), custom_id.uuid_arg(0)
