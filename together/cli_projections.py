"""``together projections``: the single-message projections (seed 002 §6, "rebuild dashboards"): list and rebuild.

A rebuild goes through the one durable path every change takes: it marks the stored projections stale (under
their edit lock, :func:`store.mark_projection_stale`) and asks for their refresh with
:func:`gateway.projection.request_refresh` in the same transaction. The refresh jobs then make each message show
the latest state, edited again even when the stored version was current (a message edited by hand, a render
fixed by a deploy), or posted again when it was deleted. The kinds are the ones the features install here.

``cli.add_command(make_projections_group(resolve_dsn))``; ``resolve_dsn`` returns the database DSN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import asyncpg
import click
import msgspec

from gateway.projection import ProjectionKind, ProjectionRef, request_refresh
from store import STALE_VERSION, ProjectionRow, list_projections, mark_projection_stale
from together._cli_output import echo_json, echo_table, json_option, run_with_connection, to_dicts

_LIST_COLUMNS = (
    ("projection_key", "key"),
    ("channel_id", "channel"),
    ("message_id", "message"),
    ("shown", "shown version"),
    ("pinned", "pinned"),
    ("updated_at", "updated"),
)
_REBUILD_COLUMNS = (("projection_key", "key"), ("stored", "stored"))


class Rebuilt(msgspec.Struct, frozen=True, kw_only=True):
    """A projection asked to show itself again; ``stored`` False: it had never been shown (first post)."""

    projection_key: str
    kind: str
    guild_id: str
    entity_id: str
    stored: bool


def installed_projection_kinds() -> tuple[ProjectionKind, ...]:
    """The projection kinds the features install (those a rebuild can refresh)."""
    from features import install_features
    from features.kernel import FeatureHost

    return tuple(kind for kind in install_features(FeatureHost()).projection_kinds if kind.refresh is not None)


def _split(key: str) -> tuple[str, str, str]:
    kind, guild_id, entity_id = key.split(":", 2)
    return kind, guild_id, entity_id


def _row_dict(row: ProjectionRow) -> dict[str, Any]:
    kind, _, entity_id = _split(row.projection_key)
    return {**msgspec.structs.asdict(row), "kind": kind, "entity_id": entity_id}


async def rebuild_projections(
    conn: asyncpg.Connection, kind: ProjectionKind, *, guild_id: str | None, entity_id: str | None
) -> list[Rebuilt]:
    """Mark the stored projections of ``kind`` (of ``guild_id``, of ``entity_id``) stale and request their
    refresh, in one transaction. With both a guild and an entity and nothing stored, the projection is asked
    to show for the first time."""
    async with conn.transaction():
        rows = await list_projections(conn, guild_id=guild_id, kind=kind.name)
        targets: list[tuple[ProjectionRef, bool]] = []
        for row in rows:
            _, guild, entity = _split(row.projection_key)
            if entity_id is None or entity == entity_id:
                targets.append((kind.ref(guild, entity), True))
        if not targets and guild_id is not None and entity_id is not None:
            targets.append((kind.ref(guild_id, entity_id), False))
        for ref, stored in targets:
            if stored:
                await mark_projection_stale(conn, ref.key)
        await request_refresh(conn, [ref for ref, _ in targets], reason="rebuild")
    return [
        Rebuilt(projection_key=ref.key, kind=kind.name, guild_id=ref.guild_id, entity_id=ref.entity_id, stored=stored)
        for ref, stored in targets
    ]


def make_projections_group(
    resolve_dsn: Callable[[], str], kinds: Callable[[], Sequence[ProjectionKind]] = installed_projection_kinds
) -> click.Group:
    """The ``projections`` click group; every command connects to ``resolve_dsn()``. ``kinds``: the projection
    kinds ``rebuild`` accepts (default: every feature's)."""

    @click.group(name="projections")
    def projections() -> None:
        """Inspect and rebuild single-message projections (scoreboards, panels)."""

    @projections.command("list")
    @click.option("--guild", "guild_id", default=None, help="Only this guild's projections.")
    @json_option
    def list_(guild_id: str | None, as_json: bool) -> None:
        """Every stored projection: its message, the state version it shows, whether it is pinned."""
        rows = run_with_connection(resolve_dsn, lambda conn: list_projections(conn, guild_id=guild_id))
        table = [_row_dict(row) for row in rows]
        if as_json:
            echo_json(table)
            return
        if not table:
            click.echo("no projections")
            return
        for row in table:
            version = row["rendered_version"]
            row["shown"] = "stale (rebuild asked)" if version == STALE_VERSION else version
        echo_table(table, _LIST_COLUMNS)

    @projections.command("rebuild")
    @click.argument("kind_name", metavar="KIND")
    @click.option("--guild", "guild_id", default=None, help="Only this guild's projections.")
    @click.option("--entity", "entity_id", default=None, help="Only this entity's (a duel id, a pair id).")
    @json_option
    def rebuild(kind_name: str, guild_id: str | None, entity_id: str | None, as_json: bool) -> None:
        """Render every stored projection of KIND (of a guild, of an entity) again, even when it looks current.

        With --guild and --entity, a projection never shown yet is posted.
        """
        known = {kind.name: kind for kind in kinds()}
        kind = known.get(kind_name)
        if kind is None:
            raise click.BadParameter(
                f"unknown projection kind {kind_name!r}; known: {', '.join(sorted(known))}", param_hint="KIND"
            )
        done = run_with_connection(
            resolve_dsn, lambda conn: rebuild_projections(conn, kind, guild_id=guild_id, entity_id=entity_id)
        )
        if not done:
            raise click.ClickException(f"no stored {kind_name} projection matches")
        if as_json:
            echo_json({"rebuilt": done})
            return
        click.echo(f"asked {len(done)} projection{'' if len(done) == 1 else 's'} to render again")
        table = to_dicts(done)
        for row in table:
            row["stored"] = "yes" if row["stored"] else "no: posted for the first time"
        echo_table(table, _REBUILD_COLUMNS)

    return projections

