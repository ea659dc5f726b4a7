"""Stand-in specs of the seeds' recurring schedules for tests of the cron machinery and its gate.

The queue and the scheduler know no job: features declare theirs, and only the scheduled posts sweep exists
as a feature so far. These tests exercise the cron loop, the per-guild switches and the feature gate with the
seeds' names and crons (DESIGN decision 2), each handled by a no-op.
"""

from __future__ import annotations

from typing import Any, Final

from store import JobContext, JobRegistry, JobSpec, ScheduledPayload


class ScheduledTick(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The payload of every stand-in schedule."""


#: Name → (feature, cron) of the seeds' recurring schedules.
SEED_SCHEDULES: Final = {
    "public.post.publish": ("public_posts", "*/2 * * * *"),
    "weekly.horoscope.publish": ("horoscope", "0 10 * * 1"),
    "weekly.checkin.nudge": ("checkins", "0 12 * * 3"),
    "weekly.raid.start": ("raids", "0 9 * * 1"),
    "weekly.raid.end": ("raids", "5 9 * * 1"),
    "daily.raid.offers.generate": ("raids", "0 9 * * *"),
    "raid.progress.refresh": ("raids", "*/10 * * * *"),
    "monthly.hall.refresh": ("hall", "0 10 1 * *"),
}


async def _nothing(payload: Any, ctx: JobContext) -> None:
    """A handler that does nothing: these tests look at what cron enqueues, not at what runs."""


def seed_schedule_registry() -> JobRegistry:
    """A registry of the seeds' schedules, each with a handler (so cron may fire every one of them)."""
    registry = JobRegistry()
    for name, (feature, cron) in SEED_SCHEDULES.items():
        spec = JobSpec(name=name, payload_type=ScheduledTick, feature=feature, action=name, cron=cron)
        registry.add(spec, _nothing)
    return registry


#: A monthly schedule only the tests run (the bot's own cron never fires it): the 1st at 10:00.
TEST_MONTHLY = "tests.monthly"


def scheduler_only_registry() -> JobRegistry:
    """A registry of :data:`TEST_MONTHLY` alone, for a scheduler beside a running bot whose cron must not
    fire the same schedule."""
    registry = JobRegistry()
    spec = JobSpec(name=TEST_MONTHLY, payload_type=ScheduledTick, feature="tests", action="monthly", cron="0 10 1 * *")
    registry.add(spec, _nothing)
    return registry

