"""Versioned payload structs of the twelve job names.

Every payload carries the correlation fields bound into each log line of the run (``correlation_id``,
``guild_id``, ``feature``, ``action``, optionally ``interaction_id`` and ``user_id``). The W3C trace context
is not part of the payload: it lives in the ``jobs.trace_context`` column. A struct's ``VERSION`` is stored in
``jobs.payload_version``; a worker dead-letters a row whose version it does not know instead of guessing.
Fields added later must have defaults so older rows still decode; anything else bumps ``VERSION``.
"""

from __future__ import annotations

from typing import ClassVar

import msgspec


class JobPayload(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Fields common to every job payload."""

    VERSION: ClassVar[int] = 1

    correlation_id: str
    guild_id: str
    feature: str
    action: str
    interaction_id: str | None = None
    user_id: str | None = None


class ScheduledPayload(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A payload that the per-guild cron can build: ``scheduled_for`` is the due time (ISO 8601, UTC)."""

    scheduled_for: str | None = None
    reason: str = "schedule"


class DuelRoundClose(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Close one round of a duel when its timer runs out."""

    duel_id: str
    round_no: int = 1


class DuelScoreboardRefresh(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a duel's scoreboard card."""

    duel_id: str
    reason: str = "update"


class RaidProgressRefresh(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a raid's progress card; ``raid_id`` None means the guild's active raid."""

    raid_id: str | None = None


class PairHomeRefresh(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a pair's home card."""

    pair_id: str
    reason: str = "update"


class MonthlyHallRefresh(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render the monthly hall of fame card."""


class MediatorRepairTick(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One step of a ``/repair`` session (enqueued at +2, +4 and +6 minutes)."""

    session_id: str
    step: int


class PublicPostPublish(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Publish due scheduled posts; ``post_id`` None is the every-2-minutes sweep."""

    post_id: str | None = None


class WeeklyHoroscopePublish(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Publish (edit in place) the guild's weekly horoscope card."""


class WeeklyCheckinNudge(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Nudge pairs to do their weekly check-in."""


class WeeklyRaidStart(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Start the week's raid."""


class WeeklyRaidEnd(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """End the previous week's raid."""


class DailyRaidOffersGenerate(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Generate the day's raid offers."""
