"""The runtime's error hierarchy: every failure an actor caller can see is an :class:`ActorError`.

Domain errors (``together.errors.DomainError``) are deliberately *not* here: a handler that raises one answers
the asker with it and keeps its state, because a broken rule is protocol, not failure.
"""

from __future__ import annotations

from together.errors import BotError


class ActorError(BotError):
    """The actor runtime failed to deliver or complete a request."""


class AskTimeout(ActorError):
    """The actor did not reply within the ask timeout."""


class ActorStopped(ActorError):
    """The actor (or the whole system) stopped before it could reply."""


class MailboxFull(ActorError):
    """The actor's mailbox is full and the message class rejects on overflow."""


class ActorCrashed(ActorError):
    """The actor failed while handling the request."""

    def __init__(self, cause: BaseException, message: str | None = None) -> None:
        self.cause = cause
        super().__init__(message or f"actor crashed: {type(cause).__name__}: {cause}")


class ActorKilled(ActorError):
    """The actor was killed from outside (fault injection or an operator)."""


class SupervisorEscalated(ActorError):
    """A supervisor spent its restart budget (or a decider escalated) and gave up."""

    def __init__(self, name: str, cause: BaseException | None, *, what: str = "escalated") -> None:
        self.name = name
        self.cause = cause
        detail = "" if cause is None else f": {type(cause).__name__}: {cause}"
        super().__init__(f"supervisor {name!r} {what}{detail}")


class SupervisorStartFailed(SupervisorEscalated):
    """A child failed before it reported ``started`` while its supervisor was starting (OTP ``init`` failure).

    The children already started were stopped again in shutdown order; nothing after the failed child started.
    """

    def __init__(self, name: str, child: str, cause: BaseException | None) -> None:
        self.child = child
        super().__init__(name, cause, what=f"could not start {child!r}")


class UnknownActorKind(ActorError):
    """No actor kind with this name is registered."""
