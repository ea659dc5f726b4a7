"""OTP-style supervisors for long-running services (and nested supervisors, and actor systems).

Every child runs in a task of the supervisor's anyio task group, wrapped so that its failure is *reported* to
the supervisor instead of cancelling its siblings (task groups alone behave like one-for-all with zero
restarts; see trio #136). The supervisor then applies its strategy, restart intensity and backoff. When the
budget is spent it stops every child in shutdown order and raises :class:`SupervisorEscalated`: at the root
that ends ``run`` with an exception, so the process exits non-zero and the orchestrator restarts it — never a
silent log line.
"""

from __future__ import annotations

import enum
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

import anyio
from anyio.abc import TaskGroup

from actors._clock import Clock, SystemClock, clock_move_on_after, clock_sleep
from actors._errors import SupervisorEscalated, SupervisorStartFailed
from actors._restart_policy import Backoff, Decider, Directive, Restart, RestartWindow, always_restart
from actors._service import ServiceHandle

logger = logging.getLogger(__name__)

ServiceFn = Callable[[ServiceHandle], Awaitable[None]]


class Strategy(enum.Enum):
    """Which children restart when one fails."""

    #: Only the failed child.
    ONE_FOR_ONE = "one_for_one"
    #: The failed child and every child started after it (start order expresses dependencies).
    REST_FOR_ONE = "rest_for_one"
    #: Every child.
    ONE_FOR_ALL = "one_for_all"


@dataclass(frozen=True, kw_only=True, slots=True)
class ChildSpec:
    """One supervised child.

    ``run(handle)`` runs the service until it is stopped; it calls ``handle.started()`` when ready.
    ``cooperative`` children are stopped by ``handle.request_stop()`` and get ``shutdown_timeout_s`` to return
    before they are cancelled; the others are cancelled at once and get ``shutdown_timeout_s`` for their
    cleanup to finish (past that the supervisor logs an error and keeps waiting: nothing is ever orphaned).
    """

    name: str
    run: ServiceFn
    restart: Restart = Restart.PERMANENT
    shutdown_timeout_s: float = 5.0
    cooperative: bool = False
    #: With ``Supervisor(auto_shutdown=True)``: when this child ends for good, the supervisor stops normally.
    significant: bool = False

    @classmethod
    def service(cls, name: str, fn: ServiceFn, **options: object) -> ChildSpec:
        """A child from an ``async def fn(handle)`` service function."""
        return cls(name=name, run=fn, **options)  # type: ignore[arg-type]

    @classmethod
    def from_context(
        cls, name: str, factory: Callable[[], AbstractAsyncContextManager[object]], **options: object
    ) -> ChildSpec:
        """A child from an async context manager (an HTTP server, a pool...): entering starts it, leaving it
        (within ``shutdown_timeout_s``) stops it."""

        async def run(handle: ServiceHandle) -> None:
            async with factory():
                handle.started()
                await handle.wait_stop()

        return cls(name=name, run=run, cooperative=True, **options)  # type: ignore[arg-type]

    @classmethod
    def supervisor(cls, sup: Supervisor, **options: object) -> ChildSpec:
        """A nested supervisor (stopped cooperatively; its own children bound its shutdown)."""
        options.setdefault("shutdown_timeout_s", math.inf)
        return cls(name=sup.name, run=sup.run, cooperative=True, **options)  # type: ignore[arg-type]


@dataclass(eq=False)
class _Child:
    spec: ChildSpec
    handle: ServiceHandle
    settled: anyio.Event = field(default_factory=anyio.Event)
    done: anyio.Event = field(default_factory=anyio.Event)
    scope: anyio.CancelScope | None = None
    stopping: bool = False
    outcome: BaseException | None = None

    @property
    def failed_to_start(self) -> bool:
        """It ended with an error before reporting ``started``."""
        return self.done.is_set() and self.outcome is not None and not self.handle.has_started


class Supervisor:
    """Supervises service children with an OTP strategy, restart intensity, backoff and escalation.

    ``max_restarts`` within ``within_s`` seconds (OTP intensity/period); each restart waits the ``backoff``.
    ``decider`` maps a child's exception to a directive (``RESUME`` counts as ``RESTART`` for a service, which
    has already ended; ``STOP`` drops the child; ``ESCALATE`` gives up at once). ``stop_order`` names children
    in the order they stop at shutdown (default: reverse start order).

    Start semantics follow OTP: children start one after the other, each only once the previous one reported
    ``started``. A child that fails before that aborts the supervisor's own start: the children already up are
    stopped in shutdown order and :class:`SupervisorStartFailed` is raised, so nothing ever runs on top of a
    dependency that never came up. During a restart, a child that fails to start again is retried with backoff
    against the same restart budget before any later child starts.

    Cancellation: cancelling ``run`` cancels every child (each still gets to run its cleanup) and propagates.
    """

    def __init__(
        self,
        children: Sequence[ChildSpec] = (),
        *,
        name: str = "root",
        strategy: Strategy = Strategy.ONE_FOR_ONE,
        max_restarts: int = 3,
        within_s: float = 5.0,
        backoff: Backoff | None = None,
        decider: Decider = always_restart,
        stop_order: Sequence[str] | None = None,
        auto_shutdown: bool = False,
        clock: Clock | None = None,
    ) -> None:
        names = [c.name for c in children]
        if len(set(names)) != len(names):
            raise ValueError("child names must be unique")
        self.name = name
        self.strategy = strategy
        self.decider = decider
        self.auto_shutdown = auto_shutdown
        self.clock: Clock = clock or SystemClock()
        self._specs = list(children)
        self._stop_order = list(stop_order) if stop_order is not None else None
        self._window = RestartWindow(max_restarts, within_s, backoff or Backoff(min_s=0.05, max_s=5.0))
        self._children: list[_Child] = []
        self._events: deque[tuple[_Child, BaseException | None]] = deque()
        self._wake = anyio.Event()
        self._stop = anyio.Event()
        self._tg: TaskGroup | None = None
        self._handle: ServiceHandle | None = None
        self._running = False
        self._restarting = False
        self._escalated: SupervisorEscalated | None = None
        #: Restarts performed, per child name.
        self.restarts: dict[str, int] = {}
        #: Names of children in the order they were last stopped (for diagnostics and tests).
        self.stopped: list[str] = []
        #: Names of children whose stop failed (raised, or overran the shutdown timeout).
        self.failed_stops: list[str] = []

    # ------------------------------------------------------------------------------------------- public
    @property
    def ready(self) -> bool:
        """True while running, not restarting, not stopping, and every child reports ready."""
        return (self._running and not self._restarting and not self._stop.is_set()
                and self._escalated is None and all(c.handle.ready for c in self._children))

    @property
    def children(self) -> list[str]:
        """Names of the current children, in start order."""
        return [c.spec.name for c in self._children]

    def request_stop(self) -> None:
        """Stop every child in shutdown order; ``run`` then returns normally."""
        self._stop.set()
        self._wake.set()

    async def start_child(self, spec: ChildSpec) -> None:
        """Add and start a dynamic child (after the static ones); returns once it reported ``started``."""
        if any(c.spec.name == spec.name for c in self._children):
            raise ValueError(f"a child named {spec.name!r} already runs")
        self._specs.append(spec)
        await self._start(spec, len(self._children))

    async def terminate_child(self, name: str) -> None:
        """Stop a child (within its shutdown timeout) and forget it."""
        for child in self._children:
            if child.spec.name == name:
                await self._stop_child(child)
                self._children.remove(child)
                self._specs = [s for s in self._specs if s.name != name]
                return
        raise KeyError(name)

    async def run(self, handle: ServiceHandle | None = None) -> None:
        """Start the children in order, supervise them until stopped; raise :class:`SupervisorEscalated` when
        the restart budget is spent."""
        if self._running:
            raise RuntimeError(f"supervisor {self.name!r} is already running")
        self._stop = anyio.Event()
        self._escalated = None
        self._running = True
        self._handle = handle
        if handle is not None:
            handle.set_probe(lambda: self.ready)
        try:
            async with anyio.create_task_group() as tg:
                self._tg = tg
                if handle is not None:
                    tg.start_soon(self._stop_on_request, handle)
                for index, spec in enumerate(list(self._specs)):
                    child = await self._start(spec, index)
                    if child.failed_to_start:
                        self._children.remove(child)
                        logger.critical("supervisor %s: child %s failed to start: %s", self.name, spec.name,
                                        child.outcome)
                        self._escalated = SupervisorStartFailed(self.name, spec.name, child.outcome)
                        break
                if self._escalated is None:
                    if handle is not None:
                        handle.started()
                    await self._supervise()
                await self._stop_all()
                tg.cancel_scope.cancel()
        finally:
            self._running = False
            self._tg = None
            self._children.clear()
            self._events.clear()
            if handle is not None:
                handle.set_ready(False)
        if self._escalated is not None:
            raise self._escalated

    # ----------------------------------------------------------------------------------------- internals
    async def _stop_on_request(self, handle: ServiceHandle) -> None:
        await handle.wait_stop()
        self.request_stop()

    async def _supervise(self) -> None:
        while not self._stop.is_set():
            if not self._events:
                self._wake = anyio.Event()
                if self._stop.is_set():
                    break
                await self._wake.wait()
                continue
            child, outcome = self._events.popleft()
            if not await self._handle_exit(child, outcome):
                return

    async def _start(self, spec: ChildSpec, index: int) -> _Child:
        settled = anyio.Event()
        child = _Child(spec, ServiceHandle(spec.name, on_started=settled.set), settled)
        self._children.insert(index, child)
        assert self._tg is not None
        self._tg.start_soon(self._child_main, child)
        # Like TaskGroup.start: the next child starts only once this one is up (or has already ended).
        await child.settled.wait()
        return child

    async def _child_main(self, child: _Child) -> None:
        outcome: BaseException | None = None
        try:
            with anyio.CancelScope() as scope:
                child.scope = scope
                await child.spec.run(child.handle)
        except Exception as exc:
            outcome = exc
        finally:
            child.outcome = outcome
            child.settled.set()
            child.done.set()
        if not child.stopping:
            self._events.append((child, outcome))
            self._wake.set()

    async def _handle_exit(self, child: _Child, outcome: BaseException | None) -> bool:
        """Apply the strategy to one child exit; False when the supervisor must stop (escalation or
        shutdown)."""
        if child not in self._children:
            return True
        spec = child.spec
        if outcome is not None:
            logger.error("supervisor %s: child %s failed: %s: %s", self.name, spec.name,
                         type(outcome).__name__, outcome, exc_info=outcome)
        else:
            logger.info("supervisor %s: child %s ended", self.name, spec.name)
        done_for_good = spec.restart is Restart.TEMPORARY or (
            spec.restart is Restart.TRANSIENT and outcome is None)
        if outcome is not None and not done_for_good:
            directive = self.decider(outcome)
            if directive is Directive.ESCALATE:
                return self._give_up(outcome)
            if directive is Directive.STOP:
                done_for_good = True
        if done_for_good:
            self._children.remove(child)
            if spec.significant and self.auto_shutdown:
                logger.info("supervisor %s: significant child %s ended; shutting down", self.name, spec.name)
                self._stop.set()
                return False
            return True
        if not self._window.record(self.clock.now()):
            return self._give_up(outcome)
        return await self._restart(child)

    def _give_up(self, cause: BaseException | None) -> bool:
        self._escalated = SupervisorEscalated(self.name, cause)
        logger.critical("supervisor %s gives up (restart budget spent or escalated): %s", self.name, cause)
        return False

    async def _restart(self, failed: _Child) -> bool:
        """Restart ``failed`` and the children its strategy takes along; False when the budget ran out."""
        self._restarting = True
        try:
            index = self._children.index(failed)
            if self.strategy is Strategy.ONE_FOR_ONE:
                affected = [failed]
            elif self.strategy is Strategy.REST_FOR_ONE:
                affected = self._children[index:]
            else:
                affected = list(self._children)
            for child in reversed(affected):
                if child is not failed:
                    await self._stop_child(child)
            delay = self._window.next_delay()
            if delay > 0:
                await clock_sleep(self.clock, delay)
            first = self._children.index(affected[0])
            for child in affected:
                self._children.remove(child)
            position = first
            for child in affected:
                # OTP: a temporary child taken down by a sibling's restart is not started again.
                if child.spec.restart is Restart.TEMPORARY and child is not failed:
                    continue
                if not await self._start_again(child.spec, position):
                    return False
                position += 1
            return True
        finally:
            self._restarting = False

    async def _start_again(self, spec: ChildSpec, position: int) -> bool:
        """Restart one child, retrying (with backoff, within the budget) while it fails before ``started``;
        later children wait, as at the first start."""
        while True:
            self.restarts[spec.name] = self.restarts.get(spec.name, 0) + 1
            logger.warning("supervisor %s: restarting %s", self.name, spec.name)
            child = await self._start(spec, position)
            if not child.failed_to_start:
                return True
            self._children.remove(child)  # its exit event is then ignored
            logger.error("supervisor %s: child %s failed to start again: %s", self.name, spec.name, child.outcome)
            if not self._window.record(self.clock.now()):
                return self._give_up(child.outcome)
            delay = self._window.next_delay()
            if delay > 0:
                await clock_sleep(self.clock, delay)

    async def _stop_child(self, child: _Child) -> None:
        """Stop one child: graceful request (cooperative) or cancel, bounded by its shutdown timeout."""
        if child.done.is_set():
            return
        child.stopping = True
        spec = child.spec
        if spec.cooperative:
            child.handle.request_stop()
        elif child.scope is not None:
            child.scope.cancel()
        with clock_move_on_after(self.clock, spec.shutdown_timeout_s):
            await child.done.wait()
        timed_out = not child.done.is_set()
        if timed_out:
            logger.error("supervisor %s: child %s exceeded its shutdown timeout (%ss); cancelling", self.name,
                         spec.name, spec.shutdown_timeout_s)
            if child.scope is not None:
                child.scope.cancel()
            await child.done.wait()
        self.stopped.append(spec.name)
        if child.outcome is not None:
            logger.error("supervisor %s: child %s failed while stopping: %s: %s", self.name, spec.name,
                         type(child.outcome).__name__, child.outcome, exc_info=child.outcome)
        if timed_out or child.outcome is not None:
            self.failed_stops.append(spec.name)
        else:
            logger.info("stopped", extra={"step": spec.name, "supervisor": self.name})

    async def _stop_all(self) -> None:
        order = list(reversed(self._children))
        if self._stop_order is not None:
            rank = {name: i for i, name in enumerate(self._stop_order)}
            # Named children first, in the given order; any others afterwards in reverse start order.
            order.sort(key=lambda c: rank.get(c.spec.name, len(rank)))
        with anyio.CancelScope(shield=True):
            for child in order:
                await self._stop_child(child)
        self._children.clear()
