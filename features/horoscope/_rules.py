"""Horoscope rules, pure: the horoscope week, the next publication, the week's theme and the variant picks.

A horoscope week runs from Monday 10:00 to the next Monday 10:00 in the guild's timezone: the card turns at the
moment ``weekly.horoscope.publish`` fires, and a reading belongs to the week the card shows. Everything follows
from the clock and the zone, so reading the week never writes anything (features.md §16.11: no "anchor date").

Picks hash their inputs with :func:`h32` over keys sorted by name, never the order rows or files list them in
(§16.12). The theme rotates: each run of ``n`` weeks (``n`` themes) shows every theme once, in an order shuffled
per guild and run, so no theme is shown more than once more than another over any stretch of weeks.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Final
from zoneinfo import ZoneInfo

from features.kernel import UTC, h32, pick_index

#: The card turns (and the schedule fires) on Monday at this local hour.
PUBLISH_HOUR: Final = 10
_PUBLISH_AT: Final = dt.time(hour=PUBLISH_HOUR)


class Tone(enum.StrEnum):
    """How a reading speaks."""

    SOFT = "soft"
    HONEST = "honest"
    DIRECT = "direct"


DEFAULT_TONE: Final = Tone.HONEST
DEFAULT_SITUATION: Final = "fine"


def horoscope_week(now: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The Monday of the horoscope week containing ``now``: the latest Monday whose 10:00 local has passed."""
    local = now.astimezone(tz).replace(tzinfo=None) - dt.timedelta(hours=PUBLISH_HOUR)
    day = local.date()
    return day - dt.timedelta(days=day.weekday())


def publication_time(week: dt.date, tz: ZoneInfo) -> dt.datetime:
    """When the card of ``week`` is published: its Monday at 10:00 local, as UTC."""
    return dt.datetime.combine(week, _PUBLISH_AT, tzinfo=tz).astimezone(UTC)


def next_publication(now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The next Monday 10:00 local after ``now``, as UTC."""
    return publication_time(horoscope_week(now, tz) + dt.timedelta(days=7), tz)


def week_number(week: dt.date) -> int:
    """The week's running number (0001-01-01 was a Monday): grows by one each week."""
    return (week.toordinal() - 1) // 7


def _run_order(guild_id: str, run: int, keys: Sequence[str]) -> list[str]:
    return sorted(sorted(keys), key=lambda key: h32(f"{guild_id}:{run}:{key}"))


def pick_theme(guild_id: str, week: dt.date, keys: Sequence[str]) -> str:
    """The theme of ``week`` in ``guild_id``: every theme once per run of ``len(keys)`` weeks, shuffled per run;
    a run never opens with the theme the previous one closed with (no theme two weeks in a row)."""
    if not keys:
        raise ValueError("no themes to pick from")
    size = len(keys)
    run, slot = divmod(week_number(week), size)
    order = _run_order(guild_id, run, keys)
    if size > 2 and order[0] == _run_order(guild_id, run - 1, keys)[-1]:
        order[0], order[1] = order[1], order[0]
    return order[slot]


def pick_variant(seed: str, size: int) -> int:
    """A stable index in ``range(size)`` for ``seed``."""
    return pick_index(seed, size)


def pair_signs(sign_a: str, sign_b: str) -> tuple[str, str]:
    """Two partners' signs in a fixed order: a pair's reading reads the same whoever asks first."""
    first, second = sorted((sign_a, sign_b))
    return first, second
