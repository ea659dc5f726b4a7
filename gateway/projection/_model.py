"""What a feature declares for a projection, and the messages and keys the projection actor works with.

A *projection* is one Discord message that shows the latest state of one entity (a duel's scoreboard, a pair's
home panel...). The feature supplies a :class:`ProjectionKind`: a ``load`` that reads the entity's current state
and renders it with a pure renderer into a :class:`Snapshot`. The projection actor decides when and how that
snapshot reaches Discord.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol

import msgspec

if TYPE_CHECKING:
    import asyncpg

    from actors import ActorSystem
    from gateway._rest_port import DiscordRest

#: The actor kind every projection runs under; the actor key is ``<kind>:<guild>:<entity>``.
ACTOR_KIND: Final = "projection"


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


#: ``load(services, guild_id, entity_id)``; ``services`` is the object the runtime was given (the features'
#: services), typed loosely so a feature's loader can take its own richer type.
Loader = Callable[[Any, str, str], Awaitable[Snapshot | None]]


@dataclass(frozen=True, kw_only=True, slots=True)
class ProjectionKind:
    """A feature's projection: its ``name`` (``"pair_home"``, ``"duel_scoreboard"``...) and how to load it.

    ``load(services, guild_id, entity_id)`` returns the latest :class:`Snapshot`, or ``None`` when the entity
    is gone and nothing should be shown. It reads the guild's locale itself (``services.guilds``). ``pin``: pin
    the message once, right after it is first posted.
    """

    name: str
    load: Loader
    pin: bool = False

    def __post_init__(self) -> None:
        if not self.name or ":" in self.name:
            raise ValueError("a projection kind needs a name without ':'")


class Refresh(msgspec.Struct, frozen=True):
    """Show the latest state. Carries nothing: the actor loads the state itself, so refreshes coalesce."""


REFRESH: Final = Refresh()


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
