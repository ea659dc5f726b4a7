"""A recording, in-memory :class:`~gateway.DiscordRest` for unit tests of actors (no sockets).

It keeps channels' messages, records every call in order, and can be told to fail the next calls of an
operation with a given error (``fail("edit_message", RateLimited(1.0))``), so rate-limit and deletion paths
are tested without the emulator.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from gateway._buckets import BucketState
from gateway._errors import GatewayError, NotFound
from gateway._rest_port import ChannelSpec, JsonObject

__all__ = ("RecordingDiscordRest", "RestCall")


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
