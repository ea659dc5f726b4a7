"""Rows to typed records: the mapping and the optional single-row read repositories share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import asyncpg
import msgspec

from store._pool import Connection

S = TypeVar("S", bound=msgspec.Struct)
T = TypeVar("T")


def struct_from_row(cls: type[S], row: asyncpg.Record) -> S:
    """``cls`` built from the row's columns of the same names, as asyncpg decoded them (no conversion).

    Columns the struct does not declare (timestamps it does not show, joined values) are ignored; a declared
    field the row lacks is a programming error and raises ``KeyError``.
    """
    return cls(**_declared_columns(cls, row))


def converted_from_row(cls: type[S], row: asyncpg.Record) -> S:
    """:func:`struct_from_row` converted by msgspec: a text column becomes the enum a field declares."""
    return msgspec.convert(_declared_columns(cls, row), cls)


def _declared_columns(cls: type[msgspec.Struct], row: asyncpg.Record) -> dict[str, Any]:
    return {name: row[name] for name in cls.__struct_fields__}


async def fetch_optional(
    conn: Connection, build: Callable[[asyncpg.Record], T], query: str, *args: object
) -> T | None:
    """``build`` applied to the one row ``query`` returns; None when it returns no row."""
    row = await conn.fetchrow(query, *args)
    return None if row is None else build(row)
