"""A test projection kind over in-memory state, and a projection owner (actors + REST port) on the emulator."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from features.kernel._components import TextDisplay, V2Message
from features.kernel._host import Services
from features.kernel.testing import ProjectionOwner
from features.kernel.testing import projection_owner as owner
from gateway._rest_port import AiohttpDiscordRest
from gateway.emulator import LocalDiscord
from gateway.projection._model import ProjectionKind, Snapshot
from telemetry import current_log_fields

_STATE = re.compile(r"state (\d+)")


@dataclass
class Board:
    """The entity behind a test projection: a version that grows, shown as ``"state <version>"``."""

    channel_id: str
    version: int = 0
    gone: bool = False
    loads: int = 0
    #: The log fields bound when the projection loaded this board, latest last.
    log_fields: list[dict[str, str | None]] = field(default_factory=list)

    def bump(self, to: int | None = None) -> int:
        self.version = self.version + 1 if to is None else to
        return self.version

    async def load(self, services: Services, guild_id: str, entity_id: str) -> Snapshot | None:
        self.loads += 1
        self.log_fields.append(current_log_fields())
        if self.gone:
            return None
        body = V2Message(components=(TextDisplay(content=f"state {self.version}"),)).to_payload()
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

    async def load(self, services: Services, guild_id: str, entity_id: str) -> Snapshot | None:
        return await self[entity_id].load(services, guild_id, entity_id)

    def kind(self, name: str = "board", *, pin: bool = False) -> ProjectionKind:
        return ProjectionKind(name=name, load=self.load, pin=pin)


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
