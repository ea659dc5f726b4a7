"""One process's projections without the rest of the bot, for integration tests and ``bench.projections``.

:func:`projection_owner` runs an actor system with only the ``projection`` kind over a pool and a REST port,
so a test can start two of them on one database and play two bot processes owning the same projections.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from opentelemetry.trace import Tracer

from actors import ActorSystem
from features.kernel._guild_settings import GuildSettings, fetch_guild_settings
from features.kernel._host import Services
from gateway import DiscordRest
from gateway.projection import ACTOR_KIND, REFRESH, ProjectionKind, Projections, actor_key

__all__ = ("ProjectionOwner", "projection_owner")


class _UncachedGuilds:
    """Guild settings read on every call: a test owner has no LISTEN connection to keep a cache honest."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def get(self, guild_id: str) -> GuildSettings:
        async with self._pool.acquire() as conn:
            return await fetch_guild_settings(conn, guild_id)

    def invalidate(self, guild_id: str) -> None:
        """Nothing is kept, so nothing to forget."""


@dataclass(frozen=True)
class ProjectionOwner:
    """One process's view of the projections: its ``Projections``, actor system and services."""

    projections: Projections
    system: ActorSystem
    services: Services

    def refresh(self, kind: str, guild_id: str, entity_id: str) -> None:
        """Tell the projection's actor to show the latest state, without waiting for its report: how tests and
        the bench drive bursts of refreshes without a job queue. The bot never does this: a change enqueues its
        refresh jobs (``request_refresh``) and each job asks (``Projections.show``)."""
        self.system.ref(ACTOR_KIND, actor_key(kind, guild_id, entity_id)).tell_nowait(REFRESH)


@asynccontextmanager
async def projection_owner(
    pool: asyncpg.Pool,
    rest: DiscordRest,
    kinds: Iterable[ProjectionKind],
    *,
    tracer: Tracer | None = None,
    **options: Any,
) -> AsyncIterator[ProjectionOwner]:
    """A running actor system with the ``projection`` kind (traced with ``tracer`` when given); ``options`` go
    to :class:`Projections`."""
    services: list[Services] = []
    projections = Projections(kinds, lambda: services[0], read_guild=fetch_guild_settings, **options)
    system = ActorSystem([projections.actor_kind], tracer=tracer, shutdown_grace_s=5.0)
    services.append(
        Services(
            pool=pool,
            rest=rest,
            system=system,
            guilds=_UncachedGuilds(pool),
            projections=projections,
            application_id=None,
            default_timezone="UTC",
            repair_step_seconds=1.0,
        )
    )
    async with system:
        yield ProjectionOwner(projections, system, services[0])
