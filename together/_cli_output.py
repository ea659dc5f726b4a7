"""What the operator commands share: one database connection per command, and their output, a readable table by
default and JSON (``--json``) for scripts."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

import asyncpg
import click
import msgspec

T = TypeVar("T")

#: A table column: the row's key and its heading.
Column = tuple[str, str]
#: Longest free-text cell in a table; the JSON output is never cut.
MAX_CELL = 60

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts) instead of a table.")


def run_with_connection(resolve_dsn: Callable[[], str], action: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """Connect to ``resolve_dsn()``, run ``action`` and close the connection."""

    async def main() -> T:
        conn = await asyncpg.connect(resolve_dsn())
        try:
            return await action(conn)
        finally:
            await conn.close()

    return asyncio.run(main())


def cell(value: object, *, clip: bool = False) -> str:
    """One value as a table shows it: ``-`` for nothing, times to the second; ``clip`` cuts long free text
    (ids and keys are never cut)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    text = " ".join(str(value).split())
    return text if not clip or len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def echo_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, clip: Collection[str] = ()
) -> None:
    """Print ``rows`` as aligned columns under a heading line; the ``clip`` columns are cut at :data:`MAX_CELL`."""
    cells = [[cell(row.get(key), clip=key in clip) for key, _ in columns] for row in rows]
    widths = [max([len(title), *(len(line[i]) for line in cells)]) for i, (_, title) in enumerate(columns)]
    for line in ([title for _, title in columns], *cells):
        click.echo("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip())


def echo_json(value: object) -> None:
    """Print ``value`` as JSON (structs as objects, ids as strings, times in ISO 8601)."""
    click.echo(msgspec.json.encode(value).decode())


def to_dicts(rows: Sequence[msgspec.Struct]) -> list[dict[str, Any]]:
    """Structs as plain mappings (for a table or for adding fields before JSON)."""
    return [msgspec.structs.asdict(row) for row in rows]
