"""Errors of the domain layer: typed, so handlers map each one to a specific localized reply."""

from __future__ import annotations

from together.errors import DomainError


class InvalidSayText(DomainError):
    """The /say text is too short or too long."""

