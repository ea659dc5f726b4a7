"""A test projection kind over in-memory state, and a projection owner (actors + REST port) on the emulator."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from features.duels._jobs import SCOREBOARD_REFRESH, DuelScoreboardRefresh
from features.kernel._components import TextDisplay, V2Message
from features.kernel._guild_settings import GuildSettings
from features.kernel._host import Services
from features.kernel.testing import ProjectionOwner
from features.kernel.testing import projection_owner as owner
from gateway import AiohttpDiscordRest
from gateway.emulator import LocalDiscord
from gateway.projection import ProjectionKind, RefreshJob, Snapshot, Stamp
from store._pool import Connection
from telemetry import current_log_fields

_STATE = re.compile(r"state (\d+)")


@dataclass
class Board:
    """The entity behind a test projection: a version that grows, shown as ``"state <version>"`` (with the
    guild's locale when it has one)."""

    channel_id: str
    version: int = 0
    gone: bool = False
    #: Version reads and renders the projection made of this board.
    reads: int = 0
    renders: int = 0
    #: The log fields bound when the projection rendered this board, latest last.
    log_fields: list[dict[str, str | None]] = field(default_factory=list)

    def bump(self, to: int | None = None) -> int:
        self.version = self.version + 1 if to is None else to
        return self.version

    async def read_version(self, conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
        self.reads += 1
        return None if self.gone else Stamp(channel_id=self.channel_id, version=self.version)

    async def load(
        self, services: Services, conn: Connection, settings: GuildSettings, entity_id: str
    ) -> Snapshot | None:
        self.renders += 1
        self.log_fields.append(current_log_fields())
        if self.gone:
            return None
        text = f"state {self.version}" if settings.version == 0 else f"state {self.version} ({settings.locale})"
        body = V2Message(components=(TextDisplay(content=text),)).to_payload()
        return Snapshot(channel_id=self.channel_id, version=self.version, body=body)


@dataclass
class Boards:
    """Test boards by entity id, served as one projection kind."""

    channel_id: str
    boards: dict[str, Board] = field(default_factory=dict)

    def __getitem__(self, entity_id: str) -> Board:
        board = self.boards.get(entity_id)
        if board is None:
            board = self.boards[entity_id] = Board(self.channel_id)
        return board

    async def read_version(self, conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
        return await self[entity_id].read_version(conn, guild_id, entity_id)

    async def load(
        self, services: Services, conn: Connection, settings: GuildSettings, entity_id: str
    ) -> Snapshot | None:
        return await self[entity_id].load(services, conn, settings, entity_id)

    def kind(self, name: str = "board", *, pin: bool = False) -> ProjectionKind:
        """The boards as projection kind ``name``, refreshed by ``duel.scoreboard.refresh`` jobs (a seed job
        name and payload lent to the test kind; the entity travels as ``duel_id``)."""
        return ProjectionKind(name=name, version=self.read_version, load=self.load, refresh=BOARD_REFRESH, pin=pin)


def _board_payload(guild_id: str, entity_id: str, reason: str) -> DuelScoreboardRefresh:
    return DuelScoreboardRefresh(
        correlation_id="test", guild_id=guild_id, feature="tests", action="board.refresh", duel_id=entity_id,
        reason=reason,
    )


def _board_of(payload: DuelScoreboardRefresh) -> str:
    return payload.duel_id


BOARD_REFRESH = RefreshJob(spec=SCOREBOARD_REFRESH.spec, payload=_board_payload, entity=_board_of)


def shown_version(message: dict[str, Any] | None) -> int | None:
    """The version a test projection message shows (None for no message)."""
    if message is None:
        return None
    match = _STATE.search(str(message.get("components")))
    return None if match is None else int(match.group(1))


def body_version(body: object) -> int:
    """The version carried by a request body sent for a test projection (every such body carries one)."""
    match = _STATE.search(str(body))
    assert match is not None, body
    return int(match.group(1))


@asynccontextmanager
async def projection_owner(
    pool: asyncpg.Pool, local: LocalDiscord, kinds: Iterable[ProjectionKind], **options: Any
) -> AsyncIterator[ProjectionOwner]:
    """One bot process's projections over ``pool``, talking to the emulator ``local`` with its own REST port."""
    async with (
        AiohttpDiscordRest(local.settings.token, api_base=local.settings.api_base) as rest,
        owner(pool, rest, kinds, **options) as running,
    ):
        yield running
