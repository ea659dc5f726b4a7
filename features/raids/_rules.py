"""Raid rules, pure: the week a raid belongs to, the day's quest pick, the daily cap, the percent and phase of the
card and the days left (features.md §4, without the earlier version's defects §16.2, §16.3, §16.9).

Days and weeks are the guild's (its timezone), never UTC: a pair in Almaty claims "today" as they live it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Final
from zoneinfo import ZoneInfo

import msgspec

from features.kernel import day_key, h32, local_date, week_bounds, week_key

DEFAULT_GOAL: Final = 500
MIN_GOAL: Final = 1
MAX_GOAL: Final = 100_000
OFFERS_PER_DAY: Final = 3
DAILY_PAIR_CAP: Final = 60
#: How many pairs the card's top list shows.
TOP_PAIRS: Final = 5


class RaidStatus(enum.StrEnum):
    """A raid is active until its week is over (or a moderator ends it)."""

    ACTIVE = "active"
    ENDED = "ended"


class ClaimStatus(enum.StrEnum):
    """A claim waits for the partner, then counts in full or in part (``confirmed``) or not at all (``capped``)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CAPPED = "capped"


class Phase(enum.StrEnum):
    """How far the server is, by percent of the goal: the card's one-word mood."""

    START = "start"
    GAINING = "gaining"
    MIDDLE = "middle"
    FINAL = "final"
    REACHED = "reached"


class RaidWeek(msgspec.Struct, frozen=True, kw_only=True):
    """The guild-local week a raid belongs to: its key (the Monday, ``YYYY-MM-DD``) and when it is over."""

    key: str
    ends_at: dt.datetime


def raid_week(moment: dt.datetime, tz: ZoneInfo) -> RaidWeek:
    """The week containing ``moment`` in ``tz``; it ends at the next local Monday midnight (DST-aware)."""
    _, end = week_bounds(moment, tz)
    return RaidWeek(key=week_key(moment, tz), ends_at=end)


def raid_day(moment: dt.datetime, tz: ZoneInfo) -> str:
    """The guild-local day of ``moment``: the key of claims, offers and the daily cap."""
    return day_key(moment, tz)


def pick_quests(raid_id: str, day: str, keys: Iterable[str], count: int = OFFERS_PER_DAY) -> tuple[str, ...]:
    """The day's quests: ``keys`` ordered by a stable hash of raid, day and key (ties by key), first ``count``.

    Sorted, so neither the catalogue's order nor the database's row order changes the pick; the same raid and
    day give the same three on every process and after every restart.
    """
    ranked = sorted(set(keys), key=lambda key: (h32(f"{raid_id}:{day}:{key}"), key))
    return tuple(ranked[:count])


class CapOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a confirmed claim adds: ``applied`` points (0 when the cap was already reached) and the status."""

    applied: int
    status: ClaimStatus

    @property
    def trimmed(self) -> bool:
        """True when the cap cut the claim short (some points, but not all)."""
        return self.status is ClaimStatus.CONFIRMED and self.applied > 0


def apply_daily_cap(earned_today: int, points: int, cap: int = DAILY_PAIR_CAP) -> CapOutcome:
    """Count a claim of ``points`` for a pair that earned ``earned_today`` on the claim's day.

    The pair never earns more than ``cap`` a day: the claim counts what is left of it; with nothing left it is
    ``capped`` and counts 0.
    """
    remaining = max(0, cap - max(0, earned_today))
    applied = max(0, min(remaining, points))
    return CapOutcome(applied=applied, status=ClaimStatus.CONFIRMED if applied > 0 else ClaimStatus.CAPPED)


def percent(progress: int, goal: int) -> int:
    """Whole percent of the goal reached, 0..100 (the card never says 130 %)."""
    if goal <= 0:
        return 0
    return min(100, progress * 100 // goal)


def phase(progress: int, goal: int) -> Phase:
    """The phase for the card: reached at 100 %, the final push from 75 %, the middle from 40 %, gaining pace
    from the first point."""
    share = percent(progress, goal)
    if share >= 100:
        return Phase.REACHED
    if share >= 75:
        return Phase.FINAL
    if share >= 40:
        return Phase.MIDDLE
    if progress > 0:
        return Phase.GAINING
    return Phase.START


def days_left(now: dt.datetime, ends_at: dt.datetime, tz: ZoneInfo) -> int:
    """Guild-local days left in the raid, today included (Monday of a fresh raid: 7; Sunday: 1; over: 0)."""
    if now >= ends_at:
        return 0
    last_day = local_date(ends_at - dt.timedelta(microseconds=1), tz)
    return (last_day - local_date(now, tz)).days + 1


def days_elapsed(now: dt.datetime, ends_at: dt.datetime, tz: ZoneInfo) -> int:
    """Days of the week already begun (1..7; 8 once the week is over): grows as ``days_left`` shrinks, so the
    card's version can count it."""
    return 8 - days_left(now, ends_at, tz)
