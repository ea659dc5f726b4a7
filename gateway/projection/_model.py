"""What a feature declares for a projection, and the messages and keys the projection actor works with.

A *projection* is one Discord message that shows the latest state of one entity (a scoreboard, a panel...).
The feature supplies a :class:`ProjectionKind`: a cheap ``version`` read, a ``load`` that reads the entity's
state and renders it with a pure renderer into a :class:`Snapshot`, and the :class:`RefreshJob` through which a
change asks for a refresh. The projection runtime decides when and how the snapshot reaches
Discord; it names no feature and no job of its own.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, Protocol, TypeVar

import msgspec

from gateway._errors import GatewayError
from store import Connection, JobPayload, JobSpec

if TYPE_CHECKING:
    import asyncpg

    from actors import ActorSystem
    from gateway._rest_port import DiscordRest

#: The actor kind every projection runs under; the actor key is ``<kind>:<guild>:<entity>``.
ACTOR_KIND: Final = "projection"

P = TypeVar("P", bound=JobPayload)


class Stamp(msgspec.Struct, frozen=True, kw_only=True):
    """Where an entity's projection lives and the version of its state, read without rendering anything."""

    channel_id: str
    version: int


class Snapshot(msgspec.Struct, frozen=True, kw_only=True):
    """The latest state of one projection, rendered.

    ``version`` grows with every change of the entity's state (the feature supplies it, e.g. a row version or
    an event count): the actor never replaces a message that shows a version at least as new. ``body`` is the
    Components V2 message body from a pure renderer (``V2Message.to_payload()``).
    """

    channel_id: str
    version: int
    body: dict[str, Any]


class ProjectionServices(Protocol):
    """What the projection runtime uses of the bot's running services (the features' services object has
    these and more, and is what a loader receives back)."""

    @property
    def pool(self) -> asyncpg.Pool: ...

    @property
    def rest(self) -> DiscordRest: ...

    @property
    def system(self) -> ActorSystem: ...


class GuildState(Protocol):
    """What the runtime needs of a guild's configuration: a version that grows with every change of it."""

    @property
    def version(self) -> int: ...


#: ``read_guild(conn, guild_id)``: the guild's configuration (the runtime is given the kernel's reader).
GuildReader = Callable[[Connection, str], Awaitable[GuildState]]
#: ``version(conn, guild_id, entity_id)``: the entity's :class:`Stamp`, or None when it is gone.
VersionRead = Callable[[Connection, str, str], Awaitable[Stamp | None]]
#: ``load(services, conn, guild, entity_id)``: the entity rendered, or None when it is gone. ``services`` and
#: ``guild`` are what the runtime was given (the features' services, the configuration ``read_guild``
#: returned), typed loosely so a feature's loader can take its own richer types.
Loader = Callable[[Any, Connection, Any, str], Awaitable[Snapshot | None]]


@dataclass(frozen=True, kw_only=True, slots=True)
class RefreshJob(Generic[P]):
    """The job that refreshes a projection kind: its ``spec`` (the feature's job), how to build its payload
    from ``(guild_id, entity_id, reason)``, and how to read the entity id back from a payload.

    A job that is also a recurring schedule (the raid card's ten-minute pass) fires without an entity:
    ``entity`` returns None for such a payload, and ``every(conn, guild_id)`` names the entities to refresh.
    """

    spec: JobSpec[P]
    payload: Callable[[str, str, str], P]
    entity: Callable[[P], str | None]
    every: Callable[[Connection, str], Awaitable[Sequence[str]]] | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class RefreshTarget:
    """What a change needs to ask for a refresh of a projection kind: its ``name`` and its refresh job, without
    its loader. A kind shown by one feature and refreshed by others' changes (a panel several features write
    lines on) is declared as a target where all of them can reach it; the showing feature builds its
    :class:`ProjectionKind` from it."""

    name: str
    refresh: RefreshJob[Any]

    def ref(self, guild_id: str, entity_id: str | uuid.UUID) -> ProjectionRef:
        """This kind's projection of ``entity_id`` in ``guild_id``."""
        return ProjectionRef(self, guild_id, str(entity_id))


class Refreshable(Protocol):
    """A projection kind as a refresh request sees it (a :class:`ProjectionKind` or a :class:`RefreshTarget`)."""

    @property
    def name(self) -> str: ...

    @property
    def refresh(self) -> RefreshJob[Any] | None: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class ProjectionKind:
    """A feature's projection: its ``name`` (``snake_case``, without ``:``), how to read and render it, and the
    job that refreshes it.

    ``version(conn, guild_id, entity_id)`` is the cheap read a turn decides from: the channel and the state
    version (a row version, a count), or None when the entity is gone. It must grow with every change of what
    the message shows, its channel included, and it must count exactly what ``load`` renders.

    ``load(services, conn, guild, entity_id)`` reads the state through ``conn`` (a read-only
    repeatable-read transaction, so the version it returns is the version of the state it rendered) and
    renders it in the guild's language; ``guild`` is the guild's configuration read in the same transaction.
    The runtime adds ``guild.version`` to both versions, so a change of the locale or the timezone shows
    too (see :class:`~gateway.projection._publisher.ProjectionPublisher`): features count their own state only.

    ``refresh``: the job a change enqueues through :func:`~gateway.projection.request_refresh` (None only for
    test kinds that are driven without a job queue). ``pin``: pin the message once, right after it is first
    posted.
    """

    name: str
    version: VersionRead
    load: Loader
    refresh: RefreshJob[Any] | None = None
    pin: bool = False

    def __post_init__(self) -> None:
        if not self.name or ":" in self.name:
            raise ValueError("a projection kind needs a name without ':'")

    def ref(self, guild_id: str, entity_id: str | uuid.UUID) -> ProjectionRef:
        """This kind's projection of ``entity_id`` in ``guild_id``."""
        return ProjectionRef(self, guild_id, str(entity_id))


class ProjectionRef(NamedTuple):
    """One projection: a kind, a guild and an entity."""

    kind: Refreshable
    guild_id: str
    entity_id: str

    @property
    def key(self) -> str:
        """The actor key ``<kind>:<guild>:<entity>``."""
        return actor_key(self.kind.name, self.guild_id, self.entity_id)


class Refresh(msgspec.Struct, frozen=True):
    """Show the latest state. Carries nothing: the actor reads the state itself, so refreshes coalesce (and
    every asker whose refresh was merged into a turn gets that turn's :class:`TurnReport`)."""


REFRESH: Final = Refresh()


class Outcome(enum.Enum):
    """How a projection turn ended."""

    #: This turn edited or posted the message; it now shows the latest version.
    SHOWN = "shown"
    #: The message already showed a version at least as new (read cheaply, or found under the lock).
    ALREADY_SHOWN = "already_shown"
    #: The entity is gone: nothing to show.
    GONE = "gone"
    #: Discord kept answering 429 beyond what one turn waits out.
    RATE_LIMITED = "rate_limited"
    #: Discord stayed unavailable (5xx, network) through the turn's retries.
    UNAVAILABLE = "unavailable"
    #: Discord refused the message (403, an invalid body...).
    REFUSED = "refused"

    @property
    def settled(self) -> bool:
        """True when the message shows the latest state (or nothing is to be shown): a refresh job is done."""
        return self in (Outcome.SHOWN, Outcome.ALREADY_SHOWN, Outcome.GONE)


class TurnReport(msgspec.Struct, frozen=True):
    """The projection actor's answer to a :class:`Refresh`: the turn's outcome and the version it left shown."""

    outcome: Outcome
    version: int | None = None


class ProjectionNotShown(GatewayError):
    """A refresh ended without the message showing the latest state; the refresh job retries."""

    def __init__(self, key: str, report: TurnReport) -> None:
        self.key = key
        self.report = report
        super().__init__(f"projection {key} not shown: {report.outcome.value}")


def actor_key(kind: str, guild_id: str, entity_id: str) -> str:
    """The projection actor's key, ``<kind>:<guild>:<entity>`` (the singleton key without ``projection:``)."""
    return f"{kind}:{guild_id}:{entity_id}"


def singleton_key(kind: str, guild_id: str, entity_id: str) -> str:
    """The seeds' singleton key ``projection:<kind>:<guild>:<entity>``."""
    return f"{ACTOR_KIND}:{actor_key(kind, guild_id, entity_id)}"


def parse_actor_key(key: str) -> tuple[str, str, str]:
    """``(kind, guild_id, entity_id)`` from an actor key; the entity id may itself contain ``:``."""
    kind, guild_id, entity_id = key.split(":", 2)
    return kind, guild_id, entity_id
