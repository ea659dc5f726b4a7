"""Pure cron arithmetic for per-guild schedules: which occurrence is due now, and when the next one is.

Times are aware datetimes; cron expressions are evaluated in the guild's IANA timezone with ``croniter``, so
"Monday 09:00" stays 09:00 local across DST changes. No I/O here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter


def latest_occurrence(cron: str, tz: ZoneInfo, now: datetime) -> datetime:
    """The latest occurrence of ``cron`` at or before ``now`` (aware, in ``tz``)."""
    local = now.astimezone(tz)
    # croniter's get_prev is strict (< start); nudging by 1 µs includes an occurrence exactly at ``now``.
    it = croniter(cron, local + timedelta(microseconds=1))
    prev: datetime = it.get_prev(datetime)
    return prev


def next_occurrence(cron: str, tz: ZoneInfo, now: datetime) -> datetime:
    """The first occurrence of ``cron`` strictly after ``now`` (aware, in ``tz``)."""
    it = croniter(cron, now.astimezone(tz))
    nxt: datetime = it.get_next(datetime)
    return nxt


def due_occurrence(
    cron: str,
    tz: ZoneInfo,
    now: datetime,
    last_fired: datetime | None,
    grace: timedelta,
    held: tuple[datetime, datetime] | None = None,
) -> datetime | None:
    """The occurrence to fire at ``now``, or None.

    The latest occurrence at or before ``now`` fires when it is newer than ``last_fired``. After downtime that
    fires **once** (the latest missed occurrence), not once per missed occurrence; the same holds after
    maintenance. A schedule that never fired (a new guild, a fresh database) only fires an occurrence younger
    than ``grace``, so starting the bot on a Tuesday does not publish Monday's weekly post, or one that came due
    inside ``held``, the ``(since, ended_at)`` window of the last maintenance, which held it back.
    """
    occurrence = latest_occurrence(cron, tz, now)
    if last_fired is not None:
        return occurrence if occurrence > last_fired else None
    if now - occurrence <= grace:
        return occurrence
    if held is not None and held[0] <= occurrence <= held[1]:
        return occurrence
    return None
