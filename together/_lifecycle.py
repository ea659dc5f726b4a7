"""Ordered start and stop of the process's long-lived services.

Services start in the order they are added. They stop in the order the operations manual fixes (stop taking
jobs, let actor turns finish, close the pool, stop Discord, stop HTTP), which is not simply the reverse, so each
service carries its own stop rank. A stop step that fails or overruns its timeout is logged and counted; the
remaining steps still run, and the process exits non-zero.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Service:
    """One long-lived part of the process."""

    name: str
    stop: Callable[[], Awaitable[None]]
    stop_rank: int
    """Lower ranks stop first."""
    stop_timeout: float = 10.0


@dataclass
class Lifecycle:
    """The started services, stopped once in rank order by :meth:`shutdown`."""

    services: list[Service] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    _shut_down: bool = False

    def add(self, service: Service) -> None:
        """Record a service that has started, so shutdown stops it."""
        self.services.append(service)

    async def shutdown(self) -> bool:
        """Stop every service in rank order; True when every step succeeded. Idempotent.

        Runs shielded from cancellation: a second signal or a crashing sibling must not cut the ordered stop
        short, or jobs would be left claimed and the pool open.
        """
        if self._shut_down:
            return not self.failed
        self._shut_down = True
        with anyio.CancelScope(shield=True):
            for service in sorted(self.services, key=lambda s: s.stop_rank):
                try:
                    with anyio.fail_after(service.stop_timeout):
                        await service.stop()
                except Exception:
                    logger.exception("shutdown step failed", extra={"step": service.name})
                    self.failed.append(service.name)
                else:
                    logger.info("stopped", extra={"step": service.name})
                    self.stopped.append(service.name)
        return not self.failed
