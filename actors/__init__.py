"""The actor runtime: virtual actors, mailboxes, coalescing, supervision and tracing."""

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
    "SystemClock",
    "Terminated",
    "TurnInfo",
    "UnknownActorKind",
)
