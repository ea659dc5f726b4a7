"""Actor metrics on the project registry, labelled by kind only."""

from __future__ import annotations

import pytest

from actors import Actor, ActorKind, ActorSystem, Overflow
from telemetry import render_metrics

pytestmark = pytest.mark.anyio


class Echo(Actor):
    async def receive(self, message: object) -> object:
        if message == "boom":
            raise ValueError("boom")
        return message


def _value(text: str, name: str, labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and labels in line:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} {labels} not found")


async def test_metrics_are_exposed_per_kind() -> None:
    kind = ActorKind(name="metrics_echo", factory=Echo, capacity=1, overflow=Overflow.REJECT)
    async with ActorSystem([kind]) as system:
        ref = system.ref("metrics_echo", "k1")
        for i in range(3):
            await ref.ask(i, timeout=1)
        ref.tell_nowait("boom")
        await system.quiesce()
        text = render_metrics().decode()
        assert _value(text, "actor_messages_total", 'outcome="ok"') >= 3
        assert _value(text, "actor_messages_total", 'outcome="failed"') >= 1
        assert _value(text, "actor_restarts_total", 'reason="ValueError"') >= 1
        assert _value(text, "actor_active", 'actor_kind="metrics_echo"') == 1
        assert _value(text, "actor_mailbox_depth", 'actor_kind="metrics_echo"') == 0
        assert _value(text, "actor_turn_seconds_count", 'actor_kind="metrics_echo"') >= 3
        for name in ("actor_passivations_total", "actor_coalesced_total"):
            assert f'{name}{{actor_kind="metrics_echo"}}' in text
        # Keys never become labels.
        assert "k1" not in text
