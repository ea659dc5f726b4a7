"""The correlation fields of a job payload enqueued from an interaction or from another job."""

from __future__ import annotations

import uuid
from typing import Any

from telemetry import current_log_fields


def job_fields(*, guild_id: str, feature: str, action: str) -> dict[str, Any]:
    """This interaction's (or job's) ids bound in the log context, with the job's own feature and action.

    The correlation id travels on, so one interaction can be followed through every job it caused.
    """
    bound = current_log_fields()
    return {
        "correlation_id": bound.get("correlation_id") or uuid.uuid4().hex,
        "interaction_id": bound.get("interaction_id"),
        "user_id": bound.get("user_id"),
        "guild_id": guild_id,
        "feature": feature,
        "action": action,
    }
