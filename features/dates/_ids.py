"""``/date`` custom ids: builders for the renderer, typed parsers for the handlers.

Each builder returns the wire string (≤ 100 characters by construction, see the kernel's custom-id codec);
each parser takes a decoded ``CustomId`` and returns typed values or raises ``CustomIdError``.

| id | meaning |
|---|---|
| ``t1:date:<energy|budget|time>:<e>:<b>:<t>`` | ``/date`` filter selects (the pick arrives as the value) |
| ``t1:date:generate:<e>:<b>:<t>`` / ``t1:date:save:<e>:<b>:<t>:<idea key>`` | ``/date`` buttons |
"""

from __future__ import annotations

import enum

import msgspec

from features.dates._content import Budget, Energy, TimeWindow
from features.dates._ideas import DateFilters
from features.kernel import CustomId, CustomIdError, encode_custom_id, expect_custom_id


class DateAxis(enum.StrEnum):
    """The three ``/date`` filter selects."""

    ENERGY = "energy"
    BUDGET = "budget"
    TIME = "time"


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
    expect_custom_id(custom_id, "date", ("save",), 4)
    return parse_date_filters(custom_id), custom_id.arg(3)

