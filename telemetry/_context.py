"""Log fields bound once per interaction or job through a context variable.

A handler binds its ids at the entry point (``with log_context(guild_id=..., user_id=...)``); every log line
written below it, in this task or in tasks it spawns, carries them without passing them by hand. Nested binds
add to (and may override) the outer ones and are undone when the block exits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Final

#: The fields every interaction or job log line carries (null when unknown).
LOG_FIELDS: Final = (
    "correlation_id",
    "interaction_id",
    "job_id",
    "guild_id",
    "user_id",
    "feature",
    "action",
)

_fields: ContextVar[Mapping[str, str | None]] = ContextVar(
    "together_log_fields", default=MappingProxyType({})
)


def current_correlation_id() -> str | None:
    """The bound correlation id, without copying the fields (cheap enough for an actor's hot path)."""
    return _fields.get().get("correlation_id")


def current_fields() -> Mapping[str, str | None]:
    """The bound fields themselves, not a copy (read-only: bind with :func:`log_context`). For a message that
    carries its sender's fields to another task (an actor's mailbox) at the cost of one reference."""
    return _fields.get()


def span_attributes(fields: Mapping[str, str | None]) -> dict[str, str]:
    """The span attributes of bound ``fields``: ``together.<field>`` for each known field with a value, so a
    trace is searched by the same names as the logs (``together.correlation_id``...)."""
    return {f"together.{name}": value for name, value in fields.items() if value and name in LOG_FIELDS}


def current_log_fields() -> dict[str, str | None]:
    """The fields bound in the current context (a copy)."""
    return dict(_fields.get())


@contextmanager
def log_context(**fields: object) -> Iterator[None]:
    """Bind ``fields`` for every log line written inside the block.

    Values are converted to strings (Discord snowflakes arrive as ints); ``None`` unbinds a field. Safe under
    cancellation: the previous binding is restored in ``finally``.
    """
    merged = dict(_fields.get())
    for name, value in fields.items():
        merged[name] = None if value is None else str(value)
    token = _fields.set(merged)
    try:
        yield
    finally:
        _fields.reset(token)
