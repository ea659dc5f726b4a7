"""The root of the project's error hierarchy.

Every package derives its errors from :class:`BotError`. A subclass that does not pass a message gets its
docstring's first line as the message, so raising ``StoreError()`` still says something useful (the idea is
procrastinate's). Domain errors (a person asked for something the rules forbid) form a separate branch,
:class:`DomainError`, because they are protocol, not failure: they become localized replies, never crashes.
"""

from __future__ import annotations


class BotError(Exception):
    """Together failed."""

    def __init__(self, message: str | None = None) -> None:
        if message is None:
            doc = type(self).__doc__ or type(self).__name__
            message = doc.strip().splitlines()[0]
        super().__init__(message)


class ConfigError(BotError):
    """The configuration is invalid."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problems))


class DomainError(BotError):
    """A request broke a rule of the domain; the caller replies, nothing crashes."""
