"""Rows to typed records: the one mapping repositories share."""

from __future__ import annotations

from typing import Any, TypeVar

import asyncpg
import msgspec

S = TypeVar("S", bound=msgspec.Struct)


def struct_from_row(cls: type[S], row: asyncpg.Record) -> S:
    """``cls`` built from the row's columns of the same names, as asyncpg decoded them (no conversion).

    Columns the struct does not declare (timestamps it does not show, joined values) are ignored; a declared
    field the row lacks is a programming error and raises ``KeyError``.
    """
    values: dict[str, Any] = {name: row[name] for name in cls.__struct_fields__}
    return cls(**values)
