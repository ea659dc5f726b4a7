"""The bot's custom ids, feature by feature: builders for renderers and typed parsers for handlers.

Each builder returns the wire string (≤ 100 characters by construction, see :mod:`._custom_id`); each parser
takes a decoded :class:`CustomId` and returns typed values or raises :class:`CustomIdError`.

| id | meaning |
|---|---|
| ``t1:pair_home:<checkin|raid|duel_info>:<pair>`` | Pair Home panel buttons |
| ``t1:duel:answer:<round>:<pair>`` | open the answer modal of a round for a pair |
| ``t1:duel:submit:<round>:<pair>`` | the answer modal itself |
| ``t1:duel_board:<rules|how|open_room>:<duel>`` | scoreboard buttons |
| ``t1:say:submit`` | the ``/say`` modal |
| ``t1:say:tone:<session>:<soft|direct|short>`` / ``t1:say:send:<session>`` | ``/say`` result buttons |
| ``t1:date:<energy|budget|time>:<e>:<b>:<t>`` | ``/date`` filter selects (the pick arrives as the value) |
| ``t1:date:generate:<e>:<b>:<t>`` / ``t1:date:save:<e>:<b>:<t>:<idea key>`` | ``/date`` buttons |
"""

from __future__ import annotations

import enum
import uuid

import msgspec

from gateway.domain._content_model import Budget, Energy, SayTone, TimeWindow
from gateway.domain._custom_id import CustomId, encode_custom_id, uuid_token
from gateway.domain._date_ideas import DateFilters
from gateway.domain._errors import CustomIdError


class PairHomeAction(enum.StrEnum):
    """Buttons of the Pair Home panel."""

    CHECKIN = "checkin"
    RAID = "raid"
    DUEL_INFO = "duel_info"


class DuelBoardAction(enum.StrEnum):
    """Buttons of the duel scoreboard."""

    RULES = "rules"
    HOW = "how"
    OPEN_ROOM = "open_room"


class DateAxis(enum.StrEnum):
    """The three ``/date`` filter selects."""

    ENERGY = "energy"
    BUDGET = "budget"
    TIME = "time"


class RoundPairRef(msgspec.Struct, frozen=True, kw_only=True):
    """A duel round and a pair (what the answer button and modal carry)."""

    round_id: uuid.UUID
    pair_id: uuid.UUID


def _expect(custom_id: CustomId, feature: str, actions: tuple[str, ...], argc: int) -> None:
    if custom_id.feature != feature or custom_id.action not in actions or len(custom_id.args) != argc:
        raise CustomIdError(f"not a {feature} id: {custom_id.feature}:{custom_id.action}")


def pair_home_id(action: PairHomeAction, pair_id: uuid.UUID) -> str:
    """A Pair Home button id."""
    return encode_custom_id("pair_home", action.value, uuid_token(pair_id))


def parse_pair_home_id(custom_id: CustomId) -> tuple[PairHomeAction, uuid.UUID]:
    """Parse a Pair Home button id into its action and pair id."""
    _expect(custom_id, "pair_home", tuple(PairHomeAction), 1)
    return PairHomeAction(custom_id.action), custom_id.uuid_arg(0)


def duel_answer_id(round_id: uuid.UUID, pair_id: uuid.UUID) -> str:
    """The "answer this round" button id."""
    return encode_custom_id("duel", "answer", uuid_token(round_id), uuid_token(pair_id))


def duel_submit_modal_id(round_id: uuid.UUID, pair_id: uuid.UUID) -> str:
    """The answer modal id."""
    return encode_custom_id("duel", "submit", uuid_token(round_id), uuid_token(pair_id))


def parse_duel_id(custom_id: CustomId) -> RoundPairRef:
    """Parse a duel answer button or modal id."""
    _expect(custom_id, "duel", ("answer", "submit"), 2)
    return RoundPairRef(round_id=custom_id.uuid_arg(0), pair_id=custom_id.uuid_arg(1))


def duel_board_id(action: DuelBoardAction, duel_id: uuid.UUID) -> str:
    """A scoreboard button id."""
    return encode_custom_id("duel_board", action.value, uuid_token(duel_id))


def parse_duel_board_id(custom_id: CustomId) -> tuple[DuelBoardAction, uuid.UUID]:
    """Parse a scoreboard button id."""
    _expect(custom_id, "duel_board", tuple(DuelBoardAction), 1)
    return DuelBoardAction(custom_id.action), custom_id.uuid_arg(0)


SAY_MODAL_ID = encode_custom_id("say", "submit")


def say_tone_id(session_id: uuid.UUID, tone: SayTone) -> str:
    """A ``/say`` tone button id."""
    return encode_custom_id("say", "tone", uuid_token(session_id), tone.value)


def say_send_id(session_id: uuid.UUID) -> str:
    """The ``/say`` send-to-room button id."""
    return encode_custom_id("say", "send", uuid_token(session_id))


def parse_say_id(custom_id: CustomId) -> tuple[uuid.UUID, SayTone | None]:
    """Parse a ``/say`` button id: the session and, for a tone button, the tone."""
    if custom_id.feature == "say" and custom_id.action == "tone" and len(custom_id.args) == 2:
        return custom_id.uuid_arg(0), SayTone(custom_id.choice_arg(1, tuple(SayTone)))
    _expect(custom_id, "say", ("send",), 1)
    return custom_id.uuid_arg(0), None


def _filter_args(filters: DateFilters) -> tuple[str, str, str]:
    return (filters.energy.value, filters.budget.value, filters.time.value)


def date_select_id(axis: DateAxis, filters: DateFilters) -> str:
    """A ``/date`` filter select id carrying the current filters."""
    return encode_custom_id("date", axis.value, *_filter_args(filters))


def date_generate_id(filters: DateFilters) -> str:
    """The ``/date`` generate button id."""
    return encode_custom_id("date", "generate", *_filter_args(filters))


def date_save_id(filters: DateFilters, idea_key: str) -> str:
    """A ``/date`` save-for-the-weekend button id for one idea."""
    return encode_custom_id("date", "save", *_filter_args(filters), idea_key)


def parse_date_filters(custom_id: CustomId) -> DateFilters:
    """Parse the filters carried by any ``/date`` id (select, generate or save)."""
    if custom_id.feature != "date" or len(custom_id.args) < 3:
        raise CustomIdError(f"not a date id: {custom_id.feature}:{custom_id.action}")
    return DateFilters(
        energy=Energy(custom_id.choice_arg(0, tuple(Energy))),
        budget=Budget(custom_id.choice_arg(1, tuple(Budget))),
        time=TimeWindow(custom_id.choice_arg(2, tuple(TimeWindow))),
    )


def parse_date_choice(custom_id: CustomId, value: str) -> DateFilters:
    """Parse a ``/date`` select id and the picked ``value`` into the new filters (that one axis changed)."""
    filters = parse_date_filters(custom_id)
    axis = custom_id.action
    try:
        if axis == DateAxis.ENERGY:
            return msgspec.structs.replace(filters, energy=Energy(value))
        if axis == DateAxis.BUDGET:
            return msgspec.structs.replace(filters, budget=Budget(value))
        if axis == DateAxis.TIME:
            return msgspec.structs.replace(filters, time=TimeWindow(value))
    except ValueError:
        raise CustomIdError(f"date {axis}: unexpected value {value!r}") from None
    raise CustomIdError(f"not a date select id: date:{axis}")


def parse_date_save_id(custom_id: CustomId) -> tuple[DateFilters, str]:
    """Parse a ``/date`` save id into the filters and the idea key."""
    _expect(custom_id, "date", ("save",), 4)
    return parse_date_filters(custom_id), custom_id.arg(3)
