"""Time helpers: guild-local days, ISO weeks, weekends and Discord timestamp markup (features.md §0.3).

Every function takes an *aware* datetime and an IANA zone: a naive datetime is a bug (it silently means "the
machine's zone"), so it is rejected rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import enum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Almaty"
UTC = dt.UTC


class TimestampStyle(enum.StrEnum):
    """Discord ``<t:UNIX:STYLE>`` formats used by the bot."""

    RELATIVE = "R"
    SHORT_TIME = "t"
    SHORT_DATE = "d"
    LONG_DATE_TIME = "F"


@lru_cache(maxsize=256)
def _load_zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_valid_timezone(name: str) -> bool:
    """Return whether ``name`` is an IANA zone known to the tz database."""
    try:
        _load_zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone(name: str | None, *, default: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """Return the zone ``name``, or ``default`` when it is missing or unknown (a bad stored value never crashes)."""
    if name and is_valid_timezone(name):
        return _load_zone(name)
    return _load_zone(default)


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime (UTC or a zone)")


def local_date(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    """Return the calendar date of ``moment`` in ``tz``."""
    _require_aware(moment)
    return moment.astimezone(tz).date()


def day_key(moment: dt.datetime, tz: ZoneInfo) -> str:
    """Return the ISO date (``YYYY-MM-DD``) of ``moment`` in ``tz``: the key of a guild-local day."""
    return local_date(moment, tz).isoformat()


def week_start(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    """Return the Monday of the ISO week containing ``moment`` in ``tz``."""
    day = local_date(moment, tz)
    return day - dt.timedelta(days=day.weekday())


def week_key(moment: dt.datetime, tz: ZoneInfo) -> str:
    """Return the week key: the ISO date of the week's Monday in ``tz`` (``YYYY-MM-DD``)."""
    return week_start(moment, tz).isoformat()


def week_bounds(moment: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Return ``[start, end)`` of the guild-local week containing ``moment`` as UTC instants.

    Built from local midnights so a week spanning a DST change is 167 or 169 hours long, as it should be.
    """
    monday = week_start(moment, tz)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def weekend_date(moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    """Return the Saturday a plan made at ``moment`` is for: today on Saturday, else the next Saturday.

    On a Sunday the weekend is nearly over, so the plan goes to the coming Saturday (six days ahead).
    """
    day = local_date(moment, tz)
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


def unix_seconds(moment: dt.datetime) -> int:
    """Return whole UNIX seconds of ``moment`` (floored, as Discord markup wants integers)."""
    _require_aware(moment)
    return int(moment.timestamp() // 1)


def discord_timestamp(moment: dt.datetime, style: TimestampStyle = TimestampStyle.RELATIVE) -> str:
    """Return Discord markup ``<t:UNIX:STYLE>``: each client shows it in its own zone and language."""
    return f"<t:{unix_seconds(moment)}:{style.value}>"


def month_key(moment: dt.datetime, tz: ZoneInfo) -> str:
    """Return the guild-local calendar month of ``moment`` (``YYYY-MM``)."""
    day = local_date(moment, tz)
    return f"{day.year:04d}-{day.month:02d}"


def previous_month_key(moment: dt.datetime, tz: ZoneInfo) -> str:
    """Return the month before the guild-local month of ``moment`` (``YYYY-MM``)."""
    first = local_date(moment, tz).replace(day=1)
    return month_key(dt.datetime.combine(first - dt.timedelta(days=1), dt.time(12), tzinfo=tz), tz)


def parse_month_key(key: str) -> dt.date:
    """Return the first day of month ``key`` (``YYYY-MM``); ValueError for anything else."""
    if len(key) != 7 or key[4] != "-":
        raise ValueError(f"not a month key: {key!r}")
    return dt.date(int(key[:4]), int(key[5:]), 1)


def month_bounds(key: str, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Return ``[start, end)`` of the guild-local month ``key`` as UTC instants (local midnights)."""
    first = parse_month_key(key)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(following, dt.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_day_keys(key: str) -> tuple[str, str]:
    """Return the day keys ``[first day, first day of the next month)`` of month ``key``: day keys compare as
    strings, so a day belongs to the month when ``first <= day < next``."""
    first = parse_month_key(key)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first.isoformat(), following.isoformat()
