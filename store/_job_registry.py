"""The registry of job names: payload struct, retry policy, recurring schedule and handler of each.

Later features plug their handlers in with :meth:`JobRegistry.handler`::

    @registry.handler("duel.round.close")
    async def close_round(payload: DuelRoundClose, ctx: JobContext) -> None: ...

Handlers must be **idempotent**: a job runs at least once, and again after a crash (its lease expires and the
reaper re-queues it), after a failed attempt, or after a graceful stop that released it.

Ordering note for the raid feature: ``weekly.raid.start`` (Mon 09:00) and ``weekly.raid.end`` (Mon 09:05) are
separate jobs that the queue may run in either order or concurrently (catch-up after downtime enqueues both at
once). The raid handlers must key everything by week so that ending a past week's raid never blocks, and is
never blocked by, the new week's start.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Final, Generic, TypeVar

import msgspec

from store._job_errors import UnknownJobName
from store._job_payloads import (
    DailyRaidOffersGenerate,
    DuelRoundClose,
    DuelScoreboardRefresh,
    JobPayload,
    MediatorRepairTick,
    MonthlyHallRefresh,
    PairHomeRefresh,
    PublicPostPublish,
    RaidProgressRefresh,
    WeeklyCheckinNudge,
    WeeklyHoroscopePublish,
    WeeklyRaidEnd,
    WeeklyRaidStart,
)
from store._job_retry import RetryPolicy

P = TypeVar("P", bound=JobPayload)


class JobContext(msgspec.Struct, frozen=True, kw_only=True):
    """What a handler knows about the run besides its payload."""

    job_id: int
    name: str
    attempt: int
    max_attempts: int


Handler = Callable[[Any, JobContext], Awaitable[None]]


class JobSpec(msgspec.Struct, Generic[P], frozen=True, kw_only=True):
    """One job name: its payload struct, feature/action log fields, retry policy and optional cron."""

    name: str
    payload_type: type[P]
    feature: str
    action: str
    retry: RetryPolicy = RetryPolicy()
    #: A 5-field cron expression evaluated in each guild's timezone, or None for on-demand jobs.
    cron: str | None = None


class JobRegistry:
    """Job specs by name, and the handlers this process runs.

    A worker claims only the names that have a handler here; rows with a name that is not registered at all
    are dead-lettered by the worker's sweep.
    """

    def __init__(self, specs: tuple[JobSpec[Any], ...] = ()) -> None:
        self._specs: dict[str, JobSpec[Any]] = {}
        self._handlers: dict[str, Handler] = {}
        for spec in specs:
            self.add_spec(spec)

    def add_spec(self, spec: JobSpec[Any]) -> None:
        """Register a job name (replacing an earlier spec of the same name)."""
        self._specs[spec.name] = spec

    def spec(self, name: str) -> JobSpec[Any]:
        """The spec of ``name``; raise :class:`UnknownJobName` when it is not registered."""
        try:
            return self._specs[name]
        except KeyError:
            raise UnknownJobName(f"unknown job name {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[JobSpec[Any]]:
        return iter(self._specs.values())

    def names(self) -> tuple[str, ...]:
        """Every registered job name."""
        return tuple(self._specs)

    def scheduled(self) -> tuple[JobSpec[Any], ...]:
        """The specs with a recurring schedule."""
        return tuple(spec for spec in self._specs.values() if spec.cron is not None)

    def set_handler(self, name: str, handler: Handler) -> None:
        """Run ``handler`` for jobs named ``name`` in this process."""
        self.spec(name)
        self._handlers[name] = handler

    def handler(self, name: str) -> Callable[[Handler], Handler]:
        """Decorator form of :meth:`set_handler`."""

        def register(func: Handler) -> Handler:
            self.set_handler(name, func)
            return func

        return register

    def get_handler(self, name: str) -> Handler | None:
        """The handler of ``name`` in this process, if any."""
        return self._handlers.get(name)

    def handled_names(self) -> tuple[str, ...]:
        """The names a worker of this process may claim."""
        return tuple(self._handlers)


_REFRESH = RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=60.0)
_PUBLISH = RetryPolicy(max_attempts=8, base_delay=5.0, max_delay=900.0)
_WEEKLY = RetryPolicy(max_attempts=10, base_delay=10.0, max_delay=1800.0)

#: The twelve job names of the seeds, with the recurring schedules of DESIGN decision 2.
JOB_SPECS: Final[tuple[JobSpec[Any], ...]] = (
    JobSpec(name="duel.round.close", payload_type=DuelRoundClose, feature="duels", action="round.close",
            retry=RetryPolicy(max_attempts=6, base_delay=2.0, max_delay=120.0)),
    JobSpec(name="duel.scoreboard.refresh", payload_type=DuelScoreboardRefresh, feature="duels",
            action="scoreboard.refresh", retry=_REFRESH),
    JobSpec(name="raid.progress.refresh", payload_type=RaidProgressRefresh, feature="raids",
            action="progress.refresh", retry=_REFRESH, cron="*/10 * * * *"),
    JobSpec(name="pair.home.refresh", payload_type=PairHomeRefresh, feature="pairs", action="home.refresh",
            retry=_REFRESH),
    JobSpec(name="monthly.hall.refresh", payload_type=MonthlyHallRefresh, feature="hall",
            action="hall.refresh", retry=_WEEKLY, cron="0 10 1 * *"),
    JobSpec(name="mediator.repair.tick", payload_type=MediatorRepairTick, feature="mediator",
            action="repair.tick", retry=RetryPolicy(max_attempts=4, base_delay=5.0, max_delay=60.0)),
    JobSpec(name="public.post.publish", payload_type=PublicPostPublish, feature="public_posts",
            action="post.publish", retry=_PUBLISH, cron="*/2 * * * *"),
    JobSpec(name="weekly.horoscope.publish", payload_type=WeeklyHoroscopePublish, feature="horoscope",
            action="horoscope.publish", retry=_WEEKLY, cron="0 10 * * 1"),
    JobSpec(name="weekly.checkin.nudge", payload_type=WeeklyCheckinNudge, feature="checkins",
            action="checkin.nudge", retry=_WEEKLY, cron="0 12 * * 3"),
    JobSpec(name="weekly.raid.start", payload_type=WeeklyRaidStart, feature="raids", action="raid.start",
            retry=_WEEKLY, cron="0 9 * * 1"),
    JobSpec(name="weekly.raid.end", payload_type=WeeklyRaidEnd, feature="raids", action="raid.end",
            retry=_WEEKLY, cron="5 9 * * 1"),
    JobSpec(name="daily.raid.offers.generate", payload_type=DailyRaidOffersGenerate, feature="raids",
            action="offers.generate", retry=_WEEKLY, cron="0 9 * * *"),
)

#: The twelve names, in the seeds' order.
JOB_NAMES: Final[tuple[str, ...]] = tuple(spec.name for spec in JOB_SPECS)


def default_registry() -> JobRegistry:
    """A fresh registry of the twelve job names, without handlers."""
    return JobRegistry(JOB_SPECS)
