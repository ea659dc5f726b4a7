"""Test helpers of the kernel: handlers run without Discord, and projections without the rest of the bot.

:func:`run_handler` runs a feature handler the way :func:`~features.kernel.bind` registers it (the envelope:
refusals answered, failures apologised, both in the guild's configured language) against a
:class:`gateway.testing.RecordingResponder`; :func:`unit_services` are services without I/O (the guild
settings a test gives, a recording REST port, no database unless the test brings a fake one). With
:func:`gateway.testing.interaction` a unit test runs a real handler with no socket::

    services = unit_services(GuildSettings(guild_id="1", locale="en"))
    answered = await run_handler(config_get, services, interaction(guild_id="1"))
    assert answered.texts() == [tr.text("en", "error.admin_required")]

:func:`projection_owner` runs an actor system with only the ``projection`` kind over a pool and a REST port,
so a test can start two of them on one database and play two bot processes owning the same projections.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import asyncpg
from opentelemetry.trace import Tracer

from actors import ActorSystem
from features.kernel._callbacks import ServiceHandler
from features.kernel._guild_settings import GuildSettings, fetch_guild_settings
from features.kernel._host import Services, configured_locale
from features.kernel._maintenance import NEVER_IN_MAINTENANCE, MaintenanceSource, maintenance_refusal
from gateway import DiscordRest, Interaction, Responder, enveloped
from gateway.i18n import Locale
from gateway.projection import ACTOR_KIND, REFRESH, ProjectionKind, ProjectionRef, Projections, actor_key
from gateway.testing import RecordingDiscordRest, RecordingResponder

__all__ = (
    "ProjectionOwner",
    "RecordingProjections",
    "StaticGuilds",
    "projection_owner",
    "run_handler",
    "unit_services",
)


class StaticGuilds:
    """Guild settings given by the test (a ``GuildSettingsSource``); any other guild has the defaults."""

    def __init__(self, *settings: GuildSettings) -> None:
        self.settings = {s.guild_id: s for s in settings}
        self.invalidated: list[str] = []

    async def get(self, guild_id: str) -> GuildSettings:
        return self.settings.get(guild_id) or GuildSettings(guild_id=guild_id)

    def invalidate(self, guild_id: str) -> None:
        """Recorded in :attr:`invalidated`."""
        self.invalidated.append(guild_id)


class RecordingProjections:
    """A ``ProjectionCatalog`` with no kind installed: records each stored key it is asked about in
    :attr:`asked` and knows none of them (a unit test has no projection runtime)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ref(self, key: str) -> ProjectionRef | None:
        self.asked.append(key)
        return None


class _NoDatabase:
    """The pool of a unit test that brought none: using it fails the test (a refusal must write nothing)."""

    def acquire(self) -> Any:
        raise AssertionError("the handler used the database in a unit test without one")


def unit_services(
    *guild_settings: GuildSettings,
    pool: object | None = None,
    rest: DiscordRest | None = None,
    default_timezone: str = "UTC",
    maintenance: MaintenanceSource = NEVER_IN_MAINTENANCE,
) -> Services:
    """:class:`Services` for a unit test: ``guild_settings`` through :class:`StaticGuilds`, a
    :class:`~gateway.testing.RecordingDiscordRest` unless ``rest`` is given, :class:`RecordingProjections`, an
    actor system that is never started, ``pool`` (a fake with ``acquire()``) or none at all, and the
    ``maintenance`` switch (off unless given)."""
    return Services(
        pool=cast("asyncpg.Pool", _NoDatabase() if pool is None else pool),
        rest=RecordingDiscordRest() if rest is None else rest,
        system=ActorSystem(),
        guilds=StaticGuilds(*guild_settings),
        projections=RecordingProjections(),
        application_id=None,
        default_timezone=default_timezone,
        repair_step_seconds=1.0,
        maintenance=maintenance,
    )


async def run_handler(
    handle: ServiceHandler,
    services: Services,
    interaction: Interaction,
    responder: RecordingResponder | None = None,
    *,
    feature: str = "test",
    action: str = "test",
    admins_in_maintenance: bool = False,
) -> RecordingResponder:
    """Run ``handle`` as :func:`~features.kernel.bind` registers it (``admins_in_maintenance`` as there),
    answering into ``responder`` (a new :class:`~gateway.testing.RecordingResponder` unless given), which is
    returned."""
    answers = RecordingResponder() if responder is None else responder

    async def locale_of(of: Interaction) -> Locale:
        return await configured_locale(of, services.guilds)

    async def with_services(of: Interaction, answer: Responder) -> None:
        refusal = maintenance_refusal(services.maintenance, of, admins_keep=admins_in_maintenance)
        if refusal is not None:
            raise refusal
        await handle(services, of, answer)

    await enveloped(with_services, feature=feature, action=action, locale_of=locale_of)(interaction, answers)
    return answers


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
