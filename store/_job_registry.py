"""Job specs and the registry of the handlers a process runs.

The queue knows no job: each feature declares its jobs as :class:`JobSpec` values (name, payload struct, retry
policy, optional cron) and hands each to the composition root with its handler, the way procrastinate's
blueprints declare tasks to an app that knows none. A registry therefore holds only names that this process
can run; cron fires only those, and a row whose name no registry here knows is dead-lettered by the worker's
maintenance (after a grace period that lets a newer process of a rolling deploy claim it first).

Handlers must be **idempotent**: a job runs at least once, and again after a crash (its lease expires and the
reaper re-queues it), after a failed attempt, or after a graceful stop that released it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from typing import Any, Generic, TypeVar

import msgspec

from store._job_errors import InvalidJobPayload, UnknownJobName
from store._job_payloads import JobPayload
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

    def request(
        self, payload: P, *, run_at: datetime | None = None, coalesce_key: str | None = None
    ) -> JobRequest:
        """This job with ``payload``, for :func:`store.enqueue` / :func:`store.enqueue_many`; ``run_at`` None is
        now. Raises :class:`InvalidJobPayload` when ``payload`` is not of this job's struct."""
        if type(payload) is not self.payload_type:
            raise InvalidJobPayload(
                f"job {self.name!r} takes {self.payload_type.__name__}, not {type(payload).__name__}"
            )
        return JobRequest(
            name=self.name,
            payload=payload,
            payload_version=self.payload_type.VERSION,
            max_attempts=self.retry.max_attempts,
            run_at=run_at,
            coalesce_key=coalesce_key,
        )


class JobRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One job to insert, built by :meth:`JobSpec.request` (so its payload is checked against the spec)."""

    name: str
    payload: JobPayload
    payload_version: int
    max_attempts: int
    run_at: datetime | None = None
    coalesce_key: str | None = None


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

    def add(self, spec: JobSpec[P], handler: Callable[[P, JobContext], Awaitable[None]]) -> None:
        """Run ``handler`` for jobs named ``spec.name`` in this process (a second spec of one name is an error)."""
        if spec.name in self._specs and self._specs[spec.name] != spec:
            raise ValueError(f"job {spec.name!r} is declared twice")
        self._specs[spec.name] = spec
        self._handlers[spec.name] = handler

    def add_spec(self, spec: JobSpec[Any]) -> None:
        """Declare a job name without a handler here (replacing an earlier spec of the same name): it can be
        enqueued for another process, but this one neither claims nor schedules it."""
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
        """The specs with a recurring schedule and a handler here: cron never fires into a name nobody runs."""
        return tuple(spec for spec in self._specs.values() if spec.cron is not None and spec.name in self._handlers)

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
