"""Errors raised by the store package."""

from __future__ import annotations

from together.errors import BotError


class StoreError(BotError):
    """The database could not complete a request."""


class DatabaseUnavailable(StoreError):
    """The database could not be reached."""


class MigrationError(StoreError):
    """A schema migration could not be applied or rolled back."""
