"""The base of every job payload: versioned msgspec structs that features subclass for their jobs.

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
