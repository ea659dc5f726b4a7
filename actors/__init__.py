"""The actor runtime: virtual actors, mailboxes, coalescing, supervision and tracing.

A minimal keyed actor::

    class Scoreboard(Actor):
        async def on_activate(self) -> None:
            self.state = await load(self.ctx.key)

        async def receive(self, message: object) -> object:
            match message:
                case Refresh():
                    await render(self.state, absorbed=self.ctx.turn.absorbed)
                case GetScore():
                    return self.state.score

    system = ActorSystem(
        [ActorKind(name="projection", factory=Scoreboard, idle_timeout_s=300,
                   policies={Refresh: Coalesce(key=type, debounce_s=0.5, max_delay_s=2.0)})],
        tracer=trace.get_tracer("actors"), dead_letter_store=PgDeadLetterStore(pool),
    )
    root = Supervisor([ChildSpec.from_context("http", http_server), ChildSpec.service("actors", system.run,
                       cooperative=True, shutdown_timeout_s=15)], strategy=Strategy.REST_FOR_ONE)
    await root.run()  # raises SupervisorEscalated when the restart budget is spent: exit non-zero

``system.ref("projection", key).tell_nowait(Refresh())`` activates the actor on demand; ``ask(msg, timeout=)``
waits for the reply. ``actors.testing`` has a mock clock, fault injection and an in-memory dead-letter store.
"""

from __future__ import annotations

from actors._clock import Clock as Clock
from actors._clock import SystemClock as SystemClock
from actors._dead_letters import DeadLetter as DeadLetter
from actors._dead_letters import DeadLetterStore as DeadLetterStore
from actors._dead_letters import InMemoryDeadLetterStore as InMemoryDeadLetterStore
from actors._dead_letters import PgDeadLetterStore as PgDeadLetterStore
from actors._errors import ActorCrashed as ActorCrashed
from actors._errors import ActorError as ActorError
from actors._errors import ActorKilled as ActorKilled
from actors._errors import ActorStopped as ActorStopped
from actors._errors import AskTimeout as AskTimeout
from actors._errors import MailboxFull as MailboxFull
from actors._errors import SupervisorEscalated as SupervisorEscalated
from actors._errors import SupervisorStartFailed as SupervisorStartFailed
from actors._errors import UnknownActorKind as UnknownActorKind
from actors._kind import Actor as Actor
from actors._kind import ActorContext as ActorContext
from actors._kind import ActorKind as ActorKind
from actors._kind import Supervision as Supervision
from actors._kind import Terminated as Terminated
from actors._kind import TurnInfo as TurnInfo
from actors._mailbox import Coalesce as Coalesce
from actors._mailbox import MessagePolicy as MessagePolicy
from actors._mailbox import Overflow as Overflow
from actors._ref import ActorRef as ActorRef
from actors._restart_policy import Backoff as Backoff
from actors._restart_policy import Decider as Decider
from actors._restart_policy import Directive as Directive
from actors._restart_policy import ExceptionDecider as ExceptionDecider
from actors._restart_policy import Restart as Restart
from actors._restart_policy import RestartWindow as RestartWindow
from actors._service import ServiceHandle as ServiceHandle
from actors._supervisor import ChildSpec as ChildSpec
from actors._supervisor import Strategy as Strategy
from actors._supervisor import Supervisor as Supervisor
from actors._system import ActorSystem as ActorSystem

__all__ = (
    "Actor",
    "ActorContext",
    "ActorCrashed",
    "ActorError",
    "ActorKilled",
    "ActorKind",
    "ActorRef",
    "ActorStopped",
    "ActorSystem",
    "AskTimeout",
    "Backoff",
    "ChildSpec",
    "Clock",
    "Coalesce",
    "DeadLetter",
    "DeadLetterStore",
    "Decider",
    "Directive",
    "ExceptionDecider",
    "InMemoryDeadLetterStore",
    "MailboxFull",
    "MessagePolicy",
    "Overflow",
    "PgDeadLetterStore",
    "Restart",
    "RestartWindow",
    "ServiceHandle",
    "Strategy",
    "Supervision",
    "Supervisor",
    "SupervisorEscalated",
    "SupervisorStartFailed",
    "SystemClock",
    "Terminated",
    "TurnInfo",
    "UnknownActorKind",
)
