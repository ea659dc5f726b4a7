"""The actor cell: one activation's mailbox, run loop, failure handling and lifecycle.

This is the runtime's core loop file, the one module allowed to be long (like trio's ``_run.py``). Invariants:

- A cell's task is created with an **empty** ``contextvars.Context``: it must not inherit the activator's
  trace context or log fields (each envelope carries its sender's own).
- The loop parks on a single waiter future when the mailbox is empty; a delivery resolves it. No task or
  callback is created per message.
- ``idle`` is True exactly while the cell is counted as *not busy* by the system (for ``quiesce``); the waker
  flips it, so the count never misses a cell that was woken but has not run yet.
- A cancelled turn puts its message back at the head of the mailbox before the cancellation propagates, so a
  cancellation (shutdown or kill) never loses the message it interrupted.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Hashable
from typing import TYPE_CHECKING, Final

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode

from actors._clock import TimerHandle, clock_move_on_after, clock_sleep
from actors._coalesce import DebounceSlots
from actors._envelope import Envelope, wrap
from actors._errors import ActorCrashed, ActorKilled, ActorStopped, SupervisorEscalated
from actors._kind import Actor, Terminated
from actors._mailbox import EMPTY_QUEUE, Coalesce, Mailbox, Offer, Overflow
from actors._metrics import TURN_BUCKETS
from actors._restart_policy import Directive, Restart, RestartWindow
from telemetry import log_context
from together.errors import DomainError

if TYPE_CHECKING:
    from actors._ref import ActorRef
    from actors._system import ActorSystem, KindRuntime

logger = logging.getLogger(__name__)

# Cell states, as small ints: compared on the hot path.
ACTIVATING: Final = 0
RUNNING: Final = 1
BACKOFF: Final = 2
STOPPING: Final = 3
DEAD: Final = 4

#: Longest stretch of turns without letting the event loop poll I/O.
TIME_SLICE_S: Final = 0.002

# System-lane operations.
SYS_STOP: Final = "stop"
SYS_DRAIN: Final = "drain"
SYS_PASSIVATE: Final = "passivate"
SYS_WATCH: Final = "watch"
SYS_UNWATCH: Final = "unwatch"

# What a failed turn leads to.
_CONTINUE: Final = 0
_RESTART: Final = 1
_STOP: Final = 2
_ESCALATE: Final = 3

class _Turn:
    """The current turn as a handler sees it (``ctx.turn``)."""

    __slots__ = ("absorbed", "correlation_id")

    def __init__(self, absorbed: int, correlation_id: str | None) -> None:
        self.absorbed = absorbed
        self.correlation_id = correlation_id


_PLAIN_TURN: Final = _Turn(1, None)


class Cell:
    """One activation of a keyed actor; also the ``ActorContext`` its behaviour sees."""

    __slots__ = ("_ref", "actor", "current", "debounce", "idle", "idle_ticks", "interleaved", "key", "killed",
                 "mailbox", "putters", "rt", "self_timers", "state", "stop_reason", "sys", "task", "timers",
                 "touched", "waiter", "watchers", "window")

    def __init__(self, rt: KindRuntime, key: str) -> None:
        self.rt = rt
        self.key = key
        self.mailbox = Mailbox(rt.spec.capacity)
        self.state = ACTIVATING
        self.actor: Actor | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.sys: list[tuple[str, object]] | None = None
        self.task: asyncio.Task[None] | None = None
        # A new cell is busy until its loop first parks.
        self.idle = False
        self.touched = True
        self.idle_ticks = 0
        self.current: _Turn = _PLAIN_TURN
        self.window: RestartWindow | None = None
        self.watchers: list[object] | None = None
        self.debounce: DebounceSlots | None = None
        self.timers: dict[Hashable, TimerHandle] | None = None
        self.self_timers: set[TimerHandle] | None = None
        self.putters: deque[asyncio.Future[None]] | None = None
        self.interleaved: set[asyncio.Task[None]] | None = None
        self.killed = False
        self.stop_reason = "stopped"
        self._ref: ActorRef | None = None

    # ----------------------------------------------------------------------------------------- ActorContext
    @property
    def ref(self) -> ActorRef:
        ref = self._ref
        if ref is None:
            ref = self._ref = self.rt.system.ref(self.rt.name, self.key)
        return ref

    @property
    def system(self) -> ActorSystem:
        return self.rt.system

    @property
    def turn(self) -> _Turn:
        return self.current

    def watch(self, target: ActorRef) -> None:
        self.rt.system.watch(target, self.ref)

    def stop(self, reason: str = "stopped") -> None:
        self.post_system(SYS_STOP, reason)

    def send_later(self, delay: float, message: object) -> None:
        """Deliver ``message`` to this activation after ``delay`` seconds (the actor's own timer).

        Timer messages do not count as activity, so they never keep an idle actor from passivating;
        passivation or stop cancels them (Orleans' rule for grain timers).
        """
        timers = self.self_timers
        if timers is None:
            timers = self.self_timers = set()
        handle: list[TimerHandle] = []

        def fire() -> None:
            timers.discard(handle[0])
            if self.state in (RUNNING, BACKOFF):
                touched = self.touched
                rt = self.rt
                self.post(message, rt.policy_cache.get(type(message)) or rt.policy_of(type(message)))
                self.touched = touched

        handle.append(self.rt.system.clock.call_later(delay, fire))
        timers.add(handle[0])

    # ------------------------------------------------------------------------------------------- delivery
    def start(self) -> None:
        """Create the cell's task (from a plain callback or coroutine; never blocks)."""
        system = self.rt.system
        # An empty context: the activator's span and log fields must not leak into later turns.
        # No done callback (it would cost ~190 bytes per actor): a task cancelled before its first step never
        # runs its ``finally``, so the system settles such cells itself after cancelling them.
        self.task = system.loop.create_task(self._run(), context=contextvars.Context())

    def wake(self) -> None:
        """Resolve the waiter if the loop is parked; counts the cell busy again."""
        waiter = self.waiter
        if waiter is not None:
            self.waiter = None
            if not waiter.done():
                waiter.set_result(None)
            if self.idle:
                self.idle = False
                self.rt.system.busy_inc()

    def post(self, item: object, policy: Overflow | Coalesce) -> Offer:
        """Offer a message (or envelope) under its class policy; wakes the loop when accepted."""
        mailbox = self.mailbox
        self.touched = True
        if policy.__class__ is Overflow:
            if self.state == BACKOFF and len(mailbox) >= self.rt.spec.supervision.stash_capacity:
                return Offer.FULL
            result = mailbox.offer(item, policy)
            if result is Offer.DROPPED_OLDEST:
                dropped, mailbox.dropped = mailbox.dropped, None
                self.rt.system.dead_letter(self.rt, self.key, dropped, "dropped_oldest")
            if result is not Offer.FULL:
                self.wake()
            return result
        return self._post_coalesced(wrap(item), policy)  # type: ignore[arg-type]

    def _post_coalesced(self, env: Envelope, policy: Coalesce) -> Offer:
        rt = self.rt
        ckey = policy.key(env.message)
        mailbox = self.mailbox
        pending = mailbox.pending
        if pending is not None and ckey in pending:
            rt.stats.coalesced += 1
            return mailbox.offer_coalesced(env, ckey)
        if policy.debounce_s <= 0 and policy.max_delay_s is None:
            result = mailbox.offer_coalesced(env, ckey)
            if result is Offer.ACCEPTED:
                self.wake()
            return result
        debounce = self.debounce
        if debounce is None:
            debounce = self.debounce = DebounceSlots()
        if ckey not in debounce and len(mailbox) + len(debounce) >= mailbox.capacity:
            return Offer.FULL
        clock = rt.system.clock
        opened, due = debounce.trigger(ckey, env, policy, clock.now())
        if not opened:
            rt.stats.coalesced += 1
        timers = self.timers
        if timers is None:
            timers = self.timers = {}
        old = timers.pop(ckey, None)
        if old is not None:
            old.cancel()
        else:
            # A pending debounce window is outstanding work: the cell is busy until it flushes.
            rt.system.busy_inc()
        timers[ckey] = clock.call_later(due - clock.now(), self._flush_debounced, ckey)
        return Offer.ACCEPTED if opened else Offer.COALESCED

    def _flush_debounced(self, ckey: Hashable) -> None:
        timers, debounce = self.timers, self.debounce
        if timers is None or debounce is None or timers.pop(ckey, None) is None:
            return
        # The timer is authoritative (asyncio may run a timer a clock resolution early): take the slot.
        env = debounce.pop_due(ckey, math.inf)
        if env is not None:
            # Already admitted against capacity when its window opened: queue it even if the mailbox filled.
            env.ckey = ckey
            mailbox = self.mailbox
            if mailbox.pending is None:
                mailbox.pending = {}
            mailbox.pending[ckey] = env
            mailbox.writable().append(env)
            self.wake()
        self.rt.system.busy_dec()

    def post_system(self, op: str, arg: object = None) -> None:
        """Queue a system message (stop, drain, passivate, watch) ahead of every user message."""
        if self.state == DEAD:
            return
        if self.sys is None:
            self.sys = []
        self.sys.append((op, arg))
        self.wake()

    async def wait_room(self) -> None:
        """Wait until a message was taken from the mailbox (backpressure for ``Overflow.BLOCK``).

        Cancellation: the waiter is withdrawn; if it had already been handed the wake-up, the wake-up passes
        to the next blocked producer so no room is wasted.
        """
        fut: asyncio.Future[None] = self.rt.system.loop.create_future()
        putters = self.putters
        if putters is None:
            putters = self.putters = deque()
        putters.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._wake_putter()
            else:
                try:
                    putters.remove(fut)
                except ValueError:
                    pass
            raise

    def _wake_putter(self) -> None:
        putters = self.putters
        while putters:
            fut = putters.popleft()
            if not fut.done():
                fut.set_result(None)
                return

    # ------------------------------------------------------------------------------------------- run loop
    async def _run(self) -> None:
        """The activation's task: activate, then alternate between the system lane, draining and parking.

        The parked frame is kept small on purpose (a parked actor's coroutine frame is part of its memory);
        the draining state lives in :meth:`_drain`, whose frame only exists while there is work.
        """
        try:
            if not await self._activate():
                return
            mailbox = self.mailbox
            system = self.rt.system
            while True:
                if self.sys is not None and not await self._system_messages():
                    return
                if mailbox.queue:
                    if not await self._drain():
                        return
                    continue
                if self.state == STOPPING:
                    return
                # Parked: hand the (empty) deque back; an idle actor holds none.
                mailbox.queue = EMPTY_QUEUE
                fut = self.waiter = system.loop.create_future()
                self.idle = True
                system.busy_dec()
                try:
                    await fut
                except asyncio.CancelledError:
                    if not self._uncancel_if_killed():
                        raise
                    # Killed while idle: a crash like any other (state discarded, the budget applies).
                    self.waiter = None
                    if self.idle:
                        self.idle = False
                        system.busy_inc()
                    if not await self._apply(self._on_failure(None, ActorKilled(), None)):
                        return
        finally:
            self._finish()

    async def _drain(self) -> bool:
        """Run turns until the mailbox is empty or a system message arrives; False when the activation ends.

        Fairness: after ``throughput`` turns the actor yields to the event loop if any other task is runnable,
        and at least every :data:`TIME_SLICE_S` so that I/O keeps being polled.
        """
        rt = self.rt
        system = rt.system
        mailbox = self.mailbox
        queue = mailbox.queue
        stats = rt.stats
        buckets = stats.buckets
        bounds = TURN_BUCKETS
        throughput = rt.spec.throughput
        low_water = mailbox.capacity // 2
        slow = system.slow_path
        ready = system.ready_queue
        perf = time.perf_counter
        last_yield = mark = perf()
        while queue:
            budget = throughput
            ok = 0
            turn_sum = 0.0
            while budget and queue:
                budget -= 1
                item = queue.popleft()
                # Backpressure: wake a blocked producer once the queue is half empty (not on every take), so a
                # flooding producer refills in large batches instead of one task switch per message.
                if self.putters and len(queue) <= low_water:
                    self._wake_putter()
                if item.__class__ is Envelope:
                    if slow or item.correlation_id is not None or item.links is not None \
                            or item.ckey is not None:
                        if not await self._turn(item):
                            return False
                        mark = perf()
                        continue
                    # A plain ask: no span, no log fields, no coalescing; answer it inline.
                    try:
                        result = await self.actor.receive(item.message)  # type: ignore[union-attr]
                    except asyncio.CancelledError:
                        if not self._uncancel_if_killed():
                            mailbox.push_front(item)
                            raise
                        if not await self._apply(self._on_failure(item, ActorKilled(), None)):
                            return False
                        mark = perf()
                    except Exception as exc:
                        if not await self._apply(self._on_failure(item, exc, None)):
                            return False
                        mark = perf()
                    else:
                        reply = item.reply
                        if reply is not None and not reply.done():
                            reply.set_result(result)
                        if item.extra_replies:
                            for fut in item.extra_replies:
                                if not fut.done():
                                    fut.set_result(result)
                        now = perf()
                        elapsed = now - mark
                        mark = now
                        buckets[bisect_left(bounds, elapsed)] += 1
                        turn_sum += elapsed
                        ok += 1
                elif slow:
                    if not await self._turn(item):
                        return False
                    mark = perf()
                else:
                    try:
                        await self.actor.receive(item)  # type: ignore[union-attr]
                    except asyncio.CancelledError:
                        if not self._uncancel_if_killed():
                            # Shutdown or an outer cancel: keep the message for whoever drains the mailbox.
                            mailbox.push_front(item)
                            raise
                        if not await self._apply(self._on_failure(Envelope(item), ActorKilled(), None)):
                            return False
                        mark = perf()
                    except Exception as exc:
                        if not await self._apply(self._on_failure(Envelope(item), exc, None)):
                            return False
                        mark = perf()
                    else:
                        # Back-to-back turns: one clock read per turn measures each of them.
                        now = perf()
                        elapsed = now - mark
                        mark = now
                        buckets[bisect_left(bounds, elapsed)] += 1
                        turn_sum += elapsed
                        ok += 1
                if self.sys is not None:
                    budget = -1
                    break
            if ok:
                stats.turn_count += ok
                stats.turn_sum += turn_sum
                messages = stats.messages
                messages["ok"] = messages.get("ok", 0) + ok
            if budget < 0:
                return True  # the system lane comes first
            if queue and (ready is None or ready or mark - last_yield > TIME_SLICE_S):
                await asyncio.sleep(0)
                last_yield = mark = perf()
            queue = mailbox.queue
        return True

    async def _activate(self) -> bool:
        """Build the behaviour and run ``on_activate``; failures go through supervision. False: give up."""
        while True:
            self.state = ACTIVATING
            try:
                actor = self.rt.spec.factory(self)
                await actor.on_activate()
            except asyncio.CancelledError:
                if not self._uncancel_if_killed():
                    raise
                exc: BaseException = ActorKilled()
            except Exception as error:
                exc = error
            else:
                self.actor = actor
                # A drain requested during activation or backoff still holds: finish the queue, then end.
                self.state = STOPPING if self.stop_reason == "system_stopped" else RUNNING
                return True
            action = self._on_failure(None, exc, None)
            if action == _RESTART:
                await self._backoff()
                continue
            return False

    async def _turn(self, item: object) -> bool:
        """The instrumented turn: envelopes, tracing, log fields, fault injection. False: leave the loop."""
        env = wrap(item)
        if env.ckey is not None:
            # Taken from the queue: the coalesce slot frees (a newer trigger opens the next pending one).
            if self.mailbox.pending is not None:
                self.mailbox.pending.pop(env.ckey, None)
            env.ckey = None
        rt = self.rt
        system = rt.system
        tracer = system.tracer
        plain = env.absorbed == 1 and not env.correlation_id
        self.current = _PLAIN_TURN if plain else _Turn(env.absorbed, env.correlation_id)
        started = time.perf_counter()
        span: Span | None = None
        try:
            bound = env.fields or ({"correlation_id": env.correlation_id} if env.correlation_id else None)
            with log_context(**bound) if bound else _NULL_CM:
                if tracer is None:
                    result, failure = await self._invoke(env)
                    action = _CONTINUE if failure is None else self._on_failure(env, failure, None)
                else:
                    links = None
                    parent = env.context
                    if env.links:
                        links = [Link(trace.get_current_span(ctx).get_span_context()) for ctx in env.links]
                        # A coalesced turn is its own trace; every absorbed trigger is a link.
                        parent = None
                    # start_span + attach rather than start_as_current_span: the generator-based context
                    # manager costs several microseconds per turn. The envelope's context is the parent (the
                    # sender's span), never whatever the activation task happened to inherit.
                    span = tracer.start_span(
                        rt.span_name,
                        context=parent,
                        kind=SpanKind.CONSUMER,
                        links=links,
                        attributes=_span_attributes(rt.name, self.key, env),
                        record_exception=False,
                        set_status_on_exception=False,
                    )
                    token = otel_context.attach(trace.set_span_in_context(span))
                    try:
                        result, failure = await self._invoke(env)
                        action = _CONTINUE if failure is None else self._on_failure(env, failure, span)
                    finally:
                        otel_context.detach(token)
                        span.end()
        finally:
            self.current = _PLAIN_TURN
        if failure is None:
            rt.stats.observe_turn(time.perf_counter() - started)
            rt.stats.bump(rt.stats.messages, "ok")
            for fut in env.all_replies():
                if not fut.done():
                    fut.set_result(result)
            return True
        return await self._apply(action)

    async def _invoke(self, env: Envelope) -> tuple[object, BaseException | None]:
        """Run the handler; returns ``(result, failure)``. Cancellation re-queues the envelope."""
        actor = self.actor
        assert actor is not None
        faults = self.rt.system.faults
        try:
            if faults is not None:
                await faults.before_turn(self.rt.name, self.key, env.message, self.rt.system.clock)
            return await actor.receive(env.message), None
        except asyncio.CancelledError:
            if not self._uncancel_if_killed():
                self.mailbox.push_front(env)
                raise
            return None, ActorKilled()
        except Exception as exc:
            return None, exc

    def _uncancel_if_killed(self) -> bool:
        """True when the pending cancellation was a kill (now absorbed), False for a real cancellation."""
        if not self.killed:
            return False
        self.killed = False
        task = self.task
        if task is not None:
            task.uncancel()
        return True

    def _on_failure(self, env: Envelope | None, exc: BaseException, span: Span | None) -> int:
        """Classify a failure (synchronously, inside the turn's span); returns what to do next."""
        rt = self.rt
        stats = rt.stats
        system = rt.system
        if isinstance(exc, DomainError) and env is not None:
            # Protocol, not failure: the asker gets the error, the actor keeps its state.
            stats.bump(stats.messages, "domain_error")
            replies = env.all_replies()
            for fut in replies:
                if not fut.done():
                    fut.set_exception(exc)
            if not replies:
                logger.info("actor %s/%s refused a message: %s", rt.name, self.key, exc)
            return _CONTINUE
        stats.bump(stats.messages, "failed")
        sup = rt.spec.supervision
        directive = sup.decider(exc)
        if directive is Directive.RESTART and sup.restart is Restart.TEMPORARY:
            directive = Directive.STOP
        if span is not None:
            span.record_exception(exc)
            span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
        logger.warning("actor %s/%s failed (%s): %s: %s", rt.name, self.key, directive.value,
                       type(exc).__name__, exc, exc_info=exc)
        if env is not None:
            env.failures += 1
            replies = env.all_replies()
            if replies:
                # An asker learns of the crash at once; the request is not retried behind its back.
                for fut in replies:
                    if not fut.done():
                        fut.set_exception(ActorCrashed(exc))
            elif env.failures >= sup.poison_after:
                if span is not None:
                    span.add_event("actor.poison", {"actor.failures": env.failures,
                                                    "exception.type": type(exc).__name__})
                system.dead_letter(rt, self.key, env, "poison", exc, span=span)
            elif directive in (Directive.RESUME, Directive.RESTART):
                # Retried first, after the restart when there is one; a second failure makes it poison.
                self.mailbox.push_front(env)
            else:
                system.dead_letter(rt, self.key, env, "actor_stopped", exc)
        if directive is Directive.RESUME:
            return _CONTINUE
        if directive is Directive.STOP:
            self.stop_reason = f"crashed: {type(exc).__name__}"
            return _STOP
        if directive is Directive.RESTART:
            window = self.window
            if window is None:
                window = self.window = RestartWindow(sup.max_restarts, sup.within_s, sup.backoff,
                                                     rng=system.rng)
            if window.record(system.clock.now()):
                stats.bump(stats.restarts, type(exc).__name__)
                if span is not None:
                    span.add_event("actor.restart", {"actor.restart.attempt": window.attempt,
                                                     "exception.type": type(exc).__name__})
                return _RESTART
            logger.error("actor %s/%s spent its restart budget (%d in %ss); escalating", rt.name, self.key,
                         sup.max_restarts, sup.within_s)
        if span is not None:
            span.add_event("actor.escalate", {"exception.type": type(exc).__name__})
        self.stop_reason = f"escalated: {type(exc).__name__}"
        system.escalate(SupervisorEscalated(f"{rt.name}/{self.key}", exc))
        return _ESCALATE

    async def _apply(self, action: int) -> bool:
        if action == _CONTINUE:
            return True
        if action == _RESTART:
            await self._backoff()
            return await self._activate()
        return False

    async def _backoff(self) -> None:
        """Wait out the restart backoff; messages arriving meanwhile wait in the bounded stash."""
        self.state = BACKOFF
        self.actor = None
        window = self.window
        delay = 0.0 if window is None else window.next_delay()
        if delay > 0:
            try:
                await clock_sleep(self.rt.system.clock, delay)
            except asyncio.CancelledError:
                if not self._uncancel_if_killed():
                    raise

    async def _system_messages(self) -> bool:
        """Handle the system lane; False when the activation ends."""
        while self.sys:
            op, arg = self.sys.pop(0)
            if op == SYS_WATCH:
                if self.watchers is None:
                    self.watchers = []
                self.watchers.append(arg)
            elif op == SYS_UNWATCH:
                if self.watchers is not None and arg in self.watchers:
                    self.watchers.remove(arg)
            elif op == SYS_STOP:
                self.stop_reason = str(arg or "stopped")
                await self._deactivate(self.stop_reason)
                return False
            elif op == SYS_DRAIN:
                # Shutdown: stop admitting, finish what is queued, then end.
                self.state = STOPPING
                self.stop_reason = "system_stopped"
            elif op == SYS_PASSIVATE:
                if self.mailbox.queue or self.timers or self.touched or self.state != RUNNING:
                    continue  # activity since the sweep decided: stay active
                self.state = STOPPING
                await self._deactivate("passivated")
                if self.mailbox.queue or self.sys:
                    # Messages arrived during on_deactivate: activate again in place (one activation per key).
                    if not await self._activate():
                        return False
                    continue
                self.rt.stats.passivations += 1
                self.stop_reason = "passivated"
                return False
        self.sys = None
        return True

    async def _deactivate(self, reason: str) -> None:
        actor = self.actor
        if actor is None or type(actor).on_deactivate is Actor.on_deactivate:
            return  # nothing to run, so no deadline scope to pay for
        with clock_move_on_after(self.rt.system.clock, self.rt.spec.deactivate_timeout_s):
            try:
                await actor.on_deactivate(reason)
            except Exception:
                logger.exception("actor %s/%s on_deactivate failed", self.rt.name, self.key)

    def _finish(self) -> None:
        """Leave the registry and settle everything still attached to this activation (runs in
        ``finally``)."""
        if self.state == DEAD:
            return
        rt = self.rt
        system = rt.system
        self.state = DEAD
        self.actor = None
        if rt.cells.get(self.key) is self:
            del rt.cells[self.key]
        if self.waiter is not None and not self.waiter.done():
            self.waiter.cancel()
        self.waiter = None
        if not self.idle:
            self.idle = True
            system.busy_dec()
        if self.timers:
            for handle in self.timers.values():
                handle.cancel()
                system.busy_dec()
            self.timers = None
        if self.self_timers:
            for handle in self.self_timers:
                handle.cancel()
            self.self_timers = None
        if self.interleaved:
            for task in self.interleaved:
                task.cancel()
        reason = self.stop_reason
        leftovers: list[object] = self.mailbox.drain()
        if self.debounce is not None:
            leftovers.extend(self.debounce.drain())
        for item in leftovers:
            system.dead_letter(rt, self.key, item,
                               "system_stopped" if reason == "system_stopped" else "actor_stopped")
        while self.putters:
            self._wake_putter()
        self.sys = None
        if self.watchers:
            note = Terminated(ref=self.ref, reason=reason)
            for watcher in self.watchers:
                system.notify_watcher(watcher, note)
            self.watchers = None

    def settle_unstarted(self) -> None:
        """Settle a cell whose task was cancelled before it ever ran (its ``finally`` never executed)."""
        if self.state != DEAD and self.task is not None and self.task.done():
            self._finish()

    # ------------------------------------------------------------------------------------- interleaving
    def run_interleaved(self, env: Envelope) -> None:
        """Run a read-only query now, beside a suspended turn (only for classes the kind marks interleave)."""
        system = self.rt.system
        task = system.loop.create_task(self._interleaved(env), context=contextvars.Context())
        system.track(task)
        if self.interleaved is None:
            self.interleaved = set()
        self.interleaved.add(task)
        task.add_done_callback(self.interleaved.discard)
        system.busy_inc()

    async def _interleaved(self, env: Envelope) -> None:
        try:
            actor = self.actor
            if actor is None:
                raise ActorStopped()
            result = await actor.receive(env.message)
        except asyncio.CancelledError:
            for fut in env.all_replies():
                if not fut.done():
                    fut.set_exception(ActorStopped())
            raise
        except Exception as exc:
            # A read-only query cannot corrupt state: the asker gets the crash, the actor carries on.
            error: BaseException = exc if isinstance(exc, DomainError) else ActorCrashed(exc)
            for fut in env.all_replies():
                if not fut.done():
                    fut.set_exception(error)
        else:
            for fut in env.all_replies():
                if not fut.done():
                    fut.set_result(result)
        finally:
            self.rt.system.busy_dec()

    def in_turn(self) -> bool:
        """True while a turn is running (or suspended) on this activation."""
        return self.state == RUNNING and not self.idle and self.actor is not None


class _NullContext:
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        return None


_NULL_CM: Final = _NullContext()


def _span_attributes(kind: str, key: str, env: Envelope) -> dict[str, str | int]:
    attributes: dict[str, str | int] = {
        "actor.kind": kind,
        "actor.key": key,
        "actor.message_type": type(env.message).__name__,
    }
    if env.absorbed > 1:
        attributes["actor.coalesced.absorbed"] = env.absorbed
    # The sender's ids (``together.correlation_id``...) are stamped by telemetry's span processor from the
    # fields the turn binds.
    return attributes
