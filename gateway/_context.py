"""The one place that turns interactions.py's context into what handlers get: an Interaction and a Responder.

The client (:class:`~gateway.DiscordGateway`) builds its contexts with the classes below. Each reads the
:class:`~gateway.Interaction` from Discord's ``INTERACTION_CREATE`` JSON (not from the library's objects)
before the library parses it — the library's parsing moves and renames parts of that JSON in place — adding
the two things only the gateway cache knows: the bot's user id and the guild's channels with the bot's
permissions in them. :func:`from_context` pairs that value with an :class:`HttpResponder` over the client's
HTTP client and the interaction's token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

import interactions

from gateway._errors import GatewayError
from gateway._interaction import NO_CHANNELS, CachedChannel, GuildChannels, Interaction, interaction_from_payload
from gateway._responder import HttpResponder

#: The attribute the contexts below keep the interaction in.
_INTERACTION = "together_interaction"
_C = TypeVar("_C", bound=interactions.BaseContext[interactions.Client])


def read_interaction(client: interactions.Client, payload: Mapping[str, Any]) -> Interaction:
    """The :class:`Interaction` of an ``INTERACTION_CREATE`` payload, with the bot's id and the guild's cached
    channels from ``client``."""
    guild_id = payload.get("guild_id")
    channels: GuildChannels = NO_CHANNELS if guild_id is None else CacheChannels(client, str(guild_id))
    return interaction_from_payload(payload, bot_user_id=str(client.user.id), guild_channels=channels)


def _keep(instance: _C, interaction: Interaction) -> _C:
    setattr(instance, _INTERACTION, interaction)
    return instance


class SlashContext(interactions.SlashContext[interactions.Client]):
    """interactions.py's slash context, with the typed interaction read from its JSON."""

    @classmethod
    def from_dict(cls, client: interactions.Client, payload: dict[str, Any]) -> Self:
        interaction = read_interaction(client, payload)  # first: the library's parsing changes the payload in place
        return _keep(super().from_dict(client, payload), interaction)


class ComponentContext(interactions.ComponentContext[interactions.Client]):
    """interactions.py's component context, with the typed interaction read from its JSON."""

    @classmethod
    def from_dict(cls, client: interactions.Client, payload: dict[str, Any]) -> Self:
        interaction = read_interaction(client, payload)  # first: the library's parsing changes the payload in place
        return _keep(super().from_dict(client, payload), interaction)


class ModalContext(interactions.ModalContext[interactions.Client]):
    """interactions.py's modal context, with the typed interaction read from its JSON."""

    @classmethod
    def from_dict(cls, client: interactions.Client, payload: dict[str, Any]) -> Self:
        interaction = read_interaction(client, payload)  # first: the library's parsing changes the payload in place
        return _keep(super().from_dict(client, payload), interaction)


class CacheChannels:
    """A guild's channels from the gateway cache, read when asked (the bot's permissions computed then)."""

    __slots__ = ("_client", "_guild_id")

    def __init__(self, client: interactions.Client, guild_id: str) -> None:
        self._client = client
        self._guild_id = guild_id

    def channel(self, channel_id: str) -> CachedChannel | None:
        guild = self._client.cache.get_guild(self._guild_id)
        channel = None if guild is None else guild.get_channel(channel_id)
        if guild is None or channel is None:
            return None
        me = guild.me
        granted = 0 if me is None else int(me.channel_permissions(channel))
        return CachedChannel(id=str(channel.id), type=int(channel.type), bot_permissions=granted)

    def __repr__(self) -> str:
        return f"CacheChannels(guild_id={self._guild_id!r})"


def from_context(ctx: interactions.BaseInteractionContext[interactions.Client]) -> tuple[Interaction, HttpResponder]:
    """The handler's view of ``ctx`` (made by a :class:`~gateway.DiscordGateway` client) and its responder."""
    interaction = getattr(ctx, _INTERACTION, None)
    if not isinstance(interaction, Interaction):
        raise GatewayError("interaction_handler callbacks need the contexts of a DiscordGateway client")
    responder = HttpResponder(
        ctx.client.http, interaction_id=interaction.id, application_id=interaction.application_id, token=ctx.token
    )
    return interaction, responder
