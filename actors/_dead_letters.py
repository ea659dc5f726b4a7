"""Dead letters: the port poison messages are written through, its asyncpg adapter and an in-memory fake."""

from __future__ import annotations

import datetime as dt
import json
from typing import Protocol

import asyncpg
import msgspec


class DeadLetter(msgspec.Struct, frozen=True, kw_only=True):
    """One undeliverable or poison message, as persisted."""

    kind: str
    key: str
    reason: str
    message_type: str
    #: JSON text of the message (or ``{"repr": ...}`` when it does not encode).
    payload: str
    error: str
    attempts: int
    trace_id: str | None = None
    correlation_id: str | None = None
    occurred_at: dt.datetime


def encode_payload(message: object) -> str:
    """The message as JSON text; falls back to its ``repr`` so a poison message is never lost to encoding."""
    try:
        return msgspec.json.encode(message).decode()
    except (TypeError, ValueError, msgspec.EncodeError):
        return json.dumps({"repr": repr(message)[:4000]})


class DeadLetterStore(Protocol):
    """Where poison messages are persisted."""

    async def write(self, letter: DeadLetter) -> None:
        """Persist one dead letter."""


_INSERT = """
INSERT INTO dead_letters
    (kind, key, reason, message_type, payload, error, attempts, trace_id, correlation_id, created_at)
VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
"""


class PgDeadLetterStore:
    """Writes dead letters to the ``dead_letters`` table through an asyncpg pool."""

    __slots__ = ("_pool",)

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def write(self, letter: DeadLetter) -> None:
        await self._pool.execute(
            _INSERT,
            letter.kind,
            letter.key,
            letter.reason,
            letter.message_type,
            letter.payload,
            letter.error[:4000],
            letter.attempts,
            letter.trace_id,
            letter.correlation_id,
            letter.occurred_at,
        )


class InMemoryDeadLetterStore:
    """A dead-letter store in a list, for tests and for running without a database."""

    __slots__ = ("letters",)

    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def write(self, letter: DeadLetter) -> None:
        self.letters.append(letter)
