"""The actor system: kinds, activation, the dead-letter path, idle sweeps, quiescence and shutdown."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Iterable, Iterator, Sized
from types import TracebackType
from typing import TYPE_CHECKING, Final

import anyio
from anyio.abc import TaskGroup, TaskStatus
from opentelemetry.trace import Span, Tracer

from actors._cell import RUNNING, STOPPING, SYS_DRAIN, SYS_PASSIVATE, SYS_STOP, SYS_UNWATCH, SYS_WATCH, Cell
from actors._clock import Clock, SystemClock, clock_move_on_after, clock_sleep
from actors._dead_letter_writer import DeadLetterWriter, make_dead_letter
from actors._dead_letters import DeadLetterStore
from actors._deadlines import AskDeadlines
from actors._envelope import Envelope
from actors._errors import ActorStopped, MailboxFull, SupervisorEscalated, UnknownActorKind
from actors._kind import ActorKind, Terminated
from actors._mailbox import MailboxStatistics, MessagePolicy
from actors._metrics import KindStats, register_source
from actors._ref import ActorRef
from actors._service import ServiceHandle

if TYPE_CHECKING:
    from actors.testing import FaultInjector

logger = logging.getLogger(__name__)

#: Sweeps per idle timeout: an idle actor passivates between 1 and 1.25 idle timeouts after its last message.
SWEEP_TICKS: Final = 4

Watcher = ActorRef | Callable[[Terminated], object]


class KindRuntime:
    """One registered kind inside one system: its live cells, stats and resolved message policies."""

    __slots__ = ("cells", "interleave", "name", "policy_cache", "span_name", "spec", "stats", "system",
                 "traced")

    def __init__(self, system: ActorSystem, spec: ActorKind) -> None:
        self.system = system
        self.spec = spec
        self.name = spec.name
        self.cells: dict[str, Cell] = {}
        self.stats = KindStats()
        self.policy_cache: dict[type, MessagePolicy] = {}
        self.interleave = spec.interleave
        self.span_name = f"actor.turn {spec.name}"
        #: Whether envelopes must capture the sender's trace context (fixed for the system's lifetime).
        self.traced = system.tracer is not None

    def policy_of(self, cls: type) -> MessagePolicy:
        """The policy for a message class: the nearest class in its MRO with a policy, else the kind
        default."""
        for base in cls.__mro__:
            policy = self.spec.policies.get(base)
            if policy is not None:
                break
        else:
            policy = self.spec.overflow
        self.policy_cache[cls] = policy
        return policy

    def cell(self, key: str) -> Cell:
        """The live cell for ``key``, activating one if there is none."""
        cell = self.cells.get(key)
        if cell is None:
            cell = self.cells[key] = Cell(self, key)
            self.system.busy_inc()
            cell.start()
        return cell


class ActorSystem:
    """Virtual actors addressed by ``(kind, key)``, supervised per kind, run as one supervised service.

    Run it with ``async with ActorSystem(...) as system:`` or as a supervisor child (``system.run(handle)``).
    Actor loops are asyncio tasks owned by the system (created with an empty context and tracked); the
    system's ``run`` does not return before every one of them has ended, so nothing outlives it.

    ``tracer``: an OpenTelemetry tracer (None turns tracing off and keeps the untraced fast path).
    ``dead_letter_store``: where poison messages are persisted (None: logged and counted only).
    ``shutdown_grace_s``: how long a stop lets actors drain their mailboxes before cancelling them.

    Cancellation: cancelling ``run`` hard-cancels every actor (their queued messages become dead letters and
    pending asks fail with ``ActorStopped``) and then re-raises.
    """

    def __init__(
        self,
        kinds: Iterable[ActorKind] = (),
        *,
        clock: Clock | None = None,
        tracer: Tracer | None = None,
        dead_letter_store: DeadLetterStore | None = None,
        faults: FaultInjector | None = None,
        shutdown_grace_s: float = 10.0,
        persist_reasons: frozenset[str] = frozenset({"poison"}),
        rng: random.Random | None = None,
        name: str = "actors",
    ) -> None:
        self.name = name
        self.clock: Clock = clock or SystemClock()
        self.deadlines = AskDeadlines(self.clock)
        self.tracer = tracer
        self.faults = faults
        #: True when every turn must go through the instrumented path.
        self.slow_path = tracer is not None or faults is not None
        self.persist_reasons = persist_reasons
        self.shutdown_grace_s = shutdown_grace_s
        self.rng = rng or random.Random()
        self.accepting = False
        self.ready_queue: Sized | None = None
        self.loop: asyncio.AbstractEventLoop = None  # type: ignore[assignment]  # set by run()
        self._kinds: dict[str, KindRuntime] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._busy = 0
        self._quiet: list[asyncio.Future[None]] = []
        self._writer = None if dead_letter_store is None else DeadLetterWriter(
            dead_letter_store, self.busy_inc, self.busy_dec)
        self._stop = anyio.Event()
        self._running = False
        self._ready = False
        self._escalation: SupervisorEscalated | None = None
        self._tg: TaskGroup | None = None
        self._outer_tg: TaskGroup | None = None
        for kind in kinds:
            self.register(kind)
        register_source(self)

    # ------------------------------------------------------------------------------------------- public
    def register(self, kind: ActorKind) -> None:
        """Add an actor kind (before or while the system runs)."""
        if kind.name in self._kinds:
            raise ValueError(f"actor kind {kind.name!r} is already registered")
        rt = self._kinds[kind.name] = KindRuntime(self, kind)
        if self._tg is not None and kind.idle_timeout_s is not None:
            self._tg.start_soon(self._sweep, rt)

    def ref(self, kind: str, key: str) -> ActorRef:
        """The reference for ``(kind, key)``; never fails for a registered kind and never activates
        anything."""
        rt = self._kinds.get(kind)
        if rt is None:
            raise UnknownActorKind(f"no actor kind {kind!r} is registered")
        return ActorRef(rt, key)

    @property
    def ready(self) -> bool:
        """True while the system runs and accepts messages."""
        return self._ready

    def active_count(self, kind: str | None = None) -> int:
        """Active (non-passivated) actors, of one kind or in total."""
        if kind is not None:
            return len(self._kinds[kind].cells)
        return sum(len(rt.cells) for rt in self._kinds.values())

    def is_active(self, ref: ActorRef) -> bool:
        """Whether ``ref`` currently has an activation."""
        return ref.key in self._kinds[ref.kind].cells

    def actor_task(self, ref: ActorRef) -> asyncio.Task[None] | None:
        """The task of ``ref``'s activation (None when passive); for tests and diagnostics."""
        cell = self._kinds[ref.kind].cells.get(ref.key)
        return None if cell is None else cell.task

    def task_count(self) -> int:
        """How many actor tasks exist (passive actors have none)."""
        return len(self._all_tasks())

    def mailbox_statistics(self, ref: ActorRef) -> MailboxStatistics | None:
        """The fill level of ``ref``'s mailbox (None when the actor is passive)."""
        cell = self._kinds[ref.kind].cells.get(ref.key)
        return None if cell is None else cell.mailbox.statistics()

    def stats(self, kind: str) -> KindStats:
        """The counters of one kind (what the Prometheus collector reports)."""
        return self._kinds[kind].stats

    def watch(self, target: ActorRef, watcher: Watcher) -> None:
        """Deliver ``Terminated(ref, reason)`` to ``watcher`` (a ref or a callback) when ``target``'s current
        activation ends; watching a passive actor activates it."""
        if self.accepting:
            self._kinds[target.kind].cell(target.key).post_system(SYS_WATCH, watcher)

    def unwatch(self, target: ActorRef, watcher: Watcher) -> None:
        """Withdraw a watch."""
        cell = self._kinds[target.kind].cells.get(target.key)
        if cell is not None:
            cell.post_system(SYS_UNWATCH, watcher)

    def stop_actor(self, ref: ActorRef, reason: str = "stopped") -> bool:
        """Stop ``ref``'s activation after its current turn (queued messages become dead letters)."""
        cell = self._kinds[ref.kind].cells.get(ref.key)
        if cell is None:
            return False
        cell.post_system(SYS_STOP, reason)
        return True

    def passivate(self, ref: ActorRef) -> bool:
        """Ask ``ref``'s activation to passivate now if it is idle."""
        cell = self._kinds[ref.kind].cells.get(ref.key)
        if cell is None:
            return False
        cell.touched = False
        cell.post_system(SYS_PASSIVATE)
        return True

    def kill(self, ref: ActorRef) -> bool:
        """Crash ``ref``'s activation from outside (an ``ActorKilled`` failure handled by its supervision).

        The message of an interrupted turn is retried after the restart (it counts one failure).
        """
        cell = self._kinds[ref.kind].cells.get(ref.key)
        if cell is None or cell.task is None or cell.task.done() or cell.state == 0:
            return False  # not running yet (or activating): nothing to crash
        cell.killed = True
        cell.task.cancel()
        return True

    async def quiesce(self) -> None:
        """Wait until every mailbox is empty, every actor is parked, and no debounce window, restart backoff
        or dead-letter write is pending. Cancellation: simply propagates."""
        while True:
            if self._busy <= 0:
                # Let callbacks scheduled by the last turn (replies, wake-ups) run, then look again.
                await asyncio.sleep(0)
                await asyncio.sleep(0)
                if self._busy <= 0:
                    return
                continue
            fut: asyncio.Future[None] = self.loop.create_future()
            self._quiet.append(fut)
            try:
                await fut
            finally:
                if fut in self._quiet:
                    self._quiet.remove(fut)

    def request_stop(self) -> None:
        """Begin a graceful shutdown (``run`` drains, stops and returns)."""
        self._stop.set()

    # --------------------------------------------------------------------------------------- lifecycle
    async def run(self, handle: ServiceHandle | None = None) -> None:
        """Run until :meth:`request_stop` (returns) or an escalation (raises :class:`SupervisorEscalated`)."""
        if self._running:
            raise RuntimeError("the actor system is already running")
        self.loop = asyncio.get_running_loop()
        # The loop's queue of runnable callbacks (a CPython detail), so actors yield only when someone waits.
        self.ready_queue = getattr(self.loop, "_ready", None)
        self._running = True
        self._stop = anyio.Event()
        self._escalation = None
        try:
            async with anyio.create_task_group() as tg:
                self._tg = tg
                if self._writer is not None:
                    tg.start_soon(self._writer.run)
                for rt in self._kinds.values():
                    if rt.spec.idle_timeout_s is not None:
                        tg.start_soon(self._sweep, rt)
                self.accepting = True
                self._ready = True
                if handle is not None:
                    handle.set_probe(lambda: self._ready)
                    handle.started()
                    tg.start_soon(self._stop_on_request, handle)
                await self._stop.wait()
                self._ready = False
                if handle is not None:
                    handle.set_ready(False)
                await self._shutdown()
                tg.cancel_scope.cancel()
        finally:
            self._tg = None
            self._ready = False
            self.accepting = False
            with anyio.CancelScope(shield=True):
                await self._cancel_all()
            self._running = False
        if self._escalation is not None:
            raise self._escalation

    async def _stop_on_request(self, handle: ServiceHandle) -> None:
        await handle.wait_stop()
        self.request_stop()

    async def _shutdown(self) -> None:
        self.accepting = False
        for rt in self._kinds.values():
            for cell in list(rt.cells.values()):
                # Marked at once (not when the cell gets to its system lane), so the senders' fast path sees
                # it.
                cell.stop_reason = "system_stopped"
                if cell.state == RUNNING:
                    cell.state = STOPPING
                cell.post_system(SYS_STOP if self._escalation is not None else SYS_DRAIN, "system_stopped")
        with clock_move_on_after(self.clock, self.shutdown_grace_s):
            while tasks := self._all_tasks():
                await asyncio.wait(tasks)
        await self._cancel_all()
        if self._writer is not None:
            # Give the writer the grace period to persist what the stopping actors dead-lettered.
            await self._writer.flush(self.clock, self.shutdown_grace_s)

    async def _cancel_all(self) -> None:
        cells = [cell for rt in self._kinds.values() for cell in rt.cells.values()]
        for cell in cells:
            cell.stop_reason = "system_stopped"
        tasks = self._all_tasks()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        for cell in cells:
            # A task cancelled before its first step never ran its ``finally``.
            cell.settle_unstarted()

    async def __aenter__(self) -> ActorSystem:
        tg = anyio.create_task_group()
        await tg.__aenter__()
        self._outer_tg = tg
        try:
            await tg.start(self._run_with_status)
        except BaseException:
            await tg.__aexit__(None, None, None)
            raise
        return self

    async def _run_with_status(self, *, task_status: TaskStatus[None]) -> None:
        await self.run(ServiceHandle(self.name, on_started=lambda: task_status.started()))

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        self.request_stop()
        tg, self._outer_tg = self._outer_tg, None
        assert tg is not None
        try:
            return await tg.__aexit__(exc_type, exc, tb)
        except BaseExceptionGroup as group:
            if len(group.exceptions) == 1:
                raise group.exceptions[0] from None
            raise

    # ------------------------------------------------------------------------------- called by cells
    def track(self, task: asyncio.Task[None]) -> None:
        """Own an extra task (an interleaved query) until it ends; activation tasks are owned via their
        cells."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _all_tasks(self) -> list[asyncio.Task[None]]:
        tasks = list(self._tasks)
        for rt in self._kinds.values():
            tasks.extend(cell.task for cell in rt.cells.values() if cell.task is not None)
        return tasks

    def busy_inc(self) -> None:
        """One more unit of outstanding work (a running cell, a debounce window, a dead letter to write)."""
        self._busy += 1

    def busy_dec(self) -> None:
        """One unit of outstanding work finished; wakes ``quiesce`` waiters when none is left."""
        self._busy -= 1
        if self._busy <= 0 and self._quiet:
            for fut in self._quiet:
                if not fut.done():
                    fut.set_result(None)
            self._quiet.clear()

    def escalate(self, error: SupervisorEscalated) -> None:
        """A kind gave up: stop the system; ``run`` raises ``error`` once everything has stopped."""
        if self._escalation is None:
            self._escalation = error
            logger.critical("actor system %s escalates: %s", self.name, error)
        self._stop.set()

    def notify_watcher(self, watcher: object, note: Terminated) -> None:
        """Deliver ``Terminated`` to a ref or a callback; a failing callback is logged, never propagated."""
        if isinstance(watcher, ActorRef):
            watcher.tell_nowait(note)
            return
        try:
            watcher(note)  # type: ignore[operator]
        except Exception:
            logger.exception("watch callback failed for %s", note.ref)

    def dead_letter(
        self,
        rt: KindRuntime,
        key: str,
        item: object,
        reason: str,
        error: BaseException | None = None,
        *,
        span: Span | None = None,
    ) -> None:
        """Settle an undeliverable message: fail its askers, count it, log it, and persist it if
        configured."""
        env = item if type(item) is Envelope else None
        message = item if env is None else env.message
        if env is not None:
            for fut in env.all_replies():
                if not fut.done():
                    full = reason in ("mailbox_full", "stash_full")
                    fut.set_exception(MailboxFull() if full else ActorStopped())
        rt.stats.bump(rt.stats.dead_letters, reason)
        logger.warning("dead letter %s/%s (%s): %s", rt.name, key, reason, type(message).__name__)
        if self._writer is not None and reason in self.persist_reasons:
            self._writer.submit(make_dead_letter(rt.name, key, item, reason, error, span))

    # ------------------------------------------------------------------------------------ background
    async def _sweep(self, rt: KindRuntime) -> None:
        """Passivate actors that received nothing for the kind's idle timeout (their own timers do not
        count)."""
        assert rt.spec.idle_timeout_s is not None
        interval = rt.spec.idle_timeout_s / SWEEP_TICKS
        while True:
            await clock_sleep(self.clock, interval)
            for cell in list(rt.cells.values()):
                if cell.state != RUNNING or not cell.idle or cell.timers:
                    cell.idle_ticks = 0
                    continue
                if cell.touched:
                    cell.touched = False
                    cell.idle_ticks = 0
                    continue
                cell.idle_ticks += 1
                if cell.idle_ticks >= SWEEP_TICKS:
                    cell.post_system(SYS_PASSIVATE)

    # ------------------------------------------------------------------------------------------ metrics
    def metric_kinds(self) -> Iterator[tuple[str, KindStats, int, int]]:
        """``(kind, stats, active actors, queued messages)`` per kind, for the Prometheus collector."""
        for rt in list(self._kinds.values()):
            cells = list(rt.cells.values())
            yield rt.name, rt.stats, len(cells), sum(len(cell.mailbox.queue) for cell in cells)
