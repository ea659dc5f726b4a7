"""Errors of the domain layer: typed, so handlers map each one to a specific localized reply."""

from __future__ import annotations

from together.errors import DomainError


class InvalidRoundDuration(DomainError):
    """The round duration is outside the allowed range."""


class InvalidAnswer(DomainError):
    """The duel answer is too short or too long."""


class RoundNotOpen(DomainError):
    """The duel round does not accept answers any more."""



class InvalidQuestion(DomainError):
    """The moderator's question is too short or too long."""
