"""The handle a supervised service receives: announce readiness, notice a graceful stop request."""

from __future__ import annotations

from collections.abc import Callable

import anyio


class ServiceHandle:
    """Given to every supervised child (``async def service(handle): ...``).

    Call :meth:`started` once initialisation is done (the supervisor starts the next child only then, like
    ``TaskGroup.start``). A graceful stop sets :attr:`stop_requested`; cooperative services watch
    :meth:`wait_stop` and return, others are cancelled. :meth:`set_ready` lets a running service report that
    it is (temporarily) not ready, which clears its supervisor's readiness too.
    """

    __slots__ = ("_on_started", "_probe", "_ready", "_started", "_stop", "name")

    def __init__(self, name: str, on_started: Callable[[], None] | None = None) -> None:
        self.name = name
        self._ready = False
        self._probe: Callable[[], bool] | None = None
        self._on_started = on_started
        self._started = anyio.Event()
        self._stop = anyio.Event()

    def started(self) -> None:
        """Initialisation finished: the service is up and ready. Idempotent."""
        if self._started.is_set():
            return
        self._ready = True
        self._started.set()
        if self._on_started is not None:
            self._on_started()

    @property
    def has_started(self) -> bool:
        """Whether :meth:`started` was called."""
        return self._started.is_set()

    @property
    def ready(self) -> bool:
        """Started, not reported unready, and the readiness probe (if any) agrees."""
        return self._ready and (self._probe is None or self._probe())

    def set_ready(self, ready: bool) -> None:
        """Report readiness changes after start (e.g. a client that lost its connection)."""
        self._ready = ready

    def set_probe(self, probe: Callable[[], bool]) -> None:
        """Let the supervisor ask the service itself (a nested supervisor or an actor system reports its own
        live ``ready``), so readiness propagates up the tree."""
        self._probe = probe

    def request_stop(self) -> None:
        """Ask the service to stop gracefully."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        """Whether a graceful stop was requested."""
        return self._stop.is_set()

    async def wait_stop(self) -> None:
        """Wait for a graceful stop request. Cancellation: simply propagates."""
        await self._stop.wait()

    async def wait_started(self) -> None:
        """Wait until :meth:`started` was called."""
        await self._started.wait()
