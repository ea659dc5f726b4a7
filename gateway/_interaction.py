"""What a handler may read about an interaction: one typed, frozen value built once from Discord's JSON.

interactions.py's context objects mix the interaction, the library's cache and its answering state; a handler
that reads them is typed ``Any`` and tested only through the emulator. :class:`Interaction` is the part a
handler needs, read straight from Discord's ``INTERACTION_CREATE`` payload by :func:`interaction_from_payload`
(pure: no client, no I/O), so a unit test builds one with :func:`gateway.testing.interaction` and runs a real
handler without Discord. Answering is the :class:`~gateway.Responder`'s job; the token stays there.

Two things are not in the payload and come from the gateway's cache: the bot's user id and the guild's
channels as the bot sees them (:class:`GuildChannels`, for "does this room still exist" and "may the bot post
in that channel"). Both are read through the value too, so a handler never touches the library.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Protocol


class InteractionKind(enum.IntEnum):
    """Discord's interaction types that reach a handler."""

    COMMAND = 2
    COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedUser:
    """A user named in a USER (or MENTIONABLE) option, as Discord resolved it."""

    id: str
    #: The member's nickname, else the user's global name, else the username.
    display_name: str
    bot: bool = False
    #: Whether Discord resolved a member of the guild (False: a user who is not in the server, or a DM).
    member: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedChannel:
    """A channel named in a CHANNEL option."""

    id: str
    #: Discord's channel type (0 text, 4 category, 5 announcement...).
    type: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedRole:
    """A role named in a ROLE (or MENTIONABLE) option."""

    id: str
    name: str = ""


#: A command option's value: typed by the option's type.
OptionValue = str | int | float | bool | ResolvedUser | ResolvedChannel | ResolvedRole


@dataclass(frozen=True, slots=True, kw_only=True)
class CachedChannel:
    """A guild channel as the bot's gateway cache holds it, with the bot's own permissions in it."""

    id: str
    type: int
    #: The bot's permission bits in the channel, its overwrites applied.
    bot_permissions: int


class GuildChannels(Protocol):
    """The interaction's guild's channels as the bot sees them (its gateway cache, read when asked)."""

    def channel(self, channel_id: str) -> CachedChannel | None:
        """The channel, or None when it is gone (or the interaction came from a DM)."""
        ...


class _NoChannels:
    def channel(self, channel_id: str) -> CachedChannel | None:
        return None

    def __repr__(self) -> str:
        return "NO_CHANNELS"


#: The lookup of an interaction outside a guild: nothing is there.
NO_CHANNELS: Final[GuildChannels] = _NoChannels()


@dataclass(frozen=True, slots=True, kw_only=True)
class Interaction:
    """One interaction as a handler sees it. Ids are strings; ``guild_id`` is None in a DM."""

    id: str
    application_id: str
    kind: InteractionKind
    guild_id: str | None
    channel_id: str
    author_id: str
    #: The member's role ids (empty in a DM).
    author_role_ids: frozenset[str] = frozenset()
    #: The member's permission bits in the interaction's channel, as Discord computed them (0 in a DM).
    author_permissions: int = 0
    #: The member's client language (a Discord locale code: ``ru``, ``en-US``...).
    locale: str = "ru"
    #: The guild's community language; None in a DM.
    guild_locale: str | None = None
    #: The full command name of a slash command (``"pair create"``); None for components and modals.
    command: str | None = None
    #: A slash command's option values by name (the leaf subcommand's).
    options: Mapping[str, OptionValue] = field(default_factory=dict)
    #: A component's or modal's custom id; None for a slash command.
    custom_id: str | None = None
    #: A select's chosen values (ids for user, role and channel selects).
    values: tuple[str, ...] = ()
    #: A modal's text inputs by custom id.
    fields: Mapping[str, str] = field(default_factory=dict)
    #: The bot's own user id.
    bot_user_id: str = ""
    guild_channels: GuildChannels = NO_CHANNELS

    def str_option(self, name: str) -> str | None:
        """The string option ``name``; None when absent or of another type."""
        value = self.options.get(name)
        return value if isinstance(value, str) else None

    def int_option(self, name: str) -> int | None:
        """The integer option ``name``; None when absent or of another type."""
        value = self.options.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def user_option(self, name: str) -> ResolvedUser | None:
        """The user option ``name``; None when absent or of another type."""
        value = self.options.get(name)
        return value if isinstance(value, ResolvedUser) else None

    def channel_option(self, name: str) -> ResolvedChannel | None:
        """The channel option ``name``; None when absent or of another type."""
        value = self.options.get(name)
        return value if isinstance(value, ResolvedChannel) else None


# -- from Discord's JSON ---------------------------------------------------------------------------------------

_SUBCOMMAND: Final = 1
_SUBCOMMAND_GROUP: Final = 2
_STRING, _INTEGER, _BOOLEAN, _USER, _CHANNEL, _ROLE, _MENTIONABLE, _NUMBER = 3, 4, 5, 6, 7, 8, 9, 10


def interaction_from_payload(
    payload: Mapping[str, Any], *, bot_user_id: str = "", guild_channels: GuildChannels = NO_CHANNELS
) -> Interaction:
    """The :class:`Interaction` of an ``INTERACTION_CREATE`` payload (Discord's interaction object)."""
    data: Mapping[str, Any] = payload.get("data") or {}
    member: Mapping[str, Any] | None = payload.get("member")
    user = member["user"] if member else payload["user"]
    kind = InteractionKind(int(payload["type"]))
    channel_id = payload.get("channel_id") or payload["channel"]["id"]
    command: str | None = None
    options: dict[str, OptionValue] = {}
    if kind in (InteractionKind.COMMAND, InteractionKind.AUTOCOMPLETE):
        command, leaves = _command_path(data)
        options = _options(leaves, data.get("resolved") or {})
    return Interaction(
        id=str(payload["id"]),
        application_id=str(payload["application_id"]),
        kind=kind,
        guild_id=None if payload.get("guild_id") is None else str(payload["guild_id"]),
        channel_id=str(channel_id),
        author_id=str(user["id"]),
        author_role_ids=frozenset(str(r) for r in member.get("roles") or ()) if member else frozenset(),
        author_permissions=int(member.get("permissions") or 0) if member else 0,
        locale=str(payload.get("locale") or "ru"),
        guild_locale=payload.get("guild_locale"),
        command=command,
        options=options,
        custom_id=data.get("custom_id") if kind is not InteractionKind.COMMAND else None,
        values=tuple(str(v) for v in data.get("values") or ()),
        fields=_modal_fields(data.get("components") or ()) if kind is InteractionKind.MODAL else {},
        bot_user_id=bot_user_id,
        guild_channels=guild_channels,
    )


def _command_path(data: Mapping[str, Any]) -> tuple[str, list[Mapping[str, Any]]]:
    """The full command name and the leaf options (under the subcommand, if any)."""
    names = [str(data.get("name", ""))]
    options: list[Mapping[str, Any]] = list(data.get("options") or ())
    while len(options) == 1 and options[0].get("type") in (_SUBCOMMAND, _SUBCOMMAND_GROUP):
        names.append(str(options[0]["name"]))
        options = list(options[0].get("options") or ())
    return " ".join(names), options


def _options(options: list[Mapping[str, Any]], resolved: Mapping[str, Any]) -> dict[str, OptionValue]:
    values: dict[str, OptionValue] = {}
    for option in options:
        value = option.get("value")
        if value is not None:
            values[str(option["name"])] = _option_value(int(option.get("type", _STRING)), value, resolved)
    return values


def _option_value(kind: int, value: Any, resolved: Mapping[str, Any]) -> OptionValue:
    if kind == _INTEGER:
        return int(value)
    if kind == _NUMBER:
        return float(value)
    if kind == _BOOLEAN:
        return bool(value)
    key = str(value)
    if kind in (_USER, _MENTIONABLE) and key in (resolved.get("users") or {}):
        return _resolved_user(key, resolved)
    if kind in (_ROLE, _MENTIONABLE) and key in (resolved.get("roles") or {}):
        return ResolvedRole(id=key, name=str(resolved["roles"][key].get("name", "")))
    if kind == _USER:
        return ResolvedUser(id=key, display_name=key, member=False)
    if kind == _CHANNEL:
        channel = (resolved.get("channels") or {}).get(key) or {}
        return ResolvedChannel(id=key, type=int(channel.get("type", -1)))
    return value if isinstance(value, str) else str(value)


def _resolved_user(key: str, resolved: Mapping[str, Any]) -> ResolvedUser:
    user: Mapping[str, Any] = resolved["users"][key]
    member: Mapping[str, Any] | None = (resolved.get("members") or {}).get(key)
    nick = member.get("nick") if member else None
    name = nick or user.get("global_name") or user.get("username") or key
    return ResolvedUser(id=key, display_name=str(name), bot=bool(user.get("bot")), member=member is not None)


def _modal_fields(rows: Any) -> dict[str, str]:
    """Text inputs by custom id, in action rows (``components``) or labels (``component``)."""
    fields: dict[str, str] = {}
    for row in rows:
        for component in [*(row.get("components") or ()), *([row["component"]] if row.get("component") else [])]:
            if "custom_id" in component and "value" in component:
                fields[str(component["custom_id"])] = str(component["value"])
    return fields
