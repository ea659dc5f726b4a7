"""Pure parts of the mediator and /date features: select parsing, keys, end reasons, the step message."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from features.dates._content import Budget, Energy, TimeWindow
from features.dates._ideas import DateFilters
from features.dates._ids import DateAxis, date_generate_id, date_select_id, parse_date_choice
from features.kernel._components import IS_COMPONENTS_V2
from features.kernel._custom_id import decode_custom_id
from features.kernel._errors import CustomIdError
from features.mediator._repair_actor import _end_reason, render_step_body, repair_actor_key
from features.mediator._repair_rules import RepairEndReason, RepairStatus, RepairTimeline
from features.mediator._repair_store import RepairSession
from features.mediator._repair_ticks import tick_coalesce_key
from gateway._errors import Forbidden, NotFound
from gateway.i18n import default_translator

START = dt.datetime(2026, 2, 18, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("axis", "value", "expected"),
    [
        (DateAxis.ENERGY, "low", DateFilters(energy=Energy.LOW)),
        (DateAxis.BUDGET, "splurge", DateFilters(budget=Budget.SPLURGE)),
        (DateAxis.TIME, "halfday", DateFilters(time=TimeWindow.HALFDAY)),
    ],
)
def test_a_pick_changes_only_its_axis(axis: DateAxis, value: str, expected: DateFilters) -> None:
    assert parse_date_choice(decode_custom_id(date_select_id(axis, DateFilters())), value) == expected


@pytest.mark.parametrize("value", ["", "enormous", "free"])
def test_a_value_of_another_axis_or_none_is_refused(value: str) -> None:
    with pytest.raises(CustomIdError):
        parse_date_choice(decode_custom_id(date_select_id(DateAxis.ENERGY, DateFilters())), value)


def test_a_button_id_is_not_a_select() -> None:
    with pytest.raises(CustomIdError):
        parse_date_choice(decode_custom_id(date_generate_id(DateFilters())), "low")


def test_session_keys() -> None:
    session = uuid.UUID("00000000-0000-0000-0000-000000000001")
    assert repair_actor_key(session) == "repair:00000000-0000-0000-0000-000000000001"
    assert tick_coalesce_key(str(session), 3) == "mediator-repair:00000000-0000-0000-0000-000000000001:3"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (NotFound("Unknown Message", code=10008), RepairEndReason.MESSAGE_DELETED),
        (NotFound("Unknown Channel", code=10003), RepairEndReason.ROOM_DELETED),
        (Forbidden("Missing Access", code=50001), RepairEndReason.ROOM_FORBIDDEN),
    ],
)
def test_why_a_session_ends(error: NotFound | Forbidden, reason: RepairEndReason) -> None:
    assert _end_reason(error) is reason


def test_a_fractional_interval_keeps_its_timeline() -> None:
    timeline = RepairTimeline(started_at=START, step_seconds=0.5)
    assert timeline.step_due_at(4) == START + dt.timedelta(seconds=1.5)
    assert timeline.scheduled_ticks()[0] == (2, START + dt.timedelta(seconds=0.5))


def _session(locale: str) -> RepairSession:
    return RepairSession(
        id=uuid.uuid4(), guild_id="1", pair_id=uuid.uuid4(), channel_id="2", message_id="3",
        started_by_user_id="4", locale=locale, step_seconds=120.0, status="active", current_step=1,
        started_at=START, last_tick_at=None, ended_at=None, end_reason=None,
    )


def test_the_step_message_is_a_silent_v2_card_in_the_session_locale() -> None:
    tr = default_translator()
    first = render_step_body(_session("en"), 1, RepairStatus.ACTIVE)
    assert first["flags"] == IS_COMPONENTS_V2 and first["allowed_mentions"] == {"parse": []}
    assert "<t:1771408920:R>" in str(first)  # the next step at +2 minutes (features.md B.2)
    last = render_step_body(_session("ru"), 4, RepairStatus.COMPLETED)
    assert tr.text("ru", "repair.complete") in str(last)
    assert tr.text("en", "repair.complete") not in str(last)
