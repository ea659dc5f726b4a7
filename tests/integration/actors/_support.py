"""Actors and helpers shared by the runtime's integration tests."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

import anyio

from actors import Actor, ActorContext, ActorKind, MessagePolicy, Overflow, Supervision
from together.errors import DomainError


class Refused(DomainError):
    """The counter refuses negative increments."""


@dataclass(frozen=True)
class Add:
    n: int


@dataclass(frozen=True)
class Get:
    pass


@dataclass(frozen=True)
class Boom:
    pass


@dataclass(frozen=True)
class Hold:
    """Block the turn until ``gate`` is set (records start and end)."""

    tag: object
    gate: anyio.Event


@dataclass
class Journal:
    """What every activation of a test kind did, shared across activations and restarts."""

    activations: int = 0
    deactivations: list[str] = field(default_factory=list)
    events: list[object] = field(default_factory=list)


class Counter(Actor):
    """Adds numbers; ``Get`` answers the total; ``Boom`` crashes; ``Hold`` blocks on a gate."""

    journal = Journal()

    def __init__(self, ctx: ActorContext) -> None:
        super().__init__(ctx)
        self.total = 0

    async def on_activate(self) -> None:
        type(self).journal.activations += 1

    async def on_deactivate(self, reason: str) -> None:
        type(self).journal.deactivations.append(reason)

    async def receive(self, message: object) -> object:
        journal = type(self).journal
        match message:
            case Add(n=n) if n < 0:
                raise Refused()
            case Add(n=n):
                self.total += n
                journal.events.append(("add", self.ctx.key, n))
                return self.total
            case Get():
                return self.total
            case Boom():
                raise RuntimeError("boom")
            case Hold(tag=tag, gate=gate):
                journal.events.append(("start", tag))
                await gate.wait()
                journal.events.append(("end", tag))
                return tag
            case _:
                journal.events.append(message)
                return message


def counter_class() -> type[Counter]:
    """A fresh Counter subclass with its own journal (tests must not share class state)."""
    return type("TestCounter", (Counter,), {"journal": Journal()})


class KindOptions(TypedDict, total=False):
    """The :class:`ActorKind` settings a test may override."""

    idle_timeout_s: float | None
    capacity: int
    overflow: Overflow
    policies: Mapping[type, MessagePolicy]
    interleave: frozenset[type]
    throughput: int
    supervision: Supervision
    deactivate_timeout_s: float


def counter_kind(cls: type[Counter], **options: Unpack[KindOptions]) -> ActorKind:
    """The ``counter`` kind over ``cls``; it never passivates unless ``options`` say so."""
    options.setdefault("idle_timeout_s", None)
    return ActorKind(name="counter", factory=cls, **options)


async def settle(rounds: int = 5) -> None:
    """Let ready callbacks run a few times."""
    for _ in range(rounds):
        await asyncio.sleep(0)
