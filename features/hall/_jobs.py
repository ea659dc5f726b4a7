"""``monthly.hall.refresh``: the 1st of each month at 10:00 in the guild's timezone it shows the month that
just ended; with ``month`` (``together jobs send monthly.hall.refresh --guild G --json '{"month":"2026-11"}'``,
or ``/hall publish-now``) it shows that month. Each month is a card of its own."""

from __future__ import annotations

from typing import Final

from features.kernel import REFRESH_RETRY, job_fields
from store import JobSpec, ScheduledPayload


class HallRefresh(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Show the hall card of ``month`` (``YYYY-MM``); without it, of the month before the guild's current one."""

    month: str | None = None


HALL_REFRESH_SPEC: Final = JobSpec(
    name="monthly.hall.refresh", payload_type=HallRefresh, feature="hall", action="refresh",
    retry=REFRESH_RETRY, cron="0 10 1 * *",
)


def hall_payload(guild_id: str, month: str, reason: str) -> HallRefresh:
    return HallRefresh(**job_fields(guild_id=guild_id, feature="hall", action="refresh"), month=month, reason=reason)


def hall_month(payload: HallRefresh) -> str | None:
    return payload.month
