"""Errors of the domain layer: typed, so handlers map each one to a specific localized reply."""

from __future__ import annotations

from together.errors import BotError


class CustomIdError(BotError):
    """The custom id is malformed."""


class CustomIdTooLong(CustomIdError):
    """The custom id is longer than Discord allows (100 characters)."""


class ContentError(BotError):
    """The content data files are invalid."""


class RenderLimitError(BotError):
    """A rendered message exceeds a Discord limit."""

