"""What a user of the runtime declares: actor behaviour (:class:`Actor`) and its kind (:class:`ActorKind`)."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import msgspec

from actors._mailbox import MessagePolicy, Overflow
from actors._restart_policy import Backoff, Decider, Restart, always_restart

if TYPE_CHECKING:
    from actors._ref import ActorRef
    from actors._system import ActorSystem


class Terminated(msgspec.Struct, frozen=True, kw_only=True):
    """Delivered to every watcher when a watched activation ends (``reason``: passivated, stopped,
    crashed...)."""

    ref: ActorRef
    reason: str


class TurnInfo(Protocol):
    """What a handler may know about the turn it runs in."""

    @property
    def absorbed(self) -> int:
        """How many triggers this turn stands for (1 unless coalesced)."""

    @property
    def correlation_id(self) -> str | None:
        """The correlation id the sender had bound when it sent the message."""


class ActorContext(Protocol):
    """The runtime as seen from inside one activation."""

    @property
    def ref(self) -> ActorRef:
        """This actor's own reference."""

    @property
    def key(self) -> str:
        """This actor's key."""

    @property
    def system(self) -> ActorSystem:
        """The system the actor runs in."""

    @property
    def turn(self) -> TurnInfo:
        """The current turn (valid inside ``receive``)."""

    def watch(self, target: ActorRef) -> None:
        """Receive ``Terminated`` when ``target``'s current activation ends."""

    def stop(self, reason: str = "stopped") -> None:
        """Stop this activation after the current turn (pending messages become dead letters)."""

    def send_later(self, delay: float, message: object) -> None:
        """Deliver ``message`` to this activation after ``delay`` seconds; it does not count as activity."""


class Actor(abc.ABC):
    """Behaviour of one kind of actor. One instance per activation; a restart builds a fresh one.

    ``receive`` runs one message at a time (turns are non-reentrant: an ``await`` inside does not let the next
    message in). Its return value answers an ``ask``. Raise ``together.errors.DomainError`` for a broken rule:
    the asker gets it and the actor keeps its state. Any other exception is a failure for the supervisor.
    """

    def __init__(self, ctx: ActorContext) -> None:
        self.ctx = ctx

    async def on_activate(self) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Load state before the first turn (runs again after every restart)."""

    async def on_deactivate(self, reason: str) -> None:  # noqa: B027 - optional hook, empty on purpose
        """Best-effort cleanup on passivation or stop; not called after a crash and never guaranteed."""

    @abc.abstractmethod
    async def receive(self, message: object) -> object:
        """Handle one message; the result answers an ``ask``."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Supervision:
    """How failures of one kind's actors are handled (per activation: each key has its own budget)."""

    decider: Decider = always_restart
    #: TEMPORARY turns every RESTART directive into STOP.
    restart: Restart = Restart.TRANSIENT
    max_restarts: int = 5
    within_s: float = 60.0
    backoff: Backoff = field(default_factory=Backoff)
    #: How many messages may wait while the actor is backing off; overflow becomes dead letters.
    stash_capacity: int = 100
    #: Failures of one tell envelope before it is written to the dead-letter table.
    poison_after: int = 2


@dataclass(frozen=True, kw_only=True, slots=True)
class ActorKind:
    """The declaration of one actor kind: behaviour, addressing and mailbox/supervision settings."""

    name: str
    factory: Callable[[ActorContext], Actor]
    #: Passivate after this long without a received message (None: never).
    idle_timeout_s: float | None = 300.0
    capacity: int = 1000
    overflow: Overflow = Overflow.BLOCK
    #: Per message class policy (looked up along the class's MRO), e.g. ``{Refresh: Coalesce(...)}``.
    policies: Mapping[type, MessagePolicy] = field(default_factory=dict)
    #: Read-only query classes that may run while a turn is suspended (Orleans' ``AlwaysInterleave``).
    interleave: frozenset[type] = frozenset()
    #: Messages per turn batch before yielding to the event loop (Akka's dispatcher throughput).
    throughput: int = 8
    supervision: Supervision = field(default_factory=Supervision)
    deactivate_timeout_s: float = 5.0

    def __post_init__(self) -> None:
        if not self.name or self.throughput < 1 or self.capacity < 1:
            raise ValueError("actor kind needs a name, throughput >= 1 and capacity >= 1")
        if self.idle_timeout_s is not None and self.idle_timeout_s <= 0:
            raise ValueError("idle_timeout_s must be positive")
