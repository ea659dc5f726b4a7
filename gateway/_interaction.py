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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol, overload

from gateway._refusal import OptionRefusal


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


#: A command option's value: typed by the option's type. A value of the wrong shape for its type (what a forged
#: or stale request may send) is kept as the JSON scalar it was, so the typed accessors refuse it.
OptionValue = str | int | float | bool | ResolvedUser | ResolvedChannel | ResolvedRole

#: Discord's longest string option value.
MAX_STRING_OPTION: Final = 6000
#: Discord's integer and number options lie within ±(2^53 - 1).
MAX_SAFE_INTEGER: Final = 2**53 - 1


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

    # -- typed options: None when absent, a refusal when of the wrong shape ---------------------------------------

    @overload
    def str_option(self, name: str, *, required: Literal[False] = False, max_length: int = ...) -> str | None: ...

    @overload
    def str_option(self, name: str, *, required: Literal[True], max_length: int = ...) -> str: ...

    def str_option(self, name: str, *, required: bool = False, max_length: int = MAX_STRING_OPTION) -> str | None:
        """The string option ``name``: None when absent (refused when ``required``); refused when it is not
        text or is longer than ``max_length`` (Discord's own limit by default)."""
        value = self._option(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._refusal("error.option.text", name)
        if len(value) > max_length:
            raise self._refusal("error.option.too_long", name, max=max_length)
        return value

    @overload
    def int_option(
        self, name: str, *, required: Literal[False] = False, min_value: int | None = ..., max_value: int | None = ...
    ) -> int | None: ...

    @overload
    def int_option(
        self, name: str, *, required: Literal[True], min_value: int | None = ..., max_value: int | None = ...
    ) -> int: ...

    def int_option(
        self, name: str, *, required: bool = False, min_value: int | None = None, max_value: int | None = None
    ) -> int | None:
        """The integer option ``name``: None when absent (refused when ``required``); refused when it is not a
        whole number in Discord's range (±2^53), or outside ``min_value``..``max_value`` when given."""
        value = self._option(name, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > MAX_SAFE_INTEGER:
            raise self._refusal("error.option.integer", name)
        low = min_value is not None and value < min_value
        high = max_value is not None and value > max_value
        if (low or high) and min_value is not None and max_value is not None:
            raise self._refusal("error.option.range", name, min=min_value, max=max_value)
        if low:
            raise self._refusal("error.option.min", name, min=min_value)
        if high:
            raise self._refusal("error.option.max", name, max=max_value)
        return value

    @overload
    def user_option(self, name: str, *, required: Literal[False] = False) -> ResolvedUser | None: ...

    @overload
    def user_option(self, name: str, *, required: Literal[True]) -> ResolvedUser: ...

    def user_option(self, name: str, *, required: bool = False) -> ResolvedUser | None:
        """The user option ``name``: None when absent (refused when ``required``); refused when it does not
        name a user (text, a number...)."""
        value = self._option(name, required)
        if value is None:
            return None
        if not isinstance(value, ResolvedUser):
            raise self._refusal("error.option.user", name)
        return value

    @overload
    def channel_option(self, name: str, *, required: Literal[False] = False) -> ResolvedChannel | None: ...

    @overload
    def channel_option(self, name: str, *, required: Literal[True]) -> ResolvedChannel: ...

    def channel_option(self, name: str, *, required: bool = False) -> ResolvedChannel | None:
        """The channel option ``name``: None when absent (refused when ``required``); refused when it does not
        name a channel."""
        value = self._option(name, required)
        if value is None:
            return None
        if not isinstance(value, ResolvedChannel):
            raise self._refusal("error.option.channel", name)
        return value

    def _option(self, name: str, required: bool) -> OptionValue | None:
        value = self.options.get(name)
        if value is None and required:
            raise self._refusal("error.option.missing", name)
        return value

    def _refusal(self, key: str, name: str, *, min: int | None = None, max: int | None = None) -> OptionRefusal:
        return OptionRefusal(key, option=name, command=self.command, min=min, max=max)


# -- from Discord's JSON ---------------------------------------------------------------------------------------

_SUBCOMMANDS: Final = (1, 2)
_STRING, _INTEGER, _BOOLEAN, _USER, _CHANNEL, _ROLE, _MENTIONABLE, _NUMBER, _ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11


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


def _command_path(data: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The full command name and the leaf options (under the subcommand, if any), as Discord sent them."""
    names = [str(data.get("name", ""))]
    options = _option_list(data.get("options"))
    while len(options) == 1 and isinstance(options[0], Mapping) and options[0].get("type") in _SUBCOMMANDS:
        names.append(str(options[0].get("name", "")))
        options = _option_list(options[0].get("options"))
    return " ".join(names), options


def _option_list(raw: Any) -> list[Any]:
    return list(raw) if isinstance(raw, list) else []


def _options(options: list[Any], resolved: Mapping[str, Any]) -> dict[str, OptionValue]:
    values: dict[str, OptionValue] = {}
    for option in options:
        if not isinstance(option, Mapping) or "name" not in option:
            continue
        value = option.get("value")
        if value is not None:
            kind = option.get("type", _STRING)
            values[str(option["name"])] = _option_value(kind if isinstance(kind, int) else -1, value, resolved)
    return values


_SNOWFLAKE = re.compile(r"[0-9]{1,20}")
_RESOLVED_KEYS: Final = {_USER: "error.option.user", _CHANNEL: "error.option.channel", _ROLE: "error.option.role",
                         _MENTIONABLE: "error.option.mentionable", _ATTACHMENT: "error.option.attachment"}


def _shape_problem(kind: int, value: Any) -> str | None:
    """The ``error.option.*`` key when ``value`` is not a well-formed value of option type ``kind`` within
    Discord's limits; None when it is."""
    if kind == _STRING:
        if not isinstance(value, str):
            return "error.option.text"
        return "error.option.too_long" if len(value) > MAX_STRING_OPTION else None
    if kind == _INTEGER:
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_SAFE_INTEGER
        return None if ok else "error.option.integer"
    if kind == _NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= MAX_SAFE_INTEGER
        return None if ok else "error.option.number"
    if kind == _BOOLEAN:
        return None if isinstance(value, bool) else "error.option.boolean"
    if kind in _RESOLVED_KEYS:
        ok = isinstance(value, str) and _SNOWFLAKE.fullmatch(value) is not None and int(value) < 2**64
        return None if ok else _RESOLVED_KEYS[kind]
    return "error.option.unknown"


def _option_value(kind: int, value: Any, resolved: Mapping[str, Any]) -> OptionValue:
    if _shape_problem(kind, value) is not None:
        # Kept as it came (its accessor refuses it); anything but a JSON scalar becomes its text.
        return value if isinstance(value, str | int | float | bool) else str(value)
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
    return key


@dataclass(frozen=True, slots=True)
class DeclaredOption:
    """A leaf option as the command declares it: what Discord would only ever send for it."""

    name: str
    #: Discord's option type (3 string, 4 integer, 6 user, 7 channel...).
    type: int
    required: bool = False


def check_options(data: Mapping[str, Any], declared: Sequence[DeclaredOption]) -> OptionRefusal | None:
    """The refusal for a command interaction's ``data`` whose options do not fit ``declared``: an option the
    command does not declare (or of another type: a client that loaded an older shape of the command), a value
    of the wrong shape for its type or beyond Discord's limits, a required option missing. None when they fit.

    Only shapes: ranges and choices are the handler's to check, with its own words."""
    command, leaves = _command_path(data)
    by_name = {option.name: option for option in declared}
    present: set[str] = set()
    for option in leaves:
        name = str(option.get("name", "")) if isinstance(option, Mapping) else ""
        spec = by_name.get(name)
        if not isinstance(option, Mapping) or spec is None or option.get("type") != spec.type:
            return OptionRefusal("error.option.unknown", option=name, command=command)
        value = option.get("value")
        if value is None:
            continue
        problem = _shape_problem(spec.type, value)
        if problem == "error.option.too_long":
            return OptionRefusal(problem, option=name, command=command, max=MAX_STRING_OPTION)
        if problem is not None:
            return OptionRefusal(problem, option=name, command=command)
        present.add(name)
    for spec in declared:
        if spec.required and spec.name not in present:
            return OptionRefusal("error.option.missing", option=spec.name, command=command)
    return None


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
