"""Coalescing: one turn in flight plus one pending per key, newest wins, debounce capped by max delay."""

from __future__ import annotations

from dataclasses import dataclass

import anyio
import anyio.lowlevel
import pytest

from actors import Actor, ActorContext, ActorKind, ActorSystem, Coalesce
from actors.testing import MockClock

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Refresh:
    board: str
    version: int


class Projection(Actor):
    """Renders on Refresh; records (board, version, absorbed, time) per turn."""

    gate: anyio.Event | None = None
    renders: list[tuple[str, int, int, float]] = []

    def __init__(self, ctx: ActorContext) -> None:
        super().__init__(ctx)

    async def receive(self, message: object) -> object:
        assert isinstance(message, Refresh)
        gate = type(self).gate
        if gate is not None:
            await gate.wait()
        type(self).renders.append((message.board, message.version, self.ctx.turn.absorbed,
                                   self.ctx.system.clock.now()))
        return message.version


def _board(message: object) -> str:
    """The coalesce key: one slot per board."""
    assert isinstance(message, Refresh)
    return message.board


def _projection() -> type[Projection]:
    return type("P", (Projection,), {"gate": anyio.Event(), "renders": []})


async def test_single_flight_plus_one_pending_latest_wins() -> None:
    cls = _projection()
    kind = ActorKind(name="projection", factory=cls, idle_timeout_s=None,
                     policies={Refresh: Coalesce(key=_board)})
    async with ActorSystem([kind]) as system:
        ref = system.ref("projection", "p1")
        ref.tell_nowait(Refresh("a", 1))
        await anyio.lowlevel.checkpoint()  # version 1 is now in flight (blocked on the gate)
        for version in range(2, 7):
            ref.tell_nowait(Refresh("a", version))
        ref.tell_nowait(Refresh("b", 1))  # another key has its own slot
        stats = system.mailbox_statistics(ref)
        assert stats is not None and stats.queued == 2 and stats.coalesce_pending == 2
        assert cls.gate is not None
        cls.gate.set()
        await system.quiesce()
        assert [(b, v, n) for (b, v, n, _) in cls.renders] == [("a", 1, 1), ("a", 6, 5), ("b", 1, 1)]
        assert system.stats("projection").coalesced == 4


async def test_debounce_waits_for_calm_but_never_past_max_delay() -> None:
    cls = _projection()
    assert cls.gate is not None
    cls.gate.set()
    kind = ActorKind(name="projection", factory=cls, idle_timeout_s=None,
                     policies={Refresh: Coalesce(key=_board, debounce_s=0.5,
                                                 max_delay_s=2.0)})
    clock = MockClock()
    async with ActorSystem([kind], clock=clock) as system:
        ref = system.ref("projection", "p1")
        # A calm burst: renders once, 0.5 s after the last trigger.
        for version in range(3):
            ref.tell_nowait(Refresh("a", version))
            await clock.run_for(0.2)
        await clock.run_for(1.0)
        once: list[tuple[int, int, object]] = [(2, 3, pytest.approx(0.9))]
        assert [(v, n, t) for (_, v, n, t) in cls.renders] == once
        # A steady trickle every 0.3 s: the 2 s ceiling forces a render anyway.
        start = clock.now()
        for version in range(10, 20):
            ref.tell_nowait(Refresh("a", version))
            await clock.run_for(0.3)
        second = cls.renders[1]
        assert second[3] == pytest.approx(start + 2.0)
        assert second[2] == 7  # triggers at 0, 0.3, ... 1.8 s were absorbed
        await clock.run_for(5)
        assert sum(n for (_, _, n, _) in cls.renders) == 13  # every trigger accounted for


async def test_every_asker_of_a_coalesced_turn_gets_its_answer() -> None:
    cls = _projection()
    kind = ActorKind(name="projection", factory=cls, idle_timeout_s=None,
                     policies={Refresh: Coalesce(key=_board)})
    async with ActorSystem([kind]) as system:
        ref = system.ref("projection", "p1")
        results: list[int] = []

        async def ask(version: int) -> None:
            answer = await ref.ask(Refresh("a", version), timeout=5)
            assert isinstance(answer, int)
            results.append(answer)

        async with anyio.create_task_group() as tg:
            for version in range(4):
                tg.start_soon(ask, version)
                await anyio.lowlevel.checkpoint()
            assert cls.gate is not None
            cls.gate.set()
        assert sorted(results) == [0, 3, 3, 3]
