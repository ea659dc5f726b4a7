"""The raid's jobs (DESIGN decision 2: per guild, in the guild's timezone).

| job | when | what |
|---|---|---|
| ``weekly.raid.start`` | Monday 09:00 | end the raids of past weeks, start this week's unless it has one |
| ``weekly.raid.end`` | Monday 09:05 | end the raids whose week is over |
| ``daily.raid.offers.generate`` | daily 09:00 | pick today's three quests, tell the Pair Home panels |
| ``raid.progress.refresh`` | every 10 min, and after each change | the progress card (a projection) |

Start and end are both keyed by the guild's week and serialise on the guild's raid lock, so they never block
each other in either order: the start ends last week's raid itself rather than waiting for the end job.
"""

from __future__ import annotations

from typing import Final

from features.kernel import REFRESH_RETRY, job_fields
from store import JobSpec, RetryPolicy, ScheduledPayload

#: Starting, ending and picking quests touch only the database: quick retries, then the dead letters.
LIFECYCLE_RETRY: Final = RetryPolicy(max_attempts=6, base_delay=2.0, max_delay=120.0)


class RaidWeekStart(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Start the guild's raid of this week."""


class RaidWeekEnd(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """End the guild's raids whose week is over."""


class RaidOffersGenerate(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Pick today's quests of the guild's running raid."""


class RaidProgressRefresh(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render one raid's progress card; without ``raid_id`` (the ten-minute pass), every active raid's."""

    raid_id: str | None = None


WEEK_START: Final = JobSpec(
    name="weekly.raid.start", payload_type=RaidWeekStart, feature="raids", action="week.start",
    retry=LIFECYCLE_RETRY, cron="0 9 * * 1",
)
WEEK_END: Final = JobSpec(
    name="weekly.raid.end", payload_type=RaidWeekEnd, feature="raids", action="week.end",
    retry=LIFECYCLE_RETRY, cron="5 9 * * 1",
)
OFFERS_GENERATE: Final = JobSpec(
    name="daily.raid.offers.generate", payload_type=RaidOffersGenerate, feature="raids", action="offers.generate",
    retry=LIFECYCLE_RETRY, cron="0 9 * * *",
)


def progress_payload(guild_id: str, raid_id: str, reason: str) -> RaidProgressRefresh:
    fields = job_fields(guild_id=guild_id, feature="raids", action="progress.refresh")
    return RaidProgressRefresh(**fields, raid_id=raid_id, reason=reason)


def progress_entity(payload: RaidProgressRefresh) -> str | None:
    return payload.raid_id


PROGRESS_SPEC: Final = JobSpec(
    name="raid.progress.refresh", payload_type=RaidProgressRefresh, feature="raids", action="progress.refresh",
    retry=REFRESH_RETRY, cron="*/10 * * * *",
)
