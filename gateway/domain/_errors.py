"""Errors of the domain layer: typed, so handlers map each one to a specific localized reply."""

from __future__ import annotations

from together.errors import BotError, DomainError


class CustomIdError(BotError):
    """The custom id is malformed."""


class CustomIdTooLong(CustomIdError):
    """The custom id is longer than Discord allows (100 characters)."""


class ContentError(BotError):
    """The content data files are invalid."""


class RenderLimitError(BotError):
    """A rendered message exceeds a Discord limit."""


class InvalidRoundDuration(DomainError):
    """The round duration is outside the allowed range."""


class InvalidAnswer(DomainError):
    """The duel answer is too short or too long."""


class RoundNotOpen(DomainError):
    """The duel round does not accept answers any more."""


class InvalidSayText(DomainError):
    """The /say text is too short or too long."""
