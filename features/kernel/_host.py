"""The feature host: how a feature plugs its commands, component callbacks, job handlers and actors into the bot.

A feature module exposes ``install(host: FeatureHost) -> None``. Installing never does I/O: it only declares
slash commands, component/modal callbacks (a regex on the feature's own custom-id prefix ``^t1:<feature>:``),
job handlers, actor kinds and projection kinds. The running services (pool, REST port, actor system...) are
attached later by ``together run`` with :meth:`FeatureHost.attach`, so the same host also serves
``together commands deploy``, which needs the command list and nothing else.

Handlers read :attr:`FeatureHost.services` when they run, never at install time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import interactions

from features.kernel._effect_runner import EffectKind, EffectRunner
from features.kernel._maintenance import NEVER_IN_MAINTENANCE, MaintenanceSource
from features.kernel._pair_home import PairCreated, PairHomeSection
from features.kernel._public_posts import PostRenderer, post_kind
from gateway import ControlHints, GatewayError, Interaction
from gateway.i18n import Locale, resolve_locale
from store import JobContext, JobPayload, JobRegistry, JobSpec

P = TypeVar("P", bound=JobPayload)
#: A feature's content check: validate the bundled files, return a summary line.
ContentCheck = Callable[[], str]

if TYPE_CHECKING:
    import asyncpg

    from actors import ActorKind, ActorSystem
    from features.kernel._guild_settings import GuildSettings
    from gateway import DiscordRest
    from gateway.projection import ProjectionKind, ProjectionRef


class GuildSettingsSource(Protocol):
    """Guild configuration through the process's cache in front of ``guild_settings``."""

    async def get(self, guild_id: str) -> GuildSettings:
        """The guild's current configuration (defaults when it has none)."""
        ...

    def invalidate(self, guild_id: str) -> None:
        """Forget the cached copy after this process committed a write, so its next read sees the write
        (other processes learn of it through the ``guild_settings`` NOTIFY the write sent)."""
        ...


class ProjectionCatalog(Protocol):
    """The installed projection kinds (:class:`gateway.projection.Projections` in the bot)."""

    def ref(self, key: str) -> ProjectionRef | None:
        """The projection of a stored key ``<kind>:<guild>:<entity>`` (None when its kind is not installed), to
        pass to :func:`gateway.projection.request_refresh` (``/admin`` re-renders a guild's projections)."""
        ...


@dataclass(frozen=True, kw_only=True)
class Services:
    """What feature handlers use at run time."""

    pool: asyncpg.Pool
    rest: DiscordRest
    system: ActorSystem
    guilds: GuildSettingsSource
    projections: ProjectionCatalog
    application_id: str | None
    default_timezone: str
    repair_step_seconds: float
    #: The job names this process has a handler for (``/admin doctor`` names a switched-on schedule that
    #: nothing can run).
    runnable_jobs: frozenset[str] = frozenset()
    #: The maintenance switch as this process last read it (every bound handler checks it first).
    maintenance: MaintenanceSource = NEVER_IN_MAINTENANCE
    #: Performs recorded effects (``services.effects.perform(services, effect_id)`` right after the commit).
    effects: EffectRunner = field(default_factory=EffectRunner)


@dataclass
class FeatureHost:
    """Collects what every feature declares; :meth:`attach` gives handlers the running services."""

    commands: list[interactions.BaseCommand] = field(default_factory=list)
    actor_kinds: list[ActorKind] = field(default_factory=list)
    projection_kinds: list[ProjectionKind] = field(default_factory=list)
    content_checks: list[ContentCheck] = field(default_factory=list)
    pair_home_sections: list[PairHomeSection] = field(default_factory=list)
    pair_created_listeners: list[PairCreated] = field(default_factory=list)
    effect_kinds: dict[str, EffectKind] = field(default_factory=dict)
    control_hints: ControlHints = field(default_factory=ControlHints)
    _jobs: list[tuple[JobSpec[Any], Callable[[Any, JobContext], Awaitable[None]]]] = field(default_factory=list)
    _services: Services | None = None

    def add_command(self, command: interactions.BaseCommand) -> None:
        """A slash command, or a ``ComponentCommand`` / ``ModalCommand`` on the feature's custom-id regex."""
        self.commands.append(command)

    def add_control_hint(self, prefix: str, key: str) -> None:
        """The way forward (catalog ``key``: "run /date again") shown with "this button is from an older version
        of the message" when a button, select or modal whose custom id starts with ``prefix`` (the feature's
        own, ``t1:<feature>:``) no longer routes to any callback."""
        self.control_hints.add(prefix, key)

    def add_actor_kind(self, kind: ActorKind) -> None:
        """An actor kind registered on the system at start."""
        self.actor_kinds.append(kind)

    def add_projection(self, kind: ProjectionKind) -> None:
        """A single-message projection; changes then call ``gateway.projection.request_refresh(conn, [kind.ref(
        guild_id, entity_id)], reason=...)`` in their transaction, and its refresh job shows it."""
        self.projection_kinds.append(kind)

    def add_job(self, spec: JobSpec[P], handler: Callable[[P, JobContext], Awaitable[None]]) -> None:
        """A job of the feature: its spec (name, payload struct, retry policy, cron) and the handler that runs it.
        The handler reads :attr:`services` when it runs."""
        self._jobs.append((spec, handler))

    def add_content_check(self, check: ContentCheck) -> None:
        """``check()`` reads and validates the feature's bundled content (raising ``ContentError``) and returns a
        one-line summary; ``together seed`` runs every check before it writes anything."""
        self.content_checks.append(check)

    def add_pair_home_section(self, section: PairHomeSection) -> None:
        """A feature's line (and button) on every pair's home panel, after the sections installed before it."""
        self.pair_home_sections.append(section)

    def add_pair_created_listener(self, listener: PairCreated) -> None:
        """``listener(conn, pair)`` runs in the transaction that stores each new pair."""
        self.pair_created_listeners.append(listener)

    def add_effect_kind(self, kind: EffectKind) -> None:
        """An external effect the feature records with ``record_effect`` (a post, a channel, a pin): how it is
        performed and recorded. An effect of a kind nobody declares is marked failed."""
        if kind.name in self.effect_kinds:
            raise ValueError(f"effect kind {kind.name!r} is declared twice")
        self.effect_kinds[kind.name] = kind

    def add_post_kind(self, kind: str, render: PostRenderer) -> None:
        """Public posts of ``kind`` (``produce_post``) are worded by ``render(post, settings)`` when they are
        sent, in the guild's language then, while the ``public_post`` feature is on."""
        self.add_effect_kind(post_kind(kind, render))

    def job_registry(self) -> JobRegistry:
        """Every declared job with its handler: what this process's worker claims and its cron fires.

        The projections' refresh jobs are declared without a handler here: the projection runtime handles them
        (``Projections.install_jobs``), since only it can tell when a message shows the committed version.
        """
        registry = JobRegistry()
        for spec, handler in self._jobs:
            registry.add(spec, handler)
        for kind in self.projection_kinds:
            if kind.refresh is not None:
                registry.add_spec(kind.refresh.spec)
        return registry

    def slash_commands(self) -> Sequence[interactions.SlashCommand]:
        """The application commands to sync to Discord (component and modal callbacks are not synced)."""
        return [c for c in self.commands if isinstance(c, interactions.SlashCommand)]

    def attach(self, services: Services) -> None:
        self._services = services

    async def locale_of(self, interaction: Interaction) -> Locale:
        """The language to answer an interaction in (:func:`configured_locale` with the running services)."""
        return await configured_locale(interaction, self.services.guilds)

    @property
    def services(self) -> Services:
        if self._services is None:
            raise GatewayError("feature handler ran before the services were attached")
        return self._services


async def configured_locale(interaction: Interaction, guilds: GuildSettingsSource) -> Locale:
    """The language to answer an interaction in: its guild's configured locale (the member's in a DM)."""
    if interaction.guild_id is None:
        return resolve_locale(user_locale=interaction.locale)
    return (await guilds.get(interaction.guild_id)).locale
