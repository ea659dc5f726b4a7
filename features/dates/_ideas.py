"""Deterministic ``/date`` ideas (features.md §13.3): the same filters always give the same three ideas."""

from __future__ import annotations

import msgspec

from features.dates._content import Budget, DateIdeaTemplate, Energy, TimeWindow
from features.kernel import h32

IDEAS_PER_REQUEST = 3


class DateFilters(msgspec.Struct, frozen=True, kw_only=True):
    """The three constraints a member picks; the defaults are the middle of each axis."""

    energy: Energy = Energy.MEDIUM
    budget: Budget = Budget.MODERATE
    time: TimeWindow = TimeWindow.EVENING

    @property
    def seed(self) -> str:
        """The hash prefix of this filter profile (``energy:budget:time``)."""
        return f"{self.energy.value}:{self.budget.value}:{self.time.value}"


def matching_ideas(filters: DateFilters, templates: tuple[DateIdeaTemplate, ...]) -> tuple[DateIdeaTemplate, ...]:
    """Return the templates that allow all three filter values."""
    return tuple(
        t for t in templates if filters.energy in t.energy and filters.budget in t.budget and filters.time in t.time
    )


def pick_date_ideas(
    filters: DateFilters, templates: tuple[DateIdeaTemplate, ...], count: int = IDEAS_PER_REQUEST
) -> tuple[DateIdeaTemplate, ...]:
    """Pick ``count`` ideas for ``filters``.

    The pool is the matching templates when there are at least ``count`` of them, else the whole library (a
    rare filter combination still gets three ideas). The pool is ordered by ``h32("<filters>:<key>")``, ties
    by key, so the pick depends only on the filters and the content, never on file order.
    """
    matched = matching_ideas(filters, templates)
    pool = matched if len(matched) >= count else templates
    ordered = sorted(pool, key=lambda t: (h32(f"{filters.seed}:{t.key}"), t.key))
    return tuple(ordered[:count])
