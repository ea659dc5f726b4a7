"""Fakes for unit tests (no sockets): a recording :class:`~gateway.DiscordRest`, a recording
:class:`~gateway.Responder` and a builder of :class:`~gateway.Interaction` values.

:class:`RecordingDiscordRest` keeps channels' messages, records every call in order, and can be told to fail
the next calls of an operation with a given error (``fail("edit_message", RateLimited(1.0))``), so rate-limit
and deletion paths are tested without the emulator.

:class:`RecordingResponder` answers like the real responder (the same routing: which answer becomes a
callback, an edit of the original or a follow-up) and records each answer instead of sending it;
:func:`interaction` builds the interaction a handler reads. Together they run a real handler::

    responder = RecordingResponder()
    await handle(services, interaction(author_permissions=0, options={"name": "locale"}), responder)
    assert responder.texts() == [...]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway._buckets import BucketState
from gateway._errors import GatewayError, NotFound
from gateway._interaction import (
    NO_CHANNELS,
    CachedChannel,
    GuildChannels,
    Interaction,
    InteractionKind,
    OptionValue,
)
from gateway._responder import EPHEMERAL, BaseResponder, CallbackType
from gateway._rest_port import ChannelSpec, JsonObject

__all__ = (
    "Answer",
    "RecordingDiscordRest",
    "RecordingResponder",
    "RestCall",
    "StaticChannels",
    "interaction",
)


@dataclass(frozen=True, slots=True)
class RestCall:
    """One recorded call: the operation name and its arguments."""

    op: str
    args: tuple[Any, ...]


@dataclass(slots=True)
class RecordingDiscordRest:
    """In-memory Discord REST with scripted failures; satisfies the ``DiscordRest`` protocol."""

    calls: list[RestCall] = field(default_factory=list)
    messages: dict[str, dict[str, JsonObject]] = field(default_factory=lambda: defaultdict(dict))
    channels: dict[str, JsonObject] = field(default_factory=dict)
    member_roles: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    roles: dict[str, list[JsonObject]] = field(default_factory=dict)
    buckets: dict[str, BucketState] = field(default_factory=dict)
    _failures: dict[str, list[GatewayError]] = field(default_factory=lambda: defaultdict(list))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1_000_000_000_000_000_000))

    def fail(self, op: str, *errors: GatewayError) -> None:
        """Make the next calls of ``op`` raise ``errors``, one each, in order."""
        self._failures[op].extend(errors)

    def count(self, op: str) -> int:
        """How many calls of ``op`` were made (failed ones included)."""
        return sum(1 for c in self.calls if c.op == op)

    def _enter(self, op: str, *args: Any) -> None:
        self.calls.append(RestCall(op, args))
        pending = self._failures.get(op)
        if pending:
            raise pending.pop(0)

    def _id(self) -> str:
        return str(next(self._ids))

    def _find(self, channel_id: str, message_id: str) -> JsonObject:
        msg = self.messages[channel_id].get(message_id)
        if msg is None:
            raise NotFound(f"message {message_id}", code=10008)
        return msg

    async def create_message(self, channel_id: str, body: JsonObject) -> JsonObject:
        """Store a message."""
        self._enter("create_message", channel_id, body)
        msg = {"id": self._id(), "channel_id": channel_id, "pinned": False, "edits": 0, **body}
        self.messages[channel_id][msg["id"]] = msg
        return dict(msg)

    async def edit_message(self, channel_id: str, message_id: str, body: JsonObject) -> JsonObject:
        """Update a stored message."""
        self._enter("edit_message", channel_id, message_id, body)
        msg = self._find(channel_id, message_id)
        msg.update(body)
        msg["edits"] += 1
        return dict(msg)

    async def delete_message(self, channel_id: str, message_id: str) -> None:
        """Remove a stored message."""
        self._enter("delete_message", channel_id, message_id)
        self._find(channel_id, message_id)
        del self.messages[channel_id][message_id]

    async def get_message(self, channel_id: str, message_id: str) -> JsonObject:
        """Read a stored message."""
        self._enter("get_message", channel_id, message_id)
        return dict(self._find(channel_id, message_id))

    async def pin_message(self, channel_id: str, message_id: str) -> None:
        """Pin a stored message."""
        self._enter("pin_message", channel_id, message_id)
        self._find(channel_id, message_id)["pinned"] = True

    async def unpin_message(self, channel_id: str, message_id: str) -> None:
        """Unpin a stored message."""
        self._enter("unpin_message", channel_id, message_id)
        self._find(channel_id, message_id)["pinned"] = False

    async def create_channel(self, guild_id: str, spec: ChannelSpec) -> JsonObject:
        """Store a channel."""
        self._enter("create_channel", guild_id, spec)
        cid = self._id()
        channel: JsonObject = {
            "id": cid,
            "guild_id": guild_id,
            "name": spec.name,
            "type": spec.type,
            "parent_id": spec.parent_id,
            "topic": spec.topic,
            "permission_overwrites": [o.to_json() for o in spec.overwrites],
        }
        self.channels[cid] = channel
        return dict(channel)

    async def delete_channel(self, channel_id: str) -> None:
        """Remove a stored channel."""
        self._enter("delete_channel", channel_id)
        if self.channels.pop(channel_id, None) is None:
            raise NotFound(f"channel {channel_id}", code=10003)

    async def get_member(self, guild_id: str, user_id: str) -> JsonObject:
        """A member with the roles given so far."""
        self._enter("get_member", guild_id, user_id)
        return {"user": {"id": user_id}, "roles": sorted(self.member_roles[(guild_id, user_id)])}

    async def get_roles(self, guild_id: str) -> list[JsonObject]:
        """The roles set in :attr:`roles` for the guild."""
        self._enter("get_roles", guild_id)
        return list(self.roles.get(guild_id, []))

    async def get_guild(self, guild_id: str) -> JsonObject:
        """A guild with the roles set in :attr:`roles` and no owner among the members."""
        self._enter("get_guild", guild_id)
        return {"id": guild_id, "owner_id": "0", "roles": list(self.roles.get(guild_id, []))}

    async def get_guild_channels(self, guild_id: str) -> list[JsonObject]:
        """The stored channels of the guild."""
        self._enter("get_guild_channels", guild_id)
        return [dict(c) for c in self.channels.values() if c.get("guild_id") == guild_id]

    async def bulk_overwrite_commands(
        self, application_id: str, commands: list[JsonObject], guild_id: str | None = None
    ) -> list[JsonObject]:
        """Record the overwrite and echo the commands with ids."""
        self._enter("bulk_overwrite_commands", application_id, commands, guild_id)
        return [{"id": self._id(), **command} for command in commands]

    async def add_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Record a role grant."""
        self._enter("add_member_role", guild_id, user_id, role_id)
        self.member_roles[(guild_id, user_id)].add(role_id)

    async def remove_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Record a role removal."""
        self._enter("remove_member_role", guild_id, user_id, role_id)
        self.member_roles[(guild_id, user_id)].discard(role_id)

    def bucket(self, method: str, template: str, major: str) -> BucketState | None:
        """The bucket state a test put in :attr:`buckets` under ``"<METHOD> <template>|<major>"``."""
        return self.buckets.get(f"{method} {template}|{major}")


# -- interactions ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """One recorded answer: what the handler called and the REST call the real responder would make for it."""

    #: The responder method: ``reply``, ``card``, ``modal``, ``defer``, ``defer_update``, ``update``, ``follow_up``.
    kind: str
    #: ``callback`` (with :attr:`callback_type`), ``edit_original`` or ``follow_up``.
    call: str
    callback_type: int | None
    #: The JSON the call carries (for a callback: its ``data``); None for a deferred update.
    payload: JsonObject | None
    #: The message text of a reply or follow-up (None for cards, modals and defers).
    text: str | None
    ephemeral: bool


@dataclass
class RecordingResponder(BaseResponder):
    """A :class:`~gateway.Responder` that records every answer in :attr:`answers` and sends nothing.

    ``fail(error)`` makes the next answers raise ``error`` (one each), e.g. to test an apology path.
    """

    answers: list[Answer] = field(default_factory=list)
    _failures: list[Exception] = field(default_factory=list)

    def __post_init__(self) -> None:
        BaseResponder.__init__(self)

    def fail(self, *errors: Exception) -> None:
        """Make the next sends raise ``errors``, one each, in order (nothing is recorded for them)."""
        self._failures.extend(errors)

    def texts(self) -> list[str]:
        """The texts of every reply and follow-up, in order."""
        return [a.text for a in self.answers if a.text is not None]

    def kinds(self) -> list[str]:
        """The kinds of every answer, in order."""
        return [a.kind for a in self.answers]

    def _record(self, kind: str, call: str, callback_type: int | None, payload: JsonObject | None) -> None:
        if self._failures:
            raise self._failures.pop(0)
        content = None if payload is None else payload.get("content")
        flags = 0 if payload is None else int(payload.get("flags") or 0)
        self.answers.append(
            Answer(
                kind=kind,
                call=call,
                callback_type=callback_type,
                payload=payload,
                text=content if isinstance(content, str) else None,
                ephemeral=bool(flags & EPHEMERAL),
            )
        )

    async def _callback(self, answer: str, kind: CallbackType, data: JsonObject | None) -> None:
        self._record(answer, "callback", int(kind), data)

    async def _edit_original(self, answer: str, body: JsonObject) -> None:
        self._record(answer, "edit_original", None, body)

    async def _follow_up(self, answer: str, body: JsonObject) -> None:
        self._record(answer, "follow_up", None, body)


@dataclass(frozen=True)
class StaticChannels:
    """A guild's channels as the bot would see them, given by the test (a :class:`~gateway.GuildChannels`)."""

    channels: Mapping[str, CachedChannel] = field(default_factory=dict)

    def channel(self, channel_id: str) -> CachedChannel | None:
        return self.channels.get(channel_id)


def interaction(
    *,
    kind: InteractionKind | None = None,
    id: str = "900000000000000001",
    application_id: str = "900000000000000002",
    guild_id: str | None = "900000000000000003",
    channel_id: str = "900000000000000004",
    author_id: str = "900000000000000005",
    author_role_ids: frozenset[str] | set[str] = frozenset(),
    author_permissions: int = 0,
    locale: str = "ru",
    guild_locale: str | None = None,
    command: str | None = None,
    options: Mapping[str, OptionValue] | None = None,
    custom_id: str | None = None,
    values: tuple[str, ...] | list[str] = (),
    fields: Mapping[str, str] | None = None,
    bot_user_id: str = "900000000000000006",
    channels: Mapping[str, CachedChannel] | GuildChannels | None = None,
) -> Interaction:
    """An :class:`~gateway.Interaction` for a test, with fixed ids unless given. The kind follows from what is
    given: ``fields`` make a modal, a ``custom_id`` a component, anything else a command. ``channels`` is the
    guild as the bot sees it (a mapping, or any :class:`~gateway.GuildChannels`)."""
    if kind is None:
        kind = (
            InteractionKind.MODAL
            if fields is not None
            else InteractionKind.COMPONENT
            if custom_id is not None
            else InteractionKind.COMMAND
        )
    if channels is None:
        lookup: GuildChannels = NO_CHANNELS
    elif isinstance(channels, Mapping):
        lookup = StaticChannels(dict(channels))
    else:
        lookup = channels
    return Interaction(
        id=id,
        application_id=application_id,
        kind=kind,
        guild_id=guild_id,
        channel_id=channel_id,
        author_id=author_id,
        author_role_ids=frozenset(author_role_ids),
        author_permissions=author_permissions,
        locale=locale,
        guild_locale=guild_locale if guild_locale is not None or guild_id is None else locale,
        command=command,
        options=dict(options or {}),
        custom_id=custom_id,
        values=tuple(values),
        fields=dict(fields or {}),
        bot_user_id=bot_user_id,
        guild_channels=lookup,
    )
