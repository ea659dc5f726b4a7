"""Horoscope custom ids: builders for the renderers, typed parsers for the handlers.

| id | meaning |
|---|---|
| ``t1:horoscope:<read|pair|about>:<week>`` | the card's buttons, for the horoscope week ``YYYYMMDD`` |
| ``t1:horoscope:pick:<week>:<field>:<sign>:<tone>:<situation>`` | a picker select (``-``: no sign yet) |
| ``t1:horoscope:claim:<week>:<sign>:<tone>:<situation>`` | "show my reading" with the picked choices |
| ``t1:horoscope:mysign:<week>`` | the sign select the pair reading asks for first |
| ``t1:horoscope:share:<week>`` | post the pair's reading into the pair room |
| ``t1:horoscope:home`` | Pair Home's button: this week's pair reading |

Every id carries the week it was shown for, so a button of a past week's card says that week is over instead
of claiming the current one (features.md §16.12).
"""

from __future__ import annotations

import datetime as dt
import enum

from features.horoscope._rules import Tone
from features.kernel import CustomId, CustomIdError, date_token, encode_custom_id, expect_custom_id

HOROSCOPE_ID_FEATURE = "horoscope"
NO_SIGN = "-"


class CardAction(enum.StrEnum):
    """The card's buttons."""

    READ = "read"
    PAIR = "pair"
    ABOUT = "about"


class PickField(enum.StrEnum):
    """The picker's selects."""

    SIGN = "sign"
    TONE = "tone"
    SITUATION = "situation"


def _tone(token: str) -> Tone:
    try:
        return Tone(token)
    except ValueError as exc:
        raise CustomIdError(f"not a tone: {token!r}") from exc


def card_id(action: CardAction, week: dt.date) -> str:
    return encode_custom_id(HOROSCOPE_ID_FEATURE, action.value, date_token(week))


def parse_card_id(custom_id: CustomId) -> tuple[CardAction, dt.date]:
    expect_custom_id(custom_id, HOROSCOPE_ID_FEATURE, tuple(CardAction), 1)
    return CardAction(custom_id.action), custom_id.date_arg(0)


def pick_id(week: dt.date, field: PickField, sign: str | None, tone: Tone, situation: str) -> str:
    return encode_custom_id(
        HOROSCOPE_ID_FEATURE, "pick", date_token(week), field.value, sign or NO_SIGN, tone.value, situation
    )


def parse_pick_id(custom_id: CustomId) -> tuple[dt.date, PickField, str | None, Tone, str]:
    """``(week, field, sign or None, tone, situation)`` of a picker select."""
    expect_custom_id(custom_id, HOROSCOPE_ID_FEATURE, ("pick",), 5)
    field = PickField(custom_id.choice_arg(1, tuple(PickField)))
    sign = custom_id.arg(2)
    week = custom_id.date_arg(0)
    return week, field, None if sign == NO_SIGN else sign, _tone(custom_id.arg(3)), custom_id.arg(4)


def claim_id(week: dt.date, sign: str, tone: Tone, situation: str) -> str:
    return encode_custom_id(HOROSCOPE_ID_FEATURE, "claim", date_token(week), sign, tone.value, situation)


def parse_claim_id(custom_id: CustomId) -> tuple[dt.date, str, Tone, str]:
    """``(week, sign, tone, situation)`` of a "show my reading" button."""
    expect_custom_id(custom_id, HOROSCOPE_ID_FEATURE, ("claim",), 4)
    return custom_id.date_arg(0), custom_id.arg(1), _tone(custom_id.arg(2)), custom_id.arg(3)


def my_sign_id(week: dt.date) -> str:
    return encode_custom_id(HOROSCOPE_ID_FEATURE, "mysign", date_token(week))


def share_id(week: dt.date) -> str:
    return encode_custom_id(HOROSCOPE_ID_FEATURE, "share", date_token(week))


def parse_week_id(custom_id: CustomId, action: str) -> dt.date:
    """The week of a ``mysign`` or ``share`` id."""
    expect_custom_id(custom_id, HOROSCOPE_ID_FEATURE, (action,), 1)
    return custom_id.date_arg(0)


def home_id() -> str:
    return encode_custom_id(HOROSCOPE_ID_FEATURE, "home")
