"""Tracing: a span per turn parented to the sender, links for coalesced turns, restart/poison events, log
fields."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import anyio
import anyio.lowlevel
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Tracer

from actors import Actor, ActorContext, ActorKind, ActorSystem, Backoff, Coalesce, Supervision
from actors.testing import FaultInjector
from telemetry import BoundFieldsProcessor, current_log_fields, log_context

pytestmark = pytest.mark.anyio


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    yield InMemorySpanExporter()


@pytest.fixture
def tracer(exporter: InMemorySpanExporter) -> Tracer:
    provider = TracerProvider()
    provider.add_span_processor(BoundFieldsProcessor())
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider.get_tracer("tests.actors")


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class Refresh:
    version: int


class Recorder(Actor):
    fields: list[dict[str, str | None]] = []
    gate: anyio.Event | None = None

    def __init__(self, ctx: ActorContext) -> None:
        super().__init__(ctx)

    async def receive(self, message: object) -> object:
        gate = type(self).gate
        if isinstance(message, Refresh) and gate is not None:
            await gate.wait()
        type(self).fields.append(current_log_fields())
        logging.getLogger("tests.actors").info("handled %s", message)
        return message


def _recorder() -> type[Recorder]:
    return type("R", (Recorder,), {"fields": [], "gate": None})


async def test_each_turn_is_a_consumer_span_under_its_own_sender(tracer: Tracer,
                                                                  exporter: InMemorySpanExporter) -> None:
    cls = _recorder()
    async with ActorSystem([ActorKind(name="rec", factory=cls)], tracer=tracer) as system:
        ref = system.ref("rec", "a")
        with tracer.start_as_current_span("first-sender"):
            await ref.ask(Note("activates"), timeout=1)
        with tracer.start_as_current_span("second-sender"), log_context(correlation_id="cid-2", guild_id="7"):
            ref.tell_nowait(Note("later"))
        await system.quiesce()
    spans = {s.name: s for s in exporter.get_finished_spans()}
    turns = [s for s in exporter.get_finished_spans() if s.name == "actor.turn rec"]
    assert len(turns) == 2
    first, second = turns
    assert first.kind is SpanKind.CONSUMER
    assert first.parent is not None and first.parent.span_id == spans["first-sender"].context.span_id
    # Not the activator's span: the second turn hangs under the second sender (the empty-context rule).
    assert second.parent is not None and second.parent.span_id == spans["second-sender"].context.span_id
    # A traced turn carries its sender's ids, in its logs and on its span, under the logs' names.
    assert second.attributes is not None and second.attributes["together.correlation_id"] == "cid-2"
    assert second.attributes["together.guild_id"] == "7"
    assert "together.correlation_id" not in (first.attributes or {})
    assert cls.fields[0].get("correlation_id") is None
    assert (cls.fields[1]["correlation_id"], cls.fields[1]["guild_id"]) == ("cid-2", "7")


async def test_the_activators_log_fields_do_not_leak_into_later_turns() -> None:
    cls = _recorder()
    async with ActorSystem([ActorKind(name="rec", factory=cls)]) as system:
        ref = system.ref("rec", "a")
        with log_context(correlation_id="activator", guild_id="1"):
            await ref.ask(Note("first"), timeout=1)
        await ref.ask(Note("second"), timeout=1)
    assert cls.fields[0]["correlation_id"] == "activator"
    assert "guild_id" not in cls.fields[0]  # untraced, only the correlation id travels
    assert cls.fields[1] == {}


async def test_a_coalesced_turn_links_every_absorbed_trigger(tracer: Tracer,
                                                             exporter: InMemorySpanExporter) -> None:
    cls = _recorder()
    cls.gate = anyio.Event()
    kind = ActorKind(name="rec", factory=cls, policies={Refresh: Coalesce()})
    async with ActorSystem([kind], tracer=tracer) as system:
        ref = system.ref("rec", "a")
        ref.tell_nowait(Refresh(0))
        await anyio.lowlevel.checkpoint()
        senders = []
        for version in range(1, 4):
            with tracer.start_as_current_span(f"trigger-{version}") as span:
                senders.append(span.get_span_context().span_id)
                ref.tell_nowait(Refresh(version))
        cls.gate.set()
        await system.quiesce()
    turns = [s for s in exporter.get_finished_spans() if s.name == "actor.turn rec"]
    coalesced = turns[-1]
    assert coalesced.attributes is not None and coalesced.attributes["actor.coalesced.absorbed"] == 3
    assert [link.context.span_id for link in coalesced.links] == senders
    assert coalesced.parent is None  # its own trace, linked to all triggers


async def test_restarts_and_poison_are_span_events(tracer: Tracer, exporter: InMemorySpanExporter) -> None:
    cls = _recorder()
    faults = FaultInjector()
    faults.fail_nth("rec", Note, 1, times=2)
    kind = ActorKind(name="rec", factory=cls,
                     supervision=Supervision(backoff=Backoff(min_s=0, max_s=0, random_factor=0)))
    async with ActorSystem([kind], tracer=tracer, faults=faults) as system:
        system.ref("rec", "a").tell_nowait(Note("poison"))
        await system.quiesce()
    turns = [s for s in exporter.get_finished_spans() if s.name == "actor.turn rec"]
    events = [[e.name for e in s.events] for s in turns]
    assert events == [["exception", "actor.restart"], ["exception", "actor.poison", "actor.restart"]]
    assert all(s.status.status_code.name == "ERROR" for s in turns)
