"""Service supervision: strategies, restart types, intensity and escalation, shutdown order and timeouts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest

from actors import (
    Actor,
    ActorKind,
    ActorSystem,
    Backoff,
    ChildSpec,
    Directive,
    Restart,
    ServiceHandle,
    Strategy,
    Supervisor,
    SupervisorEscalated,
    SupervisorStartFailed,
)
from actors.testing import MockClock
from tests.integration.actors._support import settle

pytestmark = pytest.mark.anyio

NO_BACKOFF = Backoff(min_s=0.0, max_s=0.0, random_factor=0.0)


class Services:
    """Test services that record starts and stops and crash (or end) on demand."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self._triggers: dict[str, anyio.Event] = {}
        self._outcome: dict[str, str] = {}

    def crash(self, name: str, how: str = "crash") -> None:
        self._outcome[name] = how
        self._triggers.setdefault(name, anyio.Event()).set()

    def spec(self, name: str, **options: object) -> ChildSpec:
        async def run(handle: ServiceHandle) -> None:
            self.events.append(("start", name))
            try:
                handle.started()
                trigger = self._triggers[name] = anyio.Event()
                await trigger.wait()
                del self._triggers[name]
                if self._outcome.pop(name) == "crash":
                    raise RuntimeError(f"{name} crashed")
            finally:
                self.events.append(("stop", name))

        return ChildSpec.service(name, run, **options)

    def starts(self) -> list[str]:
        return [name for (what, name) in self.events if what == "start"]

    def stops(self) -> list[str]:
        return [name for (what, name) in self.events if what == "stop"]


async def _running(sup: Supervisor, tg: anyio.abc.TaskGroup) -> None:
    handle = ServiceHandle(sup.name)
    tg.start_soon(sup.run, handle)
    await handle.wait_started()


@pytest.mark.parametrize(
    ("strategy", "restarted", "stopped_by_supervisor"),
    [
        (Strategy.ONE_FOR_ONE, ["b"], []),
        (Strategy.REST_FOR_ONE, ["b", "c"], ["c"]),
        (Strategy.ONE_FOR_ALL, ["a", "b", "c"], ["c", "a"]),
    ],
)
async def test_strategies_restart_the_right_children(strategy: Strategy, restarted: list[str],
                                                     stopped_by_supervisor: list[str]) -> None:
    svc = Services()
    sup = Supervisor([svc.spec("a"), svc.spec("b"), svc.spec("c")], strategy=strategy, backoff=NO_BACKOFF)
    async with anyio.create_task_group() as tg:
        await _running(sup, tg)
        assert sup.ready
        svc.crash("b")
        await settle(20)
        assert svc.starts() == ["a", "b", "c", *restarted]
        # Siblings are stopped in reverse start order before anything restarts.
        assert svc.stops() == ["b", *stopped_by_supervisor]
        assert sup.children == ["a", "b", "c"]
        assert sup.ready
        sup.request_stop()
    assert svc.stops()[-3:] == ["c", "b", "a"]


async def test_restart_types() -> None:
    svc = Services()
    sup = Supervisor([svc.spec("perm"), svc.spec("trans", restart=Restart.TRANSIENT),
                      svc.spec("temp", restart=Restart.TEMPORARY)], backoff=NO_BACKOFF, max_restarts=10)
    async with anyio.create_task_group() as tg:
        await _running(sup, tg)
        svc.crash("perm", "normal")  # permanent: restarted even after a normal exit
        svc.crash("trans", "crash")  # transient: restarted after a crash...
        await settle(20)
        svc.crash("trans", "normal")  # ...but not after a normal exit
        svc.crash("temp", "crash")  # temporary: never
        await settle(20)
        assert svc.starts() == ["perm", "trans", "temp", "perm", "trans"]
        assert sup.children == ["perm"]
        sup.request_stop()


async def test_spent_budget_escalates_with_readiness_false_and_everything_stopped() -> None:
    svc = Services()
    sup = Supervisor([svc.spec("db"), svc.spec("worker")], max_restarts=2, within_s=10, backoff=NO_BACKOFF)
    with pytest.RaisesGroup(SupervisorEscalated) as info:
        async with anyio.create_task_group() as tg:
            await _running(sup, tg)
            for _ in range(3):
                svc.crash("worker")
                await settle(20)
    escalated = info.value.exceptions[0]
    assert isinstance(escalated, SupervisorEscalated) and isinstance(escalated.cause, RuntimeError)
    assert not sup.ready
    assert svc.starts() == ["db", "worker", "worker", "worker"]
    assert svc.stops()[-1] == "db"  # nothing left running


async def test_exit_escalation_from_root_raises_out_of_run() -> None:
    svc = Services()
    sup = Supervisor([svc.spec("x")], decider=lambda exc: Directive.ESCALATE)
    handle = ServiceHandle("root")
    with pytest.RaisesGroup(SupervisorEscalated):
        async with anyio.create_task_group() as tg:
            tg.start_soon(sup.run, handle)
            await handle.wait_started()
            svc.crash("x")
    assert svc.starts() == ["x"]


async def test_backoff_delays_restarts_on_the_clock() -> None:
    clock = MockClock()
    started_at: list[float] = []
    crash = [anyio.Event()]

    async def run(handle: ServiceHandle) -> None:
        started_at.append(clock.now())
        handle.started()
        await crash[0].wait()
        crash[0] = anyio.Event()
        raise RuntimeError("again")

    sup = Supervisor([ChildSpec.service("x", run)], backoff=Backoff(min_s=2.0, max_s=8.0, random_factor=0.0),
                     max_restarts=5, within_s=100, clock=clock)
    async with anyio.create_task_group() as tg:
        await _running(sup, tg)
        for _ in range(3):
            crash[0].set()
            await clock.run_for(20)
        sup.request_stop()
    assert started_at == [0.0, 2.0, 24.0, 48.0]


async def test_shutdown_order_and_timeouts() -> None:
    stops: list[str] = []

    def stubborn(name: str) -> ChildSpec:
        async def run(handle: ServiceHandle) -> None:
            handle.started()
            try:
                await handle.wait_stop()
                await anyio.sleep_forever()  # ignores the graceful request: hard-cancelled at the timeout
            finally:
                stops.append(name)

        return ChildSpec.service(name, run, cooperative=True, shutdown_timeout_s=3.0)

    @asynccontextmanager
    async def server() -> AsyncIterator[None]:
        yield
        stops.append("http")

    async with MockClock(autojump=True) as clock:
        sup = Supervisor([ChildSpec.from_context("http", server), stubborn("worker"), stubborn("gateway")],
                         stop_order=["worker", "gateway"], clock=clock)
        async with anyio.create_task_group() as tg:
            await _running(sup, tg)
            sup.request_stop()
    assert stops == ["worker", "gateway", "http"]
    assert clock.now() == pytest.approx(6.0)
    assert sup.stopped == ["worker", "gateway", "http"]


async def test_readiness_follows_the_children() -> None:
    handles: list[ServiceHandle] = []

    async def flaky(handle: ServiceHandle) -> None:
        handles.append(handle)
        handle.started()
        await handle.wait_stop()

    class Echo(Actor):
        async def receive(self, message: object) -> object:
            return message

    system = ActorSystem([ActorKind(name="echo", factory=Echo)])
    inner = Supervisor([ChildSpec.service("flaky", flaky, cooperative=True)], name="inner")
    root = Supervisor([ChildSpec.service("actors", system.run, cooperative=True),
                       ChildSpec.supervisor(inner)], strategy=Strategy.REST_FOR_ONE)
    async with anyio.create_task_group() as tg:
        assert not root.ready
        await _running(root, tg)
        assert root.ready and inner.ready and system.ready
        assert await system.ref("echo", "x").ask("hi", timeout=1) == "hi"
        handles[0].set_ready(False)
        assert not inner.ready and not root.ready
        handles[0].set_ready(True)
        assert root.ready
        root.request_stop()
    assert not root.ready and not system.ready
    assert root.stopped == ["inner", "actors"]


async def test_auto_shutdown_when_a_significant_child_ends() -> None:
    svc = Services()
    sup = Supervisor([svc.spec("main", restart=Restart.TRANSIENT, significant=True), svc.spec("helper")],
                     auto_shutdown=True)
    async with anyio.create_task_group() as tg:
        await _running(sup, tg)
        svc.crash("main", "normal")
    assert svc.stops() == ["main", "helper"]


async def test_dynamic_children() -> None:
    svc = Services()
    sup = Supervisor([svc.spec("a")], backoff=NO_BACKOFF)
    async with anyio.create_task_group() as tg:
        await _running(sup, tg)
        await sup.start_child(svc.spec("dyn"))
        assert sup.children == ["a", "dyn"]
        svc.crash("dyn")
        await settle(20)
        assert svc.starts() == ["a", "dyn", "dyn"]
        await sup.terminate_child("dyn")
        assert sup.children == ["a"]
        with pytest.raises(KeyError):
            await sup.terminate_child("dyn")
        sup.request_stop()


async def test_an_escalating_actor_system_is_restarted_by_its_supervisor() -> None:
    from actors import Supervision
    from tests.integration.actors._support import Boom, Get, counter_class

    cls = counter_class()
    kind = ActorKind(name="counter", factory=cls, supervision=Supervision(max_restarts=0))
    system = ActorSystem([kind])
    root = Supervisor([ChildSpec.service("actors", system.run, cooperative=True)], backoff=NO_BACKOFF)
    async with anyio.create_task_group() as tg:
        await _running(root, tg)
        system.ref("counter", "a").tell_nowait(Boom())  # no restart budget: the kind escalates
        with anyio.fail_after(5):
            while root.restarts.get("actors", 0) == 0 or not root.ready:  # noqa: ASYNC110 - test polls state
                await anyio.sleep(0.01)
        assert await system.ref("counter", "a").ask(Get(), timeout=1) == 0
        root.request_stop()
    assert not system.ready


def _failing_start(name: str, attempts: list[str], *, succeed_after: int = 10**9) -> ChildSpec:
    """A service that fails before reporting ``started`` until it has been tried ``succeed_after`` times."""

    async def run(handle: ServiceHandle) -> None:
        attempts.append(name)
        if len(attempts) <= succeed_after:
            raise ConnectionError(f"{name} is unreachable")
        handle.started()
        await handle.wait_stop()

    return ChildSpec.service(name, run, cooperative=True)


def _crashing_db(attempts: list[str], *, succeed_after: int = 10**9) -> ChildSpec:
    """"db": starts and then loses its connection once; each restart then fails before reporting ``started``
    until it has been tried ``succeed_after`` times (restarts are recorded in ``attempts``)."""
    restart = _failing_start("db", attempts, succeed_after=succeed_after).run
    first_run = {"done": False}

    async def db(handle: ServiceHandle) -> None:
        if not first_run["done"]:
            first_run["done"] = True
            handle.started()
            await anyio.sleep(0.01)
            raise RuntimeError("connection lost")
        await restart(handle)

    return ChildSpec.service("db", db, cooperative=True)


async def test_a_child_failing_to_start_aborts_the_start_and_stops_what_started() -> None:
    services = Services()
    attempts: list[str] = []
    sup = Supervisor(
        [services.spec("http"), _failing_start("db", attempts), services.spec("jobs")],
        strategy=Strategy.REST_FOR_ONE,
        backoff=NO_BACKOFF,
    )
    with pytest.raises(SupervisorStartFailed) as info:
        await sup.run()
    assert info.value.child == "db"
    assert isinstance(info.value.cause, ConnectionError)
    assert "could not start 'db'" in str(info.value)
    # Nothing after the failed child started, nothing was restarted, the started child was stopped.
    assert attempts == ["db"]
    assert services.starts() == ["http"]
    assert services.events[-1] == ("stop", "http")
    assert sup.restarts == {}
    assert not sup.ready


async def test_a_restart_that_fails_to_start_is_retried_before_later_children_start() -> None:
    attempts: list[str] = []

    jobs_starts: list[list[str]] = []
    restarted = anyio.Event()

    async def jobs(handle: ServiceHandle) -> None:
        jobs_starts.append(list(attempts))
        handle.started()
        if len(jobs_starts) == 2:
            restarted.set()
        await handle.wait_stop()

    sup = Supervisor(
        [_crashing_db(attempts, succeed_after=2), ChildSpec.service("jobs", jobs, cooperative=True)],
        strategy=Strategy.REST_FOR_ONE,
        max_restarts=5,
        within_s=60,
        backoff=NO_BACKOFF,
    )
    async with anyio.create_task_group() as tg:
        tg.start_soon(sup.run)
        with anyio.fail_after(10):
            await restarted.wait()
        # "jobs" started at first, and again only after "db" finally came up on its third try.
        assert jobs_starts == [[], ["db", "db", "db"]]
        assert sup.ready
        sup.request_stop()


async def test_a_restart_failing_to_start_spends_the_budget_and_escalates() -> None:
    services = Services()
    attempts: list[str] = []

    sup = Supervisor(
        [_crashing_db(attempts), services.spec("jobs")],
        strategy=Strategy.REST_FOR_ONE,
        max_restarts=3,
        within_s=60,
        backoff=NO_BACKOFF,
    )
    with pytest.raises(SupervisorEscalated) as info, anyio.fail_after(10):
        await sup.run()
    assert not isinstance(info.value, SupervisorStartFailed)
    assert isinstance(info.value.cause, ConnectionError)
    # The budget (3 in 60 s) covers the crash and two failed starts; the third failed start exceeds it.
    assert len(attempts) == 3
    assert services.starts() == ["jobs"]


async def test_a_child_that_fails_while_stopping_is_reported() -> None:
    async def stubborn(handle: ServiceHandle) -> None:
        handle.started()
        await handle.wait_stop()
        raise RuntimeError("could not flush")

    sup = Supervisor([ChildSpec.service("flusher", stubborn, cooperative=True)])
    started = anyio.Event()
    async with anyio.create_task_group() as tg:
        tg.start_soon(sup.run, ServiceHandle("root", on_started=started.set))
        with anyio.fail_after(5):
            await started.wait()
        sup.request_stop()
    assert sup.failed_stops == ["flusher"]
