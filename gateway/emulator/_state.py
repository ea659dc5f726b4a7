"""The emulator's world: users, guilds (roles, channels, members), messages, commands and interactions.

Objects are kept as the JSON dictionaries Discord would send (snowflakes and permission sets as strings), so
reads return exactly what writes stored. Everything here runs on the emulator's event loop; nothing locks.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from gateway.emulator._guild import Guild, apply_message_body, iso_now, normalize_overwrite, user_object
from gateway.emulator._permissions import (
    ADMINISTRATOR,
    MANAGE_CHANNELS,
    MANAGE_MESSAGES,
    MANAGE_ROLES,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from gateway.emulator._snowflake import SnowflakeFactory

#: Discord's acknowledgement window and interaction-token lifetime, in seconds.
ACK_DEADLINE: Final = 3.0
TOKEN_LIFETIME: Final = 15 * 60.0

#: How long Discord remembers a message's ``nonce`` for ``enforce_nonce`` ("the past few minutes").
NONCE_WINDOW: Final = 5 * 60.0

#: Ordinary member rights on @everyone: view, send, read history, embed, attach, add reactions, use commands.
EVERYONE_PERMISSIONS: Final = (
    VIEW_CHANNEL | SEND_MESSAGES | (1 << 16) | (1 << 14) | (1 << 15) | (1 << 6) | (1 << 31)
)
BOT_PERMISSIONS: Final = EVERYONE_PERMISSIONS | MANAGE_CHANNELS | MANAGE_MESSAGES | MANAGE_ROLES


@dataclass(slots=True)
class InteractionRecord:
    """One interaction the emulator sent and what the bot did with it."""

    id: str
    token: str
    type: int
    guild_id: str | None
    channel_id: str
    user_id: str
    payload: dict[str, Any]
    created: float
    acked: asyncio.Event
    acked_at: float | None = None
    ack_type: int | None = None
    late: bool = False
    original_message_id: str | None = None
    source_message_id: str | None = None
    followup_ids: list[str] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    autocomplete: list[dict[str, Any]] | None = None

    @property
    def ack_latency(self) -> float | None:
        """Seconds from dispatch to the acknowledgement, or ``None`` if never acknowledged."""
        return None if self.acked_at is None else self.acked_at - self.created

    def failed(self, now: float) -> bool:
        """Discord would show "This interaction failed": acked late, or not acked within the window."""
        if self.late:
            return True
        if self.acked_at is None:
            return now - self.created > ACK_DEADLINE
        return self.acked_at - self.created > ACK_DEADLINE


@dataclass(frozen=True, slots=True)
class DemoGuild:
    """Ids of the demo guild's parts, for tests and the offline default."""

    guild_id: str
    owner_id: str
    everyone_role_id: str
    moderator_role_id: str
    category_id: str
    general_channel_id: str
    members: dict[str, str]


class World:
    """All state of one emulator instance."""

    def __init__(self, *, app_id: str | None = None, bot_name: str = "together") -> None:
        self.ids = SnowflakeFactory()
        self.app_id = app_id or self.ids.next()
        self.bot_id = self.app_id
        self.users: dict[str, dict[str, Any]] = {self.bot_id: user_object(self.bot_id, bot_name, bot=True)}
        self.guilds: dict[str, Guild] = {}
        self.channel_guild: dict[str, str] = {}
        self.messages: dict[str, dict[str, dict[str, Any]]] = {}
        self.edit_counts: Counter[str] = Counter()
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}
        self.webhook_messages: dict[str, dict[str, Any]] = {}
        #: Each user's direct-message channel with the bot, made on first use.
        self.dm_channels: dict[str, dict[str, Any]] = {}
        #: (channel, author, nonce) → (message id, when) of messages posted with ``enforce_nonce``.
        self.nonces: dict[tuple[str, str, str], tuple[str, float]] = {}
        #: Bumped on every change a restart must keep; ``on_change`` (the autosave) is told of each.
        self.revision = 0
        self.on_change: Callable[[], None] | None = None

    def mark_changed(self) -> None:
        """Record that the persistent world changed (the autosave writes it out shortly after)."""
        self.revision += 1
        if self.on_change is not None:
            self.on_change()

    def forget_interactions(self, now: float) -> None:
        """Drop interactions whose token expired more than a minute ago (bounded memory in long runs)."""
        horizon = now - TOKEN_LIFETIME - 60.0
        stale = [iid for iid, rec in self.interactions.items() if rec.created < horizon]
        for iid in stale:
            rec = self.interactions.pop(iid)
            self.by_token.pop(rec.token, None)

    # -- builders ---------------------------------------------------------------------------------------

    def new_token(self) -> str:
        """An opaque interaction token."""
        return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)

    def dm_channel(self, user_id: str) -> dict[str, Any]:
        """The direct-message channel between the bot and ``user_id`` (created once)."""
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = {
                "id": self.ids.next(), "type": 1, "recipients": [self.users[user_id]], "last_message_id": None,
                "flags": 0,
            }
        return self.dm_channels[user_id]

    def add_user(self, username: str) -> str:
        """Create a user; returns its id."""
        uid = self.ids.next()
        self.users[uid] = user_object(uid, username)
        return uid

    def add_member(self, guild: Guild, user_id: str, roles: list[str] | None = None) -> None:
        """Make ``user_id`` a member of ``guild``."""
        guild.members[user_id] = {
            "roles": list(roles or []),
            "nick": None,
            "avatar": None,
            "joined_at": iso_now(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }

    def add_role(self, guild: Guild, name: str, permissions: int, *, role_id: str | None = None) -> str:
        """Create a role; returns its id."""
        rid = role_id or self.ids.next()
        guild.roles[rid] = {
            "id": rid,
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": len(guild.roles),
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return rid

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        type: int = 0,
        parent_id: str | None = None,
        overwrites: list[dict[str, Any]] | None = None,
        topic: str | None = None,
    ) -> dict[str, Any]:
        """Create a channel in ``guild``; returns the channel object."""
        cid = self.ids.next()
        channel = {
            "id": cid,
            "type": type,
            "guild_id": guild.id,
            "name": name,
            "position": len(guild.channels),
            "parent_id": parent_id,
            "permission_overwrites": [normalize_overwrite(o) for o in overwrites or []],
            "topic": topic,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        guild.channels[cid] = channel
        self.channel_guild[cid] = guild.id
        self.messages[cid] = {}
        return channel

    def add_demo_guild(self, *, name: str = "Together Demo", locale: str = "ru") -> DemoGuild:
        """A guild with an owner, alice, bob and carol, a moderator role, a category and #general."""
        owner = self.add_user("owner")
        gid = self.ids.next()
        guild = Guild(id=gid, name=name, owner_id=owner, preferred_locale=locale)
        self.guilds[gid] = guild
        self.add_role(guild, "@everyone", EVERYONE_PERMISSIONS, role_id=gid)
        moderator = self.add_role(guild, "Moderator", EVERYONE_PERMISSIONS | MANAGE_MESSAGES)
        bot_role = self.add_role(guild, "Together", BOT_PERMISSIONS)
        self.add_role(guild, "Admin", ADMINISTRATOR)
        members = {"owner": owner}
        self.add_member(guild, owner)
        for username in ("alice", "bob", "carol"):
            uid = self.add_user(username)
            members[username] = uid
            self.add_member(guild, uid)
        self.add_member(guild, self.bot_id, [bot_role])
        members["bot"] = self.bot_id
        category = self.add_channel(guild, "Together", type=4)
        general = self.add_channel(guild, "general", parent_id=category["id"])
        return DemoGuild(
            guild_id=gid,
            owner_id=owner,
            everyone_role_id=gid,
            moderator_role_id=moderator,
            category_id=category["id"],
            general_channel_id=general["id"],
            members=members,
        )

    # -- lookups -----------------------------------------------------------------------------------------

    def guild_of_channel(self, channel_id: str) -> Guild | None:
        """The guild a channel belongs to."""
        gid = self.channel_guild.get(channel_id)
        return self.guilds.get(gid) if gid else None

    def channel(self, channel_id: str) -> dict[str, Any] | None:
        """A channel object by id."""
        guild = self.guild_of_channel(channel_id)
        return guild.channels.get(channel_id) if guild else None

    def find_message(self, message_id: str) -> dict[str, Any] | None:
        """A message by id in any channel (ephemeral interaction replies included)."""
        if message_id in self.webhook_messages:
            return self.webhook_messages[message_id]
        for msgs in self.messages.values():
            if message_id in msgs:
                return msgs[message_id]
        return None

    def message_for_nonce(self, channel_id: str, nonce: str, now: float) -> dict[str, Any] | None:
        """The bot's message posted in ``channel_id`` with ``nonce`` within :data:`NONCE_WINDOW`, if it still
        exists (Discord's ``enforce_nonce``: the repeat returns the first message and creates nothing)."""
        seen = self.nonces.get((channel_id, self.bot_id, nonce))
        if seen is None or now - seen[1] > NONCE_WINDOW:
            return None
        return self.messages.get(channel_id, {}).get(seen[0])

    def remember_nonce(self, channel_id: str, nonce: str, message_id: str, now: float) -> None:
        """Remember a message posted with ``enforce_nonce``; entries past the window are dropped on the way."""
        if len(self.nonces) > 10_000:
            self.nonces = {k: v for k, v in self.nonces.items() if now - v[1] <= NONCE_WINDOW}
        self.nonces[(channel_id, self.bot_id, nonce)] = (message_id, now)

    def new_message(self, channel_id: str, body: dict[str, Any], *, webhook: bool = False) -> dict[str, Any]:
        """Store a new message authored by the bot (or its interaction webhook) and return it."""
        guild = self.guild_of_channel(channel_id)
        mid = self.ids.next()
        msg: dict[str, Any] = {
            "id": mid,
            "channel_id": channel_id,
            "author": self.users[self.bot_id],
            "content": "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 20 if webhook else 0,
            "flags": 0,
        }
        if guild is not None:
            msg["guild_id"] = guild.id
        if webhook:
            msg["webhook_id"] = self.app_id
            msg["application_id"] = self.app_id
        apply_message_body(msg, body)
        ephemeral = bool(msg["flags"] & 64)
        if ephemeral or channel_id not in self.messages:
            self.webhook_messages[mid] = msg
        else:
            self.messages[channel_id][mid] = msg
        return msg
