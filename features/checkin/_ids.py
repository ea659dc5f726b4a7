"""Check-in custom ids: builders for the renderers, typed parsers for the handlers.

| id | meaning |
|---|---|
| ``t1:checkin:start:<pair>`` | Pair Home's button: this week's check-in (the picker, or the stored one) |
| ``t1:checkin:pick:<pair>:<week>`` | the agreement select of the week ``week`` (``YYYYMMDD``) |
| ``t1:checkin:scores:<pair>:<week>:<agreement>`` | the five-score modal for the chosen agreement |
| ``t1:checkin:share:<checkin>`` | share the check-in's agreement in the public channel |

The week travels in the picker and the modal so a form left open over Sunday midnight is not silently
counted for a week its member never saw.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import msgspec

from features.kernel import CustomId, date_token, encode_custom_id, expect_custom_id, uuid_token

CHECKIN_ID_FEATURE: Final = "checkin"


class FormRef(msgspec.Struct, frozen=True, kw_only=True):
    """What the picker and the modal carry: the pair, the week (and, in the modal, the agreement)."""

    pair_id: uuid.UUID
    week: str
    agreement_key: str | None = None


def _week_token(week: str) -> str:
    return date_token(dt.date.fromisoformat(week))


def start_id(pair_id: uuid.UUID) -> str:
    """Pair Home's check-in button."""
    return encode_custom_id(CHECKIN_ID_FEATURE, "start", uuid_token(pair_id))


def parse_start_id(custom_id: CustomId) -> uuid.UUID:
    """Parse Pair Home's check-in button into the pair's id."""
    expect_custom_id(custom_id, CHECKIN_ID_FEATURE, ("start",), 1)
    return custom_id.uuid_arg(0)


def pick_id(pair_id: uuid.UUID, week: str) -> str:
    """The agreement select of ``week``."""
    return encode_custom_id(CHECKIN_ID_FEATURE, "pick", uuid_token(pair_id), _week_token(week))


def parse_pick_id(custom_id: CustomId) -> FormRef:
    """Parse the agreement select's id."""
    expect_custom_id(custom_id, CHECKIN_ID_FEATURE, ("pick",), 2)
    return FormRef(pair_id=custom_id.uuid_arg(0), week=custom_id.date_arg(1).isoformat())


def scores_id(pair_id: uuid.UUID, week: str, agreement_key: str) -> str:
    """The score modal of ``week`` for ``agreement_key``."""
    return encode_custom_id(CHECKIN_ID_FEATURE, "scores", uuid_token(pair_id), _week_token(week), agreement_key)


def parse_scores_id(custom_id: CustomId) -> FormRef:
    """Parse the score modal's id."""
    expect_custom_id(custom_id, CHECKIN_ID_FEATURE, ("scores",), 3)
    return FormRef(
        pair_id=custom_id.uuid_arg(0), week=custom_id.date_arg(1).isoformat(), agreement_key=custom_id.arg(2)
    )


def share_id(checkin_id: uuid.UUID) -> str:
    """The "share the agreement" button of a stored check-in."""
    return encode_custom_id(CHECKIN_ID_FEATURE, "share", uuid_token(checkin_id))


def parse_share_id(custom_id: CustomId) -> uuid.UUID:
    """Parse the share button's id into the check-in's id."""
    expect_custom_id(custom_id, CHECKIN_ID_FEATURE, ("share",), 1)
    return custom_id.uuid_arg(0)
