"""``together maintenance [on|off] [--message TEXT] [--json]``: show or switch maintenance mode.

The switch is the ``maintenance`` row (:func:`store.set_maintenance`); every running process obeys it within
seconds: members are answered "back soon" (with the message), administrators keep ``/admin``, no job is
claimed and no schedule fires until it is off again, then what waited runs once.
"""

from __future__ import annotations

import getpass
import json
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import asyncpg
import click

from store import MAX_MAINTENANCE_MESSAGE, MaintenanceState, read_maintenance, set_maintenance
from together._cli_output import run_with_connection

T = TypeVar("T")


def operator() -> str:
    """Who is switching: ``user@host`` of the shell running the command."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"[:200]


def _when(moment: datetime | None) -> str:
    return "?" if moment is None else moment.isoformat(timespec="seconds")


def describe(state: MaintenanceState) -> list[str]:
    """The readable lines ``together maintenance`` prints."""
    if state.active:
        lines = [f"maintenance: on since {_when(state.since)} (by {state.changed_by or 'unknown'})"]
        lines.append(f"message: {state.message}" if state.message else "message: none (members get the plain text)")
        return lines
    if state.last_window is not None:
        since, ended = state.last_window
        return [f"maintenance: off (last on from {_when(since)} to {_when(ended)}, "
                f"switched off by {state.changed_by or 'unknown'})"]
    return ["maintenance: off"]


def as_json(state: MaintenanceState) -> str:
    """The state for scripts: ``{"active", "message", "since", "ended_at", "changed_by"}``."""
    return json.dumps({
        "active": state.active,
        "message": state.message,
        "since": None if state.since is None else state.since.isoformat(),
        "ended_at": None if state.ended_at is None else state.ended_at.isoformat(),
        "changed_by": state.changed_by,
    }, ensure_ascii=False)


def make_maintenance_command(resolve_dsn: Callable[[], str]) -> click.Command:
    """The ``maintenance`` click command; it connects to ``resolve_dsn()``."""

    def run(action: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        try:
            return run_with_connection(resolve_dsn, action)
        except asyncpg.UndefinedTableError:
            raise click.ClickException(
                "the database has no maintenance table yet: run `together migrate` first"
            ) from None

    @click.command("maintenance")
    @click.argument("switch", type=click.Choice(["on", "off"]), required=False)
    @click.option("--message", default=None,
                  help=f"With 'on': a note shown to members, e.g. 'back at 18:00' (up to {MAX_MAINTENANCE_MESSAGE} "
                       "characters).")
    @click.option("--json", "json_output", is_flag=True, help="Print the state as one JSON object.")
    def maintenance(switch: str | None, message: str | None, json_output: bool) -> None:
        """Show maintenance mode, or switch it on or off for every running process.

        While on, members are answered "back soon" and nothing is written, administrators keep /admin, and no
        job runs and no schedule fires; when it is off again, what waited runs once.
        """
        text = (message or "").strip() or None
        if text is not None and switch != "on":
            raise click.UsageError("--message goes with 'on'")
        if text is not None and len(text) > MAX_MAINTENANCE_MESSAGE:
            raise click.BadParameter(
                f"at most {MAX_MAINTENANCE_MESSAGE} characters, got {len(text)}", param_hint="--message"
            )
        if switch is None:
            state = run(read_maintenance)
        else:
            by = operator()
            state = run(lambda conn: set_maintenance(conn, active=switch == "on", message=text, changed_by=by))
        if json_output:
            click.echo(as_json(state))
        else:
            for line in describe(state):
                click.echo(line)

    return maintenance
