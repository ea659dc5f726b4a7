"""A poison message becomes a row in the real ``dead_letters`` table, with its trace id and error."""

from __future__ import annotations

import json
from dataclasses import dataclass

import asyncpg
import msgspec
import pytest
from opentelemetry.sdk.trace import TracerProvider

from actors import Actor, ActorKind, ActorSystem, Backoff, PgDeadLetterStore, Supervision
from actors.testing import FaultInjector
from telemetry import log_context

pytestmark = pytest.mark.anyio


class Render(msgspec.Struct, frozen=True, kw_only=True):
    guild_id: str
    version: int


@dataclass
class Seen:
    versions: list[int]


class Projection(Actor):
    seen = Seen([])

    async def receive(self, message: object) -> object:
        assert isinstance(message, Render)
        type(self).seen.versions.append(message.version)
        return None


async def test_poison_message_is_written_to_dead_letters(db_pool: asyncpg.Pool) -> None:
    Projection.seen.versions.clear()
    faults = FaultInjector()
    faults.fail_nth("projection", Render, 2, times=2)
    tracer = TracerProvider().get_tracer("tests")
    kind = ActorKind(name="projection", factory=Projection,
                     supervision=Supervision(backoff=Backoff(min_s=0, max_s=0, random_factor=0)))
    async with ActorSystem([kind], dead_letter_store=PgDeadLetterStore(db_pool), faults=faults,
                           tracer=tracer) as system:
        ref = system.ref("projection", "projection:duel_scoreboard:1:2")
        with tracer.start_as_current_span("sender") as span, log_context(correlation_id="corr-7"):
            trace_id = format(span.get_span_context().trace_id, "032x")
            for version in (1, 2, 3):
                ref.tell_nowait(Render(guild_id="1", version=version))
        await system.quiesce()
    assert Projection.seen.versions == [1, 3]  # processing continued past the poison message
    rows = await db_pool.fetch("SELECT * FROM dead_letters")
    assert len(rows) == 1
    row = rows[0]
    assert row["kind"] == "projection" and row["key"] == "projection:duel_scoreboard:1:2"
    assert row["reason"] == "poison" and row["attempts"] == 2
    assert json.loads(row["payload"]) == {"guild_id": "1", "version": 2}
    assert row["message_type"].endswith("Render")
    assert row["error"].startswith("InjectedFault")
    assert row["correlation_id"] == "corr-7"
    # The poison turn's trace: a turn span continues the sender's trace.
    assert row["trace_id"] == trace_id
    assert row["created_at"] is not None


async def test_a_failing_store_does_not_stop_the_actor(db_pool: asyncpg.Pool) -> None:
    await db_pool.execute("DROP TABLE dead_letters")
    faults = FaultInjector()
    faults.fail_nth("projection", Render, 1, times=2)
    Projection.seen.versions.clear()
    kind = ActorKind(name="projection", factory=Projection,
                     supervision=Supervision(backoff=Backoff(min_s=0, max_s=0, random_factor=0)))
    async with ActorSystem([kind], dead_letter_store=PgDeadLetterStore(db_pool), faults=faults) as system:
        ref = system.ref("projection", "p")
        ref.tell_nowait(Render(guild_id="1", version=1))
        ref.tell_nowait(Render(guild_id="1", version=2))
        await system.quiesce()
    assert Projection.seen.versions == [2]
    assert system.stats("projection").dead_letters == {"poison": 1}
